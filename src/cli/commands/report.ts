import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { BlastResult, QueryEngine } from '../../query/types.js';
import { blastMarkdown } from '../../report/markdown.js';
import { byRisk, summaryMarkdown, summaryText } from '../../report/summary.js';
import { blastText } from '../../report/text.js';
import { globals, openEngine, parseFormat, type Format } from '../context.js';
import { findingsReport, renderFindings } from './findings.js';

export async function blastAll(engine: QueryEngine): Promise<BlastResult[]> {
  const results: BlastResult[] = [];
  for (const c of await engine.credentials()) results.push(await engine.blast(c.id));
  return results.sort(byRisk);
}

export function renderReport(results: BlastResult[], format: Format, detail: number): string {
  if (format === 'json') return JSON.stringify({ credentials: results }, null, 2);
  const shown = results.filter((r) => r.risk.level !== 'none' && r.risk.level !== 'low').slice(0, detail);
  if (format === 'markdown') {
    return ['# leakpath report', '', summaryMarkdown(results), '', ...shown.map(blastMarkdown)].join('\n');
  }
  const parts = [`${results.length} credential(s), worst first:`, '', summaryText(results)];
  for (const r of shown) parts.push('', '='.repeat(78), blastText(r));
  return parts.join('\n');
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('blast radius of every credential in the snapshot, worst first')
    .option('--all-credentials', 'detail every credential, not only the riskiest few')
    .option('--findings', 'only credentials that secret scanners found, worst first, with inactive ones as hygiene')
    .option('--format <format>', 'text | json | markdown', parseFormat, 'text')
    .action(async (opts: { allCredentials?: boolean; findings?: boolean; format: Format }, cmd: Command) => {
      if (opts.findings) {
        console.log(renderFindings(await findingsReport(globals(cmd), undefined, {}), opts.format, opts.allCredentials ? Infinity : 3));
        return;
      }
      const { engine } = await openEngine(globals(cmd));
      try {
        const results = await blastAll(engine);
        if (results.length === 0) throw new UsageError('the snapshot has no credentials; ingest access-key listings (aws iam list-access-keys) too');
        console.log(renderReport(results, opts.format, opts.allCredentials ? Infinity : 3));
      } finally {
        await engine.close();
      }
    });
}
