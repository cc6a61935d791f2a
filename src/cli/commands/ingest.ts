import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { DEFAULT_STORE, SnapshotStore } from '../../store/store.js';
import { formatOption, globals, log, warn, type Format } from '../context.js';
import { quoted } from '../../echo.js';
import { isQuiet, startPhasedBar } from '../progress.js';

/** `--at`: an ISO 8601 instant (a date alone means its midnight UTC). */
export function parseAt(value: string): Date {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) throw new UsageError(`--at expects an ISO 8601 time such as 2026-06-01T00:00:00Z, got ${quoted(value)}`);
  return new Date(t);
}

export function registerIngest(program: Command): void {
  const format = formatOption('text', 'json');
  program
    .command('ingest')
    .description('read offline exports (files or directories, format auto-detected) into a new snapshot')
    .argument('<inputs...>', 'export files, or directories of them (JSON with or without a .json extension, .jsonl/.ndjson)')
    .option('--strict', 'refuse a file in a directory that is not JSON or of no known format, instead of skipping it with a warning')
    .option('--at <time>', 'judge credential validity and time conditions as of this instant (ISO 8601; default: now); recorded in the snapshot', parseAt)
    .option('--format <format>', `${format.description} (json: the ingest summary)`, format.parse, 'text')
    .action(async (inputs: string[], opts: { strict?: boolean; at?: Date; format: Format }, cmd: Command) => {
      const { store } = globals(cmd);
      // Before reading anything: a store that cannot be written fails now, not after the analysis.
      await new SnapshotStore(store).assertWritable();
      const { ingest } = await import('../../ingest/ingest.js');
      // A bar on a terminal (files read, sources merged, analysis steps), else the plain lines; nothing
      // with --quiet or --format json.
      const bar = startPhasedBar('ingest', { quiet: isQuiet(cmd.optsWithGlobals()) || opts.format === 'json' });
      let phase = '';
      const onProgress = bar
        ? (name: string, done: number, total: number) => {
            if (name !== phase) bar.phase((phase = name), total);
            bar.update(done);
          }
        : undefined;
      const { summary, snapshot } = await ingest(inputs, store, bar || opts.format === 'json' ? () => {} : log, {
        strict: opts.strict === true,
        ...(opts.at ? { at: opts.at } : {}),
        ...(onProgress ? { onProgress } : {}),
      }).finally(() => bar?.stop());
      for (const s of snapshot.run.skipped ?? []) warn(`skipped ${s.file}: ${s.reason}`);
      for (const w of snapshot.run.warnings) warn(w);
      const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
      const tierZero = snapshot.graph.nodes.filter((n) => n.tierZero);
      // The first alias is what a user would type (an access key id, appId:keyId); names may be prose.
      const at = store === DEFAULT_STORE ? '' : `--store ${store} `;
      const next = credentials[0] ? `leakpath ${at}blast ${credentials[0].aliases?.[0] ?? credentials[0].id}` : `leakpath ${at}report --principals`;
      if (opts.format === 'json') {
        console.log(
          JSON.stringify(
            {
              snapshot: summary.id,
              store,
              sources: snapshot.run.sources,
              skipped: snapshot.run.skipped ?? [],
              warnings: snapshot.run.warnings,
              nodes: summary.nodes,
              edges: summary.edges,
              credentials: credentials.length,
              tierZero: tierZero.length,
            },
            null,
            2,
          ),
        );
        return;
      }
      console.log(`snapshot ${summary.id} written to ${store}`);
      for (const s of snapshot.run.sources) console.log(`  ${s.file}: ${s.format}`);
      if (snapshot.run.skipped?.length) console.log(`  ${snapshot.run.skipped.length} file(s) skipped, each named on stderr with the reason (unknown formats: --strict refuses them)`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${tierZero.length} tier-zero identities`);
      console.log(`next: ${next}`);
    });
}
