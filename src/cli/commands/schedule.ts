import type { Command } from 'commander';
import { globals, log, parsePositiveInt } from '../context.js';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('take a snapshot (as `leakpath snapshot`) on a cron schedule, until SIGTERM / SIGINT; never two at once, a failed run does not stop it')
    .requiredOption('--cron <expr>', 'cron expression: 5 fields, or 6 with seconds first (e.g. "0 3 * * *": every day at 03:00)')
    .option('--max-runs <n>', 'stop after this many runs', parsePositiveInt('--max-runs'))
    .action(async (opts: { cron: string; maxRuns?: number }, cmd: Command) => {
      const options = globals(cmd);
      // The snapshot run pulls in the live collectors' SDKs: loaded here, not at start-up.
      const [{ loadSnapshotConfig, snapshotCycle }, { formatEvent, SnapshotScheduler }] = await Promise.all([
        import('../../snapshot/cycle.js'),
        import('../../snapshot/schedule.js'),
      ]);
      // Fail fast on a bad config; later runs re-read it, so an edit takes effect without a restart.
      await loadSnapshotConfig(options.config);
      const scheduler = new SnapshotScheduler({
        cron: opts.cron,
        ...(opts.maxRuns ? { maxRuns: opts.maxRuns } : {}),
        log: (e) => log(formatEvent(e)),
        cycle: async () => {
          const { config, baseDir } = await loadSnapshotConfig(options.config);
          return snapshotCycle({ config, baseDir, store: options.store, progress: log });
        },
      });
      const onSignal = (signal: NodeJS.Signals) => void scheduler.stop(signal);
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        scheduler.start();
        await scheduler.done;
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });
}
