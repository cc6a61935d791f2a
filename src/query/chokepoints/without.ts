import { UsageError } from '../../errors.js';
import type { AttackGraph, GraphEdge } from '../../model/graph.js';
import { fixUnitsOf } from './fix-units.js';

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
  const unused = specs.filter((s) => !used.has(s));
  if (unused.length > 0) throw withoutUsageError(unused[0]!);
  return { graph: { nodes: graph.nodes, edges: kept }, removed };
}

/** The error of a `--without` that names nothing, the same from both engines. */
export const withoutUsageError = (spec: string) =>
  new UsageError(`--without ${JSON.stringify(spec)} names no edge id, technique or evidence reference in the snapshot (see \`leakpath chokepoints --format json\` for fix ids)`);
