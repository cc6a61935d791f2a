import type { Command } from 'commander';
import { SnapshotStore } from '../../store/store.js';
import { globals } from '../context.js';

export function registerSnapshots(program: Command): void {
  program
    .command('snapshots')
    .description('list the snapshots in the store')
    .action(async (_opts, cmd: Command) => {
      const { store } = globals(cmd);
      const index = await new SnapshotStore(store).readIndex();
      if (index.snapshots.length === 0) return console.log(`no snapshots in ${store}`);
      for (const s of index.snapshots) {
        console.log(`${s.id === index.latest ? '*' : ' '} ${s.id}  ${s.nodes} nodes  ${s.edges} edges  ${s.providers.join(',')}  ${s.sources} file(s)`);
      }
    });
}
