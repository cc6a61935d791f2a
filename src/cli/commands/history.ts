import type { Command } from 'commander';
import { registerDiff } from './diff.js';
import { registerSnapshot } from './snapshot.js';

/** The history commands of issue 14 (snapshot, diff, trend, schedule), registered together. */
export function registerHistory(program: Command): void {
  registerSnapshot(program);
  registerDiff(program);
}
