import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/store/store.js';
import { leakpath, tempDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/leakpath.js');
const DEMO = path.join(ROOT, 'examples/demo-estate');
const TRIALS = 6;

/** Deterministic "random" kill points, so a failure can be replayed. */
function* points(seed: number): Generator<number> {
  let s = seed;
  for (;;) yield (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Starts an ingest and SIGKILLs it: either at a random moment of the whole run, or a few
 * milliseconds after it announces the write, the moment that matters. Resolves once it is dead.
 */
function killedIngest(store: string, whenWriting: boolean, fraction: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--store', store, 'ingest', DEMO], { stdio: ['ignore', 'ignore', 'pipe'] });
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (whenWriting) {
      child.stderr.on('data', (d: Buffer) => {
        if (!timer && d.toString().includes('writing snapshot')) timer = setTimeout(kill, Math.floor(fraction * 25));
      });
    } else {
      timer = setTimeout(kill, Math.floor(fraction * 6000));
    }
    child.stderr.resume();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
    });
  });
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('crash safety: an ingest killed with SIGKILL mid-run', () => {
  it(`leaves the store readable and the previous snapshot intact (${TRIALS} trials)`, async () => {
    const store = tempDir();
    const first = leakpath(['--store', store, 'ingest', DEMO]);
    expect(first.code, first.stderr).toBe(0);
    const s = new SnapshotStore(store);
    const previous = (await s.readIndex()).snapshots[0]!;
    const previousDigest = digest(path.join(store, previous.file));
    const rand = points(14);
    const outcomes: string[] = [];

    for (let i = 0; i < TRIALS; i++) {
      outcomes.push(await killedIngest(store, i % 2 === 0, rand.next().value as number));
      const index = await s.readIndex(); // parses: never a torn index
      expect(index.snapshots.map((x) => x.id)).toContain(previous.id);
      for (const entry of index.snapshots) {
        expect(existsSync(path.join(store, entry.file)), entry.file).toBe(true);
        const snap = await s.read(entry.id); // every listed snapshot is whole
        expect(snap.id).toBe(entry.id);
      }
      expect(index.latest === null || index.snapshots.some((x) => x.id === index.latest)).toBe(true);
      expect(digest(path.join(store, previous.file))).toBe(previousDigest);
    }

    // A lock left by a killed writer is taken over: the store still takes new snapshots.
    const after = leakpath(['--store', store, 'ingest', DEMO]);
    expect(after.code, after.stderr).toBe(0);
    expect((await s.read()).graph.nodes.length).toBe((await s.read(previous.id)).graph.nodes.length);
    expect(outcomes).toContain('killed');
  }, 600_000);
});
