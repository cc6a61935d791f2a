import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../model/graph.js';
import { crownJewelReason } from '../crown-jewels.js';
import { EmbeddedEngine } from '../embedded/engine.js';
import { loadTraversalGraph } from '../embedded/load.js';
import { pathTo, shortestTree } from '../embedded/shortest-tree.js';
import { fixUnitsOf } from './fix-units.js';
import { unfoldHalves } from '../../model/hubs.js';

/**
 * The searches choke points need, so the ranking and its proof by removal are one implementation
 * over either engine: the embedded graph here, Cypher on the server in src/neo4j/chokepoint-search.ts.
 * Both break ties between equally short ways alike, so both give the same ranking.
 */
export interface ChokepointSearch {
  /** Every credential of the graph. */
  credentials(): Promise<GraphNode[]>;
  /** The credential's reachable crown jewels (the whole graph, no hop limit), each with its shortest way. */
  jewelWays(credential: GraphNode): Promise<{ jewel: GraphNode; edges: GraphEdge[] }[]>;
  /** What the credential still reaches when these edges are gone. */
  reached(credential: string, blocked: ReadonlySet<string>): Promise<ReadonlySet<string>>;
  /** Every traversable edge citing each fix id. */
  edgesCiting(units: readonly string[]): Promise<Map<string, GraphEdge[]>>;
  /**
   * The edges as the unfolded graph has them (src/model/hubs.ts unfoldHalves): a choke point lists
   * the edges a hub stands for, never a half into or out of one. Blocking the halves themselves
   * blocks exactly those edges, so searches take the halves.
   */
  unfold(edges: readonly GraphEdge[]): Promise<GraphEdge[]>;
  /** Node names, for the edges a choke point lists. */
  names(ids: readonly string[]): Promise<Map<string, string>>;
  /** The credential's risk score (blast), without some edges when given. */
  riskScore(credential: string, blocked?: ReadonlySet<string>): Promise<number>;
}

/** Choke-point searches over a graph in memory. */
export function embeddedChokepointSearch(graph: AttackGraph, config: Config, options: { at?: Date } = {}): ChokepointSearch {
  const g = loadTraversalGraph(graph);
  const engine = new EmbeddedEngine(graph, config, options);
  let lastBlocked: { set: ReadonlySet<string>; engine: EmbeddedEngine } | undefined;
  return {
    credentials: async () => graph.nodes.filter((n) => n.kind === 'Credential'),
    async jewelWays(c) {
      const tree = shortestTree(g, [c.id], 'outbound');
      return [...tree.keys()]
        .filter((id) => id !== c.id)
        .map((id) => g.getNodeAttributes(id))
        .filter((n) => crownJewelReason(n, config) !== undefined)
        .map((jewel) => ({ jewel, edges: pathTo(tree, jewel.id) }));
    },
    reached: async (credential, blocked) => new Set(shortestTree(g, [credential], 'outbound', Infinity, { edges: blocked }).keys()),
    async edgesCiting(units) {
      const wanted = new Set(units);
      const out = new Map<string, GraphEdge[]>(units.map((u) => [u, []]));
      g.forEachEdge((_k, e) => {
        for (const u of fixUnitsOf(e)) if (wanted.has(u.id)) out.get(u.id)!.push(e);
      });
      return out;
    },
    unfold: async (edges) =>
      unfoldHalves(
        edges,
        (hub) => g.mapOutEdges(hub, (_k, e: GraphEdge) => e),
        (hub) => g.mapInEdges(hub, (_k, e: GraphEdge) => e),
        (id) => g.hasEdge(id),
      ),
    names: async (ids) => new Map(ids.map((id) => [id, g.getNodeAttributes(id).name])),
    async riskScore(credential, blocked) {
      if (!blocked?.size) return (await engine.blast(credential)).risk.score;
      // One candidate's credentials are scored against the same set in a row: build its engine once.
      if (lastBlocked?.set !== blocked) lastBlocked = { set: blocked, engine: new EmbeddedEngine({ nodes: graph.nodes, edges: graph.edges.filter((e) => !blocked.has(e.id)) }, config, options) };
      return (await lastBlocked.engine.blast(credential)).risk.score;
    },
  };
}
