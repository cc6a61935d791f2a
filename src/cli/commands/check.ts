import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { EmbeddedEngine } from '../../query/embedded/engine.js';
import type { BlastResult } from '../../query/types.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, parsePositiveInt } from '../context.js';
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
      if (options.engine !== 'embedded') throw new UsageError('check reads snapshots from the store: use the embedded engine');
      const config = await loadConfig(options.config);
      const store = new SnapshotStore(options.store);
      const current = await store.read(options.snapshot);
      const quiet = isQuiet(cmd.optsWithGlobals());
      const analyse = async (graph: typeof current.graph, label: string) => {
        const progress = startProgress(label, { quiet });
        const results = await blastAll(new EmbeddedEngine(graph, config), (d, t) => progress.update(d, t));
        progress.stop();
        return results;
      };
      const results = await analyse(current.graph, `check ${current.id}`);
      const failures: string[] = [];
      const lines: string[] = [`check of snapshot ${current.id}: ${results.length} credential(s)`];

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
        const baseline = await store.read(opts.failOnNewPaths);
        const before = pairsOf(await analyse(baseline.graph, `check ${baseline.id}`));
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
