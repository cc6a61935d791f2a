import type { GraphEdge, GraphNode } from '../model/graph.js';
import { decodeEdge, decodeNode } from './codec.js';
import type { Neo4jConnection } from './connection.js';
import { NODE_LABEL, traversableTypes } from './schema.js';
import type { ShortestSearch } from '../query/k-shortest.js';
import { pathTo } from '../query/tree-paths.js';

export { pathFrom, pathTo } from '../query/tree-paths.js';

/**
 * Path finding on the server, one Cypher query per breadth-first layer, with the tie-breaks of
 * the embedded engine (src/query/embedded/shortest-tree.ts) applied here in TypeScript: among
 * equally short ways into a node, fewest conditional edges, then the smallest edge id, compared
 * with JavaScript string order. Cypher's string order and `SHORTEST` pick among equals in their
 * own way, so leaving the choice to the server would give different (equally short) paths.
 * Only the frontier and the chosen tree live here, never the graph.
 */

export interface LightEdge {
  id: string;
  source: string;
  target: string;
  conditional: boolean;
}

export interface TreeEntry {
  hops: number;
  conditionals: number;
  via?: LightEdge;
}

export type Tree = Map<string, TreeEntry>;
export type Direction = 'outbound' | 'inbound';

const CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function expandQuery(direction: Direction): string {
  const pattern =
    direction === 'outbound' ? `(a)-[r:${traversableTypes()}]->(b)` : `(a)<-[r:${traversableTypes()}]-(b)`;
  const [source, target] = direction === 'outbound' ? ['a', 'b'] : ['b', 'a'];
  return [
    'UNWIND $frontier AS id',
    `MATCH (a:${NODE_LABEL} {graph: $graph, id: id})`,
    `MATCH ${pattern}`,
    'WHERE b <> a',
    `RETURN a.id AS from, r.id AS edge, ${source}.id AS source, ${target}.id AS target, r.conditional AS conditional`,
  ].join('\n');
}

const queries = new Map<Direction, string>();
const expand = (d: Direction) => queries.get(d) ?? (queries.set(d, expandQuery(d)), queries.get(d)!);

export async function shortestTree(
  conn: Neo4jConnection,
  starts: readonly string[],
  direction: Direction,
  maxHops = Infinity,
  blocked?: { nodes?: ReadonlySet<string>; edges?: ReadonlySet<string> },
  /** Stop after the layer that reaches this node: later layers cannot change its entry. */
  stopAt?: string,
): Promise<Tree> {
  const tree: Tree = new Map();
  let frontier = [...new Set(starts)];
  for (const s of frontier) tree.set(s, { hops: 0, conditionals: 0 });
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    if (stopAt !== undefined && tree.has(stopAt)) break;
    const next = new Map<string, TreeEntry>();
    for (const ids of chunks(frontier)) {
      const { records } = await conn.read(expand(direction), { frontier: ids });
      for (const record of records) {
        const edge: LightEdge = {
          id: record.get('edge'),
          source: record.get('source'),
          target: record.get('target'),
          conditional: record.get('conditional') === true,
        };
        const neighbour = direction === 'outbound' ? edge.target : edge.source;
        if (tree.has(neighbour) || blocked?.nodes?.has(neighbour) || blocked?.edges?.has(edge.id)) continue;
        const here = tree.get(record.get('from') as string)!;
        const candidate: TreeEntry = {
          hops,
          conditionals: here.conditionals + (edge.conditional ? 1 : 0),
          via: edge,
        };
        const best = next.get(neighbour);
        if (
          !best ||
          candidate.conditionals < best.conditionals ||
          (candidate.conditionals === best.conditionals && edge.id < best.via!.id)
        ) {
          next.set(neighbour, candidate);
        }
      }
    }
    for (const [node, entry] of next) tree.set(node, entry);
    frontier = [...next.keys()];
  }
  return tree;
}

/** Whether the search stopped at maxHops with edges leading further (src/query/embedded/shortest-tree.ts). */
export async function searchWasCut(conn: Neo4jConnection, tree: Tree, direction: Direction, maxHops: number, blockedEdges?: ReadonlySet<string>): Promise<boolean> {
  if (!Number.isFinite(maxHops)) return false;
  const last = [...tree].filter(([, e]) => e.hops === maxHops).map(([id]) => id);
  for (const ids of chunks(last)) {
    const { records } = await conn.read(expand(direction), { frontier: ids });
    if (records.some((r) => !blockedEdges?.has(r.get('edge')) && !tree.has(direction === 'outbound' ? r.get('target') : r.get('source')))) return true;
  }
  return false;
}

async function shortest(
  conn: Neo4jConnection,
  from: string,
  to: string,
  maxHops: number,
  blockedNodes: Set<string>,
  blockedEdges: Set<string>,
): Promise<LightEdge[] | undefined> {
  if (from === to) return [];
  const tree = await shortestTree(
    conn,
    [from],
    'outbound',
    maxHops,
    { nodes: blockedNodes, edges: blockedEdges },
    to,
  );
  return tree.has(to) ? pathTo(tree, to) : undefined;
}

/** Yen's algorithm (src/query/k-shortest.ts) with each spur search run on the server. */
export function serverShortest(conn: Neo4jConnection, without: ReadonlySet<string> = new Set()): ShortestSearch<LightEdge> {
  return (from, to, maxHops, blockedNodes, blockedEdges) => shortest(conn, from, to, maxHops, new Set(blockedNodes), new Set([...without, ...blockedEdges]));
}

export async function fetchNodes(
  conn: Neo4jConnection,
  ids: Iterable<string>,
): Promise<Map<string, GraphNode>> {
  const nodes = new Map<string, GraphNode>();
  for (const batch of chunks([...new Set(ids)])) {
    const { records } = await conn.read(
      `UNWIND $ids AS id MATCH (n:${NODE_LABEL} {graph: $graph, id: id}) RETURN properties(n) AS p`,
      { ids: batch },
    );
    for (const r of records) {
      const node = decodeNode(r.get('p'));
      nodes.set(node.id, node);
    }
  }
  return nodes;
}

/** Full edges (evidence and all) for the few the answer shows; the search itself carries only ids. */
export async function fetchEdges(
  conn: Neo4jConnection,
  edges: Iterable<LightEdge>,
): Promise<Map<string, GraphEdge>> {
  const wanted = new Map<string, LightEdge>();
  for (const e of edges) wanted.set(e.id, e);
  const out = new Map<string, GraphEdge>();
  for (const batch of chunks([...wanted.values()])) {
    const { records } = await conn.read(
      `UNWIND $edges AS e
       MATCH (a:${NODE_LABEL} {graph: $graph, id: e.source})-[r]->(b:${NODE_LABEL} {graph: $graph, id: e.target})
       WHERE r.id = e.id
       RETURN type(r) AS kind, a.id AS source, b.id AS target, properties(r) AS p`,
      { edges: batch.map(({ id, source, target }) => ({ id, source, target })) },
    );
    for (const r of records) {
      const edge = decodeEdge(r.get('kind'), r.get('source'), r.get('target'), r.get('p'));
      out.set(edge.id, edge);
    }
  }
  for (const id of wanted.keys())
    if (!out.has(id)) throw new Error(`edge ${id} vanished from the server during the query`);
  return out;
}
