import type { GraphEdge } from '../../../model/graph.js';
import type { WorkspaceAdminRole, WorkspaceDirectory } from '../../../model/inventory/gcp.js';
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

/** Names of the administrator roles assigned to a user or service account (by unique id), from roleAssignments.list. */
export function adminRolesOf(ws: WorkspaceDirectory, uniqueId: string | undefined): WorkspaceAdminRole[] {
  if (!uniqueId) return [];
  const roles = new Map((ws.roles ?? []).map((r) => [r.roleId, r]));
  return (ws.roleAssignments ?? []).filter((a) => a.assignedTo === uniqueId).flatMap((a) => (roles.has(a.roleId) ? [roles.get(a.roleId)!] : []));
}

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
    const superRole = adminRolesOf(ws, u.id).find((r) => r.isSuperAdminRole);
    if (!u.isAdmin && superRole) {
      tierZero.push({ nodeId: wsUserId(u.primaryEmail), technique: 'workspace:SuperAdmin', reason: `Workspace super administrator ${u.primaryEmail}`, evidence: { summary: `${u.primaryEmail} holds the ${superRole.roleName} role`, refs: [{ type: 'role-assignment', source: 'roleAssignments.list', detail: `${superRole.roleName} (${superRole.roleId}) → ${u.id}` }] }, conditional: false });
    }
    if (u.isAdmin) {
      tierZero.push({ nodeId: wsUserId(u.primaryEmail), technique: 'workspace:SuperAdmin', reason: `Workspace super administrator ${u.primaryEmail}`, evidence: { summary: `${u.primaryEmail} is a super administrator (users.list isAdmin)`, refs: [{ type: 'inventory', source: 'users.list', detail: `${u.primaryEmail} isAdmin` }] }, conditional: false });
    }
  }

  // Admin roles can be assigned to service accounts themselves: the SA's own token is then an administrator's.
  for (const [clientId, email] of byClientId) {
    for (const role of adminRolesOf(ws, clientId)) {
      const detail = `${role.roleName} (${role.roleId}) → service account ${email} (${clientId})`;
      if (role.isSuperAdminRole) tierZero.push({ nodeId: saId(email), technique: 'workspace:SuperAdmin', reason: `service account ${email} holds the Workspace ${role.roleName} role`, evidence: { summary: `${email} is a Workspace super administrator through a role assignment`, refs: [{ type: 'role-assignment', source: 'roleAssignments.list', detail }] }, conditional: false });
      else warnings.push(`workspace: exposure: service account ${email} holds the Workspace administrator role ${role.roleName} (${role.privileges.length} privilege(s)); any key of it administers Workspace within that role`);
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
