import type { GraphEdge, GraphNode } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildAws } from './aws.js';
import { buildAzure } from './azure.js';
import { buildGcp } from './gcp.js';
import { buildSecrets } from './secrets.js';
import { buildKubernetes } from './kubernetes.js';

/** Inventories → nodes and base edges. Each provider contributes its own builder. `at`: the analysis time. */
export function buildBaseGraph(inventories: readonly Inventory[], at: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  // Scanner findings join on the credentials other sources built, so they are built last.
  const ordered = [...inventories.filter((i) => i.provider !== 'secrets'), ...inventories.filter((i) => i.provider === 'secrets')];
  for (const inventory of ordered) {
    const part = (() => {
      switch (inventory.provider) {
        case 'aws':
          return buildAws(inventory, at);
        case 'azure':
          return buildAzure(inventory, at);
        case 'gcp':
          return buildGcp(inventory, at);
        case 'secrets':
          return buildSecrets(inventory, nodes);
        case 'kubernetes':
          return buildKubernetes(inventory);
      }
    })();
    // A node another source only names (a credential found in its secrets) gives way to the owner's.
    for (const n of part.nodes) if (!nodes.has(n.id) || (nodes.get(n.id)!.props.placeholder === true && n.props.placeholder !== true)) nodes.set(n.id, n);
    edges.push(...part.edges);
    warnings.push(...part.warnings);
  }
  return { nodes: [...nodes.values()], edges, warnings };
}
