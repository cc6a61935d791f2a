import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { SnapshotStore } from '../../store/store.js';
import { globals } from '../context.js';
import { quoted } from '../../echo.js';
import { terminalSafe } from '../../report/terminal-safe.js';

const FAIL_ON = ['new-tier-zero-paths'] as const;

function parseDiffFormat(value: string): 'text' | 'markdown' | 'json' {
  if (value === 'text' || value === 'markdown' || value === 'json') return value;
  throw new UsageError(`--format must be text, markdown or json, got ${quoted(value)}`);
}

/** The two snapshots to compare: both given, one given (→ the latest), or the last two. */
export async function pickPair(store: SnapshotStore, a?: string, b?: string): Promise<[string | undefined, string | undefined]> {
  if (a && b) return [a, b];
  const index = await store.readIndex();
  if (a) return [a, index.latest ?? undefined];
  const ids = index.snapshots.map((s) => s.id);
  if (ids.length < 2) throw new UsageError(`diff needs two snapshots; store ${store.dir} has ${ids.length}: take another with \`leakpath snapshot\` (or \`leakpath ingest\`)`);
  return [ids[ids.length - 2], ids[ids.length - 1]];
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what changed between two snapshots (default: the last two): credentials, identities, attack edges, crown-jewel paths, and each metric better / worse / same')
    .argument('[a]', 'earlier snapshot id (or prefix)')
    .argument('[b]', 'later snapshot id (or prefix); default the latest')
    .option('--format <format>', 'text | markdown | json', parseDiffFormat, 'text')
    .option('--fail-on <condition>', `exit 1 when the later snapshot has it: ${FAIL_ON.join(', ')}`)
    .action(async (a: string | undefined, b: string | undefined, opts: { format: 'text' | 'markdown' | 'json'; failOn?: string }, cmd: Command) => {
      if (opts.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(opts.failOn)) {
        throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got ${quoted(opts.failOn)}`);
      }
      const options = globals(cmd);
      const [{ diffFacts }, { snapshotFacts }, { renderDiff }] = await Promise.all([import('../../snapshot/diff.js'), import('../../snapshot/facts.js'), import('../../snapshot/render-diff.js')]);
      const store = new SnapshotStore(options.store);
      const config = await loadConfig(options.config);
      const [ia, ib] = await pickPair(store, a, b);
      const [sa, sb] = [await store.read(ia), await store.read(ib)];
      const diff = diffFacts(await snapshotFacts(sa, config), await snapshotFacts(sb, config));
      console.log(opts.format === 'json' ? renderDiff(diff, opts.format) : terminalSafe(renderDiff(diff, opts.format)));
      if (opts.failOn === 'new-tier-zero-paths' && diff.newTierZeroPaths.length > 0) {
        process.stderr.write(
          `leakpath: --fail-on new-tier-zero-paths: ${diff.newTierZeroPaths.length} new credential → tier-zero path(s) in ${sb.id}: ${diff.newTierZeroPaths.map((p) => p.name).join('; ')}\n`,
        );
        process.exitCode = 1;
      }
    });
}
