import type { Command } from 'commander';
import { registerDiff } from './diff.js';
import { registerSchedule } from './schedule.js';
import { registerSnapshot } from './snapshot.js';
import { registerTrend } from './trend.js';

/** The history commands of issue 14 (snapshot, diff, trend, schedule), registered together. */
export function registerHistory(program: Command): void {
  registerSnapshot(program);
  registerDiff(program);
  registerTrend(program);
  registerSchedule(program);
}
