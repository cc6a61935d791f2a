import type { GraphEdge } from '../../../model/graph.js';
import type { AzureFederatedCredential } from '../../../model/inventory/index.js';
import { edge } from '../edge.js';
import type { AzureFacts } from '../facts.js';
import { federatedSubjectId, spId } from '../ids.js';

/** The audience Entra expects unless a credential names another. */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * The subject a federated credential admits. Flexible credentials match claims by expression
 * instead of one subject; they still get a node, named after the expression.
 */
export function ficSubject(f: AzureFederatedCredential): string | undefined {
  return f.subject ?? (f.claimsMatchingExpression ? `claims matching ${f.claimsMatchingExpression}` : undefined);
}

/**
 * Entra accepts an external token for a federated credential when its `iss` and `sub` equal the
 * credential's issuer and subject exactly (case-sensitive, no prefix or wildcard) and its `aud`
 * is one of the credential's audiences.
 */
export function ficAdmits(f: AzureFederatedCredential, token: { iss: string; sub: string; aud: string }): boolean {
  return f.subject !== undefined && f.issuer === token.iss && f.subject === token.sub && f.audiences.includes(token.aud);
}

function ficEdge(f: AzureFederatedCredential, target: string, targetName: string, owner: string): GraphEdge | undefined {
  const subject = ficSubject(f);
  if (subject === undefined) return undefined;
  const conditions = f.subject === undefined
    ? `flexible federated credential: any token from ${f.issuer} whose claims match ${f.claimsMatchingExpression}`
    : ficAdmits(f, { iss: f.issuer, sub: f.subject, aud: ENTRA_TOKEN_EXCHANGE_AUDIENCE })
      ? undefined
      : `the workload must request a token with audience ${f.audiences.join(' or ') || '(none listed)'}`;
  return edge('FEDERATES', 'azure:entra:FederatedCredential', federatedSubjectId(f.issuer, subject), target, {
    summary: `a token from ${f.issuer} with subject "${subject}" signs in as ${targetName}`,
    refs: [{ type: 'inventory', source: `federatedIdentityCredential ${f.id} (${f.name}) on ${owner}`, detail: `issuer ${f.issuer}; subject ${subject}; audiences ${f.audiences.join(', ')}` }],
  }, conditions);
}

/** Workload identity federation: an external subject (GitHub workflow, Kubernetes SA…) → the app or user-assigned identity. */
export function federationRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const tenant of facts.inventory.tenants) {
    for (const app of tenant.applications) {
      for (const f of app.federatedIdentityCredentials) {
        for (const sp of facts.spsByAppId.get(app.appId) ?? []) {
          const e = ficEdge(f, spId(sp.item.id), sp.item.displayName, `application ${app.displayName} (${app.appId})`);
          if (e) edges.push(e);
        }
      }
    }
    for (const r of tenant.resources) {
      const mi = r.managedIdentity;
      if (!mi) continue;
      const sp = (mi.principalId ? facts.sps.get(mi.principalId)?.item : undefined) ??
        tenant.servicePrincipals.find((s) => s.alternativeNames.some((n) => n.toLowerCase() === r.id));
      if (!sp) continue;
      for (const f of mi.federatedIdentityCredentials) {
        const e = ficEdge(f, spId(sp.id), sp.displayName, `user-assigned identity ${r.name}`);
        if (e) edges.push(e);
      }
    }
  }
  return edges;
}
