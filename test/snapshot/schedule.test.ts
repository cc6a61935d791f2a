import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshotConfig, snapshotCycle } from '../../src/snapshot/cycle.js';
import { SnapshotScheduler, checkCron, type ScheduleEvent } from '../../src/snapshot/schedule.js';
import { SnapshotStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { estateBefore } from './helpers.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/leakpath.js');

/** Polls until the condition holds; fails after `ms` (a bound, not a performance assertion). */
async function waitFor(what: string, condition: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function estateDir(): { dir: string; config: string } {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'estate'));
  for (const [name, json] of Object.entries(estateBefore())) writeFileSync(path.join(dir, 'estate', name), JSON.stringify(json));
  const config = path.join(dir, 'leakpath.config.yaml');
  writeFileSync(config, 'sources:\n  - name: local\n    offline: estate\nretention: { keepLast: 2 }\n');
  return { dir, config };
}

describe('leakpath schedule', () => {
  it('fires runs, skips overlaps, logs a failed run and goes on, applies retention keeping the newest', async () => {
    const { dir, config } = estateDir();
    const store = path.join(dir, 'store');
    const events: ScheduleEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const scheduler = new SnapshotScheduler({
      cron: '* * * * * *',
      log: (e) => events.push(e),
      cycle: async () => {
        calls++;
        if (calls === 1) await gate; // the first run is slow: the ticks meanwhile must be skipped
        const { config: c, baseDir } = await loadSnapshotConfig(config);
        return snapshotCycle({ config: c, baseDir, store });
      },
    }).start();
    const has = (event: ScheduleEvent['event'], n = 1) => events.filter((e) => e.event === event).length >= n;
    try {
      await waitFor('an overlap', () => has('overlap-skipped'));
      release();
      await waitFor('the first run', () => has('run-ok'));
      // The source disappears: the next run fails, is logged, and the schedule goes on.
      renameSync(path.join(dir, 'estate'), path.join(dir, 'estate-away'));
      await waitFor('a failed run', () => has('run-failed'));
      renameSync(path.join(dir, 'estate-away'), path.join(dir, 'estate'));
      await waitFor('runs after the failure', () => events.findIndex((e) => e.event === 'run-failed') < events.map((e) => e.event).lastIndexOf('run-ok') && has('run-ok', 3));
    } finally {
      await scheduler.stop('test done');
    }
    const failed = events.find((e) => e.event === 'run-failed') as Extract<ScheduleEvent, { event: 'run-failed' }>;
    expect(failed.error).toMatch(/nothing usable was collected/);
    const skipped = events.find((e) => e.event === 'overlap-skipped') as Extract<ScheduleEvent, { event: 'overlap-skipped' }>;
    expect(skipped.running).toBe(1);
    // Never two at once: every run-started is followed by its end before the next run-started.
    let open = 0;
    for (const e of events) {
      if (e.event === 'run-started') expect(open++).toBe(0);
      if (e.event === 'run-ok' || e.event === 'run-failed') open--;
    }
    expect(events.at(-1)).toMatchObject({ event: 'stopped' });
    const oks = events.filter((e): e is Extract<ScheduleEvent, { event: 'run-ok' }> => e.event === 'run-ok');
    const index = await new SnapshotStore(store).readIndex();
    expect(index.snapshots.length).toBe(2);
    expect(index.latest).toBe(oks.at(-1)!.snapshot);
    expect(index.snapshots.map((s) => s.id)).toContain(oks.at(-1)!.snapshot);
    expect(oks.some((o) => o.removed > 0)).toBe(true);
  });

  it('a bad cron expression is a usage error', () => {
    expect(() => checkCron('every tuesday')).toThrow(/--cron: not a cron expression/);
  });

  it('the CLI runs until SIGTERM, then stops cleanly (exit 0)', async () => {
    const { dir, config } = estateDir();
    const child = spawn(process.execPath, [BIN, '--store', path.join(dir, 'store'), '--config', config, 'schedule', '--cron', '* * * * * *'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor('a run in the CLI', () => /run \d+ ok: snapshot/.test(stderr));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/stopping \(SIGTERM\)/);
      expect(stderr).toMatch(/stopped after \d+ run\(s\)/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
