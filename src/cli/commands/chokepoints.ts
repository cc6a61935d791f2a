import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { globals, log, openNeo4jEngine, parsePositiveInt } from '../context.js';
import { emitOutput, formatParser, OUTPUT_HELP, type OutputFormat } from '../output.js';
import { isQuiet, startProgress } from '../progress.js';
import type { ChokepointsResult } from '../../query/chokepoints/types.js';
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
      const [{ findChokepoints }, { chokepointsMarkdown, chokepointsText }, { chokepointsHtml }] = await Promise.all([
        import('../../query/chokepoints/chokepoints.js'),
        import('../../report/chokepoints.js'),
        import('../../report/html/index.js'),
      ]);
      const options = globals(cmd);
      const progress = startProgress('choke points: credentials', { quiet: isQuiet(cmd.optsWithGlobals()) });
      const onProgress = (done: number, total: number) => progress.update(done, total);
      let result: ChokepointsResult;
      let removed: number;
      if (options.engine === 'neo4j') {
        // The searches run on the server (docs/reports.md): the same ranking as the embedded engine.
        const opened = await openNeo4jEngine(options, await loadConfig(options.config), opts.without);
        removed = opened.removed;
        if (opts.without.length > 0) log(`what-if: ${removed} edge(s) left out (${opts.without.join(', ')})`);
        try {
          result = await opened.engine.chokepoints({ top: opts.top, onProgress });
        } finally {
          await opened.engine.close();
        }
      } else {
        const what = await whatIfGraph(options, opts.without);
        removed = what.removed;
        result = await findChokepoints(what.graph, what.config, { top: opts.top, onProgress, at: what.at });
      }
      progress.stop();
      if (opts.without.length > 0) result.without = { specs: opts.without, edgesRemoved: removed };
      await emitOutput(opts.format, { json: () => JSON.stringify(result, null, 2), markdown: () => chokepointsMarkdown(result), text: () => chokepointsText(result), html: () => chokepointsHtml(result) }, opts.output);
    });
}
