import type { Command } from 'commander';
import { blastMarkdown } from '../../report/markdown.js';
import { blastText, pathsText, whoCanReachText } from '../../report/text.js';
import { riskRank } from '../../report/summary.js';
import { DEFAULT_MAX_HOPS } from '../../query/embedded/engine.js';
import { RISK_LEVELS, type BlastResult } from '../../query/types.js';
import { UsageError } from '../../errors.js';
import { globals, openEngine, parseFormat, parsePositiveInt, type Format } from '../context.js';
import { startingPoint } from '../start.js';
import { collectWithout, openEngineWithout, WITHOUT_HELP } from '../what-if.js';
import { emitOutput, formatParser, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { sarifJson } from '../../report/sarif.js';
import { blastHtml, pathsHtml } from '../../report/html/index.js';
import { findingsReport, renderFindings } from './findings.js';

function emit(format: Format, json: unknown, text: () => string, markdown?: () => string): void {
  if (format === 'json') console.log(JSON.stringify(json, null, 2));
  else if (format === 'markdown' && markdown) console.log(markdown());
  else console.log(text());
}

/** A gate on 'none' would always trip; the lowest useful threshold is 'low'. */
const LEVELS: readonly string[] = RISK_LEVELS.slice(1);

export function registerQueries(program: Command): void {
  program
    .command('blast')
    .description('what can an attacker reach with this credential, and how?')
    .argument('[credential]', 'access key id, alias or node id (or a pasted service-account token)')
    .option('--finding <finding>', 'blast every credential a scanner finding exposes (fingerprint or file:line)')
    .option('--key-file <file>', 'a GCP service-account key file: its private_key_id and client_email are read, never the private key')
    .option('--token-file <file>', 'a leaked Kubernetes service-account token (JWT) to start from; read, never printed or stored')
    .option('--at <time>', 'judge token expiry at this ISO time (default: now)')
    .option('--format <format>', 'text | json | markdown | html | sarif', formatParser(['text', 'json', 'markdown', 'html', 'sarif']), 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--max-hops <n>', 'stop exploring after n hops (default: no limit)', parsePositiveInt('--max-hops'))
    .option('--fail-on <level>', 'exit 1 when the risk is at least this level (low|medium|high|critical), for CI gates')
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (given: string | undefined, opts: { format: OutputFormat; output?: string; maxHops?: number; failOn?: string; finding?: string; without: string[]; keyFile?: string; tokenFile?: string; at?: string }, cmd: Command) => {
      if (opts.failOn && !LEVELS.includes(opts.failOn)) throw new UsageError(`--fail-on must be one of ${LEVELS.join(', ')}`);
      const starts = [given, opts.finding, opts.keyFile, opts.tokenFile].filter((x) => x !== undefined).length;
      if (starts !== 1) throw new UsageError('give one of: a credential, --finding <fingerprint or file:line>, --key-file <file>, --token-file <file>');
      if (opts.finding !== undefined) {
        if (opts.format !== 'text' && opts.format !== 'json' && opts.format !== 'markdown') throw new UsageError('--finding reports as text, json or markdown');
        const report = await findingsReport(globals(cmd), opts.finding, { maxHops: opts.maxHops });
        console.log(renderFindings(report, opts.format, Infinity));
        const worst = report.leaked[0]?.blast.risk.level;
        if (opts.failOn && worst && riskRank(worst) >= riskRank(opts.failOn as BlastResult['risk']['level'])) process.exitCode = 1;
        return;
      }
      const start = await startingPoint(given, opts, globals(cmd));
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const result: BlastResult = await engine.blast(start.nodeId, { maxHops: opts.maxHops }).catch((e: unknown) => {
          throw start.explain && e instanceof UsageError ? start.explain(e) : e;
        });
        await emitOutput(
          opts.format,
          { json: () => JSON.stringify(result, null, 2), text: () => blastText(result), markdown: () => blastMarkdown(result), sarif: () => sarifJson([result], { version: cmd.parent?.version() ?? '' }), html: () => blastHtml(result) },
          opts.output,
        );
        if (opts.failOn && riskRank(result.risk.level) >= riskRank(opts.failOn as BlastResult['risk']['level'])) process.exitCode = 1;
      } finally {
        await engine.close();
      }
    });

  program
    .command('paths')
    .description('k shortest attack paths from a credential or identity to a target (default: every crown jewel)')
    .requiredOption('--from <node>', 'credential or identity (access key id, ARN, node id)')
    .option('--to <node>', 'target node (default: every crown jewel)')
    .option('-k <n>', 'paths per target', parsePositiveInt('-k'), 3)
    .option('--max-hops <n>', 'longest path considered', parsePositiveInt('--max-hops'), DEFAULT_MAX_HOPS)
    .option('--format <format>', 'text | json | html', formatParser(['text', 'json', 'html']), 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (opts: { from: string; to?: string; k: number; maxHops: number; format: OutputFormat; output?: string; without: string[] }, cmd: Command) => {
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const result = await engine.paths(opts.from, { to: opts.to, k: opts.k, maxHops: opts.maxHops });
        await emitOutput(opts.format, { json: () => JSON.stringify(result, null, 2), text: () => pathsText(result), html: () => pathsHtml(result) }, opts.output);
      } finally {
        await engine.close();
      }
    });

  program
    .command('who-can-reach')
    .description('every credential and identity with a path to the target')
    .argument('<target>', 'node id (ARN…), alias or unique name')
    .option('--max-hops <n>', 'longest path considered', parsePositiveInt('--max-hops'), DEFAULT_MAX_HOPS)
    .option('--format <format>', 'text | json', parseFormat, 'text')
    .action(async (target: string, opts: { maxHops: number; format: Format }, cmd: Command) => {
      const { engine } = await openEngine(globals(cmd));
      try {
        const result = await engine.whoCanReach(target, { maxHops: opts.maxHops });
        emit(opts.format, result, () => whoCanReachText(result));
      } finally {
        await engine.close();
      }
    });
}
