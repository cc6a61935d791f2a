import graphology from 'graphology';
import { describe, expect, it } from 'vitest';
import { TRAVERSABLE_EDGE_KINDS } from '../../src/model/catalogue/index.js';
import { edgeId, type AttackGraph, type GraphEdge, type GraphNode } from '../../src/model/graph.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { assembleBlast } from '../../src/query/assemble.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { loadTraversalGraph, type TraversalGraph } from '../../src/query/embedded/load.js';
import { pathTo, searchWasCut, shortestTree } from '../../src/query/embedded/shortest-tree.js';
import { referenceShortestTree } from '../helpers/reference-shortest-tree.js';

/**
 * The embedded engine's adjacency against the graphology multigraph it replaced: the same edges,
 * in the same order, from every node and both ways, so every walk over it is the walk it was.
 */
const { MultiDirectedGraph } = graphology;

function graphologyGraph(graph: AttackGraph): TraversalGraph {
  const g = new MultiDirectedGraph<GraphNode, GraphEdge>({ allowSelfLoops: false });
  for (const n of graph.nodes) g.addNode(n.id, n);
  for (const e of graph.edges) {
    if (!TRAVERSABLE_EDGE_KINDS.has(e.kind) || e.source === e.target) continue;
    g.addDirectedEdgeWithKey(e.id, e.source, e.target, e);
  }
  return g as unknown as TraversalGraph;
}

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Roles (some with numeric ids, which objects order first), hubs, parallel edges, base facts, self-loops. */
function randomGraph(seed: number): AttackGraph {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const size = 5 + Math.floor(rand() * 40);
  const ids = Array.from({ length: size }, (_, i) => (rand() < 0.2 ? String(Math.floor(rand() * 1000)) : `role-${i}`));
  const unique = [...new Set(ids)];
  const hubs = Array.from({ length: Math.floor(rand() * 4) }, (_, i) => `hub:aws:assume-role:${i}`);
  const nodes: GraphNode[] = [
    ...unique.map((id): GraphNode => ({ id, kind: 'Identity', provider: 'aws', type: 'aws:iam:role', name: id, tags: {}, props: {} })),
    ...hubs.map((id): GraphNode => ({ id, kind: 'Hub', provider: 'aws', type: 'aws:hub:assume-role', name: id, tags: {}, props: {} })),
  ];
  const edges = new Map<string, GraphEdge>();
  const add = (kind: string, technique: string, source: string, target: string) => {
    const id = edgeId(kind, technique, source, target);
    const conditional = rand() < 0.3;
    edges.set(id, { id, source, target, kind, technique, evidence: { summary: id, refs: [] }, conditional, ...(conditional ? { conditions: `c ${source}` } : {}) });
  };
  const kinds = [
    ['CAN_ASSUME', 'aws:sts:AssumeRole'],
    ['CAN_PASS_ROLE_TO', 'aws:iam:PassRole'],
    ['MEMBER_OF', 'aws:iam:GroupMembership'],
  ] as const;
  for (let i = size * (1 + Math.floor(rand() * 4)); i > 0; i--) {
    const [kind, technique] = pick(kinds);
    add(kind, technique, pick(unique), pick(unique));
  }
  for (const hub of hubs) {
    for (let i = Math.floor(rand() * 6); i > 0; i--) add('CAN_ASSUME', 'aws:sts:AssumeRole', pick(unique), hub);
    for (let i = Math.floor(rand() * 6); i > 0; i--) add('CAN_ASSUME', 'aws:sts:AssumeRole', hub, pick(unique));
  }
  // Edges in no sorted order: the adjacency must keep the snapshot's.
  const list = [...edges.values()];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return { nodes, edges: list };
}

const visits = (g: TraversalGraph, node: string, direction: 'out' | 'in') => {
  const seen: string[] = [];
  const each = (key: string, e: GraphEdge, s: string, t: string) => seen.push(`${key} ${e.id} ${s} ${t}`);
  if (direction === 'out') g.forEachOutEdge(node, each);
  else g.forEachInEdge(node, each);
  return seen;
};

/** The whole tree, in its order: each node's entry with the edge (id, conditions, evidence) that reached it. */
const tree = (t: Map<string, { hops: number; conditionals: number; via?: GraphEdge }>) => [...t].map(([id, e]) => [id, Object.keys(e), e.hops, e.conditionals, e.via?.id, e.via?.conditional, e.via?.conditions, e.via?.evidence]);

describe('embedded traversal graph', () => {
  it('visits every node’s edges, both ways, in the order graphology did, and walks to the trees the graphology search did', async () => {
    let parallel = 0;
    let numeric = 0;
    let blasts = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const graph = randomGraph(seed);
      const old = graphologyGraph(graph);
      const now = loadTraversalGraph(graph);
      for (const n of graph.nodes) {
        const out = visits(now, n.id, 'out');
        expect(out, `seed ${seed} out of ${n.id}`).toEqual(visits(old, n.id, 'out'));
        expect(visits(now, n.id, 'in'), `seed ${seed} into ${n.id}`).toEqual(visits(old, n.id, 'in'));
        expect(now.getNodeAttributes(n.id)).toBe(n);
        expect(now.someOutNeighbor(n.id, (m) => m < n.id)).toBe(old.someOutNeighbor(n.id, (m) => m < n.id));
        expect(now.someInNeighbor(n.id, (m) => m > n.id)).toBe(old.someInNeighbor(n.id, (m) => m > n.id));
        if (new Set(out.map((v) => v.split(' ')[3])).size < out.length) parallel++;
        if (/^\d+$/.test(n.id) && out.length > 0) numeric++;
      }
      const all = (g: TraversalGraph) => {
        const seen: string[] = [];
        g.forEachEdge((k) => seen.push(k));
        return seen;
      };
      expect(all(now)).toEqual(all(old));
      // Blast orders what it reached by integers (ranks of the ids): as assembleBlast sorts the old tree.
      const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
      for (const start of graph.nodes.filter((n) => n.kind === 'Identity').slice(0, 4)) {
        for (const maxHops of [2, undefined]) {
          const ref = referenceShortestTree(old, [start.id], 'outbound', maxHops);
          const reached = [...ref].filter(([id]) => id !== start.id).map(([id]) => ({ node: old.getNodeAttributes(id), path: pathTo(ref, id) }));
          const expected = assembleBlast({ credential: start, reached, maxHops, truncated: searchWasCut(now, ref, 'outbound', maxHops ?? Infinity), exposers: [] }, EMPTY_CONFIG);
          expect(await engine.blast(start.id, { maxHops }), `seed ${seed} blast ${start.id} ${maxHops}`).toEqual(expected);
          blasts++;
        }
      }
      for (const start of graph.nodes.slice(0, 5)) {
        for (const direction of ['outbound', 'inbound'] as const) {
          for (const maxHops of [1, 2, Infinity]) {
            const a = referenceShortestTree(old, [start.id], direction, maxHops);
            const b = shortestTree(now, [start.id], direction, maxHops);
            expect(tree(b), `seed ${seed} from ${start.id} ${direction} ${maxHops}`).toEqual(tree(a));
            expect(searchWasCut(now, b, direction, maxHops)).toBe(searchWasCut(old, a, direction, maxHops));
          }
          const blocked = { edges: new Set(graph.edges.filter((_, i) => i % 3 === 0).map((e) => e.id)) };
          expect(tree(shortestTree(now, [start.id], direction, Infinity, blocked))).toEqual(tree(referenceShortestTree(old, [start.id], direction, Infinity, blocked)));
          const both = { nodes: new Set(graph.nodes.filter((_, i) => i % 4 === 1).map((n) => n.id)), edges: new Set<string>() };
          for (const maxHops of [2, Infinity]) {
            expect(tree(shortestTree(now, [start.id, graph.nodes.at(-1)!.id, 'absent'], direction, maxHops, both))).toEqual(tree(referenceShortestTree(old, [start.id, graph.nodes.at(-1)!.id, 'absent'], direction, maxHops, both)));
          }
        }
      }
    }
    // The orders that differ from the snapshot's were exercised.
    expect(blasts).toBeGreaterThan(500);
    expect(parallel).toBeGreaterThan(20);
    expect(numeric).toBeGreaterThan(20);
  });

  it('refuses an edge to a node the graph lacks, and a node it lacks, as graphology did', () => {
    const node = (id: string): GraphNode => ({ id, kind: 'Identity', provider: 'aws', type: 'aws:iam:role', name: id, tags: {}, props: {} });
    const edge: GraphEdge = { id: edgeId('CAN_ASSUME', 't', 'a', 'b'), source: 'a', target: 'b', kind: 'CAN_ASSUME', technique: 't', evidence: { summary: '', refs: [] }, conditional: false };
    expect(() => loadTraversalGraph({ nodes: [node('a')], edges: [edge] })).toThrow(/target node "b"/);
    expect(() => loadTraversalGraph({ nodes: [node('a'), node('a')], edges: [] })).toThrow(/two nodes/);
    const g = loadTraversalGraph({ nodes: [node('a'), node('b')], edges: [edge, { ...edge, kind: 'MEMBER_OF', id: 'm' }] });
    expect(() => g.getNodeAttributes('c')).toThrow(/"c"/);
    expect(() => g.forEachOutEdge('c', () => {})).toThrow(/"c"/);
    expect(g.hasNode('c')).toBe(false);
    expect(visits(g, 'a', 'out')).toEqual([`${edge.id} ${edge.id} a b`]);
  });
});
