import type { GraphEdge, GraphNode } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildAws } from './aws.js';
import { buildAzure } from './azure.js';
import { buildGcp } from './gcp.js';
import { buildGithub } from './github.js';
import { buildKubernetes } from './kubernetes.js';
import { buildSecrets } from './secrets.js';
import { appendAll } from '../model/append.js';

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
        case 'github':
          return buildGithub(inventory, at);
        case 'kubernetes':
          return buildKubernetes(inventory);
        case 'secrets':
          return buildSecrets(inventory, nodes, at);
        case 'usage':
          // Usage is read by `leakpath unused` and the metrics against the graph; it draws no nodes.
          return { nodes: [], edges: [], warnings: [] };
      }
    })();
    // A node another source only names (a credential found in its secrets) gives way to the owner's.
    for (const n of part.nodes) if (!nodes.has(n.id) || (nodes.get(n.id)!.props.placeholder === true && n.props.placeholder !== true)) nodes.set(n.id, n);
    appendAll(edges, part.edges);
    appendAll(warnings, part.warnings);
  }
  return { nodes: [...nodes.values()], edges, warnings };
}
