import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import type { BlastResult, QueryEngine } from '../../query/types.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, openNeo4jEngine, parsePositiveInt } from '../context.js';
import { isQuiet, startProgress } from '../progress.js';
import { blastAll } from './report.js';
import { terminalSafe } from '../../report/terminal-safe.js';

const pairsOf = (results: readonly BlastResult[]) => new Map(results.flatMap((r) => r.crownJewels.map((j) => [`${r.credential.id} → ${j.id}`, `${r.credential.name} → ${j.name} (${j.hops} hops)`] as const)));

const parseCount = (value: string) => (value === '0' ? 0 : parsePositiveInt('--max-tier-zero-credentials')(value));

/**
 * CI gate: exit 1, with the reasons on stderr, when more credentials than allowed reach tier zero,
 * or when a credential → crown-jewel path exists that the baseline snapshot did not have.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('CI gate: exit 1 when a threshold is crossed (reasons on stderr)')
    .option('--max-tier-zero-credentials <n>', 'fail when more than n credentials reach tier zero', parseCount)
    .option('--fail-on-new-paths <baseline>', 'fail when a credential → crown-jewel path exists that this baseline snapshot id did not have')
    .action(async (opts: { maxTierZeroCredentials?: number; failOnNewPaths?: string }, cmd: Command) => {
      if (opts.maxTierZeroCredentials === undefined && opts.failOnNewPaths === undefined) {
        throw new UsageError('check needs at least one threshold: --max-tier-zero-credentials N and/or --fail-on-new-paths <baseline snapshot id>');
      }
      const options = globals(cmd);
      const config = await loadConfig(options.config);
      const store = new SnapshotStore(options.store);
      const quiet = isQuiet(cmd.optsWithGlobals());
      const analyse = async (engine: QueryEngine, label: string) => {
        const progress = startProgress(label, { quiet });
        try {
          return await blastAll(engine, (d, t) => progress.update(d, t));
        } finally {
          progress.stop();
          await engine.close();
        }
      };
      const [{ EmbeddedEngine }, { analysisTime }] = await Promise.all([import('../../query/embedded/engine.js'), import('../../snapshot/facts.js')]);
      // With --engine neo4j the current graph is the last push on the server; a baseline is always
      // a snapshot of the store (the server holds one graph), analysed by the embedded engine,
      // which gives the same answers.
      let currentId: string;
      let results: BlastResult[];
      if (options.engine === 'neo4j') {
        const { engine } = await openNeo4jEngine(options, config);
        currentId = engine.snapshot ?? 'of the last push';
        results = await analyse(engine, `check ${currentId}`);
      } else {
        const current = await store.readGraph(options.snapshot);
        currentId = current.id;
        results = await analyse(new EmbeddedEngine(current.graph, config, { at: analysisTime(current) }), `check ${current.id}`);
      }
      const failures: string[] = [];
      const lines: string[] = [`check of snapshot ${currentId}: ${results.length} credential(s)`];

      if (opts.maxTierZeroCredentials !== undefined) {
        const tierZero = results.filter((r) => r.tierZero);
        lines.push(`  credentials reaching tier zero: ${tierZero.length} (at most ${opts.maxTierZeroCredentials} allowed)`);
        if (tierZero.length > opts.maxTierZeroCredentials) {
          failures.push(
            `${tierZero.length} credential(s) reach tier zero, more than --max-tier-zero-credentials ${opts.maxTierZeroCredentials}:\n${tierZero.map((r) => `  ${r.credential.name} (${r.risk.level} ${r.risk.score})`).join('\n')}`,
          );
        }
      }
      if (opts.failOnNewPaths !== undefined) {
        const baseline = await store.readGraph(opts.failOnNewPaths);
        const before = pairsOf(await analyse(new EmbeddedEngine(baseline.graph, config, { at: analysisTime(baseline) }), `check ${baseline.id}`));
        const now = pairsOf(results);
        const added = [...now].filter(([key]) => !before.has(key)).map(([, text]) => text);
        const gone = [...before.keys()].filter((key) => !now.has(key)).length;
        lines.push(`  credential → crown-jewel paths: ${now.size} now, ${before.size} in baseline ${baseline.id}: ${added.length} new, ${gone} gone`);
        if (added.length > 0) failures.push(`${added.length} credential → crown-jewel path(s) not in baseline ${baseline.id}:\n${added.map((a) => `  ${a}`).join('\n')}`);
      }
      console.log(terminalSafe(lines.join('\n')));
      if (failures.length > 0) {
        process.stderr.write(failures.map((f) => `leakpath check failed: ${f}\n`).join(''));
        process.exitCode = 1;
      }
    });
}
