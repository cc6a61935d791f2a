import type { Config } from '../config/config.js';
import type { GraphEdge } from '../model/graph.js';
import type { ChokepointSearch } from '../query/chokepoints/search.js';
import { crownJewelReason } from '../query/crown-jewels.js';
import { decodeEdge, decodeNode } from './codec.js';
import type { Neo4jConnection } from './connection.js';
import type { Neo4jEngine } from './engine.js';
import { NODE_LABEL, traversableTypes } from './schema.js';
import { farHalves, fetchEdges, fetchNodes, pathTo, shortestTree, type LightEdge } from './traverse.js';
import { isHubId, unfoldHalves } from '../model/hubs.js';

/**
 * Choke-point searches on the server (docs/reports.md): breadth-first layers in Cypher with the
 * embedded engine's tie-breaks, and the edges a fix removes found by the fix ids written on each
 * relationship at push time. Only the credentials, the reached crown jewels, the edges on their
 * shortest ways and the candidates' edges are fetched, never the whole graph.
 */
export function neo4jChokepointSearch(conn: Neo4jConnection, engine: Neo4jEngine, config: Config, without: ReadonlySet<string>): ChokepointSearch {
  const blockedWith = (more?: ReadonlySet<string>) => (more?.size ? new Set([...without, ...more]) : without);
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
      const { records } = await conn.read(
        `MATCH (a:${NODE_LABEL} {graph: $graph})-[r:${traversableTypes()}]->(b)
         WHERE a <> b AND any(u IN r.fixUnits WHERE u IN $units) AND NOT r.id IN $without
         RETURN type(r) AS kind, a.id AS source, b.id AS target, properties(r) AS p`,
        { units: [...units], without: [...without] },
      );
      for (const r of records) {
        const edge = decodeEdge(r.get('kind'), r.get('source'), r.get('target'), r.get('p'));
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
