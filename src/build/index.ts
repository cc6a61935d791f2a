import type { GraphEdge, GraphNode } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildAws } from './aws.js';
import { buildAzure } from './azure.js';
import { appendAll } from '../model/append.js';

/** Inventories → nodes and base edges. Each provider contributes its own builder. */
export function buildBaseGraph(inventories: readonly Inventory[]): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const inventory of inventories) {
    const part = (() => {
      switch (inventory.provider) {
        case 'aws':
          return buildAws(inventory);
        case 'azure':
          return buildAzure(inventory);
      }
    })();
    for (const n of part.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    appendAll(edges, part.edges);
    appendAll(warnings, part.warnings);
  }
  return { nodes: [...nodes.values()], edges, warnings };
}
