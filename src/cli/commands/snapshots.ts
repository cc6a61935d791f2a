import type { Command } from 'commander';
import { SnapshotStore } from '../../store/store.js';
import { formatOption, globals, type Format } from '../context.js';

export function registerSnapshots(program: Command): void {
  const format = formatOption('text', 'json');
  program
    .command('snapshots')
    .description('list the snapshots in the store (* marks the latest)')
    .option('--format <format>', format.description, format.parse, 'text')
    .action(async (opts: { format: Format }, cmd: Command) => {
      const { store } = globals(cmd);
      const index = await new SnapshotStore(store).readIndex();
      if (opts.format === 'json') {
        console.log(JSON.stringify({ store, latest: index.latest, snapshots: index.snapshots }, null, 2));
        return;
      }
      if (index.snapshots.length === 0) return console.log(`no snapshots in ${store}`);
      for (const s of index.snapshots) {
        console.log(`${s.id === index.latest ? '*' : ' '} ${s.id}  ${s.nodes} nodes  ${s.edges} edges  ${s.providers.join(',')}  ${s.sources} file(s)`);
      }
    });
}
