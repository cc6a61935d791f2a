import type { Command } from 'commander';
import { loadSnapshotConfig, snapshotCycle } from '../../snapshot/cycle.js';
import { globals, log } from '../context.js';

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('take a snapshot from the sources in leakpath.config.yaml (offline paths, live collectors), with a run record per source; then push to Neo4j and apply retention when configured')
    .action(async (_opts, cmd: Command) => {
      const options = globals(cmd);
      const { config, baseDir } = await loadSnapshotConfig(options.config);
      const r = await snapshotCycle({ config, baseDir, store: options.store, progress: log });
      console.log(`snapshot ${r.summary.id} written to ${options.store} (${r.summary.nodes} nodes, ${r.summary.edges} edges)`);
      for (const s of r.statuses) {
        console.log(`  ${s.name} (${s.type}): ${s.status}${s.status === 'ok' ? `, ${s.providers.join(', ') || 'no inventory'}${s.gaps.length ? `, ${s.gaps.length} coverage gap(s)` : ''}` : `: ${s.error}`}`);
      }
      if (r.neo4j) console.log('error' in r.neo4j ? `  neo4j push failed: ${r.neo4j.error}` : `  neo4j: pushed ${r.neo4j.nodes} nodes, ${r.neo4j.relationships} relationships`);
      if (r.removed.length) console.log(`  retention removed ${r.removed.length} snapshot(s)`);
    });
}
