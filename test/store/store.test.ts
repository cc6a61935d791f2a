import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { SnapshotStore } from '../../src/store/store.js';
import { snapshotOf } from './writer-child.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'leakpath-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYsecret';

/** The InputError a promise rejects with; fails the test if it resolves or throws anything else. */
async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as InputError).exitCode).toBe(2);
  return e as InputError;
}

async function storeWithOne(): Promise<{ dir: string; store: SnapshotStore }> {
  const dir = tempDir();
  const store = new SnapshotStore(dir);
  await store.write(snapshotOf('first', 3));
  return { dir, store };
}

describe('store: its own files damaged or hostile (exit 2 naming the file)', () => {
  it('a malformed, truncated, empty or wrongly shaped index, never echoing its text', async () => {
    const { dir, store } = await storeWithOne();
    const index = path.join(dir, 'index.json');
    const good = readFileSync(index, 'utf8');
    for (const text of [`${SECRET} not json`, good.slice(0, good.length / 2), '', '{"schemaVersion":1,"latest":null,"snapshots":{}}', `["${SECRET}"]`]) {
      writeFileSync(index, text);
      for (const e of [await inputError(store.readIndex()), await inputError(store.read()), await inputError(store.write(snapshotOf('second', 1)))]) {
        expect(e.file).toBe(index);
        expect(e.message).not.toContain(SECRET);
        expect(e.message).not.toContain(SECRET.slice(0, 8));
      }
    }
  });

  it('a truncated or foreign snapshot file', async () => {
    const { dir, store } = await storeWithOne();
    const file = path.join(dir, 'snapshots', 'first.lps');
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 3)]! ^= 0xff;
    for (const bytes of [good.subarray(0, good.length - 7), good.subarray(0, 10), Buffer.from(SECRET), Buffer.from('{"schemaVersion":1}'), flipped, Buffer.alloc(0)]) {
      writeFileSync(file, bytes);
      for (const e of [await inputError(store.read()), await inputError(store.readGraph())]) {
        expect(e.file).toBe(file);
        expect(e.message).not.toContain(SECRET.slice(0, 8));
      }
    }
    rmSync(file);
    expect((await inputError(store.read())).file).toBe(file);
  });

  it('a truncated or foreign JSON snapshot (stores written before the binary format)', async () => {
    const { dir, store } = await storeWithOne();
    const index = path.join(dir, 'index.json');
    const idx = JSON.parse(readFileSync(index, 'utf8'));
    idx.snapshots[0].file = 'snapshots/first.json';
    writeFileSync(index, JSON.stringify(idx));
    const file = path.join(dir, 'snapshots', 'first.json');
    const good = JSON.stringify(snapshotOf('first', 3));
    for (const text of [good.slice(0, good.length - 7), `${SECRET}`, '{"schemaVersion":1}', good.replace('"source":"n0"', '"source":7')]) {
      writeFileSync(file, text);
      const e = await inputError(store.read());
      expect(e.file).toBe(file);
      expect(e.message).not.toContain(SECRET.slice(0, 8));
    }
  });

  it('snapshots/ being a file, and the store path being a file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'snapshots'), 'x');
    expect((await inputError(new SnapshotStore(dir).write(snapshotOf('a', 1)))).file).toBe(path.join(dir, 'snapshots'));
    const file = path.join(tempDir(), 'store');
    writeFileSync(file, 'x');
    expect((await inputError(new SnapshotStore(file).write(snapshotOf('a', 1)))).file).toBe(file);
    expect((await inputError(new SnapshotStore(file).read())).file).toBe(file);
  });

  it('an index entry pointing outside the store is refused, whatever it names', async () => {
    const { dir, store } = await storeWithOne();
    const index = path.join(dir, 'index.json');
    const outside = path.join(tempDir(), 'elsewhere.json');
    writeFileSync(outside, JSON.stringify(snapshotOf('elsewhere', 1)));
    for (const file of ['../elsewhere.json', outside, 'snapshots/../index.json', 'snapshots/sub/../../../x.json', 'index.json', 'snapshots/']) {
      const idx = JSON.parse(readFileSync(index, 'utf8'));
      idx.snapshots[0].file = file;
      writeFileSync(index, JSON.stringify(idx));
      const e = await inputError(store.read());
      expect(e.file).toBe(index);
      expect(e.message).toContain('inside the store');
    }
  });
});

/** Resolves when a writer child has loaded and says "ready" (or has exited). */
const ready = (p: ReturnType<typeof spawn>) =>
  new Promise<void>((resolve) => {
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    p.on('exit', () => resolve());
  });

describe('store: leftovers and locks', () => {
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  it('temporary files of killed writers are removed by the next writer; a live waiter keeps its own', async () => {
    const { dir, store } = await storeWithOne();
    const leftovers = [path.join(dir, 'snapshots', '.x.json.0123456789ab.tmp'), path.join(dir, '.index.json.ba9876543210.tmp'), path.join(dir, 'lock.0123456789abcdef.tmp'), path.join(dir, 'lock.stale-0123456789abcdef')];
    for (const f of leftovers) writeFileSync(f, `${deadPid()}\n0123456789abcdef\n`);
    const live = path.join(dir, 'lock.fedcba9876543210.tmp');
    writeFileSync(live, `${process.pid}\nfedcba9876543210\n`);
    // A waiter's file between its creation and its pid being written is empty: kept while fresh,
    // removed once it has sat for a minute (its writer was killed at that moment).
    const justCreated = path.join(dir, 'lock.aaaaaaaaaaaaaaaa.tmp');
    const longEmpty = path.join(dir, 'lock.bbbbbbbbbbbbbbbb.tmp');
    writeFileSync(justCreated, '');
    writeFileSync(longEmpty, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(longEmpty, old, old);
    await store.write(snapshotOf('second', 1));
    for (const f of leftovers) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(justCreated)).toBe(true);
    expect(existsSync(longEmpty)).toBe(false);
    expect((await store.readIndex()).snapshots.map((s) => s.id)).toEqual(['first', 'second']);
  });

  it('a stale lock (dead pid, with or without a nonce) is taken over; a live one is refused', async () => {
    const { dir, store } = await storeWithOne();
    const lock = path.join(dir, 'lock');
    writeFileSync(lock, String(deadPid()));
    await store.write(snapshotOf('second', 1));
    writeFileSync(lock, `${deadPid()}\n0123456789abcdef\n`);
    await store.write(snapshotOf('third', 1));
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, `${process.pid}\n0123456789abcdef\n`);
    await expect(store.write(snapshotOf('fourth', 1))).rejects.toThrow(/is being written by process/);
    expect((await store.readIndex()).snapshots).toHaveLength(3);
  });

  it('many processes racing to take over one stale lock: one writer at a time, no index entry lost', { timeout: 180_000 }, async () => {
    const child = path.join(import.meta.dirname, 'writer-child.ts');
    for (let round = 0; round < 4; round++) {
      const dir = tempDir();
      mkdirSync(path.join(dir, 'snapshots'));
      writeFileSync(path.join(dir, 'lock'), `${deadPid()}\n0123456789abcdef\n`);
      const go = path.join(dir, 'go');
      const children = Array.from({ length: 6 }, (_, i) => spawn(process.execPath, ['--import', 'tsx', child, dir, `r${round}w${i}`, '200', '1', go], { stdio: ['ignore', 'pipe', 'pipe'] }));
      const errors: string[] = [];
      for (const p of children) p.stderr!.on('data', (d: Buffer) => errors.push(d.toString()));
      const exits = children.map((p) => new Promise<number>((resolve) => p.on('exit', (code) => resolve(code ?? -1))));
      await Promise.all(children.map((p) => ready(p)));
      writeFileSync(go, '');
      const codes = await Promise.all(exits);
      expect(codes.every((c) => c === 0 || c === 2), `${String(codes)}\n${errors.join('')}`).toBe(true);
      const written = codes.filter((c) => c === 0).length;
      expect(written).toBeGreaterThan(0);
      const index = await new SnapshotStore(dir).readIndex();
      expect(index.snapshots).toHaveLength(written);
      expect(existsSync(path.join(dir, 'lock'))).toBe(false);
    }
  });

  it('kill -9 of a writer at random points: the store stays readable, the previous snapshot intact, the lock taken over', { timeout: 240_000 }, async () => {
    const child = path.join(import.meta.dirname, 'writer-child.ts');
    const { dir, store } = await storeWithOne();
    const trials = fc.sample(fc.integer({ min: 0, max: 600 }), { numRuns: 10, seed: 1616 });
    let killedMidWrite = 0;
    for (const [t, delay] of trials.entries()) {
      const before = await store.readIndex();
      const previous = JSON.stringify(await store.read());
      const p = spawn(process.execPath, ['--import', 'tsx', child, dir, `crash${t}`, '40000', '3'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
      await ready(p);
      await new Promise((r) => setTimeout(r, delay));
      p.kill('SIGKILL');
      await exited;
      if (existsSync(path.join(dir, 'lock')) || readdirSync(path.join(dir, 'snapshots')).some((f) => f.endsWith('.tmp'))) killedMidWrite++;

      const after = await store.readIndex();
      expect(after.snapshots.slice(0, before.snapshots.length)).toEqual(before.snapshots);
      if (after.latest === before.latest) expect(JSON.stringify(await store.read())).toBe(previous);
      for (const s of after.snapshots) await store.read(s.id);
      // The next writer takes over whatever lock the killed one left, and removes its leftovers.
      await store.write(snapshotOf(`after${t}`, 1));
      expect(readdirSync(path.join(dir, 'snapshots')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(path.join(dir, 'lock'))).toBe(false);
    }
    // Not an assertion on timing: a record of how many trials hit a write in progress.
    console.log(`crash trials: ${trials.length}, killed while holding the lock or mid-write: ${killedMidWrite}`);
  });
});
