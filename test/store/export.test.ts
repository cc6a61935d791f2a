import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/store/store.js';
import { leakpath, tempDir } from '../helpers/cli.js';

const DEMO = path.resolve(import.meta.dirname, '../../examples/demo-estate');

describe('leakpath export snapshot: the JSON contract of a binary store', () => {
  it('stdout and --output give the snapshot as stored; the export reads back as a JSON snapshot of an older store', async () => {
    const store = tempDir();
    expect(leakpath(['--store', store, 'ingest', DEMO]).code).toBe(0);
    const stored = await new SnapshotStore(store).read();
    const out = leakpath(['--store', store, 'export', 'snapshot']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toStrictEqual(JSON.parse(JSON.stringify(stored)));
    expect(Object.keys(JSON.parse(out.stdout))).toEqual(['schemaVersion', 'id', 'createdAt', 'run', 'inventories', 'graph']);

    const file = path.join(tempDir(), 'snap.json');
    expect(leakpath(['--store', store, '--snapshot', stored.id, 'export', 'snapshot', '--output', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(out.stdout);

    // The export is what stores held before the binary format: a store made of it reads the same.
    const old = tempDir();
    mkdirSync(path.join(old, 'snapshots'));
    copyFileSync(file, path.join(old, 'snapshots', `${stored.id}.json`));
    const summary = (await new SnapshotStore(store).readIndex()).snapshots[0]!;
    writeFileSync(path.join(old, 'index.json'), JSON.stringify({ schemaVersion: 1, latest: stored.id, snapshots: [{ ...summary, file: `snapshots/${stored.id}.json` }] }));
    expect(await new SnapshotStore(old).read()).toStrictEqual(JSON.parse(out.stdout));
    const blast = (s: string) => leakpath(['--store', s, 'blast', 'AKIABTXV5AHD532XBKEV', '--format', 'json']);
    expect(blast(old).stdout).toBe(blast(store).stdout);
  });

  it('an unknown snapshot or an unwritable --output: exit 2', () => {
    const store = tempDir();
    expect(leakpath(['--store', store, 'export', 'snapshot']).code).toBe(2);
    expect(leakpath(['--store', store, 'ingest', DEMO]).code).toBe(0);
    expect(leakpath(['--store', store, '--snapshot', 'nope', 'export', 'snapshot']).code).toBe(2);
    expect(leakpath(['--store', store, 'export', 'snapshot', '--output', path.join(store, 'missing', 'x.json')]).code).toBe(2);
  });
});
