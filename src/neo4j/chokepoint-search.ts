import type { Config } from '../config/config.js';
import type { GraphEdge } from '../model/graph.js';
import type { ChokepointSearch } from '../query/chokepoints/search.js';
import { crownJewelReason } from '../query/crown-jewels.js';
import { decodeEdge, decodeNode } from './codec.js';
import type { Neo4jConnection } from './connection.js';
import type { Neo4jEngine } from './engine.js';
import { NODE_LABEL, traversableTypes } from './schema.js';
import { farHalves, fetchEdges, fetchNodes, pathTo, shortestTree, type LightEdge } from './traverse.js';
import { composeThroughHub, isHubId, unfoldHalves } from '../model/hubs.js';
import { hubPairHalves } from './without.js';
import { fixUnitsOf } from '../query/chokepoints/fix-units.js';

/**
 * A what-if that takes out an edge a hub stands for splits its caller's half, as the embedded
 * what-if does (src/query/chokepoints/without.ts): the half is gone and the caller's other pairs
 * through the hub are edges of their own, which a fix citing either half's references removes.
 */
async function splitHalves(conn: Neo4jConnection, without: ReadonlySet<string>): Promise<{ halves: Set<string>; pairs: GraphEdge[] }> {
  const found = await hubPairHalves(conn, [...without]);
  const halves = new Set<string>();
  const pairs: GraphEdge[] = [];
  for (const h of found) {
    const into = decodeEdge(h.kind, h.source, h.hub, h.props);
    if (halves.has(into.id)) continue;
    halves.add(into.id);
    const { records } = await conn.read(
      `MATCH (h:${NODE_LABEL} {graph: $graph, id: $hub})-[o]->(b:${NODE_LABEL}) RETURN type(o) AS kind, b.id AS target, properties(o) AS p`,
      { hub: h.hub },
    );
    for (const r of records) {
      const pair = composeThroughHub(into, decodeEdge(r.get('kind'), h.hub, r.get('target'), r.get('p')));
      if (pair && !without.has(pair.id)) pairs.push(pair);
    }
  }
  return { halves, pairs };
}

/**
 * Choke-point searches on the server (docs/reports.md): breadth-first layers in Cypher with the
 * embedded engine's tie-breaks, and the edges a fix removes found by the fix ids written on each
 * relationship at push time. Only the credentials, the reached crown jewels, the edges on their
 * shortest ways and the candidates' edges are fetched, never the whole graph.
 */
export function neo4jChokepointSearch(conn: Neo4jConnection, engine: Neo4jEngine, config: Config, without: ReadonlySet<string>): ChokepointSearch {
  const blockedWith = (more?: ReadonlySet<string>) => (more?.size ? new Set([...without, ...more]) : without);
  let splitting: ReturnType<typeof splitHalves> | undefined;
  return {
    async credentials() {
      const { records } = await conn.read(`MATCH (n:${NODE_LABEL} {graph: $graph, kind: 'Credential'}) RETURN properties(n) AS p ORDER BY n.seq`);
      return records.map((r) => decodeNode(r.get('p')));
    },
    async jewelWays(c) {
      const tree = await shortestTree(conn, [c.id], 'outbound', Infinity, { edges: without });
      const nodes = await fetchNodes(conn, [...tree.keys()].filter((id) => id !== c.id));
      const jewels = [...nodes.values()].filter((n) => crownJewelReason(n, config) !== undefined);
      const light = new Map(jewels.map((j) => [j.id, pathTo(tree, j.id)]));
      const edges = await fetchEdges(conn, [...light.values()].flat());
      return jewels.map((jewel) => ({ jewel, edges: light.get(jewel.id)!.map((e) => edges.get(e.id)!) }));
    },
    reached: async (credential, blocked) => new Set((await shortestTree(conn, [credential], 'outbound', Infinity, { edges: blockedWith(blocked) })).keys()),
    async edgesCiting(units) {
      const out = new Map<string, GraphEdge[]>(units.map((u) => [u, []]));
      if (units.length === 0) return out;
      const split = await (splitting ??= splitHalves(conn, without));
      for (const pair of split.pairs) for (const u of fixUnitsOf(pair)) out.get(u.id)?.push(pair);
      const { records } = await conn.read(
        `MATCH (a:${NODE_LABEL} {graph: $graph})-[r:${traversableTypes()}]->(b)
         WHERE a <> b AND any(u IN r.fixUnits WHERE u IN $units) AND NOT r.id IN $without
         RETURN type(r) AS kind, a.id AS source, b.id AS target, properties(r) AS p`,
        { units: [...units], without: [...without] },
      );
      for (const r of records) {
        const edge = decodeEdge(r.get('kind'), r.get('source'), r.get('target'), r.get('p'));
        if (split.halves.has(edge.id)) continue;
        for (const u of r.get('p').fixUnits as string[]) out.get(u)?.push(edge);
      }
      return out;
    },
    async unfold(edges) {
      const hubs = (end: 'source' | 'target') => [...new Set(edges.map((e) => e[end]).filter(isHubId))];
      const into = hubs('target');
      const outOf = hubs('source');
      if (into.length + outOf.length === 0) return [...edges];
      // The far halves, with their evidence; those the what-if removed are not there.
      const [outs, ins] = await Promise.all([farHalves(conn, 'outbound', into), farHalves(conn, 'inbound', outOf)]);
      const light = [...outs.values(), ...ins.values()].flat().filter((e: LightEdge) => !without.has(e.id));
      const full = await fetchEdges(conn, light);
      const halves = (m: Map<string, LightEdge[]>) => (hub: string) => (m.get(hub) ?? []).flatMap((e) => full.get(e.id) ?? []);
      return unfoldHalves(edges, halves(outs), halves(ins), (id) => without.has(id));
    },
    names: async (ids) => new Map([...(await fetchNodes(conn, ids))].map(([id, n]) => [id, n.name])),
    riskScore: async (credential, blocked) => (await engine.alsoWithout(blocked ?? new Set()).blast(credential)).risk.score,
  };
}
