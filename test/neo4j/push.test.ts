import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { UsageError } from '../../src/errors.js';
import type { AttackGraph, GraphNode } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { Neo4jEngine } from '../../src/neo4j/engine.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { fetchEdges, fetchNodes } from '../../src/neo4j/traverse.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { connect, dump, tieBreakGraph, uniqueGraph } from './helpers.js';

const opened: Neo4jConnection[] = [];
async function fresh(prefix: string): Promise<Neo4jConnection> {
  const conn = await connect(uniqueGraph(prefix));
  opened.push(conn);
  return conn;
}
afterAll(async () => {
  for (const conn of opened) {
    await conn.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn.close();
  }
});

/** Every constraint's and index's name in the database. */
async function schemaNames(conn: Neo4jConnection): Promise<string[]> {
  const names = async (show: string) => (await conn.read(`${show} YIELD name RETURN collect(name) AS names`)).records[0]!.get('names') as string[];
  return [...(await names('SHOW CONSTRAINTS')), ...(await names('SHOW INDEXES'))];
}

const clone = (g: AttackGraph): AttackGraph => JSON.parse(JSON.stringify(g));

/** Every value shape a source may hand us, including names that clash with leakpath's own properties. */
function awkwardNode(): GraphNode {
  return {
    id: 'arn:aws:iam::111111111111:user/Ünïcode ✓',
    kind: 'Identity',
    provider: 'aws',
    type: 'aws:iam:user',
    name: 'Ünïcode ✓',
    scope: '111111111111',
    tags: { 'aws:cloudformation:stack-name': 'x=y', empty: '' },
    aliases: [],
    props: {
      count: 42,
      big: 2 ** 53 - 1,
      negative: -7,
      ratio: 0.25,
      huge: 1e300,
      createDate: '2024-02-29T23:59:59.123+05:30',
      enabled: false,
      none: null,
      list: ['a', 'b'],
      emptyList: [],
      nested: { a: [1, { b: null }] } as never,
      numbers: [1, 2.5] as never,
      id: 'a prop called id',
      prop_id: 'a prop called prop_id',
      lastupdated: 'not the sync stamp',
    },
    tierZero: {
      reason: 'admin',
      technique: 'aws:iam:AdministratorAccess',
      evidence: { summary: 's', refs: [{ type: 'identity-policy', source: 'p' }], assumptions: ['a'] },
      conditional: true,
    },
  };
}

describe('neo4j push', () => {
  it('creates the uniqueness constraints and indexes first, none on relationships, and loads losslessly', async () => {
    const conn = await fresh('lossless');
    const graph = tieBreakGraph();
    graph.nodes.push(awkwardNode());
    await pushGraph(conn, graph);

    expect(await schemaNames(conn)).toEqual(
      expect.arrayContaining(['leakpath_node_key', 'leakpath_node_lastupdated', 'leakpath_sync_run_key']),
    );
    expect((await schemaNames(conn)).filter((n) => n.startsWith('leakpath_rel_'))).toEqual([]);

    const nodes = await fetchNodes(
      conn,
      graph.nodes.map((n) => n.id),
    );
    expect([...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toStrictEqual(
      [...graph.nodes].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const edges = await fetchEdges(conn, graph.edges);
    expect(graph.edges.map((e) => edges.get(e.id))).toStrictEqual(graph.edges);

    // Whole numbers are Neo4j Integers (not 42.0), one label per kind plus the common one.
    const { records } = await conn.read(
      'MATCH (n:LeakpathNode {graph: $graph, id: $id}) RETURN labels(n) AS labels, valueType(n.count) AS count, valueType(n.ratio) AS ratio, valueType(n.lastupdated) AS stamp, n.prop_lastupdated AS clash',
      { id: awkwardNode().id },
    );
    expect(records[0]!.get('labels')).toEqual(expect.arrayContaining(['LeakpathNode', 'Identity']));
    expect(records[0]!.get('count')).toBe('INTEGER NOT NULL');
    expect(records[0]!.get('ratio')).toBe('FLOAT NOT NULL');
    expect(records[0]!.get('stamp')).toBe('INTEGER NOT NULL');
    expect(records[0]!.get('clash')).toBe('not the sync stamp');

    const rel = await conn.read(
      'MATCH ()-[r:CAN_ASSUME {graph: $graph}]->() WHERE r.conditional RETURN r LIMIT 1',
    );
    const r = rel.records[0]!.get('r') as { properties: Record<string, unknown> };
    expect(r.properties).toMatchObject({
      technique: 'aws:sts:AssumeRole',
      conditional: true,
      traversable: true,
      layer: 'attack',
    });
    expect(JSON.parse(r.properties.evidence as string)).toMatchObject({ summary: expect.any(String) });
    const base = await conn.read('MATCH ()-[r:MEMBER_OF {graph: $graph}]->() RETURN r.traversable AS t');
    expect(base.records.map((x) => x.get('t'))).toEqual([false]);
  });

  it('pushing the same graph twice leaves the same graph, keeping firstseen', async () => {
    const conn = await fresh('twice');
    const graph = tieBreakGraph();
    const first = await pushGraph(conn, graph);
    const before = await dump(conn);
    const stamps = async () =>
      (
        await conn.read(
          'MATCH (n:LeakpathNode {graph: $graph, id: "key"}) RETURN n.firstseen AS f, n.lastupdated AS l',
        )
      ).records[0]!;
    const s1 = await stamps();
    const second = await pushGraph(conn, graph);
    expect(await dump(conn)).toStrictEqual(before);
    expect(second).toMatchObject({
      nodes: graph.nodes.length,
      relationships: graph.edges.length,
      staleNodesDeleted: 0,
      staleRelationshipsDeleted: 0,
    });
    expect(second.tag).toBeGreaterThan(first.tag);
    const s2 = await stamps();
    expect(neo4j.integer.toNumber(s2.get('f'))).toBe(neo4j.integer.toNumber(s1.get('f')));
    expect(neo4j.integer.toNumber(s2.get('l'))).toBe(second.tag);
    const runs = await conn.read(
      'MATCH (s:LeakpathSyncRun {graph: $graph}) RETURN s.status AS status ORDER BY s.tag',
    );
    expect(runs.records.map((x) => x.get('status'))).toEqual(['complete', 'complete']);
  });

  it('re-pushes with many small batches in flight leave one relationship per edge id', async () => {
    const conn = await fresh('one-per-id');
    const graph = tieBreakGraph();
    const options = { batchSize: 2, inFlight: 4 };
    await pushGraph(conn, graph, options);
    const again = await pushGraph(conn, graph, options);
    expect(again.fresh).toBe(false);
    const { records } = await conn.read(
      'MATCH (:LeakpathNode {graph: $graph})-[r]->() RETURN r.id AS id, count(*) AS n ORDER BY id',
    );
    expect(records.map((r) => [r.get('id'), neo4j.integer.toNumber(r.get('n'))])).toEqual(
      graph.edges.map((e) => [e.id, 1]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
  });

  it('drops the relationship constraints and indexes an earlier leakpath created, and re-pushes over them', async () => {
    const conn = await fresh('obsolete-schema');
    const graph = tieBreakGraph();
    await pushGraph(conn, graph);
    // What the schema of an earlier leakpath created for each relationship type.
    await conn.write('CREATE CONSTRAINT leakpath_rel_member_of_key IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE (r.graph, r.id) IS UNIQUE');
    await conn.write('CREATE INDEX leakpath_rel_member_of_lastupdated IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.graph, r.lastupdated)');
    await conn.write('CALL db.awaitIndexes(300)');
    const before = await dump(conn);
    await pushGraph(conn, graph);
    const names = await schemaNames(conn);
    expect(names.filter((n) => n.startsWith('leakpath_rel_'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['leakpath_node_key', 'leakpath_node_lastupdated']));
    expect(await dump(conn)).toStrictEqual(before);
  });

  it('keeps an edge id that is not the standard kind|technique|source|target, on a first push and on a re-push', async () => {
    const conn = await fresh('custom-id');
    const graph = tieBreakGraph();
    graph.edges[0] = { ...graph.edges[0]!, id: 'folded|hub-edge|0' };
    await pushGraph(conn, graph);
    const ids = async () =>
      (await conn.read('MATCH (:LeakpathNode {graph: $graph})-[r]->() RETURN r.id AS id ORDER BY id')).records.map((r) => r.get('id') as string);
    const expected = graph.edges.map((e) => e.id).sort();
    expect(await ids()).toEqual(expected);
    expect((await fetchEdges(conn, [graph.edges[0]!])).get('folded|hub-edge|0')).toStrictEqual(graph.edges[0]);
    const again = await pushGraph(conn, graph);
    expect(again.fresh).toBe(false);
    expect(await ids()).toEqual(expected);
  });

  it('a changed estate replaces the previous push: stale nodes, edges, labels and properties go', async () => {
    const conn = await fresh('changed');
    const reference = await fresh('changed-ref');
    const before = tieBreakGraph();
    const after = clone(before);
    after.nodes = after.nodes.filter((n) => n.id !== 'f');
    after.edges = after.edges.filter(
      (e) => e.source !== 'f' && e.target !== 'f' && !(e.source === 'u' && e.target === 'a'),
    );
    const bucket = after.nodes.find((n) => n.id === 'bucket')!;
    bucket.kind = 'SecretLocation';
    const key = after.nodes.find((n) => n.id === 'key')!;
    delete key.props.age;
    delete key.aliases;
    after.edges.find((e) => e.conditional)!.evidence.summary = 'changed';
    after.nodes.push({
      id: 'newcomer',
      kind: 'Identity',
      provider: 'aws',
      type: 'aws:iam:role',
      name: 'newcomer',
      tags: {},
      props: {},
    });

    await pushGraph(conn, before);
    const stats = await pushGraph(conn, after);
    await pushGraph(reference, after);
    expect(stats.staleNodesDeleted).toBe(1);
    expect(stats.staleRelationshipsDeleted).toBe(3); // u→a, and f's MEMBER_OF and TRUSTS
    const strip = (d: Awaited<ReturnType<typeof dump>>) =>
      JSON.stringify(d).replaceAll(reference.graph, conn.graph);
    expect(JSON.stringify(await dump(conn))).toBe(strip(await dump(reference)));
    const labels = await conn.read(
      'MATCH (n:LeakpathNode {graph: $graph, id: "bucket"}) RETURN labels(n) AS l',
    );
    expect([...(labels.records[0]!.get('l') as string[])].sort()).toEqual(['LeakpathNode', 'SecretLocation']);

    // And the engine answers over the new estate only.
    const engine = await Neo4jEngine.open(await connect(conn.graph), EMPTY_CONFIG);
    try {
      expect(await engine.blast('key')).toStrictEqual(
        await new EmbeddedEngine(after, EMPTY_CONFIG).blast('key'),
      );
    } finally {
      await engine.close();
    }
  });

  it('keeps named graphs apart: a push replaces only its own graph', async () => {
    const one = await fresh('apart-1');
    const two = await fresh('apart-2');
    await pushGraph(one, tieBreakGraph());
    const before = await dump(one);
    const other = tieBreakGraph();
    other.nodes = other.nodes.slice(0, 3);
    other.edges = other.edges.filter(
      (e) => other.nodes.some((n) => n.id === e.source) && other.nodes.some((n) => n.id === e.target),
    );
    await pushGraph(two, other);
    expect(await dump(one)).toStrictEqual(before);
    expect((await dump(two)).nodes).toHaveLength(3);
  });

  it('refuses to start while another push of the graph holds a live lease, and the engine refuses meanwhile', async () => {
    const conn = await fresh('busy');
    await pushGraph(conn, tieBreakGraph());
    await conn.write(
      "CREATE (:LeakpathSyncRun {graph: $graph, tag: timestamp() + 1000, status: 'running', startedAt: datetime(), leaseUntil: timestamp() + 60000})",
    );
    await expect(pushGraph(conn, tieBreakGraph())).rejects.toThrow(/another push to graph .* is running/);
    await expect(Neo4jEngine.open(await connect(conn.graph), EMPTY_CONFIG)).rejects.toThrow(
      /is still running, so the graph mixes two pushes; wait for it/,
    );

    // A push that died (its lease ran out) blocks nobody: the next push repairs the graph.
    await conn.write(
      "MATCH (s:LeakpathSyncRun {graph: $graph, status: 'running'}) SET s.leaseUntil = timestamp() - 1",
    );
    await expect(Neo4jEngine.open(await connect(conn.graph), EMPTY_CONFIG)).rejects.toThrow(
      /was interrupted.*run `leakpath neo4j push` again/,
    );
    await pushGraph(conn, tieBreakGraph());
    const engine = await Neo4jEngine.open(await connect(conn.graph), EMPTY_CONFIG);
    await engine.close();
  });

  it('the engine refuses a graph nothing was pushed to', async () => {
    const err = await Neo4jEngine.open(await connect(uniqueGraph('empty')), EMPTY_CONFIG).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(
      /nothing has been pushed to graph "empty-[0-9a-f]+".*leakpath neo4j push/,
    );
  });

  it('refuses a graph with two edges of one id, before touching the server', async () => {
    const conn = await fresh('duplicate-edge');
    const graph = tieBreakGraph();
    const twin = graph.edges[1]!;
    graph.edges.push({ ...twin, evidence: { summary: 'the same id again', refs: [] } });
    await expect(pushGraph(conn, graph)).rejects.toThrow(
      `edges[${graph.edges.length - 1}] (${twin.id}): expected a unique edge id`,
    );
    expect((await dump(conn)).nodes).toEqual([]);
  });

  it('refuses a graph with an edge to a node it does not have, before touching the server', async () => {
    const conn = await fresh('dangling');
    const graph = tieBreakGraph();
    graph.edges.push({ ...graph.edges[0]!, id: 'dangling', target: 'nowhere' });
    await expect(pushGraph(conn, graph)).rejects.toThrow(
      /edges\[\d+\] \(dangling\): expected both ends among the nodes; "nowhere" is not/,
    );
    expect((await dump(conn)).nodes).toEqual([]);
  });
});
