import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../src/model/graph.js';
import type { Inventory } from '../../src/model/inventory/index.js';
import { decodeValue, DecodeError, encodeValue, MAX_DEPTH } from '../../src/store/codec.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../../src/store/snapshot.js';
import { SnapshotStore } from '../../src/store/store.js';
import { snapshotOf } from './writer-child.js';

/**
 * The binary snapshot file (src/store/lps.ts, codec.ts): what goes in comes out as JSON would have
 * kept it, damage anywhere is a clean InputError, stores of JSON snapshots still read.
 */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'leakpath-lps-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const roundTrip = (v: unknown) => decodeValue(Buffer.concat(encodeValue(v)));
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown;

const text = fc.string({ unit: 'binary', maxLength: 12 });
// `constructor` is left to the codec test: toStrictEqual compares own `constructor` keys as types.
const key = fc.oneof(text, fc.constantFrom('__proto__', 'toString', 'hasOwnProperty', '0', '10', 'id'));
const property = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
const evidence = fc.record(
  {
    summary: text,
    refs: fc.array(fc.record({ type: fc.constantFrom('inventory' as const, 'grant' as const), source: text, statement: fc.option(text, { nil: undefined }) }, { requiredKeys: ['type', 'source'] }), { maxLength: 2 }),
    assumptions: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['summary', 'refs'] },
);
const node: fc.Arbitrary<GraphNode> = fc.record(
  {
    id: text,
    kind: fc.constantFrom('Credential' as const, 'Identity' as const, 'Resource' as const, 'Hub' as const),
    provider: fc.constantFrom('aws' as const, 'azure' as const),
    type: text,
    name: text,
    scope: text,
    tags: fc.dictionary(key, text, { maxKeys: 3 }),
    aliases: fc.array(text, { maxLength: 2 }),
    props: fc.dictionary(key, property, { maxKeys: 4 }),
  },
  { requiredKeys: ['id', 'kind', 'provider', 'type', 'name', 'tags', 'props'] },
);
const edge: fc.Arbitrary<GraphEdge> = fc.record(
  { id: text, source: text, target: text, kind: text, technique: text, evidence, conditional: fc.boolean(), conditions: text },
  { requiredKeys: ['id', 'source', 'target', 'kind', 'technique', 'evidence', 'conditional'] },
);
const graph: fc.Arbitrary<AttackGraph> = fc.record({ nodes: fc.array(node, { maxLength: 6 }), edges: fc.array(edge, { maxLength: 8 }) });
const inventory = fc.record({ provider: fc.constantFrom('aws', 'azure', 'kubernetes', 'usage'), data: fc.jsonValue({ maxDepth: 4 }) }) as unknown as fc.Arbitrary<Inventory>;

const snapshotWith = (id: string, g: AttackGraph, inventories: Inventory[]): Snapshot => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  run: { kind: 'ingest', startedAt: '', finishedAt: '', sources: [{ file: 'a.json', format: 'gaad' }], warnings: ['w'] },
  inventories,
  graph: g,
});

describe('snapshot value encoding (codec.ts)', () => {
  it('decode(encode(x)) is what JSON would have kept, for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.anything({ maxDepth: 4, withNullPrototype: true })), (v) => {
        expect(roundTrip(v)).toStrictEqual(asJson(v));
      }),
      { numRuns: 300, seed: 1601 },
    );
  });

  it('keeps `__proto__` an own key, never the prototype; drops undefined; numbers of every range', () => {
    const v = JSON.parse('{"__proto__":{"polluted":true},"a":[1,-1,0.5,-0,1e300,9007199254740991,-9007199254740991,4294967296]}') as Record<string, unknown>;
    const back = roundTrip({ ...v, gone: undefined, arr: [undefined, () => 1], date: new Date(0) }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a', 'arr', 'date']);
    expect(back).toStrictEqual(asJson({ ...v, arr: [null, null], date: new Date(0) }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const odd = JSON.parse('{"constructor":[],"toString":"x","hasOwnProperty":1,"__proto__":null}') as unknown;
    expect(JSON.stringify(roundTrip(odd))).toBe(JSON.stringify(odd));
  });

  it('objects of a shape used often (built by a literal compiled for the shape) round-trip whatever their keys', () => {
    const odd = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('"', '\\', '\u2028', '${x}', '\'', '0', '7', 'constructor', '__proto__', '}; process.exit(9); ({'));
    fc.assert(
      fc.property(fc.dictionary(odd, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 6 }), (d) => {
        const v = Array.from({ length: 12 }, () => ({ ...d }));
        expect(JSON.stringify(roundTrip(v))).toBe(JSON.stringify(v));
      }),
      { numRuns: 200, seed: 1605 },
    );
  });

  it('nesting is bounded on both sides: no stack overflow', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    expect(() => encodeValue(deep)).toThrow(RangeError);
    // A crafted section: no strings, no shapes, then arrays of one item nested past the bound.
    const crafted = Buffer.from([0, 0, ...Array.from({ length: MAX_DEPTH + 5 }, () => [7, 1]).flat(), 0]);
    expect(() => decodeValue(crafted)).toThrow(DecodeError);
  });

  it('random bytes and damaged sections decode to a DecodeError or a value, never anything else', () => {
    const good = Buffer.concat(encodeValue({ nodes: [{ id: 'a', props: { n: 1.5, s: ['x'] } }], edges: [] }));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, x]) => Uint8Array.from(good, (b, i) => (i === at ? b ^ x : b)))), (bytes) => {
        try {
          decodeValue(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500, seed: 1602 },
    );
  });
});

describe('snapshot files (lps.ts) through the store', () => {
  it('round trip: read() gives back the snapshot written, readGraph() its graph, inventories on demand', async () => {
    const dir = tempDir();
    const store = new SnapshotStore(dir);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(graph, fc.array(inventory, { maxLength: 3 }), async (g, inventories) => {
        const snapshot = snapshotWith(`s${n++}`, g, inventories);
        await store.write(snapshot);
        expect(await store.read(snapshot.id)).toStrictEqual(asJson(snapshot));
        const view = await store.readGraph(snapshot.id);
        expect(view.graph).toStrictEqual(asJson(g));
        expect(view.run).toStrictEqual(asJson(snapshot.run));
        expect(view.providers).toEqual([...new Set(inventories.map((i) => i.provider))]);
        expect(await view.inventories((p) => p === 'kubernetes')).toStrictEqual(asJson(inventories.filter((i) => i.provider === 'kubernetes')));
      }),
      { numRuns: 40, seed: 1603 },
    );
    expect((await store.readIndex()).snapshots.every((s) => s.file.endsWith('.lps'))).toBe(true);
  });

  it('truncated or corrupted at any offset: an InputError naming the file, from read() and readGraph()', async () => {
    const dir = tempDir();
    const store = new SnapshotStore(dir);
    const snapshot = snapshotWith('victim', { nodes: snapshotOf('x', 1).graph.nodes, edges: snapshotOf('x', 30).graph.edges }, [{ provider: 'aws', roles: [{ n: 1 }] } as unknown as Inventory]);
    await store.write(snapshot);
    const file = path.join(dir, 'snapshots', 'victim.lps');
    const good = readFileSync(file);
    const damage = fc.oneof(
      fc.nat(good.length - 1).map((at) => good.subarray(0, at)),
      fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, x]) => Uint8Array.from(good, (b, i) => (i === at ? b ^ x : b))),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((extra) => Buffer.concat([good, extra])),
    );
    let outcomes = 0;
    await fc.assert(
      fc.asyncProperty(damage, async (bytes) => {
        writeFileSync(file, bytes);
        for (const read of [() => store.read(), () => store.readGraph().then((v) => v.inventories())]) {
          const e = await read().then(
            () => undefined,
            (err: unknown) => err,
          );
          // A flipped bit that a checksum cannot see does not exist for CRC-32 over single bytes.
          expect(e, 'damage went unnoticed').toBeInstanceOf(InputError);
          expect((e as InputError).file).toBe(file);
          expect((e as InputError).exitCode).toBe(2);
          outcomes++;
        }
      }),
      { numRuns: 150, seed: 1604 },
    );
    expect(outcomes).toBe(300);
    writeFileSync(file, good);
    expect(await store.read()).toStrictEqual(asJson(snapshot));
  });

  it('the graph is read without touching the inventories: a damaged inventory shows only when asked for', async () => {
    const dir = tempDir();
    const store = new SnapshotStore(dir);
    const marker = 'INVENTORY-SECTION-MARKER';
    await store.write(snapshotWith('lazy', snapshotOf('x', 2).graph, [{ provider: 'kubernetes', clusters: [{ name: marker }] } as unknown as Inventory]));
    const file = path.join(dir, 'snapshots', 'lazy.lps');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    bytes[at]! ^= 0x20;
    writeFileSync(file, bytes);
    const view = await store.readGraph();
    expect(view.graph.edges).toHaveLength(2);
    expect(view.providers).toEqual(['kubernetes']);
    await expect(view.inventories()).rejects.toThrow(InputError);
    await expect(view.inventories()).rejects.toThrow(/kubernetes inventory section.*checksum/);
    await expect(store.read()).rejects.toThrow(InputError);
  });

  it('strings are stored as plain UTF-8, so a byte search of the store finds a string it holds', async () => {
    // The secret-grep tests are meaningful only if this holds: no compression, no other encoding.
    const dir = tempDir();
    const store = new SnapshotStore(dir);
    const seeded = ['seeded-in-a-node-prop-é✓', 'seeded-in-an-inventory-ø'];
    const g = snapshotOf('x', 1).graph;
    g.nodes[0]!.props.note = seeded[0]!;
    await store.write(snapshotWith('grep', g, [{ provider: 'aws', note: seeded[1] } as unknown as Inventory]));
    const bytes = readFileSync(path.join(dir, 'snapshots', 'grep.lps'));
    for (const s of seeded) {
      expect(bytes.includes(Buffer.from(s, 'utf8')), s).toBe(true);
      expect(bytes.toString('utf8')).toContain(s);
    }
  });

  it('a store written before the binary format: its JSON snapshots still read, new ones are binary, both listed', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'snapshots'), { recursive: true });
    const old = snapshotWith('2025-old', snapshotOf('x', 3).graph, [{ provider: 'kubernetes', clusters: [] } as unknown as Inventory]);
    writeFileSync(path.join(dir, 'snapshots', '2025-old.json'), JSON.stringify(old));
    const summary = { id: old.id, createdAt: old.createdAt, file: 'snapshots/2025-old.json', nodes: 2, edges: 3, providers: ['kubernetes'], sources: 1 };
    writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 1, latest: old.id, snapshots: [summary] }, null, 2));
    const store = new SnapshotStore(dir);
    expect(await store.read()).toStrictEqual(old);
    const view = await store.readGraph();
    expect(view.graph).toStrictEqual(old.graph);
    expect(view.providers).toEqual(['kubernetes']);
    expect(await view.inventories()).toStrictEqual(old.inventories);
    await store.write(snapshotWith('2026-new', snapshotOf('y', 1).graph, []));
    const index = await store.readIndex();
    expect(index.snapshots.map((s) => s.file)).toEqual(['snapshots/2025-old.json', path.join('snapshots', '2026-new.lps')]);
    expect(await store.read('2025-old')).toStrictEqual(old);
    expect((await store.read()).id).toBe('2026-new');
  });
});
