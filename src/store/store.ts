import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { acquireLock } from './lock.js';
import { openLps, writeLps } from './lps.js';
import { parseIndex, parseSnapshotText } from './validate.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type OpenedSnapshot, type SnapshotSummary, type SnapshotView, type StoreIndex } from './snapshot.js';

export const DEFAULT_STORE = '.leakpath';

/**
 * The embedded snapshot store: `<dir>/snapshots/<id>.lps` (lps.ts; stores written before it hold
 * `<id>.json` snapshots, still read) plus `<dir>/index.json`. A snapshot is written whole before
 * the index points at it, both atomically, so a crash or a bad input never leaves the store
 * pointing at a partial snapshot.
 */
export class SnapshotStore {
  constructor(readonly dir: string) {}

  private get indexFile() {
    return path.join(this.dir, 'index.json');
  }

  async readIndex(): Promise<StoreIndex> {
    let text: string;
    try {
      text = await readFile(this.indexFile, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, latest: null, snapshots: [] };
      throw new InputError(code === 'ENOTDIR' ? this.dir : this.indexFile, '', `expected ${code === 'ENOTDIR' ? 'a store directory, found a file' : `a readable store index (${code})`}`);
    }
    return parseIndex(text, this.indexFile);
  }

  static newId(now = new Date()): string {
    return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  }

  /**
   * Fails fast, before any reading or analysis, when a snapshot could not be written: the store
   * path (or its `snapshots` folder) is a file, or the nearest existing folder is not writable.
   * Creates nothing.
   */
  async assertWritable(): Promise<void> {
    const snapshots = path.join(this.dir, 'snapshots');
    for (const dir of [this.dir, snapshots]) {
      const info = await stat(dir).catch(() => undefined);
      if (!info) break;
      if (!info.isDirectory()) throw storeError(this.dir, `${dir} is a file, not a folder`);
    }
    let existing = path.resolve(snapshots);
    while (!(await stat(existing).catch(() => undefined))) existing = path.dirname(existing);
    const info = await stat(existing);
    if (!info.isDirectory()) throw storeError(this.dir, `${existing} is a file, not a folder`);
    try {
      await access(existing, constants.W_OK);
    } catch {
      throw storeError(this.dir, `${existing} is not writable`);
    }
  }

  async write(snapshot: Snapshot): Promise<SnapshotSummary> {
    await this.makeDirs();
    const release = await acquireLock(path.join(this.dir, 'lock'), `store ${this.dir}`);
    try {
      await this.removeLeftovers();
      const file = path.join('snapshots', `${snapshot.id}.lps`);
      await writeFileAtomic(path.join(this.dir, file), (handle) => writeLps(handle, snapshot));
      const summary: SnapshotSummary = {
        id: snapshot.id,
        createdAt: snapshot.createdAt,
        file,
        nodes: snapshot.graph.nodes.length,
        edges: snapshot.graph.edges.length,
        providers: [...new Set(snapshot.inventories.map((i) => i.provider))],
        sources: snapshot.run.sources.length,
      };
      const index = await this.readIndex();
      index.snapshots.push(summary);
      index.latest = snapshot.id;
      await writeFileAtomic(this.indexFile, JSON.stringify(index, null, 2));
      return summary;
    } finally {
      await release();
    }
  }

  /** A whole snapshot: run record, inventories and graph. */
  async read(id?: string): Promise<Snapshot> {
    const view = await this.readGraph(id);
    const { inventories: _lazy, providers: _providers, ...rest } = view;
    return { ...rest, inventories: await view.inventories() };
  }

  /**
   * A snapshot's run record and graph, its inventories read only when asked for: what the query
   * commands need, without the cost of the inventories (a JSON snapshot of an older store is read
   * whole, as it always was).
   */
  async readGraph(id?: string): Promise<SnapshotView> {
    const opened = await this.open(id);
    return { ...opened, graph: await opened.graph() };
  }

  /** A snapshot's header only (run record, providers); its graph and inventories are read when asked for. */
  async open(id?: string): Promise<OpenedSnapshot> {
    const { entry, file } = await this.locate(id);
    const unreadable = (e: unknown) =>
      new InputError(file, '', `expected the snapshot ${entry.id} the index lists (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the store index is ${this.indexFile}`);
    const checkVersion = (version: number) => {
      if (version !== SNAPSHOT_SCHEMA_VERSION) throw new InputError(file, 'schemaVersion', `expected snapshot schema ${SNAPSHOT_SCHEMA_VERSION}, found ${version}; re-ingest`);
    };
    if (file.endsWith('.lps')) {
      const opened = await openLps(file).catch((e: unknown) => {
        throw e instanceof InputError ? e : unreadable(e);
      });
      const { meta } = opened;
      checkVersion(meta.schemaVersion);
      return {
        schemaVersion: meta.schemaVersion,
        id: meta.id,
        createdAt: meta.createdAt,
        run: meta.run,
        graph: () => opened.graph(),
        providers: [...new Set(meta.sections.flatMap((s) => (s.name === 'inventory' && s.provider !== undefined ? [s.provider] : [])))],
        inventories: (wanted) => opened.inventories(wanted === undefined ? undefined : (p) => p !== undefined && wanted(p)),
      };
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw unreadable(e);
    }
    const snapshot = parseSnapshotText(text, file);
    checkVersion(snapshot.schemaVersion);
    const { inventories, graph, ...rest } = snapshot;
    return {
      ...rest,
      graph: async () => graph,
      providers: [...new Set(inventories.map((i) => i.provider))],
      inventories: async (wanted) => (wanted === undefined ? inventories : inventories.filter((i) => wanted(i.provider))),
    };
  }

  /** The index entry a snapshot id (or unique prefix; default: the latest) names, and its file. */
  private async locate(id?: string): Promise<{ entry: SnapshotSummary; file: string }> {
    const index = await this.readIndex();
    const wanted = id ?? index.latest;
    if (!wanted) {
      throw new UsageError(`no snapshot in store ${this.dir}: run \`leakpath ingest <files>\` (or \`leakpath demo\`) first, or pass --store`);
    }
    const entry = index.snapshots.find((s) => s.id === wanted || s.id.startsWith(wanted));
    if (!entry) throw new UsageError(`no snapshot "${wanted}" in store ${this.dir}`);
    return { entry, file: this.entryFile(entry.file) };
  }

  /**
   * Deletes snapshots (retention): the index stops naming them first, then their files go, so a
   * crash in between leaves only unreferenced files, never an index entry without its file. The
   * latest snapshot is never removed.
   */
  async remove(ids: readonly string[]): Promise<string[]> {
    const release = await acquireLock(path.join(this.dir, 'lock'), `store ${this.dir}`);
    try {
      const index = await this.readIndex();
      const doomed = index.snapshots.filter((s) => ids.includes(s.id) && s.id !== index.latest);
      if (doomed.length === 0) return [];
      index.snapshots = index.snapshots.filter((s) => !doomed.includes(s));
      await writeFileAtomic(this.indexFile, JSON.stringify(index, null, 2));
      for (const s of doomed) await rm(this.entryFile(s.file), { force: true });
      return doomed.map((s) => s.id);
    } finally {
      await release();
    }
  }

  /** An index entry names a file under snapshots/; anything else (`..`, absolute paths) is refused. */
  private entryFile(relative: string): string {
    const root = path.resolve(this.dir, 'snapshots');
    const file = path.resolve(this.dir, relative);
    if (path.dirname(file) !== root || !/\.(lps|json)$/.test(file)) {
      throw new InputError(this.indexFile, `snapshot file "${relative}"`, `expected a snapshots/<id>.lps (or, written by older versions, <id>.json) file inside the store ${this.dir}`);
    }
    return file;
  }

  private async makeDirs(): Promise<void> {
    for (const dir of [this.dir, path.join(this.dir, 'snapshots')]) {
      try {
        await mkdir(dir, { recursive: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOTDIR') throw new InputError(dir, '', 'expected a directory of the snapshot store, found a file');
        throw e;
      }
    }
  }

  /**
   * Temporary files of writers killed mid-write (`.<name>.<hex>.tmp`, from writeFileAtomic, and
   * private lock files `lock.<hex>.tmp`). Only a lock holder calls this, and only lock holders
   * write temporary files, so none of them belongs to a live writer.
   */
  private async removeLeftovers(): Promise<void> {
    for (const dir of [this.dir, path.join(this.dir, 'snapshots')]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(name) || /^lock\.stale-/.test(name)) await rm(path.join(dir, name), { force: true });
        else if (/^lock\.[0-9a-f]{16}\.tmp$/.test(name) && !(await ownerAlive(path.join(dir, name)))) await rm(path.join(dir, name), { force: true });
      }
    }
  }
}

/** Whether the process that wrote a private lock file (its pid on the first line) still runs. */
async function ownerAlive(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return true; // gone already: nothing to remove
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    // A waiter creates its file and then writes its pid: read in between, the file is empty.
    // Only an unreadable file that has sat for a while was left by a writer killed at that moment.
    const info = await stat(file).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs < 60_000;
  }

  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Store problems are the user's to fix (another --store, permissions): usage errors, exit 2. */
function storeError(dir: string, problem: string): UsageError {
  return new UsageError(`cannot write to store ${dir}: ${problem}; pass --store <folder> with a writable folder`);
}
