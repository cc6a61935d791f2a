import graphology from 'graphology';
import { TRAVERSABLE_EDGE_KINDS } from '../../model/catalogue/index.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../model/graph.js';

const { MultiDirectedGraph } = graphology;
export type TraversalGraph = InstanceType<typeof MultiDirectedGraph<GraphNode, GraphEdge>>;

/** Every node, and only the traversable edges: base facts are never walked. */
export function loadTraversalGraph(graph: AttackGraph): TraversalGraph {
  const g = new MultiDirectedGraph<GraphNode, GraphEdge>({ allowSelfLoops: false });
  for (const n of graph.nodes) g.addNode(n.id, n);
  for (const e of graph.edges) {
    if (!TRAVERSABLE_EDGE_KINDS.has(e.kind) || e.source === e.target) continue;
    g.addDirectedEdgeWithKey(e.id, e.source, e.target, e);
  }
  return g;
}
