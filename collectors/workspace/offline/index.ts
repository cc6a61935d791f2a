import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { OfflineFormat } from '../../types.js';
import { emptyPart, type GcpPart } from '../../gcp/part.js';
import * as S from './schemas.js';

/**
 * Google Workspace exports (Admin SDK JSON responses, and a declared delegation list). They join
 * the GCP inventory: domain-wide delegation names a service account's OAuth client id.
 */
const kindIs = (kind: string) => (json: unknown) => !!json && typeof json === 'object' && (json as { kind?: unknown }).kind === kind;

function parseUsers(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.usersListSchema, json, file, 'an Admin SDK users.list response');
  part.inventory.workspace.users = r.users.map((u) => ({ ...(u.id ? { id: u.id } : {}), primaryEmail: u.primaryEmail.toLowerCase(), isAdmin: u.isAdmin === true, isDelegatedAdmin: u.isDelegatedAdmin === true, suspended: u.suspended === true }));
  return part;
}

function parseTokens(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.tokenListSchema, json, file, 'an Admin SDK tokens.list response');
  part.inventory.workspace.tokens = r.items.map((t) => ({ userKey: t.userKey, clientId: t.clientId, ...(t.displayText ? { displayText: t.displayText } : {}), scopes: t.scopes, ...(t.nativeApp !== undefined ? { nativeApp: t.nativeApp } : {}) }));
  return part;
}

/**
 * Admin Reports events AUTHORIZE_API_CLIENT_ACCESS / REMOVE_API_CLIENT_ACCESS, replayed oldest
 * first: what remains is the delegation in force at the end of the report.
 */
function parseActivities(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.activitiesSchema, json, file, 'an Admin SDK Reports activities.list response (applicationName=admin)');
  const grants = new Map<string, { scopes: string[]; time: string }>();
  const items = [...r.items].sort((a, b) => a.id.time.localeCompare(b.id.time));
  for (const item of items) {
    for (const e of item.events) {
      if (e.name !== 'AUTHORIZE_API_CLIENT_ACCESS' && e.name !== 'REMOVE_API_CLIENT_ACCESS') continue;
      const param = (n: string) => e.parameters.find((p) => p.name === n);
      const client = param('API_CLIENT_NAME')?.value;
      if (!client) continue;
      if (e.name === 'REMOVE_API_CLIENT_ACCESS') grants.delete(client);
      else {
        const p = param('API_SCOPES');
        grants.set(client, { scopes: p?.multiValue ?? (p?.value ? p.value.split(/[\s,]+/).filter(Boolean) : []), time: item.id.time });
      }
    }
  }
  part.inventory.workspace.delegations = [...grants].map(([clientId, g]) => ({ clientId, scopes: g.scopes, source: `${file}: AUTHORIZE_API_CLIENT_ACCESS at ${g.time}` }));
  return part;
}

function parseDelegations(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.dwdSchema, json, file, `a leakpath ${S.DWD_FORMAT} delegation list`);
  part.inventory.workspace.delegations = r.grants.map((g, i) => ({ clientId: g.clientId, scopes: g.scopes, ...(g.name ? { name: g.name } : {}), source: `${file} grants[${i}]` }));
  return part;
}

function parseRoles(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.rolesListSchema, json, file, 'an Admin SDK roles.list response');
  part.inventory.workspace.roles = r.items.map((x) => ({ roleId: x.roleId, roleName: x.roleName, isSuperAdminRole: x.isSuperAdminRole === true, privileges: x.rolePrivileges.map((p) => `${p.serviceId ?? ''}:${p.privilegeName}`) }));
  return part;
}

function parseRoleAssignments(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const r = parseOrThrow(S.roleAssignmentsListSchema, json, file, 'an Admin SDK roleAssignments.list response');
  part.inventory.workspace.roleAssignments = r.items.map((x) => ({ roleId: x.roleId, assignedTo: x.assignedTo, ...(x.assigneeType ? { assigneeType: x.assigneeType } : {}), ...(x.scopeType ? { scopeType: x.scopeType } : {}), ...(x.orgUnitId ? { orgUnitId: x.orgUnitId } : {}) }));
  return part;
}

export const WORKSPACE_FORMATS: readonly OfflineFormat<GcpPart>[] = [
  { name: 'Google Workspace users.list (Admin SDK)', detect: kindIs('admin#directory#users'), parse: parseUsers },
  { name: 'Google Workspace tokens.list (Admin SDK)', detect: kindIs('admin#directory#tokenList'), parse: parseTokens },
  { name: 'Google Workspace roles.list (Admin SDK)', detect: kindIs('admin#directory#roles'), parse: parseRoles },
  { name: 'Google Workspace roleAssignments.list (Admin SDK)', detect: kindIs('admin#directory#roleAssignments'), parse: parseRoleAssignments },
  { name: 'Google Workspace admin activities (Reports API: domain-wide delegation events)', detect: kindIs('admin#reports#activities'), parse: parseActivities },
  { name: `leakpath ${S.DWD_FORMAT} (domain-wide delegation list)`, detect: (j) => !!j && typeof j === 'object' && (j as { leakpath?: unknown }).leakpath === S.DWD_FORMAT, parse: parseDelegations },
];
