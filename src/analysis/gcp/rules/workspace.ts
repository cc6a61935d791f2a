import type { GraphEdge } from '../../../model/graph.js';
import type { WorkspaceDirectory } from '../../../model/inventory/gcp.js';
import type { TierZeroMark } from '../../types.js';
import { edge } from '../edge.js';
import type { GcpFacts } from '../facts.js';
import { saId } from '../ids.js';

export const ALL_USERS = 'workspace:all-users';
export const wsUserId = (email: string) => `workspace:user:${email.toLowerCase()}`;
export const wsAppId = (clientId: string) => `workspace:oauth-app:${clientId}`;

/** Scopes that reach mail, files or the directory: what makes a grant a crown jewel. */
export function sensitiveScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => /^https:\/\/mail\.google\.com\/?$|\/auth\/(gmail\.|drive|admin\.|cloud-platform$|apps\.groups|cloud-identity)/.test(s));
}

export const workspaceOf = (facts: GcpFacts): WorkspaceDirectory => facts.inventory.workspace ?? { users: [], tokens: [], delegations: [] };

/** `userKey` is an id or an email; the users listing joins them. */
export function userEmail(ws: WorkspaceDirectory, userKey: string): string {
  return (ws.users.find((u) => u.id === userKey)?.primaryEmail ?? userKey).toLowerCase();
}

/**
 * Google Workspace: service accounts whose OAuth client id holds domain-wide delegation reach
 * every user (tier zero with mail, Drive or admin scopes); third-party OAuth apps reach the users
 * who granted them; super administrators are tier zero.
 */
export function workspaceRules(facts: GcpFacts): { edges: GraphEdge[]; tierZero: TierZeroMark[]; warnings: string[] } {
  const ws = workspaceOf(facts);
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  const warnings: string[] = [];
  const byClientId = new Map<string, string>();
  for (const sa of facts.serviceAccounts.values()) {
    if (sa.oauth2ClientId) byClientId.set(sa.oauth2ClientId, sa.email);
    if (sa.uniqueId) byClientId.set(sa.uniqueId, sa.email);
  }

  for (const d of ws.delegations) {
    const email = byClientId.get(d.clientId);
    const sensitive = sensitiveScopes(d.scopes);
    if (!email) {
      warnings.push(`workspace: OAuth client ${d.clientId}${d.name ? ` (${d.name})` : ''} holds domain-wide delegation (${d.scopes.join(' ')}) but matches no service account in the inventory (its key may be outside this organisation)`);
      continue;
    }
    const summary = `service account ${email} (OAuth client ${d.clientId}) holds domain-wide delegation: it may impersonate every Workspace user within ${d.scopes.join(' ')}`;
    const refs = [{ type: 'grant' as const, source: d.source, detail: `client ${d.clientId}: ${d.scopes.join(' ')}` }];
    edges.push(edge('CAN_IMPERSONATE', 'workspace:DomainWideDelegation', saId(email), ALL_USERS, { summary, refs }));
    if (sensitive.length > 0) tierZero.push({ nodeId: saId(email), technique: 'workspace:DomainWideDelegation', reason: `holds domain-wide delegation with ${sensitive.join(', ')}`, evidence: { summary, refs }, conditional: false });
  }
  if (ws.delegations.some((d) => sensitiveScopes(d.scopes).length > 0)) {
    tierZero.push({ nodeId: ALL_USERS, technique: 'workspace:DomainWideDelegation', reason: 'every user of the Workspace domain (mail, Drive, directory)', evidence: { summary: 'stands for impersonating any Workspace user', refs: [{ type: 'inventory', source: 'domain-wide delegation' }] }, conditional: false });
  }

  for (const u of ws.users) {
    if (u.suspended) continue;
    if (ws.delegations.length > 0) edges.push(edge('CAN_IMPERSONATE', 'workspace:DomainWideDelegation', ALL_USERS, wsUserId(u.primaryEmail), { summary: `domain-wide delegation impersonates ${u.primaryEmail} (sub=${u.primaryEmail})`, refs: [{ type: 'inventory', source: 'users.list', detail: u.primaryEmail }] }));
    if (u.isAdmin) {
      tierZero.push({ nodeId: wsUserId(u.primaryEmail), technique: 'workspace:SuperAdmin', reason: `Workspace super administrator ${u.primaryEmail}`, evidence: { summary: `${u.primaryEmail} is a super administrator (users.list isAdmin)`, refs: [{ type: 'inventory', source: 'users.list', detail: `${u.primaryEmail} isAdmin` }] }, conditional: false });
    }
  }

  for (const t of ws.tokens) {
    const email = userEmail(ws, t.userKey);
    const sensitive = sensitiveScopes(t.scopes);
    edges.push(
      edge('CAN_IMPERSONATE', 'workspace:OAuthGrant', wsAppId(t.clientId), wsUserId(email), {
        summary: `${email} granted ${t.displayText ?? t.clientId} (client ${t.clientId}) ${t.scopes.join(' ')}`,
        refs: [{ type: 'grant', source: `tokens.list of ${email}`, detail: `client ${t.clientId}: ${t.scopes.join(' ')}` }],
      }, 'acts as the user only within the granted scopes, with the app\'s refresh token'),
    );
    if (sensitive.length > 0) warnings.push(`workspace: exposure: third-party app ${t.displayText ?? t.clientId} (client ${t.clientId}) holds ${sensitive.join(', ')} of ${email}`);
  }
  return { edges, tierZero, warnings };
}
