/**
 * The embedded engine's breadth-first search as it was over a graphology multigraph (before it
 * walked node and edge numbers): the reference test/query/traversal-graph.test.ts holds the
 * engine's search equal to.
 */
import type { GraphEdge, GraphNode } from '../../src/model/graph.js';
import { composeThroughHub, isHubId } from '../../src/model/hubs.js';

/** The part of graphology's API the search used. */
export interface GraphologyLike {
  hasNode(id: string): boolean;
  forEachOutEdge(id: string, each: (key: string, attrs: GraphEdge, source: string, target: string) => void): void;
  forEachInEdge(id: string, each: (key: string, attrs: GraphEdge, source: string, target: string) => void): void;
  getNodeAttributes(id: string): GraphNode;
}

interface TreeEntry {
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
export function referenceShortestTree(
  g: GraphologyLike,
  starts: readonly string[],
  direction: 'outbound' | 'inbound',
  maxHops = Infinity,
  blocked?: { nodes?: ReadonlySet<string>; edges?: ReadonlySet<string> },
): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  const passed = new Set<string>();
  const pairwise = (blocked?.edges?.size ?? 0) > 0;
  const outbound = direction === 'outbound';
  const compose = (near: GraphEdge, far: GraphEdge) => (outbound ? composeThroughHub(near, far) : composeThroughHub(far, near));
  const farHalves = (hub: string, each: (e: GraphEdge, neighbour: string) => void) =>
    outbound ? g.forEachOutEdge(hub, (_k, e, _s, t) => each(e, t)) : g.forEachInEdge(hub, (_k, e, s) => each(e, s));
  let frontier = [...new Set(starts)].filter((s) => g.hasNode(s));
  for (const s of frontier) tree.set(s, { hops: 0, conditionals: 0 });
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next = new Map<string, TreeEntry>();
    const offer = (attrs: GraphEdge, neighbour: string, before: number) => {
      if (tree.has(neighbour) || blocked?.nodes?.has(neighbour) || blocked?.edges?.has(attrs.id)) return;
      const conditionals = before + (attrs.conditional ? 1 : 0);
      const best = next.get(neighbour);
      // Updated in place: an entry per offer was most of the search's allocation.
      if (!best) next.set(neighbour, { hops, conditionals, via: attrs });
      else if (conditionals < best.conditionals || (conditionals === best.conditionals && attrs.id < best.via!.id)) {
        best.conditionals = conditionals;
        best.via = attrs;
      }
    };
    const hubs = new Map<string, HubOffer>();
    for (const node of frontier) {
      const here = tree.get(node)!;
      const visit = (attrs: GraphEdge, neighbour: string) => {
        if (!isHubId(neighbour)) return offer(attrs, neighbour, here.conditionals);
        // A blocked half (a choke point's fix cites it) blocks every pair it is part of.
        if (passed.has(neighbour) || blocked?.edges?.has(attrs.id)) return;
        if (pairwise) {
          return farHalves(neighbour, (far, n) => {
            if (blocked?.edges?.has(far.id)) return;
            const e = compose(attrs, far);
            if (e) offer(e, n, here.conditionals);
          });
        }
        const o = hubs.get(neighbour) ?? {};
        const counted = here.conditionals + (attrs.conditional ? 1 : 0);
        if (better(counted, attrs, o.counted)) o.counted = { conditionals: counted, edge: attrs };
        if (better(here.conditionals, attrs, o.before)) o.before = { conditionals: here.conditionals, edge: attrs };
        hubs.set(neighbour, o);
      };
      if (outbound) g.forEachOutEdge(node, (_edge, attrs, _s, target) => visit(attrs, target));
      else g.forEachInEdge(node, (_edge, attrs, source) => visit(attrs, source));
    }
    for (const [hub, o] of hubs) {
      passed.add(hub);
      farHalves(hub, (far, n) => {
        // A conditional far half makes the pair conditional whatever the near half: only what
        // came before the near half counts then.
        const near = far.conditional ? o.before! : o.counted!;
        const e = compose(near.edge, far);
        if (e) offer(e, n, far.conditional ? near.conditionals : near.conditionals - (near.edge.conditional ? 1 : 0));
      });
    }
    for (const [node, entry] of next) tree.set(node, entry);
    frontier = [...next.keys()];
  }
  return tree;
}

