import type { Command } from 'commander';
import { ingest } from '../../ingest/ingest.js';
import { globals, log } from '../context.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read offline exports (files or directories, format auto-detected) into a new snapshot')
    .argument('<inputs...>', 'export files or directories of .json files')
    .action(async (inputs: string[], _opts, cmd: Command) => {
      const { store } = globals(cmd);
      const { summary, snapshot } = await ingest(inputs, store, log);
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
