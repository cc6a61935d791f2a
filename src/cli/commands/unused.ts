import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { UnusedReport } from '../../analysis/unused/types.js';
import { formatOption, globals, log, warn, type GlobalOptions } from '../context.js';
import { emitOutput, OUTPUT_HELP, type OutputFormat } from '../output.js';

/**
 * The unused-privilege summary `report` adds when the snapshot holds usage exports: shares and
 * never-used credentials only (no proposals, so no re-analysis). Undefined otherwise.
 */
export async function unusedForReport(g: GlobalOptions): Promise<UnusedReport | undefined> {
  if (g.engine !== 'embedded') return undefined;
  const [{ SnapshotStore }, { loadConfig }] = await Promise.all([import('../../store/store.js'), import('../../config/config.js')]);
  // Without usage exports there is nothing to analyse: the header says so before any inventory is read.
  const opened = await new SnapshotStore(g.store).open(g.snapshot);
  if (!opened.providers.includes('usage')) return undefined;
  const { analyseUnused } = await import('../../analysis/unused/index.js');
  return analyseUnused(await opened.inventories(), await opened.graph(), await loadConfig(g.config), { at: new Date(opened.run.analysedAt ?? opened.createdAt), prove: false });
}

/** `leakpath unused`: what each non-human identity holds but did not use, and the policy that would do (docs/unused.md). */
export function registerUnused(program: Command): void {
  const format = formatOption('text', 'json', 'markdown', 'sarif');
  program
    .command('unused')
    .description('permissions each non-human identity holds but did not use in the window, the paths only they enable, and a least-privilege proposal proven by re-analysis (needs usage exports: docs/unused.md)')
    .option('--window <days>', 'usage window ending at the snapshot\'s analysis time, e.g. 90d or 12w', '90d')
    .option('--identity <id>', 'only this identity (ARN, node id, name or unique id)')
    .option('--format <format>', format.description, format.parse, 'text')
    .option('--output <file>', OUTPUT_HELP)
    .action(async (opts: { window: string; identity?: string; format: OutputFormat; output?: string }, cmd: Command) => {
      const g = globals(cmd);
      if (g.engine !== 'embedded') throw new UsageError('`leakpath unused` needs the embedded engine (--engine embedded): it re-analyses the snapshot\'s inventories');
      const [{ analyseUnused, parseWindow }, { loadConfig }, { SnapshotStore }, render] = await Promise.all([
        import('../../analysis/unused/index.js'),
        import('../../config/config.js'),
        import('../../store/store.js'),
        import('../../report/unused.js'),
      ]);
      const windowDays = parseWindow(opts.window);
      const [config, snapshot] = await Promise.all([loadConfig(g.config), new SnapshotStore(g.store).read(g.snapshot)]);
      if (!snapshot.inventories.some((i) => i.provider === 'usage')) warn('the snapshot holds no usage exports (CloudTrail, last-accessed, sign-in activity…): only the last-use dates of the inventory count (docs/unused.md)');
      const at = new Date(snapshot.run.analysedAt ?? snapshot.createdAt);
      log(`unused privilege over ${windowDays} days to ${at.toISOString()} (the snapshot's analysis time)…`);
      const report = await analyseUnused(snapshot.inventories, snapshot.graph, config, { at, windowDays, ...(opts.identity ? { identity: opts.identity } : {}) });
      if (opts.identity && report.identities.length === 0) throw new UsageError(`--identity ${JSON.stringify(opts.identity)} names no principal of the snapshot`);
      for (const w of report.warnings) warn(w);
      await emitOutput(
        opts.format,
        {
          text: () => render.unusedText(report),
          markdown: () => render.unusedMarkdown(report),
          json: () => JSON.stringify(report, null, 2),
          sarif: () => render.unusedSarif(report, cmd.parent?.version() ?? ''),
        },
        opts.output,
      );
    });
}
