import type { KubernetesInventory } from '../../model/inventory/index.js';
import type { AnalysisResult } from '../types.js';
import { ClusterFacts } from './facts.js';
import { escalationRules, identityRules } from './rules/identity.js';
import { secretRules, storedCredentialRules } from './rules/secrets.js';
import { nodeRules, workloadRules } from './rules/workloads.js';

/** RBAC, workloads and secrets of each cluster → attack edges and tier-zero marks. */
export function analyseKubernetes(inventory: KubernetesInventory): AnalysisResult {
  const result: AnalysisResult = { edges: [], tierZero: [], warnings: [] };
  for (const cluster of inventory.clusters) {
    const f = new ClusterFacts(cluster);
    const esc = escalationRules(f);
    result.edges.push(...workloadRules(f), ...nodeRules(f), ...secretRules(f), ...storedCredentialRules(f), ...identityRules(f), ...esc.edges);
    result.tierZero.push(...esc.tierZero);
    result.warnings.push(...f.rbac.warnings);
  }
  return result;
}
