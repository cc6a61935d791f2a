import type { GraphEdge } from '../../model/graph.js';
import type { TraversalGraph } from './load.js';
import { pathTo, shortestTree } from './shortest-tree.js';

function shortest(g: TraversalGraph, from: string, to: string, maxHops: number, blockedNodes: Set<string>, blockedEdges: Set<string>): GraphEdge[] | undefined {
  if (from === to) return [];
  const tree = shortestTree(g, [from], 'outbound', maxHops, { nodes: blockedNodes, edges: blockedEdges });
  return tree.has(to) ? pathTo(tree, to) : undefined;
}

const key = (p: GraphEdge[]) => p.map((e) => e.id).join('\n');
const conditionals = (p: GraphEdge[]) => p.filter((e) => e.conditional).length;
const order = (a: GraphEdge[], b: GraphEdge[]) => a.length - b.length || conditionals(a) - conditionals(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Yen's k shortest loopless paths, over edges (two techniques between the same pair are two
 * paths), bounded by maxHops. Ties are ordered by fewer conditional edges, then edge ids.
 */
export function kShortestPaths(g: TraversalGraph, from: string, to: string, k: number, maxHops: number): GraphEdge[][] {
  const first = shortest(g, from, to, maxHops, new Set(), new Set());
  if (!first || first.length === 0) return [];
  const found: GraphEdge[][] = [first];
  const candidates = new Map<string, GraphEdge[]>();

  while (found.length < k) {
    const last = found[found.length - 1]!;
    for (let i = 0; i < last.length; i++) {
      const root = last.slice(0, i);
      const spur = i === 0 ? from : root[i - 1]!.target;
      const blockedEdges = new Set<string>();
      for (const p of found) if (key(p.slice(0, i)) === key(root) && p[i]) blockedEdges.add(p[i]!.id);
      const blockedNodes = new Set<string>([from, ...root.map((e) => e.target)]);
      blockedNodes.delete(spur);
      const spurPath = shortest(g, spur, to, maxHops - i, blockedNodes, blockedEdges);
      if (!spurPath) continue;
      const total = [...root, ...spurPath];
      if (total.length <= maxHops) candidates.set(key(total), total);
    }
    for (const p of found) candidates.delete(key(p));
    if (candidates.size === 0) break;
    const best = [...candidates.values()].sort(order)[0]!;
    candidates.delete(key(best));
    found.push(best);
  }
  return found;
}
