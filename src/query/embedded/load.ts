import { TRAVERSABLE_EDGE_KINDS } from '../../model/catalogue/index.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../model/graph.js';
import { isHubId } from '../../model/hubs.js';

type EdgeVisitor = (key: string, attrs: GraphEdge, source: string, target: string) => void;

/**
 * Every node, and only the traversable edges (base facts are never walked), as compact adjacency
 * (CSR: per node, a slice of an Int32Array of edge numbers) over the snapshot's own node and edge
 * objects. It replaced a graphology multigraph, whose per-edge objects made building it most of a
 * blast's time at a million edges; it keeps the part of that API the walks use, and the order
 * graphology visited a node's edges in (neighbours in the order first linked, numeric ids first,
 * as object keys go; several edges to one neighbour newest first), so every walk sees the edges it
 * saw. test/query/traversal-graph.test.ts holds the two equal on random graphs.
 */
export class TraversalGraph {
  private readonly ids = new Map<string, number>();
  /** The traversable edges, numbered in the snapshot's order. */
  readonly edges: GraphEdge[] = [];
  /** Per edge number: 1 when conditional. */
  readonly conditional: Uint8Array;
  /** Per node number: 1 for a hub (src/model/hubs.ts). */
  readonly hub: Uint8Array;
  readonly out: Adjacency;
  readonly in: Adjacency;

  constructor(private readonly nodes: readonly GraphNode[], allEdges: readonly GraphEdge[]) {
    for (let i = 0; i < nodes.length; i++) {
      const id = nodes[i]!.id;
      if (this.ids.has(id)) throw new Error(`the graph has two nodes with the id "${id}"`);
      this.ids.set(id, i);
    }
    const from: number[] = [];
    const to: number[] = [];
    for (const e of allEdges) {
      if (!TRAVERSABLE_EDGE_KINDS.has(e.kind) || e.source === e.target) continue;
      from.push(this.node(e.source, e, 'source'));
      to.push(this.node(e.target, e, 'target'));
      this.edges.push(e);
    }
    const keyOrder = arrayIndexKeys(nodes);
    const f = Int32Array.from(from);
    const t = Int32Array.from(to);
    this.out = adjacency(nodes.length, f, t, keyOrder);
    this.in = adjacency(nodes.length, t, f, keyOrder);
    this.conditional = Uint8Array.from(this.edges, (e) => (e.conditional ? 1 : 0));
    this.hub = Uint8Array.from(nodes, (n) => (isHubId(n.id) ? 1 : 0));
  }

  private ranks?: { rank: Int32Array; byRank: Int32Array };

  /**
   * Node numbers in the order of their ids (string order, as results list nodes), both ways: a
   * walk that reaches most of the graph orders what it reached by integers. Sorted on first use.
   */
  idOrder(): { rank: Int32Array; byRank: Int32Array } {
    if (!this.ranks) {
      const nodes = this.nodes;
      const byRank = new Int32Array(nodes.length).map((_, i) => i);
      byRank.sort((a, b) => {
        const x = nodes[a]!.id;
        const y = nodes[b]!.id;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      const rank = new Int32Array(nodes.length);
      for (let r = 0; r < byRank.length; r++) rank[byRank[r]!] = r;
      this.ranks = { rank, byRank };
    }
    return this.ranks;
  }

  /** The node's number (its index in the snapshot's node list), undefined when not in the graph. */
  numberOf(id: string): number | undefined {
    return this.ids.get(id);
  }

  idOf(n: number): string {
    return this.nodes[n]!.id;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  private node(id: string, e: GraphEdge, end: 'source' | 'target'): number {
    const i = this.ids.get(id);
    if (i === undefined) throw new Error(`edge "${e.id}": its ${end} node "${id}" is not in the graph`);
    return i;
  }

  private at(id: string): number {
    const i = this.ids.get(id);
    if (i === undefined) throw new Error(`node "${id}" is not in the graph`);
    return i;
  }

  hasNode(id: string): boolean {
    return this.ids.has(id);
  }

  getNodeAttributes(id: string): GraphNode {
    return this.nodes[this.at(id)]!;
  }

  nodeAt(n: number): GraphNode {
    return this.nodes[n]!;
  }

  forEachOutEdge(id: string, each: EdgeVisitor): void {
    this.walk(this.out, this.at(id), each);
  }

  forEachInEdge(id: string, each: EdgeVisitor): void {
    this.walk(this.in, this.at(id), each);
  }

  mapOutEdges<T>(id: string, each: (key: string, e: GraphEdge, source: string, target: string) => T): T[] {
    const out: T[] = [];
    this.walk(this.out, this.at(id), (k, e, s, t) => out.push(each(k, e, s, t)));
    return out;
  }

  mapInEdges<T>(id: string, each: (key: string, e: GraphEdge, source: string, target: string) => T): T[] {
    const out: T[] = [];
    this.walk(this.in, this.at(id), (k, e, s, t) => out.push(each(k, e, s, t)));
    return out;
  }

  private edgeIds?: Set<string>;

  /** Whether a traversable edge has this id; the set is built on first use (choke points only). */
  hasEdge(id: string): boolean {
    this.edgeIds ??= new Set(this.edges.map((e) => e.id));
    return this.edgeIds.has(id);
  }

  /** Every traversable edge, in the snapshot's order. */
  forEachEdge(each: EdgeVisitor): void {
    for (const e of this.edges) each(e.id, e, e.source, e.target);
  }

  someOutNeighbor(id: string, test: (neighbour: string) => boolean): boolean {
    return this.some(this.out, this.at(id), (e) => test(e.target));
  }

  someInNeighbor(id: string, test: (neighbour: string) => boolean): boolean {
    return this.some(this.in, this.at(id), (e) => test(e.source));
  }

  private walk(adj: Adjacency, n: number, each: EdgeVisitor): void {
    const { start, list } = adj;
    for (let i = start[n]!, end = start[n + 1]!; i < end; i++) {
      const e = this.edges[list[i]!]!;
      each(e.id, e, e.source, e.target);
    }
  }

  private some(adj: Adjacency, n: number, test: (e: GraphEdge) => boolean): boolean {
    const { start, list } = adj;
    for (let i = start[n]!, end = start[n + 1]!; i < end; i++) if (test(this.edges[list[i]!]!)) return true;
    return false;
  }
}

export interface Adjacency {
  /** Node n's edges are list[start[n]] … list[start[n + 1] - 1]. */
  start: Int32Array;
  list: Int32Array;
  /** The node at the far end of list[i]: a walk reads ints, not the edge object. */
  far: Int32Array;
}

/**
 * Per node, the numeric value of an id a JavaScript object would order first as a key (an array
 * index, "0" to "4294967294", ascending), else -1; undefined when no node has such an id.
 */
function arrayIndexKeys(nodes: readonly GraphNode[]): Float64Array | undefined {
  let keys: Float64Array | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const id = nodes[i]!.id;
    if (!/^(?:0|[1-9]\d{0,9})$/.test(id) || Number(id) >= 2 ** 32 - 1) continue;
    if (!keys) keys = new Float64Array(nodes.length).fill(-1);
    keys[i] = Number(id);
  }
  return keys;
}

/**
 * Edges grouped by `near` end (edge e runs near[e] → far[e]), each node's in graphology's order:
 * by far end in the order first seen (array-index ids first, ascending), newest first within one
 * far end.
 */
function adjacency(nodeCount: number, near: Int32Array, far: Int32Array, keyOrder: Float64Array | undefined): Adjacency {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < near.length; e++) start[near[e]! + 1]!++;
  for (let n = 0; n < nodeCount; n++) start[n + 1]! += start[n]!;
  const list = new Int32Array(near.length);
  const fill = start.slice(0, nodeCount);
  for (let e = 0; e < near.length; e++) list[fill[near[e]!]!++] = e;

  const seenBy = new Int32Array(nodeCount).fill(-1);
  const count = new Int32Array(nodeCount);
  const slot = new Int32Array(nodeCount);
  const order: number[] = [];
  const scratch: number[] = [];
  for (let n = 0; n < nodeCount; n++) {
    const a = start[n]!;
    const b = start[n + 1]!;
    if (b - a < 2) continue;
    order.length = 0;
    let numeric = false;
    for (let i = a; i < b; i++) {
      const m = far[list[i]!]!;
      if (seenBy[m] !== n) {
        seenBy[m] = n;
        count[m] = 0;
        order.push(m);
        if (keyOrder && keyOrder[m]! >= 0) numeric = true;
      }
      count[m]!++;
    }
    if (order.length === b - a && !numeric) continue;
    if (numeric) {
      const k = keyOrder!;
      const numbers = order.filter((m) => k[m]! >= 0).sort((x, y) => k[x]! - k[y]!);
      const names = order.filter((m) => k[m]! < 0);
      order.length = 0;
      order.push(...numbers, ...names);
    }
    let pos = a;
    for (const m of order) slot[m] = pos += count[m]!;
    scratch.length = b - a;
    for (let i = a; i < b; i++) {
      const e = list[i]!;
      scratch[--slot[far[e]!]! - a] = e;
    }
    for (let i = a; i < b; i++) list[i] = scratch[i - a]!;
  }
  return { start, list, far: list.map((e) => far[e]!) };
}

export function loadTraversalGraph(graph: AttackGraph): TraversalGraph {
  return new TraversalGraph(graph.nodes, graph.edges);
}
