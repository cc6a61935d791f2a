import type { AttackGraph, GraphEdge } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildBaseGraph } from '../build/index.js';
import { analyseAws } from './aws/index.js';
import { analyseAzure } from './azure/index.js';
import type { AnalysisResult } from './types.js';

function analyseOne(inventory: Inventory): AnalysisResult {
  switch (inventory.provider) {
    case 'aws':
      return analyseAws(inventory);
    case 'azure':
      return analyseAzure(inventory);
  }
}

/**
 * The whole pipeline after collection: inventories → base graph → attack graph. Edges are
 * de-duplicated by id and sorted so the same inventory always yields the same graph.
 */
export function analyse(inventories: readonly Inventory[]): { graph: AttackGraph; warnings: string[] } {
  const base = buildBaseGraph(inventories);
  const warnings = [...base.warnings];
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  const edges = new Map<string, GraphEdge>(base.edges.map((e) => [e.id, e]));

  for (const inventory of inventories) {
    const result = analyseOne(inventory);
    warnings.push(...result.warnings);
    for (const e of result.edges) {
      if (!nodes.has(e.source) || !nodes.has(e.target)) {
        warnings.push(`analysis: edge ${e.id} dropped, an endpoint is not in the graph`);
        continue;
      }
      edges.set(e.id, e);
    }
    for (const t of result.tierZero) {
      const node = nodes.get(t.nodeId);
      if (node) node.tierZero = { reason: t.reason, technique: t.technique, evidence: t.evidence, conditional: t.conditional, ...(t.conditions ? { conditions: t.conditions } : {}) };
    }
  }
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { graph: { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) }, warnings };
}
