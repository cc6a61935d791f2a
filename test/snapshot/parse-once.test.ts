/**
 * `leakpath snapshot` parses each source's documents once (src/snapshot/run.ts): alone, for its
 * status, then its parsed parts are joined with the others'. The stored inventories and graph are
 * those a single parse of every document gives, and merging never changes a parsed part: every
 * source's merge runs here on deeply frozen parts (a write throws in strict mode), twice, over the
 * repository's example estates and test fixtures (data nobody here wrote for this test).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_SOURCES } from '../../collectors/index.js';
import type { SourceConfig } from '../../src/config/sources.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { analyse } from '../../src/analysis/index.js';
import { parseDocuments, readDocuments, type InputDocument } from '../../src/ingest/read-inputs.js';
import { takeSnapshot } from '../../src/snapshot/run.js';
import { SnapshotStore } from '../../src/store/store.js';
import { storeSalt } from '../../src/store/salt.js';
import { tempDir } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Parts hold Maps (Azure's tenants): their entries are the part's objects too.
    if (value instanceof Map) {
      for (const [k, v] of value) {
        deepFreeze(k);
        deepFreeze(v);
      }
    }
    if (value instanceof Set) for (const v of value) deepFreeze(v);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Every directory of example data: each is one source's worth of documents. */
function corpus(): string[] {
  const dirs = [path.join(root, 'examples')];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) {
        dirs.push(p);
        walk(p);
      }
    }
  };
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test/fixtures'));
  return dirs.filter((d) => readdirSync(d).some((f) => /\.(json|jsonl|ndjson|gz)$/.test(f)));
}

/** The documents of a directory that some source parses (fixtures of bad input are left out). */
async function parsable(dir: string): Promise<InputDocument[]> {
  const out: InputDocument[] = [];
  for (const d of await readDocuments([dir]).catch(() => [])) {
    if (d.skip) continue;
    try {
      parseDocuments([d], { salt: '00' });
      out.push(d);
    } catch {
      // a fixture of bad input
    }
  }
  return out;
}

describe('snapshot runs parse each source once', () => {
  it('merges never change a parsed part: each source merged twice on frozen parts gives the same inventory', async () => {
    let merged = 0;
    for (const dir of corpus()) {
      const partsBySource = new Map<(typeof OFFLINE_SOURCES)[number], { file: string; part: unknown }[]>();
      for (const d of await parsable(dir)) {
        for (const source of OFFLINE_SOURCES) {
          const format = source.formats.find((f) => f.detect(d.json));
          if (!format) continue;
          const list = partsBySource.get(source) ?? [];
          list.push({ file: d.file, part: deepFreeze(format.parse(d.json, d.file, { salt: '00' })) });
          partsBySource.set(source, list);
          break;
        }
      }
      for (const [source, parts] of partsBySource) {
        const merge = source.merge as (p: typeof parts) => { inventory: unknown; warnings: string[] };
        const half = parts.slice(0, Math.ceil(parts.length / 2));
        merge(half);
        const once = JSON.stringify(merge(parts));
        expect(JSON.stringify(merge(parts)), `${source.provider} parts of ${path.relative(root, dir)}`).toBe(once);
        merged++;
      }
    }
    expect(merged).toBeGreaterThan(5);
  }, 60_000);

  it('a login profile placed while one source is merged alone is not left on the user when all are merged', async () => {
    // Source one: account A's user "deploy" and its login profile (no account named); source two:
    // account B, also with a user "deploy". Alone, source one places the profile; together, it is
    // ambiguous. The per-source merge must not have written it into the shared user object.
    const gaadOf = (account: string) => ({
      UserDetailList: [{ UserName: 'deploy', UserId: `AIDA${account}`, Arn: `arn:aws:iam::${account}:user/deploy`, Path: '/', CreateDate: '2024-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [] }],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    });
    const one = [
      { file: 'a-gaad.json', json: gaadOf('111111111111') },
      { file: 'a-login.json', json: { LoginProfile: { UserName: 'deploy', CreateDate: '2024-01-01T00:00:00Z', PasswordResetRequired: false } } },
    ];
    const two = [{ file: 'b-gaad.json', json: gaadOf('222222222222') }];
    const dir = tempDir();
    const store = path.join(dir, 'store');
    const docs: Record<string, InputDocument[]> = { one, two };
    const sources = ['one', 'two'].map((name) => ({ name, offline: name }) as SourceConfig);
    await takeSnapshot({ config: { ...EMPTY_CONFIG, sources }, baseDir: dir, store, run: async (s) => ({ documents: docs[s.name!]!, gaps: [] }) });
    const stored = await new SnapshotStore(store).read();
    const once = parseDocuments([...one, ...two], { salt: '00' });
    expect(JSON.stringify(stored.inventories)).toBe(JSON.stringify(once.inventories));
    expect(stored.run.warnings.join('\n')).toMatch(/login profile of user "deploy" matches users in several accounts/);
  });

  it('stores what one parse of every source\'s documents gives, reading each document as one parse does', async () => {
    const dirs = [path.join(root, 'examples/demo-estate'), path.join(root, 'examples/azure'), path.join(root, 'examples/unused-estate')];
    const bySource = new Map(await Promise.all(dirs.map(async (d) => [d, await readDocuments([d])] as const)));
    // Reads of each document's top level, through a proxy: a second parse would read it again.
    const reads = new Map<string, number>();
    const counted = (d: InputDocument): InputDocument => {
      if (d.json === undefined || typeof d.json !== 'object' || d.json === null) return d;
      const json = new Proxy(d.json as object, {
        get(t, k, r) {
          reads.set(d.file, (reads.get(d.file) ?? 0) + 1);
          return Reflect.get(t, k, r) as unknown;
        },
      });
      return { ...d, json };
    };
    parseDocuments([...bySource.values()].flat().map(counted), { salt: '00' });
    const onceReads = new Map(reads);
    reads.clear();

    const dir = tempDir();
    const store = path.join(dir, 'store');
    const sources = dirs.map((d) => ({ name: path.basename(d), offline: d }) as SourceConfig);
    const run = async (source: SourceConfig) => ({ documents: bySource.get((source as { offline: string }).offline)!.map(counted), gaps: [] });
    const r = await takeSnapshot({ config: { ...EMPTY_CONFIG, sources }, baseDir: dir, store, run });
    expect(r.statuses.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(onceReads.size).toBeGreaterThan(5);
    expect(reads).toEqual(onceReads);

    const stored = await new SnapshotStore(store).read();
    const once = parseDocuments([...bySource.values()].flat(), { salt: (await storeSalt(store)).salt });
    expect(JSON.stringify(stored.inventories)).toBe(JSON.stringify(once.inventories));
    expect(stored.run.sources).toEqual(once.sources);
    expect(JSON.stringify(stored.graph)).toBe(JSON.stringify(analyse(once.inventories, { at: new Date(stored.run.analysedAt!) }).graph));
  }, 60_000);
});
