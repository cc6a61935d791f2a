import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { exportedSnapshot } from '../helpers/snapshot.js';

const DEMO = path.resolve(import.meta.dirname, '../../examples/demo-estate');

/**
 * `--threads` through the built CLI: the per-account AWS analysis in worker threads loads the
 * built worker (dist/), and gives the same graph as the analysis in process.
 */
describe('leakpath --threads', () => {
  it('ingest with 2 worker threads stores the graph the in-process analysis stores', () => {
    const dir = tempDir();
    const inProcess = leakpath(['--store', path.join(dir, 'one'), '--threads', '1', 'ingest', DEMO]);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const threaded = leakpath(['--store', path.join(dir, 'two'), '--threads', '2', 'ingest', DEMO]);
    expect(threaded.code, threaded.stderr).toBe(0);
    const a = exportedSnapshot(path.join(dir, 'one')).graph;
    const b = exportedSnapshot(path.join(dir, 'two')).graph;
    expect(b.edges.length).toBeGreaterThan(0);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a bad thread count is a usage error (exit 2), and nothing is stored', () => {
    const store = path.join(tempDir(), 'store');
    const r = leakpath(['--store', store, '--threads', 'many', 'ingest', DEMO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threads \/ LEAKPATH_THREADS: expected a whole number/);
    expect(existsSync(path.join(store, 'index.json'))).toBe(false);
  });
});
