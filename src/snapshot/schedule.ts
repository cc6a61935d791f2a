import { Cron } from 'croner';
import { UsageError } from '../errors.js';
import type { CycleResult } from './cycle.js';

export type ScheduleEvent =
  | { event: 'started'; cron: string; next: string | null }
  | { event: 'run-started'; run: number }
  | { event: 'run-ok'; run: number; snapshot: string; ok: number; failed: number; removed: number; seconds: number }
  | { event: 'run-failed'; run: number; error: string; seconds: number }
  | { event: 'overlap-skipped'; run: number; running: number }
  | { event: 'stopping'; reason: string }
  | { event: 'stopped'; runs: number };

export interface SchedulerOptions {
  cron: string;
  /** One snapshot cycle; a throw is a failed run, logged, and the schedule goes on. */
  cycle: () => Promise<CycleResult>;
  log: (e: ScheduleEvent) => void;
  /** Stop after this many runs have finished (a bounded schedule, for tests and one-off jobs). */
  maxRuns?: number;
}

/** Validates a cron expression (5 fields, or 6 with seconds) before anything starts. */
export function checkCron(expr: string): void {
  try {
    new Cron(expr, { paused: true }).stop();
  } catch (e) {
    throw new UsageError(`--cron: not a cron expression "${expr}": ${(e as Error).message}`);
  }
}

/**
 * Takes a snapshot on a cron schedule. Never two at once: a tick while a run is going is skipped
 * and logged. A failed run is logged and the next tick runs as usual. `stop()` lets the current
 * run finish (its snapshot is written whole or not at all) and then resolves `done`.
 */
export class SnapshotScheduler {
  private job?: Cron;
  private current?: Promise<void>;
  private currentRun = 0;
  private ticks = 0;
  private finished = 0;
  private stopping = false;
  private resolveDone!: () => void;
  readonly done: Promise<void> = new Promise((r) => (this.resolveDone = r));

  constructor(private readonly o: SchedulerOptions) {
    checkCron(o.cron);
  }

  start(): this {
    this.job = new Cron(this.o.cron, () => this.tick());
    this.o.log({ event: 'started', cron: this.o.cron, next: this.job.nextRun()?.toISOString() ?? null });
    return this;
  }

  private tick(): void {
    if (this.stopping) return;
    const run = ++this.ticks;
    if (this.current) {
      this.o.log({ event: 'overlap-skipped', run, running: this.currentRun });
      return;
    }
    this.currentRun = run;
    this.current = this.runOnce(run).finally(() => {
      this.current = undefined;
      this.finished++;
      if (this.o.maxRuns !== undefined && this.finished >= this.o.maxRuns) void this.stop('max runs reached');
    });
  }

  private async runOnce(run: number): Promise<void> {
    const t0 = performance.now();
    const seconds = () => Math.round((performance.now() - t0) / 100) / 10;
    this.o.log({ event: 'run-started', run });
    try {
      const r = await this.o.cycle();
      this.o.log({
        event: 'run-ok',
        run,
        snapshot: r.summary.id,
        ok: r.statuses.filter((s) => s.status === 'ok').length,
        failed: r.statuses.filter((s) => s.status === 'failed').length,
        removed: r.removed.length,
        seconds: seconds(),
      });
    } catch (e) {
      this.o.log({ event: 'run-failed', run, error: (e as Error).message, seconds: seconds() });
    }
  }

  async stop(reason = 'stop requested'): Promise<void> {
    if (this.stopping) return this.done;
    this.stopping = true;
    this.o.log({ event: 'stopping', reason });
    this.job?.stop();
    await this.current;
    this.o.log({ event: 'stopped', runs: this.finished });
    this.resolveDone();
    return this.done;
  }
}

export function formatEvent(e: ScheduleEvent, now = new Date()): string {
  const t = now.toISOString();
  switch (e.event) {
    case 'started':
      return `${t} schedule: started, cron "${e.cron}", next run ${e.next ?? 'never'}`;
    case 'run-started':
      return `${t} schedule: run ${e.run} started`;
    case 'run-ok':
      return `${t} schedule: run ${e.run} ok: snapshot ${e.snapshot}, ${e.ok} source(s) ok, ${e.failed} failed, ${e.removed} removed by retention (${e.seconds}s)`;
    case 'run-failed':
      return `${t} schedule: run ${e.run} FAILED: ${e.error} (${e.seconds}s); the schedule goes on`;
    case 'overlap-skipped':
      return `${t} schedule: run ${e.run} skipped: run ${e.running} is still going`;
    case 'stopping':
      return `${t} schedule: stopping (${e.reason}); waiting for the current run`;
    case 'stopped':
      return `${t} schedule: stopped after ${e.runs} run(s)`;
  }
}
