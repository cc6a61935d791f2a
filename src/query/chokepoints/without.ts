import { UsageError } from '../../errors.js';
import { edgeId, type AttackGraph, type GraphEdge } from '../../model/graph.js';
import { fixUnitsOf } from './fix-units.js';
import { composeThroughHub, hubHalves } from '../../model/hubs.js';

export interface WhatIf {
  graph: AttackGraph;
  removed: GraphEdge[];
}

/** Whether `spec` names this edge: its id, its technique, or a fix unit it cites. */
export function edgeMatches(edge: GraphEdge, spec: string): boolean {
  return edge.id === spec || edge.technique === spec || fixUnitsOf(edge).some((u) => u.id === spec);
}

/**
 * The graph with the named edges taken out (`--without`): what the estate looks like once a fix is
 * made, so the fix can be proven first. It removes the edges that cite a reference; it does not
 * re-evaluate policies, so a second statement granting the same action is not taken into account
 * (the choke-point report flags such fixes). A spec that names nothing is a usage error, so a typo
 * never passes for a proof.
 */
export function withoutEdges(graph: AttackGraph, specs: readonly string[]): WhatIf {
  if (specs.length === 0) return { graph, removed: [] };
  const used = new Set<string>();
  const removed: GraphEdge[] = [];
  const kept: GraphEdge[] = [];
  for (const e of graph.edges) {
    const hit = specs.filter((s) => edgeMatches(e, s));
    hit.forEach((s) => used.add(s));
    (hit.length > 0 ? removed : kept).push(e);
  }
  let edges = kept;
  for (const spec of specs.filter((s) => !used.has(s))) {
    const split = withoutHubPair({ nodes: graph.nodes, edges }, spec);
    if (!split) continue;
    edges = split.edges;
    removed.push(split.removed);
    used.add(spec);
  }
  const unused = specs.filter((s) => !used.has(s));
  if (unused.length > 0) throw withoutUsageError(unused[0]!);
  return { graph: { nodes: graph.nodes, edges }, removed };
}

/**
 * An edge a hub stands for (paths show those ids) taken out alone: its caller's half into the hub
 * goes, and the caller keeps its other pairs through that hub as edges of their own.
 */
function withoutHubPair(graph: AttackGraph, spec: string): { edges: GraphEdge[]; removed: GraphEdge } | undefined {
  const { into, out } = hubHalves(graph);
  for (const [hub, ins] of into) {
    for (const a of ins) {
      const prefix = edgeId(a.kind, a.technique, a.source, '');
      if (!spec.startsWith(prefix)) continue;
      const outs = out.get(hub) ?? [];
      const b = outs.find((o) => o.target === spec.slice(prefix.length));
      const removed = b ? composeThroughHub(a, b) : undefined;
      if (!removed) continue;
      const others = outs.flatMap((o) => (o === b ? [] : [composeThroughHub(a, o)].filter((e): e is GraphEdge => e !== undefined)));
      return { edges: [...graph.edges.filter((e) => e !== a), ...others], removed };
    }
  }
  return undefined;
}

/** The error of a `--without` that names nothing, the same from both engines. */
export const withoutUsageError = (spec: string) =>
  new UsageError(`--without ${JSON.stringify(spec)} names no edge id, technique or evidence reference in the snapshot (see \`leakpath chokepoints --format json\` for fix ids)`);
