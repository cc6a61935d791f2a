import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandHubs, isHub } from '../../src/model/hubs.js';
import { analyse } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/config.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { TRAVERSABLE_EDGE_KINDS } from '../../src/model/catalogue/index.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, loadNamedQueries, namedQuery, queriesDir } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { connect, tieBreakGraph, uniqueGraph } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('queries/*.cypher headers', () => {
  it('every file is named after its query, says what it answers, and shows the Browser :param line for all its parameters', () => {
    const files = readdirSync(queriesDir()).filter((f) => f.endsWith('.cypher'));
    const queries = loadNamedQueries();
    expect(queries.map((q) => `${q.name}.cypher`)).toEqual(files.sort());
    for (const q of queries) {
      expect(q.answers.length, q.name).toBeGreaterThan(40);
      expect(q.params.map((p) => p.name)).toContain('graph');
      const browser = /^\/\/ Neo4j Browser: :param \{(.*)\}$/m.exec(readFileSync(q.file, 'utf8'));
      expect(browser, q.name).not.toBeNull();
      for (const p of q.params) expect(browser![1], `${q.name} ${p.name}`).toContain(`${p.name}:`);
      for (const used of q.cypher.matchAll(/\$(\w+)/g))
        expect(
          q.params.map((p) => p.name),
          `${q.name} uses $${used[1]}`,
        ).toContain(used[1]);
    }
  });

  it('binds typed parameters with defaults', () => {
    const q = namedQuery('blast-radius');
    expect(bindParams(q, { credential: 'AKIA' })).toEqual({ credential: 'AKIA', maxHops: neo4j.int(8) });
    expect(() => bindParams(q, { credential: 'x', nope: '1' })).toThrow(
      /blast-radius has no parameter "nope"; it takes graph, credential, maxHops/,
    );
  });
});

describe('named queries answer like the engines', () => {
  let graph: AttackGraph;
  let conn: Neo4jConnection;
  let ties: Neo4jConnection;
  let engine: EmbeddedEngine;
  const run = async (c: Neo4jConnection, name: string, params: Record<string, string> = {}) => {
    const q = namedQuery(name);
    const { records } = await c.read(q.cypher, bindParams(q, params));
    return records.map((r) => r.toObject() as Record<string, unknown>);
  };
  const num = (v: unknown) => neo4j.integer.toNumber(v as number);

  beforeAll(async () => {
    graph = analyse((await readInputs([path.join(ROOT, 'examples/demo-estate')])).inventories).graph;
    engine = new EmbeddedEngine(graph, await loadConfig(path.join(ROOT, 'examples/demo-config.yaml')));
    conn = await connect(uniqueGraph('queries'));
    await pushGraph(conn, graph);
    ties = await connect(uniqueGraph('queries-ties'));
    await pushGraph(ties, tieBreakGraph());
  });

  afterAll(async () => {
    for (const c of [conn, ties]) {
      await c?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
      await c?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
      await c?.close();
    }
  });

  it('blast-radius reaches what blast reaches, at the same hops (by key id too)', async () => {
    for (const c of await engine.credentials()) {
      const b = await engine.blast(c.id, { maxHops: 8 });
      const expected = Object.values(b.reachable)
        .flat()
        .map((r) => [r.id, r.hops])
        .sort();
      const rows = await run(conn, 'blast-radius', { credential: c.name.toLowerCase() });
      expect(rows.map((r) => [r.id, num(r.hops)]).sort(), c.id).toEqual(expected);
    }
  });

  it("credentials-reaching finds who-can-reach's credentials; shortest-paths starts with the shortest path", async () => {
    for (const jewel of graph.nodes.filter((n) => n.tierZero)) {
      const who = await engine.whoCanReach(jewel.id);
      const rows = await run(conn, 'credentials-reaching', { target: jewel.id });
      expect(
        rows.map((r) => [r.credential, num(r.hops)]),
        jewel.id,
      ).toEqual(who.credentials.map((c) => [c.id, c.hops]));
      for (const c of who.credentials) {
        const paths = await engine.paths(c.id, { to: jewel.id, k: 3, maxHops: 8 });
        const found = await run(conn, 'shortest-paths', { from: c.id, to: jewel.id });
        expect(num(found[0]!.hops)).toBe(paths.paths[0]!.hops);
        expect(found.length).toBeLessThanOrEqual(3);
      }
    }
  });

  it('tier-zero-exposure lists each credential with each tier-zero identity it reaches', async () => {
    const expected: [string, string, number][] = [];
    for (const c of await engine.credentials()) {
      for (const r of (await engine.blast(c.id, { maxHops: 8 })).reachable.identities.filter(
        (i) => i.tierZero,
      ))
        expected.push([c.id, r.id, r.hops]);
    }
    const rows = await run(conn, 'tier-zero-exposure');
    expect(rows.map((r) => [r.credential, r.tierZeroIdentity, num(r.hops)]).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it('cross-boundary-edges lists the traversable edges between accounts or clouds', async () => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    // A hub is no edge end: the edges it stands for are listed (the demo estate folds CAN_ASSUME).
    expect(graph.nodes.some(isHub)).toBe(true);
    const expected = expandHubs(graph).edges
      .filter((e) => TRAVERSABLE_EDGE_KINDS.has(e.kind))
      .filter(
        (e) =>
          byId.get(e.source)!.provider !== byId.get(e.target)!.provider ||
          (byId.get(e.source)!.scope ?? '') !== (byId.get(e.target)!.scope ?? ''),
      )
      .map((e) => [e.source, e.kind, e.target])
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const rows = await run(conn, 'cross-boundary-edges');
    expect(rows.map((r) => [r.source, r.edge, r.target]).sort()).toEqual(expected);
  });

  it('exposed-credentials names the readers of a stored credential other than its own identity', async () => {
    const rows = await run(ties, 'exposed-credentials');
    expect(rows).toEqual([
      {
        credential: 'key2',
        authenticatesAs: 'c',
        location: 'vault',
        locationType: 'aws:secretsmanager:secret',
        reader: 'd',
        technique: 'aws:secretsmanager:GetSecretValue',
        conditional: false,
      },
    ]);
  });
});
