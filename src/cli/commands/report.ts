import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { BlastResult, NodeRef, QueryEngine } from '../../query/types.js';
import { blastMarkdown } from '../../report/markdown.js';
import { byRisk, summaryMarkdown, summaryText } from '../../report/summary.js';
import { blastText } from '../../report/text.js';
import { applyGate, FAIL_ON_HELP, formatOption, globals, log, parseFailOn, type Format } from '../context.js';
import { colourFor, emitOutput, OUTPUT_HELP, terminalWidth, type OutputFormat } from '../output.js';
import { isQuiet, startProgress } from '../progress.js';
import { collectWithout, openEngineWithout, WITHOUT_HELP } from '../what-if.js';
import type { UnusedReport } from '../../analysis/unused/types.js';
import { unusedSection } from '../../report/unused.js';
import { unusedForReport } from './unused.js';

async function blastEach(
  engine: QueryEngine,
  starts: readonly NodeRef[],
  onProgress?: (done: number, total: number) => void,
): Promise<BlastResult[]> {
  const results: BlastResult[] = [];
  for (const s of starts) {
    results.push(await engine.blast(s.id));
    onProgress?.(results.length, starts.length);
  }
  return results.sort(byRisk);
}

export async function blastAll(
  engine: QueryEngine,
  onProgress?: (done: number, total: number) => void,
): Promise<BlastResult[]> {
  return blastEach(engine, await engine.credentials(), onProgress);
}

export interface ReportOptions {
  /** Detail this many of the worst; Infinity details every one, LOW and NONE included. */
  detail: number;
  principals?: boolean;
  colour?: boolean;
  /** Unused privilege, when the snapshot holds usage exports (docs/unused.md). */
  unused?: UnusedReport;
}

export function renderReport(results: BlastResult[], format: Format, options: ReportOptions): string {
  const what = options.principals ? 'principals' : 'credentials';
  if (format === 'json') return JSON.stringify({ [what]: results, ...(options.unused ? { unused: { window: options.unused.window, summary: options.unused.summary, identities: options.unused.identities.map(({ id, name, coverage, lastUsed, unusedShare }) => ({ id, name, coverage, lastUsed: lastUsed ?? null, unusedShare })), credentials: options.unused.credentials } } : {}) }, null, 2);
  // The few worst are detailed by default; --all-credentials details every one.
  const shown =
    options.detail === Infinity
      ? results
      : results.filter((r) => r.risk.level !== 'none' && r.risk.level !== 'low').slice(0, options.detail);
  const table = { principals: options.principals };
  if (format === 'markdown') {
    return ['# leakpath report', '', summaryMarkdown(results, table), '', ...shown.map(blastMarkdown), ...(options.unused ? ['', unusedSection(options.unused, 'markdown')] : [])].join(
      '\n',
    );
  }
  const style = colourFor(options.colour ? process.stdout : {});
  const parts = [
    `${results.length} ${options.principals ? 'principal' : 'credential'}(s), worst first:`,
    '',
    summaryText(results, { ...table, width: terminalWidth(), style }),
  ];
  for (const r of shown) parts.push('', '='.repeat(Math.min(78, terminalWidth())), blastText(r, style));
  if (options.unused) parts.push('', '='.repeat(Math.min(78, terminalWidth())), unusedSection(options.unused, 'text'));
  return parts.join('\n');
}

export function registerReport(program: Command): void {
  const format = formatOption('text', 'json', 'markdown', 'html', 'sarif');
  program
    .command('report')
    .description(
      'blast radius of every credential (or, --principals, every principal) in the snapshot, worst first',
    )
    .option(
      '--all-credentials',
      'detail every credential (or principal), LOW and NONE included, not only the riskiest few',
    )
    .option(
      '--principals',
      'one row per principal (user, role, service principal) instead of per credential: what if it is compromised? Works on exports without keys, such as a GAAD alone',
    )
    .option(
      '--findings [report]',
      'only credentials that secret scanners found, worst first, with inactive ones as hygiene: the snapshot\'s findings, or those of a scanner report file read directly (nothing stored)',
    )
    .option(
      '--include-service-linked',
      'with --principals: include AWS service-linked roles (no credential of theirs can leak)',
    )
    .option('--fail-on <level>', FAIL_ON_HELP, parseFailOn)
    .option('--format <format>', format.description, format.parse, 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(
      async (
        opts: {
          allCredentials?: boolean;
          principals?: boolean;
          findings?: boolean | string;
          includeServiceLinked?: boolean;
          failOn?: BlastResult['risk']['level'];
          format: OutputFormat;
          output?: string;
          without: string[];
        },
        cmd: Command,
      ) => {
        if (opts.findings) {
          const { findingsReport, renderFindings, reportFileFindings } = await import('./findings.js');
          let report;
          if (typeof opts.findings === 'string') {
            const r = await reportFileFindings(globals(cmd), opts.findings, {});
            for (const w of r.warnings) log(`leakpath: ${w}`);
            report = r.report;
          } else report = await findingsReport(globals(cmd), undefined, {});
          await emitOutput(
            opts.format,
            renderFindings(report, opts.allCredentials ? Infinity : 3, cmd.parent?.version() ?? ''),
            opts.output,
          );
          applyGate(
            report.leaked.map((l) => l.blast),
            opts.failOn,
          );
          return;
        }
        const { engine } = await openEngineWithout(globals(cmd), opts.without);
        try {
          let principals = opts.principals === true;
          let starts = principals
            ? await engine.principals({ includeServiceLinked: opts.includeServiceLinked })
            : await engine.credentials();
          if (starts.length === 0 && !principals) {
            // A GAAD alone has no keys: answer the principal question rather than nothing.
            starts = await engine.principals({ includeServiceLinked: opts.includeServiceLinked });
            if (starts.length === 0)
              throw new UsageError('the snapshot has no credentials and no principals to report on');
            log(
              'the snapshot has no credentials (no access-key listings); reporting per principal instead (--principals)',
            );
            principals = true;
          }
          if (starts.length === 0) throw new UsageError('the snapshot has no principals to report on');
          const progress = startProgress('blast radius', { quiet: isQuiet(cmd.optsWithGlobals()) });
          const results = await blastEach(engine, starts, (done, total) => progress.update(done, total));
          progress.stop();
          const unused = ['text', 'markdown', 'json'].includes(opts.format) ? await unusedForReport(globals(cmd)) : undefined;
          const options: ReportOptions = {
            detail: opts.allCredentials ? Infinity : 3,
            principals,
            colour: opts.output === undefined,
            ...(unused ? { unused } : {}),
          };
          await emitOutput(
            opts.format,
            {
              text: () => renderReport(results, 'text', options),
              json: () => renderReport(results, 'json', options),
              markdown: () => renderReport(results, 'markdown', options),
              sarif: async () =>
                (await import('../../report/sarif.js')).sarifJson(results, {
                  version: cmd.parent?.version() ?? '',
                }),
              html: async () => (await import('../../report/html/index.js')).reportHtml(results),
            },
            opts.output,
          );
          applyGate(results, opts.failOn);
        } finally {
          await engine.close();
        }
      },
    );
}
