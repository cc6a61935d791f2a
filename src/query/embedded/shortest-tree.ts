import type { GraphEdge } from '../../model/graph.js';
import { composeThroughHub, isHubId } from '../../model/hubs.js';
import type { TraversalGraph } from './load.js';

import type { PathTree } from '../tree-paths.js';

export { pathFrom, pathTo } from '../tree-paths.js';

export interface TreeEntry {
  hops: number;
  /** Conditional edges on the chosen shortest path. */
  conditionals: number;
  /** The edge that reaches this node on the chosen path (undefined at the start). */
  via?: GraphEdge;
}

/** The best half on the frontier's side of one hub, for each kind of half on the other side. */
interface HubOffer {
  /** Fewest conditionals counting the half itself: for other halves that are unconditional. */
  counted?: { conditionals: number; edge: GraphEdge };
  /** Fewest conditionals before the half: for conditional other halves (the pair counts once). */
  before?: { conditionals: number; edge: GraphEdge };
}

const better = (c: number, e: GraphEdge, best: { conditionals: number; edge: GraphEdge } | undefined) =>
  !best || c < best.conditionals || (c === best.conditionals && e.id < best.edge.id);

/**
 * Breadth-first shortest paths from (or, `inbound`, to) a set of nodes, hop-bounded. Among
 * equally short paths it keeps the one with the fewest conditional edges, then the smallest edge
 * id, so answers are deterministic and engine-independent.
 *
 * A hub (src/model/hubs.ts) is crossed within one hop, as the edges it stands for: the pair of
 * halves is one edge (its id, one conditional when either half is). All the frontier's halves into
 * a hub are weighed at once and the hub is then passed for good, so a hub costs its edges once per
 * search, not once per caller. With blocked edges (Yen's spur searches, which block composed
 * edges by id) each pair is weighed on its own.
 */
export function shortestTree(
  g: TraversalGraph,
  starts: readonly string[],
  direction: 'outbound' | 'inbound',
  maxHops = Infinity,
  blocked?: { nodes?: ReadonlySet<string>; edges?: ReadonlySet<string> },
): Map<string, TreeEntry> {
  return treeMap(g, numberedTree(g, starts, direction, maxHops, blocked));
}

export function treeMap(g: TraversalGraph, { order, hops, conditionals, via }: NumberedTree): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  for (const n of order) tree.set(g.idOf(n), hops[n] === 0 ? { hops: 0, conditionals: 0 } : { hops: hops[n]!, conditionals: conditionals[n]!, via: via[n] });
  return tree;
}

/** The tree's edges by node id, for pathTo/pathFrom, without a map of every node reached. */
export function pathTree(g: TraversalGraph, { hops, via }: NumberedTree): PathTree<GraphEdge> {
  return {
    get(id) {
      const n = g.numberOf(id);
      return n === undefined || hops[n]! < 0 ? undefined : { via: via[n] };
    },
  };
}

/**
 * The reached nodes but the starts (hops 0) as results list them: by hops, then id. The tree holds
 * them by hops already: each layer is ordered by the ids' ranks, integers.
 */
export function byHopsThenId(g: TraversalGraph, { order, hops }: NumberedTree): number[] {
  const { rank, byRank } = g.idOrder();
  const out: number[] = [];
  for (let a = 0; a < order.length; ) {
    let b = a;
    while (b < order.length && hops[order[b]!] === hops[order[a]!]) b++;
    if (hops[order[a]!] !== 0) {
      const ranks = Int32Array.from(order.slice(a, b), (n) => rank[n]!).sort();
      for (const r of ranks) out.push(byRank[r]!);
    }
    a = b;
  }
  return out;
}

/** shortestTree by node number, for a caller that reads every node it reached (blast). */
export interface NumberedTree {
  /** The nodes reached, in the order shortestTree's map holds them: by hops, starts first. */
  order: number[];
  /** Per node number, for the nodes in `order`: hops, conditionals, and the edge that reached it. */
  hops: Int32Array;
  conditionals: Int32Array;
  via: (GraphEdge | undefined)[];
}

export function numberedTree(
  g: TraversalGraph,
  starts: readonly string[],
  direction: 'outbound' | 'inbound',
  maxHops = Infinity,
  blocked?: { nodes?: ReadonlySet<string>; edges?: ReadonlySet<string> },
): NumberedTree {
  // The walk runs on node and edge numbers (load.ts): an edge object is read only to break a tie,
  // to check a blocked edge or to compose through a hub. `seen[m]` is the layer node m entered:
  // below the current one, m is in the tree; equal, it is among the layer's candidates.
  const outbound = direction === 'outbound';
  const { start: first, list, far } = outbound ? g.out : g.in;
  const { edges, conditional, hub } = g;
  const seen = new Int32Array(g.nodeCount).fill(-1);
  const conditionals = new Int32Array(g.nodeCount);
  const via = new Array<GraphEdge | undefined>(g.nodeCount);
  const blockedNode = new Uint8Array(blocked?.nodes?.size ? g.nodeCount : 0);
  for (const id of blocked?.nodes ?? []) {
    const n = g.numberOf(id);
    if (n !== undefined) blockedNode[n] = 1;
  }
  const blockedEdges = blocked?.edges?.size ? blocked.edges : undefined;
  const passed = new Uint8Array(g.nodeCount);
  const compose = (near: GraphEdge, farHalf: GraphEdge) => (outbound ? composeThroughHub(near, farHalf) : composeThroughHub(farHalf, near));
  const order: number[] = [];
  let frontier: number[] = [];
  for (const id of new Set(starts)) {
    const n = g.numberOf(id);
    if (n === undefined) continue;
    seen[n] = 0;
    frontier.push(n);
    order.push(n);
  }
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const layer: number[] = [];
    const offer = (m: number, e: GraphEdge, before: number) => {
      const at = seen[m]!;
      if ((at >= 0 && at < hops) || blockedNode[m] === 1 || blockedEdges?.has(e.id)) return;
      const c = before + (e.conditional ? 1 : 0);
      if (at !== hops) {
        seen[m] = hops;
        conditionals[m] = c;
        via[m] = e;
        layer.push(m);
      } else if (c < conditionals[m]! || (c === conditionals[m] && e.id < via[m]!.id)) {
        conditionals[m] = c;
        via[m] = e;
      }
    };
    const hubs = new Map<number, HubOffer>();
    for (const node of frontier) {
      const here = conditionals[node]!;
      for (let i = first[node]!, end = first[node + 1]!; i < end; i++) {
        const m = far[i]!;
        if (hub[m] === 0) {
          // offer() for a plain edge, without reading the edge but to break a tie.
          const at = seen[m]!;
          if ((at >= 0 && at < hops) || blockedNode[m] === 1) continue;
          const e = list[i]!;
          if (blockedEdges || at === hops) {
            offer(m, edges[e]!, here);
            continue;
          }
          seen[m] = hops;
          conditionals[m] = here + conditional[e]!;
          via[m] = edges[e];
          layer.push(m);
          continue;
        }
        const attrs = edges[list[i]!]!;
        // A blocked half (a choke point's fix cites it) blocks every pair it is part of.
        if (passed[m] === 1 || blockedEdges?.has(attrs.id)) continue;
        if (blockedEdges) {
          for (let j = first[m]!, end2 = first[m + 1]!; j < end2; j++) {
            const farHalf = edges[list[j]!]!;
            if (blockedEdges.has(farHalf.id)) continue;
            const e = compose(attrs, farHalf);
            if (e) offer(far[j]!, e, here);
          }
          continue;
        }
        const o = hubs.get(m) ?? {};
        const counted = here + (attrs.conditional ? 1 : 0);
        if (better(counted, attrs, o.counted)) o.counted = { conditionals: counted, edge: attrs };
        if (better(here, attrs, o.before)) o.before = { conditionals: here, edge: attrs };
        hubs.set(m, o);
      }
    }
    for (const [h, o] of hubs) {
      passed[h] = 1;
      for (let j = first[h]!, end = first[h + 1]!; j < end; j++) {
        const farHalf = edges[list[j]!]!;
        // A conditional far half makes the pair conditional whatever the near half: only what
        // came before the near half counts then.
        const near = farHalf.conditional ? o.before! : o.counted!;
        const e = compose(near.edge, farHalf);
        if (e) offer(far[j]!, e, farHalf.conditional ? near.conditionals : near.conditionals - (near.edge.conditional ? 1 : 0));
      }
    }
    for (const m of layer) order.push(m);
    frontier = layer;
  }
  return { order, hops: seen, conditionals, via };
}

/** Whether a node has an edge to a node outside the tree, a hub read as the edges it stands for. */
function leadsOut(g: TraversalGraph, node: string, tree: ReadonlyMap<string, TreeEntry>, direction: 'outbound' | 'inbound'): boolean {
  const some = (n: string, test: (m: string) => boolean) => (direction === 'outbound' ? g.someOutNeighbor(n, test) : g.someInNeighbor(n, test));
  return some(node, (n) => (isHubId(n) ? some(n, (m) => !tree.has(m)) : !tree.has(n)));
}

/**
 * Whether a hop-bounded search stopped with edges still leading out of its last layer to nodes it
 * never reached: then what it found is a lower bound, and the output must say so.
 */
export function searchWasCut(g: TraversalGraph, tree: ReadonlyMap<string, TreeEntry>, direction: 'outbound' | 'inbound', maxHops: number): boolean {
  if (!Number.isFinite(maxHops)) return false;
  for (const [node, entry] of tree) {
    if (entry.hops !== maxHops) continue;
    if (leadsOut(g, node, tree, direction)) return true;
  }
  return false;
}
