import type { Command } from 'commander';
import { ingest } from '../../ingest/ingest.js';
import { UsageError } from '../../errors.js';
import { globals, log } from '../context.js';

/** `--at`: an ISO 8601 instant (a date alone means its midnight UTC). */
export function parseAt(value: string): Date {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) throw new UsageError(`--at expects an ISO 8601 time such as 2026-06-01T00:00:00Z, got "${value}"`);
  return new Date(t);
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read offline exports (files or directories, format auto-detected) into a new snapshot')
    .argument('<inputs...>', 'export files or directories of .json files')
    .option('--at <time>', 'judge credential validity and time conditions as of this instant (ISO 8601; default: now); recorded in the snapshot', parseAt)
    .action(async (inputs: string[], opts: { at?: Date }, cmd: Command) => {
      const { store } = globals(cmd);
      const { summary, snapshot } = await ingest(inputs, store, log, opts.at ? { at: opts.at } : {});
      for (const w of snapshot.run.warnings) log(`warning: ${w}`);
      const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
      const tierZero = snapshot.graph.nodes.filter((n) => n.tierZero);
      console.log(`snapshot ${summary.id} written to ${store}`);
      for (const s of snapshot.run.sources) console.log(`  ${s.file}: ${s.format}`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${tierZero.length} tier-zero identities`);
      // The first alias is what a user would type (an access key id, appId:keyId); names may be prose.
      if (credentials[0]) console.log(`next: leakpath blast ${credentials[0].aliases?.[0] ?? credentials[0].id}`);
    });
}
