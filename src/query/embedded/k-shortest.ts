import type { GraphEdge } from '../../model/graph.js';
import type { ShortestSearch } from '../k-shortest.js';
import type { TraversalGraph } from './load.js';
import { pathTo, shortestTree } from './shortest-tree.js';

/** The embedded engine's search for Yen's algorithm (src/query/k-shortest.ts): an in-memory BFS. */
export function inMemoryShortest(g: TraversalGraph): ShortestSearch<GraphEdge> {
  return (from, to, maxHops, blockedNodes, blockedEdges) => {
    if (from === to) return [];
    const tree = shortestTree(g, [from], 'outbound', maxHops, { nodes: blockedNodes, edges: blockedEdges });
    return tree.has(to) ? pathTo(tree, to) : undefined;
  };
}
