import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { BlastResult, QueryEngine } from '../../query/types.js';
import { blastMarkdown } from '../../report/markdown.js';
import { byRisk, summaryMarkdown, summaryText } from '../../report/summary.js';
import { blastText } from '../../report/text.js';
import { globals, type Format } from '../context.js';
import { collectWithout, openEngineWithout, WITHOUT_HELP } from '../what-if.js';
import { emitOutput, formatParser, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { sarifJson } from '../../report/sarif.js';
import { reportHtml } from '../../report/html/index.js';
import { isQuiet, startProgress } from '../progress.js';
import { findingsReport, renderFindings } from './findings.js';

export async function blastAll(engine: QueryEngine, onProgress?: (done: number, total: number) => void): Promise<BlastResult[]> {
  const results: BlastResult[] = [];
  const credentials = await engine.credentials();
  for (const c of credentials) {
    results.push(await engine.blast(c.id));
    onProgress?.(results.length, credentials.length);
  }
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
    .option('--format <format>', 'text | json | markdown | html | sarif', formatParser(['text', 'json', 'markdown', 'html', 'sarif']), 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (opts: { allCredentials?: boolean; findings?: boolean; format: OutputFormat; output?: string; without: string[] }, cmd: Command) => {
      if (opts.findings) {
        if (opts.format !== 'text' && opts.format !== 'json' && opts.format !== 'markdown') throw new UsageError('--findings reports as text, json or markdown');
        console.log(renderFindings(await findingsReport(globals(cmd), undefined, {}), opts.format, opts.allCredentials ? Infinity : 3));
        return;
      }
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const progress = startProgress('blast radius', { quiet: isQuiet(cmd.optsWithGlobals()) });
        const results = await blastAll(engine, (done, total) => progress.update(done, total));
        progress.stop();
        if (results.length === 0) throw new UsageError('the snapshot has no credentials; ingest access-key listings (aws iam list-access-keys) too');
        const detail = opts.allCredentials ? Infinity : 3;
        await emitOutput(
          opts.format,
          {
            text: () => renderReport(results, 'text', detail),
            json: () => renderReport(results, 'json', detail),
            markdown: () => renderReport(results, 'markdown', detail),
            sarif: () => sarifJson(results, { version: cmd.parent?.version() ?? '' }),
            html: () => reportHtml(results),
          },
          opts.output,
        );
      } finally {
        await engine.close();
      }
    });
}
