import type { GraphEdge, GraphNode } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildAws } from './aws.js';
import { buildAzure } from './azure.js';
import { buildGcp } from './gcp.js';

/** Inventories → nodes and base edges. Each provider contributes its own builder. `at`: the analysis time. */
export function buildBaseGraph(inventories: readonly Inventory[], at: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const inventory of inventories) {
    const part = (() => {
      switch (inventory.provider) {
        case 'aws':
          return buildAws(inventory, at);
        case 'azure':
          return buildAzure(inventory);
        case 'gcp':
          return buildGcp(inventory);
      }
    })();
    for (const n of part.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    edges.push(...part.edges);
    warnings.push(...part.warnings);
  }
  return { nodes: [...nodes.values()], edges, warnings };
}
