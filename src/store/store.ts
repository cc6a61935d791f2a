import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotSummary, type StoreIndex } from './snapshot.js';

export const DEFAULT_STORE = '.leakpath';

/**
 * The embedded snapshot store: `<dir>/snapshots/<id>.json` plus `<dir>/index.json`. A snapshot is
 * written whole before the index points at it, both atomically, so a crash or a bad input never
 * leaves the store pointing at a partial snapshot.
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
    } catch {
      return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, latest: null, snapshots: [] };
    }
    try {
      return JSON.parse(text) as StoreIndex;
    } catch (e) {
      throw new InputError(this.indexFile, '', `expected the store index as JSON: ${(e as Error).message}`);
    }
  }

  static newId(now = new Date()): string {
    return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  }

  async write(snapshot: Snapshot): Promise<SnapshotSummary> {
    await mkdir(path.join(this.dir, 'snapshots'), { recursive: true });
    const release = await this.lock();
    try {
      const file = path.join('snapshots', `${snapshot.id}.json`);
      await writeFileAtomic(path.join(this.dir, file), JSON.stringify(snapshot));
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

  async read(id?: string): Promise<Snapshot> {
    const index = await this.readIndex();
    const wanted = id ?? index.latest;
    if (!wanted) {
      throw new UsageError(`no snapshot in store ${this.dir}: run \`leakpath ingest <files>\` (or \`leakpath demo\`) first, or pass --store`);
    }
    const entry = index.snapshots.find((s) => s.id === wanted || s.id.startsWith(wanted));
    if (!entry) throw new UsageError(`no snapshot "${wanted}" in store ${this.dir}`);
    const file = path.join(this.dir, entry.file);
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
    if (snapshot.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
      throw new InputError(file, 'schemaVersion', `expected snapshot schema ${SNAPSHOT_SCHEMA_VERSION}, found ${snapshot.schemaVersion}; re-ingest`);
    }
    return snapshot;
  }

  /**
   * Deletes snapshots (retention): the index stops naming them first, then their files go, so a
   * crash in between leaves only unreferenced files, never an index entry without its file. The
   * latest snapshot is never removed.
   */
  async remove(ids: readonly string[]): Promise<string[]> {
    const release = await this.lock();
    try {
      const index = await this.readIndex();
      const doomed = index.snapshots.filter((s) => ids.includes(s.id) && s.id !== index.latest);
      if (doomed.length === 0) return [];
      index.snapshots = index.snapshots.filter((s) => !doomed.includes(s));
      await writeFileAtomic(this.indexFile, JSON.stringify(index, null, 2));
      for (const s of doomed) await rm(path.join(this.dir, s.file), { force: true });
      return doomed.map((s) => s.id);
    } finally {
      await release();
    }
  }

  /**
   * One writer at a time per store: a lock file created exclusively, holding the writer's pid.
   * A lock left by a dead process is taken over.
   */
  private async lock(): Promise<() => Promise<void>> {
    const file = path.join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return () => rm(file, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(await readFile(file, 'utf8').catch(() => ''));
        if (pid && isAlive(pid)) {
          throw new UsageError(`store ${this.dir} is being written by process ${pid}; wait for it to finish (or remove ${file} if it is gone)`);
        }
        await rm(file, { force: true });
      }
    }
    throw new UsageError(`could not lock store ${this.dir}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
