import type { GraphEdge } from '../../../model/graph.js';
import type { GcpServiceAccountKey } from '../../../model/inventory/gcp.js';
import { edge } from '../edge.js';
import type { GcpFacts } from '../facts.js';
import { keyId, saId } from '../ids.js';

export type KeyStatus = 'active' | 'disabled' | 'expired' | 'not-yet-valid' | 'system-managed' | 'service-account-disabled';

/** Whether a key signs in as its service account at `now`; only USER_MANAGED keys can leak. */
export function keyStatus(facts: GcpFacts, k: GcpServiceAccountKey, now: Date): KeyStatus {
  if (k.keyType === 'SYSTEM_MANAGED') return 'system-managed';
  if (k.disabled) return 'disabled';
  if (facts.serviceAccounts.get(k.serviceAccountEmail)?.disabled) return 'service-account-disabled';
  const t = now.getTime();
  if (k.validBeforeTime && Date.parse(k.validBeforeTime) <= t) return 'expired';
  if (k.validAfterTime && Date.parse(k.validAfterTime) > t) return 'not-yet-valid';
  return 'active';
}

/** Key → its service account while the key is active; other keys stay in the graph with their status. */
export function keyRules(facts: GcpFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const k of facts.inventory.keys) {
    if (keyStatus(facts, k, facts.now) !== 'active') continue;
    edges.push(
      edge('AUTHENTICATES_AS', 'gcp:iam:ServiceAccountKey', keyId(k.keyId), saId(k.serviceAccountEmail), {
        summary: `user-managed key ${k.keyId} signs in as ${k.serviceAccountEmail}`,
        refs: [{ type: 'inventory', source: `projects/-/serviceAccounts/${k.serviceAccountEmail}/keys/${k.keyId}`, detail: `${k.keyType ?? 'USER_MANAGED'}${k.validBeforeTime ? `, valid before ${k.validBeforeTime}` : ''}` }],
      }),
    );
  }
  return edges;
}
