import type { Command } from 'commander';
import { findChokepoints } from '../../query/chokepoints/chokepoints.js';
import { chokepointsMarkdown, chokepointsText } from '../../report/chokepoints.js';
import { chokepointsHtml } from '../../report/html/index.js';
import { globals, parsePositiveInt } from '../context.js';
import { emitOutput, formatParser, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { isQuiet, startProgress } from '../progress.js';
import { collectWithout, whatIfGraph, WITHOUT_HELP } from '../what-if.js';

const FORMATS: OutputFormat[] = ['text', 'json', 'markdown', 'html'];

export function registerChokepoints(program: Command): void {
  program
    .command('chokepoints')
    .description('the changes (statement, assignment, grant, membership, stored secret) that cut the most credential → crown-jewel paths')
    .option('--top <n>', 'how many choke points to show', parsePositiveInt('--top'), 10)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .option('--format <format>', FORMATS.join(' | '), formatParser(FORMATS), 'text')
    .option('--output <file>', OUTPUT_HELP)
    .action(async (opts: { top: number; without: string[]; format: OutputFormat; output?: string }, cmd: Command) => {
      const { graph, config, removed } = await whatIfGraph(globals(cmd), opts.without);
      const progress = startProgress('choke points: credentials', { quiet: isQuiet(cmd.optsWithGlobals()) });
      const result = await findChokepoints(graph, config, { top: opts.top, onProgress: (done, total) => progress.update(done, total) });
      progress.stop();
      if (opts.without.length > 0) result.without = { specs: opts.without, edgesRemoved: removed };
      await emitOutput(opts.format, { json: () => JSON.stringify(result, null, 2), markdown: () => chokepointsMarkdown(result), text: () => chokepointsText(result), html: () => chokepointsHtml(result) }, opts.output);
    });
}
