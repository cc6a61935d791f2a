import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Snapshot } from '../../src/store/snapshot.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/leakpath.js');

/**
 * A store's snapshot (default: the latest) as JSON, through `leakpath export snapshot`: snapshot
 * files are binary (docs/snapshots.md), the export is the JSON contract tests can read.
 */
export function exportedSnapshot(store: string, id?: string): Snapshot {
  const r = spawnSync(process.execPath, [BIN, '--store', store, ...(id ? ['--snapshot', id] : []), 'export', 'snapshot'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`leakpath export snapshot failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Snapshot;
}
