import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { globals } from '../context.js';
import { emitOutput, OUTPUT_HELP } from '../output.js';
import { whatIfGraph } from '../what-if.js';

export function registerExport(program: Command): void {
  const exp = program.command('export').description('the snapshot graph in other tools\' formats');
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
