import type { GraphEdge, GraphNode } from '../model/graph.js';
import { composeThroughHub, isHubId } from '../model/hubs.js';
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
  /** For an edge a hub stands for (src/model/hubs.ts): the half into the hub and the half out. */
  halves?: [LightEdge, LightEdge];
}

/** `into → hub → out` as the one edge it stands for (composeThroughHub's id and flag). */
export function composeLight(into: LightEdge, out: LightEdge): LightEdge | undefined {
  if (into.source === out.target) return undefined;
  return {
    id: `${into.id.slice(0, into.id.length - into.target.length)}${out.target}`,
    source: into.source,
    target: out.target,
    conditional: into.conditional || out.conditional,
    halves: [into, out],
  };
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
  const passed = new Set<string>();
  const pairwise = (blocked?.edges?.size ?? 0) > 0;
  const outbound = direction === 'outbound';
  const compose = (near: LightEdge, far: LightEdge) => (outbound ? composeLight(near, far) : composeLight(far, near));
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    if (stopAt !== undefined && tree.has(stopAt)) break;
    const next = new Map<string, TreeEntry>();
    const offer = (edge: LightEdge, neighbour: string, before: number) => {
      if (tree.has(neighbour) || blocked?.nodes?.has(neighbour) || blocked?.edges?.has(edge.id)) return;
      const candidate: TreeEntry = { hops, conditionals: before + (edge.conditional ? 1 : 0), via: edge };
      const best = next.get(neighbour);
      if (!best || candidate.conditionals < best.conditionals || (candidate.conditionals === best.conditionals && edge.id < best.via!.id)) {
        next.set(neighbour, candidate);
      }
    };
    // Halves into hubs, weighed as the embedded engine does (src/query/embedded/shortest-tree.ts).
    const near = new Map<string, { edge: LightEdge; before: number }[]>();
    for (const ids of chunks(frontier)) {
      for (const { from, edge } of await layer(conn, direction, ids)) {
        const neighbour = outbound ? edge.target : edge.source;
        const here = tree.get(from)!;
        if (!isHubId(neighbour)) {
          offer(edge, neighbour, here.conditionals);
          continue;
        }
        if (passed.has(neighbour) || blocked?.edges?.has(edge.id)) continue;
        near.set(neighbour, [...(near.get(neighbour) ?? []), { edge, before: here.conditionals }]);
      }
    }
    const farOf = await farHalves(conn, direction, [...near.keys()]);
    for (const [hub, halves] of near) {
      if (!pairwise) passed.add(hub);
      const counted = pairwise ? undefined : pickBest(halves, (h) => h.before + (h.edge.conditional ? 1 : 0));
      const before = pairwise ? undefined : pickBest(halves, (h) => h.before);
      for (const far of farOf.get(hub) ?? []) {
        if (blocked?.edges?.has(far.id)) continue;
        const n = outbound ? far.target : far.source;
        const chosen = pairwise ? halves : [far.conditional ? before! : counted!];
        for (const h of chosen) {
          const e = compose(h.edge, far);
          if (e) offer(e, n, h.before);
        }
      }
    }
    for (const [node, entry] of next) tree.set(node, entry);
    frontier = [...next.keys()];
  }
  return tree;
}

/** The half with the fewest conditionals by `cost`, then the smallest id: its pairs win every tie. */
function pickBest<H extends { edge: LightEdge }>(halves: readonly H[], cost: (h: H) => number): H {
  let best = halves[0]!;
  for (const h of halves) if (cost(h) < cost(best) || (cost(h) === cost(best) && h.edge.id < best.edge.id)) best = h;
  return best;
}

async function layer(conn: Neo4jConnection, direction: Direction, ids: string[]): Promise<{ from: string; edge: LightEdge }[]> {
  const { records } = await conn.read(expand(direction), { frontier: ids });
  return records.map((record) => ({
    from: record.get('from') as string,
    edge: { id: record.get('edge'), source: record.get('source'), target: record.get('target'), conditional: record.get('conditional') === true },
  }));
}

/** The edges on the far side of each hub: out of it (outbound), into it (inbound). */
export async function farHalves(conn: Neo4jConnection, direction: Direction, hubs: readonly string[]): Promise<Map<string, LightEdge[]>> {
  const out = new Map<string, LightEdge[]>();
  for (const ids of chunks(hubs)) {
    for (const { from, edge } of await layer(conn, direction, ids)) out.set(from, [...(out.get(from) ?? []), edge]);
  }
  return out;
}

/** Whether the search stopped at maxHops with edges leading further (src/query/embedded/shortest-tree.ts). */
export async function searchWasCut(conn: Neo4jConnection, tree: Tree, direction: Direction, maxHops: number, blockedEdges?: ReadonlySet<string>): Promise<boolean> {
  if (!Number.isFinite(maxHops)) return false;
  const last = [...tree].filter(([, e]) => e.hops === maxHops).map(([id]) => id);
  const far = (e: LightEdge) => (direction === 'outbound' ? e.target : e.source);
  for (const ids of chunks(last)) {
    const found = (await layer(conn, direction, ids)).filter(({ edge }) => !blockedEdges?.has(edge.id));
    if (found.some(({ edge }) => !isHubId(far(edge)) && !tree.has(far(edge)))) return true;
    // A hub leads out when some edge it stands for does (those back to the node entering it are in the tree).
    const hubs = [...new Set(found.map(({ edge }) => far(edge)).filter(isHubId))];
    const beyond = await farHalves(conn, direction, hubs);
    for (const halves of beyond.values()) if (halves.some((e) => !blockedEdges?.has(e.id) && !tree.has(far(e)))) return true;
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
  const composed = new Map<string, LightEdge>();
  for (const e of edges) {
    if (!e.halves) wanted.set(e.id, e);
    else {
      composed.set(e.id, e);
      for (const h of e.halves) wanted.set(h.id, h);
    }
  }
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
  for (const [id, e] of composed) out.set(id, composeThroughHub(out.get(e.halves![0].id)!, out.get(e.halves![1].id)!)!);
  return out;
}
