import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { blastMarkdown } from '../../report/markdown.js';
import { blastText, pathsText, whoCanReachText } from '../../report/text.js';
import { riskRank } from '../../report/summary.js';
import { DEFAULT_MAX_HOPS } from '../../query/embedded/engine.js';
import { RISK_LEVELS, type BlastResult } from '../../query/types.js';
import { UsageError } from '../../errors.js';
import { globals, log, openEngine, parseFormat, parsePositiveInt, type Format } from '../context.js';
import { collectWithout, openEngineWithout, WITHOUT_HELP } from '../what-if.js';
import { emitOutput, formatParser, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { sarifJson } from '../../report/sarif.js';
import { looksLikeJwt } from '../../analysis/kubernetes/jwt.js';
import { matchServiceAccountToken } from '../../analysis/kubernetes/token-match.js';
import { SnapshotStore } from '../../store/store.js';

function emit(format: Format, json: unknown, text: () => string, markdown?: () => string): void {
  if (format === 'json') console.log(JSON.stringify(json, null, 2));
  else if (format === 'markdown' && markdown) console.log(markdown());
  else console.log(text());
}

/** A gate on 'none' would always trip; the lowest useful threshold is 'low'. */
const LEVELS: readonly string[] = RISK_LEVELS.slice(1);

/**
 * The node to start from: the argument as given, or the service account a leaked token names
 * (`--token-file`, or a JWT pasted as the argument). The token is decoded in memory only.
 */
async function startingPoint(credential: string | undefined, opts: { tokenFile?: string; at?: string }, g: ReturnType<typeof globals>): Promise<string> {
  const pasted = credential !== undefined && looksLikeJwt(credential) ? credential : undefined;
  if (opts.tokenFile === undefined && pasted === undefined) {
    if (credential === undefined) throw new UsageError('give a credential, or --token-file <file>');
    return credential;
  }
  if (opts.tokenFile !== undefined && credential !== undefined) throw new UsageError('give either a credential or --token-file, not both');
  let token = pasted;
  if (opts.tokenFile !== undefined) {
    try {
      token = await readFile(opts.tokenFile, 'utf8');
    } catch {
      throw new UsageError(`cannot read --token-file ${opts.tokenFile}`);
    }
  }
  const at = opts.at === undefined ? new Date() : new Date(opts.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be an ISO date-time, got "${opts.at}"`);
  const snapshot = await new SnapshotStore(g.store).read(g.snapshot);
  const match = matchServiceAccountToken(token!, snapshot.inventories, at);
  for (const w of match.warnings) log(`leakpath: ${w}`);
  log(`leakpath: the token is service account ${match.claims.namespace}/${match.claims.serviceAccount} of cluster ${match.cluster}${match.claims.expiresAt ? ` (expires ${match.claims.expiresAt})` : ' (no expiry)'}`);
  return match.nodeId;
}

export function registerQueries(program: Command): void {
  program
    .command('blast')
    .description('what can an attacker reach with this credential, and how?')
    .argument('[credential]', 'access key id, alias or node id (or a pasted service-account token)')
    .option('--token-file <file>', 'a leaked Kubernetes service-account token (JWT) to start from; read, never printed or stored')
    .option('--at <time>', 'judge token expiry at this ISO time (default: now)')
    .option('--format <format>', 'text | json | markdown | sarif', formatParser(['text', 'json', 'markdown', 'sarif']), 'text')
    .option('--output <file>', OUTPUT_HELP)
    .option('--max-hops <n>', 'stop exploring after n hops (default: no limit)', parsePositiveInt('--max-hops'))
    .option('--fail-on <level>', 'exit 1 when the risk is at least this level (low|medium|high|critical), for CI gates')
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (credential: string | undefined, opts: { format: OutputFormat; output?: string; maxHops?: number; failOn?: string; without: string[]; tokenFile?: string; at?: string }, cmd: Command) => {
      if (opts.failOn && !LEVELS.includes(opts.failOn)) throw new UsageError(`--fail-on must be one of ${LEVELS.join(', ')}`);
      const start = await startingPoint(credential, opts, globals(cmd));
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const result: BlastResult = await engine.blast(start, { maxHops: opts.maxHops });
        await emitOutput(
          opts.format,
          { json: () => JSON.stringify(result, null, 2), text: () => blastText(result), markdown: () => blastMarkdown(result), sarif: () => sarifJson([result], { version: cmd.parent?.version() ?? '' }) },
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
    .option('--format <format>', 'text | json', parseFormat, 'text')
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .action(async (opts: { from: string; to?: string; k: number; maxHops: number; format: Format; without: string[] }, cmd: Command) => {
      const { engine } = await openEngineWithout(globals(cmd), opts.without);
      try {
        const result = await engine.paths(opts.from, { to: opts.to, k: opts.k, maxHops: opts.maxHops });
        emit(opts.format, result, () => pathsText(result));
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
