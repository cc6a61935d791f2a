import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { Neo4jEngine } from '../../src/neo4j/engine.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { findChokepoints } from '../../src/query/chokepoints/chokepoints.js';
import { withoutEdges } from '../../src/query/chokepoints/without.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { connect, uniqueGraph } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The analysis time the push records: both engines judge credential age and expiry as of it. */
const AT = new Date('2026-06-01T00:00:00Z');

/** Choke points and what-if (`--without`) on the server answer as the embedded engine does. */
describe('choke points and --without on Neo4j: the demo estate', () => {
  let graph: AttackGraph;
  let config: Config;
  let conn: Neo4jConnection;
  let name: string;
  const open = async (without: string[] = []) => Neo4jEngine.open(await connect(name), config, { without });

  beforeAll(async () => {
    graph = analyse((await readInputs([path.join(ROOT, 'examples/demo-estate')])).inventories).graph;
    config = await loadConfig(path.join(ROOT, 'examples/demo-config.yaml'));
    name = uniqueGraph('chokepoints');
    conn = await connect(name);
    await pushGraph(conn, graph, { analysedAt: AT.toISOString() });
  });

  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('ranks the same choke points, cutting the same paths', async () => {
    const embedded = await findChokepoints(graph, config, { top: 20, at: AT });
    const engine = await open();
    try {
      expect(await engine.chokepoints({ top: 20 })).toStrictEqual(embedded);
    } finally {
      await engine.close();
    }
    // Otherwise the comparison would prove little.
    expect(embedded.chokepoints.length).toBeGreaterThan(2);
    expect(embedded.chokepoints[0]!.pathsCut).toBeGreaterThan(0);
  });

  it('--without the top fix: the same blast radius for every credential, the cut paths gone, and the same re-ranking', async () => {
    const top = (await findChokepoints(graph, config, { top: 1, at: AT })).chokepoints[0]!;
    const after = withoutEdges(graph, [top.id]);
    const embedded = new EmbeddedEngine(after.graph, config, { at: AT });
    const engine = await open([top.id]);
    try {
      expect(engine.withoutCount).toBe(after.removed.length);
      for (const c of graph.nodes.filter((n) => n.kind === 'Credential')) {
        const blast = await embedded.blast(c.id);
        expect(await engine.blast(c.id), c.id).toStrictEqual(blast);
        if (blast.risk.level !== 'none') expect(blast.risk.factors.map((f) => f.factor), c.id).toContain('no-expiry');
        for (const p of top.paths.filter((x) => x.credential.id === c.id)) {
          expect(blast.crownJewels.map((j) => j.id)).not.toContain(p.jewel.id);
        }
      }
      const from = top.paths[0]!.credential.id;
      expect(await engine.paths(from, { k: 3, maxHops: 8 })).toStrictEqual(await embedded.paths(from, { k: 3, maxHops: 8 }));
      const jewel = top.paths[0]!.jewel.id;
      expect(await engine.whoCanReach(jewel)).toStrictEqual(await embedded.whoCanReach(jewel));
      expect(await engine.chokepoints({ top: 20 })).toStrictEqual(await findChokepoints(after.graph, config, { top: 20, at: AT }));
    } finally {
      await engine.close();
    }
  });

  it('--without a technique, an edge id, and a reference that names nothing (the same usage error)', async () => {
    const edge = graph.edges.find((e) => e.kind === 'CAN_ASSUME')!;
    for (const spec of [edge.technique, edge.id]) {
      const engine = await open([spec]);
      await engine.close();
      expect(engine.withoutCount, spec).toBe(withoutEdges(graph, [spec]).removed.length);
    }
    const typo = 'trust-policy:arn:aws:iam::111111111111:role/nope trust policy:#0';
    expect(() => withoutEdges(graph, [typo])).toThrow(/names no edge id, technique or evidence reference/);
    await expect(open([typo])).rejects.toThrow(/names no edge id, technique or evidence reference/);
  });

  it('a graph pushed without fix ids (an older leakpath) is told to push again', async () => {
    const top = (await findChokepoints(graph, config, { top: 1, at: AT })).chokepoints[0]!;
    await conn.write('MATCH ()-[r {graph: $graph}]->() REMOVE r.fixUnits');
    await expect(open([top.id])).rejects.toThrow(/pushed by an older leakpath.*leakpath neo4j push/);
  });
});

/**
 * A hub-folded estate (src/model/hubs.ts): the server lists the edges a fix removes as the
 * unfolded graph has them, as the embedded engine does, never a half into or out of a hub.
 */
describe('choke points on Neo4j: an assume-role hub', () => {
  const A = '123456789012';
  let graph: AttackGraph;
  let conn: Neo4jConnection;
  let name: string;
  const config: Config = { crownJewels: [] };

  beforeAll(async () => {
    const { accessKeys, allow, doc, gaad, role, user } = await import('../helpers/aws-estate.js');
    const { readInputsFromJson } = await import('../helpers/inputs.js');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
    const read = readInputsFromJson({
      'g.json': gaad({
        users: ['ci-0', 'ci-1', 'ci-2'].map((n) => user(A, n, { inline: { any: doc(allow('sts:AssumeRole', '*')) } })),
        roles: ['app-0', 'app-1', 'app-2'].map((n, i) => role(A, n, trust, i === 2 ? { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] } : {})),
      }),
      'k.json': accessKeys('ci-0', { id: 'AKIAFOLD000000000000' }),
    });
    graph = analyse(read.inventories, { at: AT }).graph;
    expect(graph.nodes.some((n) => n.kind === 'Hub')).toBe(true);
    name = uniqueGraph('chokepoints-hub');
    conn = await connect(name);
    await pushGraph(conn, graph, { analysedAt: AT.toISOString() });
  });

  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('lists the edges the hub stands for, as the embedded engine does', async () => {
    const embedded = await findChokepoints(graph, config, { top: 20, at: AT });
    expect(embedded.chokepoints.length).toBeGreaterThan(0);
    expect(embedded.chokepoints.flatMap((c) => c.edges).some((e) => e.from.startsWith('hub:') || e.to.startsWith('hub:'))).toBe(false);
    const engine = await Neo4jEngine.open(await connect(name), config);
    try {
      expect(await engine.chokepoints({ top: 20 })).toStrictEqual(embedded);
    } finally {
      await engine.close();
    }
  });
});
