import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parsePositiveInt } from '../context.js';
import { quoted } from '../../echo.js';

type TrendFormat = 'markdown' | 'html' | 'json';

function parseTrendFormat(value: string): TrendFormat {
  if (value === 'markdown' || value === 'html' || value === 'json') return value;
  throw new UsageError(`--format must be markdown, html or json, got ${quoted(value)}`);
}

export function registerTrend(program: Command): void {
  program
    .command('trend')
    .description('the metrics over the last N snapshots: a Markdown summary, or an HTML page with charts (self-contained, opens offline)')
    .option('--last <n>', 'how many of the newest snapshots', parsePositiveInt('--last'), 12)
    .option('--format <format>', 'markdown | html | json', parseTrendFormat, 'markdown')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (opts: { last: number; format: TrendFormat; output?: string }, cmd: Command) => {
      const options = globals(cmd);
      const store = new SnapshotStore(options.store);
      const ids = (await store.readIndex()).snapshots.map((s) => s.id).slice(-opts.last);
      if (ids.length === 0) throw new UsageError(`no snapshots in ${options.store}: take some with \`leakpath snapshot\` (or \`leakpath schedule\`)`);
      const snapshots = [];
      for (const id of ids) snapshots.push(await store.read(id));
      const [{ buildTrend, trendMarkdown }, { trendHtml }] = await Promise.all([import('../../snapshot/trend.js'), import('../../snapshot/trend-html.js')]);
      const trend = await buildTrend(snapshots, await loadConfig(options.config));
      const text = opts.format === 'html' ? trendHtml(trend) : opts.format === 'json' ? JSON.stringify(trend, null, 2) : trendMarkdown(trend);
      if (opts.output) {
        await writeFile(opts.output, text);
        log(`trend over ${ids.length} snapshot(s) written to ${opts.output}`);
      } else {
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    });
}
