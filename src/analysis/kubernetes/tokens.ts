import type { KubernetesInventory } from '../../model/inventory/index.js';
import { tokenNodeId, type WorkloadToken } from '../federation/types.js';
import { ClusterFacts } from './facts.js';
import { saSubject } from './ids.js';

/**
 * The tokens each service account can present to a cloud: issuer = the cluster's OIDC issuer,
 * subject `system:serviceaccount:<ns>:<sa>`. The audience is the minter's choice — a pod spec
 * names any audience for its projected token, and TokenRequest takes one — so 'any'. Clusters
 * without a known issuer mint nothing a cloud could match.
 */
export function kubernetesWorkloadTokens(inventory: KubernetesInventory): WorkloadToken[] {
  const out: WorkloadToken[] = [];
  for (const cluster of inventory.clusters) {
    if (!cluster.oidcIssuer) continue;
    const f = new ClusterFacts(cluster);
    for (const sa of f.serviceAccounts.values()) {
      const subject = saSubject(sa.namespace, sa.name);
      out.push({
        id: tokenNodeId(cluster.oidcIssuer, subject),
        issuer: cluster.oidcIssuer,
        subject,
        audiences: 'any',
        claims: {
          'kubernetes.io/namespace': sa.namespace,
          'kubernetes.io/serviceaccount/name': sa.name,
          ...(sa.object?.uid ? { 'kubernetes.io/serviceaccount/uid': sa.object.uid } : {}),
        },
        ...(cluster.provider === 'gke' && cluster.workloadPool ? { workloadPool: cluster.workloadPool } : {}),
        mintedBy: sa.id,
      });
    }
  }
  return out;
}
