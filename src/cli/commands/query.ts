import type { Command } from 'commander';
import { blastMarkdown } from '../../report/markdown.js';
import { blastText, pathsText, whoCanReachText } from '../../report/text.js';
import { DEFAULT_MAX_HOPS, type BlastResult } from '../../query/types.js';
import { UsageError } from '../../errors.js';
import { terminalSafe } from '../../report/terminal-safe.js';
import {
  applyGate,
  FAIL_ON_HELP,
  formatOption,
  globals,
  openEngine,
  parseFailOn,
  parsePositiveInt,
  type Format,
} from '../context.js';
import { colourFor, emitOutput, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { collectWithout, openEngineWithout, WITHOUT_HELP } from '../what-if.js';

function emit(format: Format, json: unknown, text: () => string, markdown?: () => string): void {
  if (format === 'json') console.log(JSON.stringify(json, null, 2));
  else if (format === 'markdown' && markdown) console.log(terminalSafe(markdown()));
  else console.log(terminalSafe(text()));
}

interface BlastOptions {
  format: OutputFormat;
  output?: string;
  maxHops?: number;
  failOn?: BlastResult['risk']['level'];
  without: string[];
  finding?: string;
  keyFile?: string;
  tokenFile?: string;
  kubeconfig?: string;
  context?: string;
  at?: string;
}

export function registerQueries(program: Command): void {
  const blastFormat = formatOption('text', 'json', 'markdown', 'html', 'sarif');
  program
    .command('blast')
    .description('what can an attacker reach with this credential (or identity), and how?')
    .argument(
      '[credential]',
      'access key id, appId:keyId, alias, user/role unique id (AIDA…/AROA…), ARN, node id, or a pasted service-account token; - reads it from stdin (keeps a pasted secret out of shell history)',
    )
    .option(
      '--finding <finding>',
      'blast every credential a scanner finding exposes (fingerprint or file:line)',
    )
    .option(
      '--key-file <file>',
      'a GCP service-account key file: its private_key_id and client_email are read, never the private key',
    )
    .option(
      '--token-file <file>',
      'a leaked Kubernetes service-account token (JWT) to start from; read, never printed or stored',
    )
    .option(
      '--kubeconfig <file>',
      'start from the user of a kubeconfig context (token, or client certificate CN/O); read, never printed or stored',
    )
    .option('--context <name>', 'the kubeconfig context (default: its current-context)')
    .option('--at <time>', 'judge token expiry at this ISO time (default: now)')
    .option('--format <format>', blastFormat.description, blastFormat.parse, 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option(
      '--max-hops <n>',
      'stop exploring after n hops (default: no limit); a cut search says so',
      parsePositiveInt('--max-hops'),
    )
    .option('--fail-on <level>', FAIL_ON_HELP, parseFailOn)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (given: string | undefined, opts: BlastOptions, cmd: Command) => {
      const starts = [given, opts.finding, opts.keyFile, opts.tokenFile, opts.kubeconfig].filter(
        (x) => x !== undefined,
      ).length;
      if (starts !== 1)
        throw new UsageError(
          'give one of: a credential, --finding <fingerprint or file:line>, --key-file <file>, --token-file <file>, --kubeconfig <file>',
        );
      if (opts.finding !== undefined) {
        const { findingsReport, renderFindings } = await import('./findings.js');
        const report = await findingsReport(globals(cmd), opts.finding, { maxHops: opts.maxHops });
        await emitOutput(
          opts.format,
          renderFindings(report, Infinity, cmd.parent?.version() ?? ''),
          opts.output,
        );
        applyGate(
          report.leaked.map((l) => l.blast),
          opts.failOn,
        );
        return;
      }
      const { startingPoint } = await import('../start.js');
      const start = await startingPoint(given, opts, globals(cmd));
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const result: BlastResult = await engine
          .blast(start.nodeId, { maxHops: opts.maxHops })
          .catch((e: unknown) => {
            throw start.explain && e instanceof UsageError ? start.explain(e) : e;
          });
        // Colour only on a terminal: never in a file written with --output.
        const style = colourFor(opts.output === undefined ? process.stdout : {});
        await emitOutput(
          opts.format,
          {
            json: () => JSON.stringify(result, null, 2),
            text: () => blastText(result, style),
            markdown: () => blastMarkdown(result),
            html: async () => (await import('../../report/html/index.js')).blastHtml(result),
            sarif: async () =>
              (await import('../../report/sarif.js')).sarifJson([result], {
                version: cmd.parent?.version() ?? '',
              }),
          },
          opts.output,
        );
        applyGate([result], opts.failOn);
      } finally {
        await engine.close();
      }
    });

  const pathsFormat = formatOption('text', 'json', 'html');
  program
    .command('paths')
    .description(
      'k shortest attack paths from a credential or identity to a target (default: every crown jewel)',
    )
    .requiredOption('--from <node>', 'credential or identity (access key id, unique id, ARN, node id)')
    .option('--to <node>', 'target node (default: every crown jewel)')
    .option('-k <n>', 'paths per target', parsePositiveInt('-k'), 3)
    .option('--max-hops <n>', 'longest path considered', parsePositiveInt('--max-hops'), DEFAULT_MAX_HOPS)
    .option('--format <format>', pathsFormat.description, pathsFormat.parse, 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(
      async (
        opts: {
          from: string;
          to?: string;
          k: number;
          maxHops: number;
          format: OutputFormat;
          output?: string;
          without: string[];
        },
        cmd: Command,
      ) => {
        const { engine } = await openEngineWithout(globals(cmd), opts.without);
        try {
          const result = await engine.paths(opts.from, { to: opts.to, k: opts.k, maxHops: opts.maxHops });
          await emitOutput(
            opts.format,
            {
              json: () => JSON.stringify(result, null, 2),
              text: () => pathsText(result),
              html: async () => (await import('../../report/html/index.js')).pathsHtml(result),
            },
            opts.output,
          );
        } finally {
          await engine.close();
        }
      },
    );

  const whoFormat = formatOption('text', 'json');
  program
    .command('who-can-reach')
    .description('every credential and identity with a path to the target')
    .argument('<target>', 'node id (ARN…), alias, unique id or unique name')
    .option('--max-hops <n>', 'longest path considered', parsePositiveInt('--max-hops'), DEFAULT_MAX_HOPS)
    .option(
      '--include-service-linked',
      'list AWS service-linked roles too (no credential of theirs can leak, so they are left out)',
    )
    .option('--format <format>', whoFormat.description, whoFormat.parse, 'text')
    .action(
      async (
        target: string,
        opts: { maxHops: number; format: Format; includeServiceLinked?: boolean },
        cmd: Command,
      ) => {
        const { engine } = await openEngine(globals(cmd));
        try {
          const result = await engine.whoCanReach(target, {
            maxHops: opts.maxHops,
            includeServiceLinked: opts.includeServiceLinked === true,
          });
          emit(opts.format, result, () => whoCanReachText(result));
        } finally {
          await engine.close();
        }
      },
    );
}
