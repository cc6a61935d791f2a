import type { GraphEdge } from '../../../model/graph.js';
import { edge } from '../edge.js';
import type { AzureFacts } from '../facts.js';
import { spId, userId } from '../ids.js';

/** Delegated scopes that let the client change something on the user's behalf. */
export function isPowerfulScope(scope: string): boolean {
  return /ReadWrite|AccessAsUser|user_impersonation|FullControl/i.test(scope);
}

/**
 * Users whose delegated session is worth having: they hold a directory or Azure role, directly
 * or through a group. An all-principals grant is drawn to these only.
 */
function privilegedUsers(facts: AzureFacts): Set<string> {
  const out = new Set<string>();
  for (const t of facts.inventory.tenants) {
    for (const a of [...t.directoryRoleAssignments, ...t.armRoleAssignments]) {
      for (const e of facts.effective(a.principalId)) if (e.principal.type === 'user') out.add(e.principal.objectId);
    }
  }
  return out;
}

/**
 * oauth2PermissionGrants: the client may call the resource as a signed-in user, never on its own.
 * Always conditional: the attacker needs that user's sign-in through the app (consent or
 * redirect-URI phishing) or a refresh token the app holds, and gets the intersection of the
 * user's rights and the granted scopes.
 */
export function delegatedGrantRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const privileged = privilegedUsers(facts);
  for (const tenant of facts.inventory.tenants) {
    for (const g of tenant.oauth2PermissionGrants) {
      const powerful = g.scope.split(/\s+/).filter((s) => s && isPowerfulScope(s));
      const client = facts.sps.get(g.clientId);
      if (powerful.length === 0 || !client) continue;
      const resource = facts.sps.get(g.resourceId)?.item.displayName ?? g.resourceId;
      const users =
        g.consentType === 'Principal' ? (g.principalId && facts.principals.get(g.principalId)?.type === 'user' ? [g.principalId] : []) : [...privileged];
      for (const u of users) {
        const user = facts.principals.get(u);
        if (!user) continue;
        edges.push(
          edge(
            'CAN_IMPERSONATE',
            'azure:oauth2:DelegatedGrant',
            spId(g.clientId),
            userId(u),
            {
              summary: `${client.item.displayName} holds delegated ${powerful.join(', ')} on ${resource} ${g.consentType === 'Principal' ? `for ${user.name}` : 'for every user (admin consent)'}`,
              refs: [{ type: 'grant', source: `oauth2PermissionGrant ${g.id}`, detail: `consentType ${g.consentType}, scope "${g.scope}"` }],
              assumptions: ['delegated rights are the intersection of the user\'s own rights and the granted scopes'],
            },
            `only while ${user.name} is signed in to the app or the app holds their refresh token; limited to the scopes ${powerful.join(', ')}`,
          ),
        );
      }
    }
  }
  return edges;
}
