import { once } from 'node:events';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { globals } from '../context.js';
import { emitOutput, OUTPUT_HELP } from '../output.js';
import { whatIfGraph } from '../what-if.js';

export function registerExport(program: Command): void {
  const exp = program.command('export').description('the snapshot as JSON, or its graph in other tools\' formats');
  exp
    .command('snapshot')
    .description('the whole snapshot (run record, inventories, graph) as JSON, the layout documented in docs/snapshots.md; --snapshot <id> picks one, default the latest')
    .option('--output <file>', 'write to this file (atomically) instead of stdout')
    .action(async (opts: { output?: string }, cmd: Command) => {
      const options = globals(cmd);
      const [{ SnapshotStore }, { snapshotJson }, { writeFileAtomic }] = await Promise.all([import('../../store/store.js'), import('../../store/export-json.js'), import('../../store/atomic.js')]);
      const snapshot = await new SnapshotStore(options.store).read(options.snapshot);
      // Written in pieces, never as one string: a large snapshot is larger than a string can be.
      if (opts.output === undefined) {
        for (const piece of snapshotJson(snapshot)) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
        return;
      }
      try {
        await writeFileAtomic(path.resolve(opts.output), async (handle) => {
          for (const piece of snapshotJson(snapshot)) await handle.writeFile(piece);
        });
      } catch (e) {
        throw new UsageError(`--output ${opts.output}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    });
  exp
    .command('opengraph')
    .description('BloodHound OpenGraph JSON of the snapshot (or, with --extension, the extension definition schema)')
    .option('--extension', 'print the extension definition schema (node kinds, traversable edge kinds) instead of the graph')
    .option('--output <file>', OUTPUT_HELP)
    .action(async (opts: { extension?: boolean; output?: string }, cmd: Command) => {
      const version = program.version() ?? '0.0.0';
      const { openGraphExtension, toOpenGraph } = await import('../../report/opengraph.js');
      if (opts.extension) {
        await emitOutput('json', { json: () => JSON.stringify(openGraphExtension(version), null, 2) }, opts.output);
        return;
      }
      const options = globals(cmd);
      if (options.engine !== 'embedded') throw new UsageError('export opengraph reads the snapshot store: use the embedded engine (push the same snapshot to Neo4j to query it there)');
      const { graph, config } = await whatIfGraph(options, []);
      await emitOutput('json', { json: () => JSON.stringify(toOpenGraph(graph, config)) }, opts.output);
    });
}
