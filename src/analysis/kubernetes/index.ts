import type { KubernetesInventory } from '../../model/inventory/index.js';
import type { AnalysisResult } from '../types.js';
import { ClusterFacts } from './facts.js';
import { escalationRules, identityRules } from './rules/identity.js';
import { secretRules, storedCredentialRules } from './rules/secrets.js';
import { nodeRules, workloadRules } from './rules/workloads.js';
import { appendAll } from '../../model/append.js';

/** RBAC, workloads and secrets of each cluster → attack edges and tier-zero marks. */
export function analyseKubernetes(inventory: KubernetesInventory): AnalysisResult {
  const result: AnalysisResult = { edges: [], tierZero: [], warnings: [] };
  for (const cluster of inventory.clusters) {
    const f = new ClusterFacts(cluster);
    const esc = escalationRules(f);
    appendAll(result.edges, workloadRules(f), nodeRules(f), secretRules(f), storedCredentialRules(f), identityRules(f), esc.edges);
    appendAll(result.tierZero, esc.tierZero);
    appendAll(result.warnings, f.rbac.warnings);
  }
  return result;
}
