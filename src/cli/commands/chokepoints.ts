import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { findChokepoints } from '../../query/chokepoints/chokepoints.js';
import { chokepointsMarkdown, chokepointsText } from '../../report/chokepoints.js';
import { globals, parsePositiveInt } from '../context.js';
import { collectWithout, whatIfGraph, WITHOUT_HELP } from '../what-if.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type ChokeFormat = (typeof FORMATS)[number];

function parseChokeFormat(value: string): ChokeFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as ChokeFormat;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${value}"`);
}

export function registerChokepoints(program: Command): void {
  program
    .command('chokepoints')
    .description('the changes (statement, assignment, grant, membership, stored secret) that cut the most credential → crown-jewel paths')
    .option('--top <n>', 'how many choke points to show', parsePositiveInt('--top'), 10)
    .option('--without <ref>', WITHOUT_HELP, collectWithout, [])
    .option('--format <format>', FORMATS.join(' | '), parseChokeFormat, 'text')
    .action(async (opts: { top: number; without: string[]; format: ChokeFormat }, cmd: Command) => {
      const { graph, config, removed } = await whatIfGraph(globals(cmd), opts.without);
      const result = await findChokepoints(graph, config, { top: opts.top });
      if (opts.without.length > 0) result.without = { specs: opts.without, edgesRemoved: removed };
      if (opts.format === 'json') console.log(JSON.stringify(result, null, 2));
      else if (opts.format === 'markdown') console.log(chokepointsMarkdown(result));
      else console.log(chokepointsText(result));
    });
}
