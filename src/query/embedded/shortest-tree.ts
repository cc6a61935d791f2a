import type { GraphEdge } from '../../model/graph.js';
import type { TraversalGraph } from './load.js';

export { pathFrom, pathTo } from '../tree-paths.js';

export interface TreeEntry {
  hops: number;
  /** Conditional edges on the chosen shortest path. */
  conditionals: number;
  /** The edge that reaches this node on the chosen path (undefined at the start). */
  via?: GraphEdge;
}

/**
 * Breadth-first shortest paths from (or, `inbound`, to) a set of nodes, hop-bounded. Among
 * equally short paths it keeps the one with the fewest conditional edges, then the smallest edge
 * id, so answers are deterministic and engine-independent.
 */
export function shortestTree(
  g: TraversalGraph,
  starts: readonly string[],
  direction: 'outbound' | 'inbound',
  maxHops = Infinity,
  blocked?: { nodes?: ReadonlySet<string>; edges?: ReadonlySet<string> },
): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  let frontier = [...new Set(starts)].filter((s) => g.hasNode(s));
  for (const s of frontier) tree.set(s, { hops: 0, conditionals: 0 });
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next = new Map<string, TreeEntry>();
    for (const node of frontier) {
      const here = tree.get(node)!;
      const visit = (edge: string, attrs: GraphEdge, neighbour: string) => {
        if (tree.has(neighbour) || blocked?.nodes?.has(neighbour) || blocked?.edges?.has(edge)) return;
        const candidate: TreeEntry = { hops, conditionals: here.conditionals + (attrs.conditional ? 1 : 0), via: attrs };
        const best = next.get(neighbour);
        if (!best || candidate.conditionals < best.conditionals || (candidate.conditionals === best.conditionals && attrs.id < best.via!.id)) {
          next.set(neighbour, candidate);
        }
      };
      if (direction === 'outbound') g.forEachOutEdge(node, (edge, attrs, _s, target) => visit(edge, attrs, target));
      else g.forEachInEdge(node, (edge, attrs, source) => visit(edge, attrs, source));
    }
    for (const [node, entry] of next) tree.set(node, entry);
    frontier = [...next.keys()];
  }
  return tree;
}

/**
 * Whether a hop-bounded search stopped with edges still leading out of its last layer to nodes it
 * never reached: then what it found is a lower bound, and the output must say so.
 */
export function searchWasCut(g: TraversalGraph, tree: ReadonlyMap<string, TreeEntry>, direction: 'outbound' | 'inbound', maxHops: number): boolean {
  if (!Number.isFinite(maxHops)) return false;
  for (const [node, entry] of tree) {
    if (entry.hops !== maxHops) continue;
    const leads = direction === 'outbound' ? g.someOutNeighbor(node, (n) => !tree.has(n)) : g.someInNeighbor(node, (n) => !tree.has(n));
    if (leads) return true;
  }
  return false;
}
