/** What Yen's algorithm needs to know of an edge. */
export interface PathEdge {
  id: string;
  target: string;
  conditional: boolean;
}

/** A shortest path from → to avoiding the blocked nodes and edges, or undefined. Engine-specific. */
export type ShortestSearch<E extends PathEdge> = (
  from: string,
  to: string,
  maxHops: number,
  blockedNodes: ReadonlySet<string>,
  blockedEdges: ReadonlySet<string>,
) => Promise<E[] | undefined> | E[] | undefined;

const key = (p: readonly PathEdge[]) => p.map((e) => e.id).join('\n');
const conditionals = (p: readonly PathEdge[]) => p.filter((e) => e.conditional).length;
const order = (a: readonly PathEdge[], b: readonly PathEdge[]) =>
  a.length - b.length || conditionals(a) - conditionals(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Yen's k shortest loopless paths, over edges (two techniques between the same pair are two
 * paths), bounded by maxHops; ties ordered by fewer conditional edges, then edge ids. Both engines
 * run this one implementation with their own shortest-path search, so they cannot drift apart.
 * `first` is the unblocked shortest path when the caller already has it.
 */
export async function kShortestPaths<E extends PathEdge>(
  shortest: ShortestSearch<E>,
  from: string,
  to: string,
  k: number,
  maxHops: number,
  first?: E[],
): Promise<E[][]> {
  if (from === to) return [];
  const initial = first ?? (await shortest(from, to, maxHops, new Set(), new Set()));
  if (!initial || initial.length === 0) return [];
  const found: E[][] = [initial];
  const candidates = new Map<string, E[]>();

  while (found.length < k) {
    const last = found[found.length - 1]!;
    for (let i = 0; i < last.length; i++) {
      const root = last.slice(0, i);
      const spur = i === 0 ? from : root[i - 1]!.target;
      const blockedEdges = new Set<string>();
      for (const p of found) if (key(p.slice(0, i)) === key(root) && p[i]) blockedEdges.add(p[i]!.id);
      const blockedNodes = new Set<string>([from, ...root.map((e) => e.target)]);
      blockedNodes.delete(spur);
      const spurPath = await shortest(spur, to, maxHops - i, blockedNodes, blockedEdges);
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
