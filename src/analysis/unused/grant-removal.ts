import type { GraphEdge, GraphNode } from '../../model/graph.js';
import type { AzureInventory, GcpInventory, Inventory } from '../../model/inventory/index.js';
import type { NodeUsage } from './facts.js';
import type { GrantRemoval, RemovalProposal } from './types.js';

/**
 * Azure and GCP: which role assignments, grants and IAM binding members to remove from an identity
 * not used in the window. Taken from the evidence of its attack edges, matched back to the
 * inventory record it names and kept only when that record is held by the identity itself (a
 * group's assignment or an owner's rights are not the identity's to lose). Pure.
 */

const GRAPH = 'https://graph.microsoft.com/v1.0';
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The Entra object id behind an `azure:sp:<objectId>` node (managed identities are service principals too). */
function objectIdOf(node: GraphNode): string | undefined {
  if (node.id.startsWith('azure:sp:')) return node.id.slice('azure:sp:'.length).toLowerCase();
  const p = node.props.objectId ?? node.props.principalId;
  return typeof p === 'string' ? p.toLowerCase() : undefined;
}

function azureRecord(inv: AzureInventory, source: string, objectId: string, said?: string): Omit<GrantRemoval, 'edges'> | undefined {
  const found = azureMatch(inv, source, objectId);
  // The edge's evidence names the role as the analysis resolved it (built-in role names included).
  return found && said ? { ...found, detail: found.detail.endsWith('(PIM-eligible)') ? `${said} (PIM-eligible)` : said } : found;
}

function azureMatch(inv: AzureInventory, source: string, objectId: string): Omit<GrantRemoval, 'edges'> | undefined {
  for (const t of inv.tenants) {
    for (const a of t.armRoleAssignments) {
      if (a.principalId.toLowerCase() !== objectId) continue;
      const role = t.armRoleDefinitions.find((d) => d.id === a.roleDefinitionId)?.roleName ?? a.roleDefinitionId;
      const detail = `${role} at scope ${a.scope}`;
      if (source === a.id) return { provider: 'azure', type: 'arm-role-assignment', id: a.id, detail, command: `az role assignment delete --ids ${q(a.id)}` };
      if (source === `ARM role eligibility ${a.id}`) return { provider: 'azure', type: 'arm-role-assignment', id: a.id, detail: `${detail} (PIM-eligible)`, manual: 'a PIM eligibility: remove it with a roleEligibilityScheduleRequest (requestType AdminRemove) or in the portal' };
    }
    for (const a of t.directoryRoleAssignments) {
      if (a.principalId.toLowerCase() !== objectId) continue;
      const role = t.directoryRoles.find((r) => r.templateId === a.roleDefinitionId || r.id === a.roleDefinitionId)?.displayName ?? a.roleDefinitionId;
      const detail = `directory role ${role} at directoryScopeId ${a.directoryScopeId}`;
      if (source === `roleAssignment ${a.id}`) return { provider: 'azure', type: 'directory-role-assignment', id: a.id, detail, command: `az rest --method DELETE --url ${q(`${GRAPH}/roleManagement/directory/roleAssignments/${a.id}`)}` };
      if (source === `roleEligibilityScheduleInstance ${a.id}`) return { provider: 'azure', type: 'directory-role-assignment', id: a.id, detail: `${detail} (PIM-eligible)`, manual: 'a PIM eligibility: remove it with a unifiedRoleEligibilityScheduleRequest (action adminRemove) or in the portal' };
    }
    for (const a of t.appRoleAssignments) {
      if (a.principalId.toLowerCase() !== objectId || source !== `appRoleAssignment ${a.id}`) continue;
      return { provider: 'azure', type: 'app-role-assignment', id: a.id, detail: `app role ${a.appRoleId} on resource ${a.resourceId}`, command: `az rest --method DELETE --url ${q(`${GRAPH}/servicePrincipals/${a.principalId}/appRoleAssignments/${a.id}`)}` };
    }
    for (const g of t.oauth2PermissionGrants) {
      if (g.clientId.toLowerCase() !== objectId || source !== `oauth2PermissionGrant ${g.id}`) continue;
      return { provider: 'azure', type: 'oauth2-permission-grant', id: g.id, detail: `delegated "${g.scope}" (${g.consentType}) on resource ${g.resourceId}`, command: `az rest --method DELETE --url ${q(`${GRAPH}/oauth2PermissionGrants/${g.id}`)}` };
    }
  }
  return undefined;
}

/** `gcloud … remove-iam-policy-binding` for the resource kinds gcloud has the command for. */
export function gcloudRemove(resource: string, member: string, role: string, condition?: { expression: string; title?: string }, policyHasConditions = false): string | undefined {
  return gcloudBinding('remove', resource, member, role, condition, policyHasConditions);
}

/** `gcloud … add-iam-policy-binding` or `remove-iam-policy-binding`, for the resource kinds gcloud has them for. */
export function gcloudBinding(verb: 'add' | 'remove', resource: string, member: string, role: string, condition?: { expression: string; title?: string }, policyHasConditions = false): string | undefined {
  const cmd = `${verb}-iam-policy-binding`;
  // gcloud asks which binding when the policy has conditional ones; --condition=None names the unconditional one.
  const cond = condition ? ` --condition=${q(`expression=${condition.expression}${condition.title ? `,title=${condition.title}` : ''}`)}` : policyHasConditions ? ' --condition=None' : '';
  const tail = ` --member=${q(member)} --role=${q(role)}${cond}`;
  let m: RegExpExecArray | null;
  if ((m = /^\/\/cloudresourcemanager\.googleapis\.com\/projects\/([^/]+)$/.exec(resource))) return `gcloud projects ${cmd} ${m[1]}${tail}`;
  if ((m = /^\/\/cloudresourcemanager\.googleapis\.com\/folders\/([^/]+)$/.exec(resource))) return `gcloud resource-manager folders ${cmd} ${m[1]}${tail}`;
  if ((m = /^\/\/cloudresourcemanager\.googleapis\.com\/organizations\/([^/]+)$/.exec(resource))) return `gcloud organizations ${cmd} ${m[1]}${tail}`;
  if ((m = /^\/\/iam\.googleapis\.com\/projects\/([^/]+)\/serviceAccounts\/([^/]+)$/.exec(resource))) return `gcloud iam service-accounts ${cmd} ${m[2]} --project=${m[1]}${tail}`;
  if ((m = /^\/\/storage\.googleapis\.com\/(?:projects\/_\/buckets\/)?([^/]+)$/.exec(resource))) return `gcloud storage buckets ${cmd} gs://${m[1]}${tail}`;
  if ((m = /^\/\/secretmanager\.googleapis\.com\/projects\/([^/]+)\/secrets\/([^/]+)$/.exec(resource))) return `gcloud secrets ${cmd} ${m[2]} --project=${m[1]}${tail}`;
  return undefined;
}

function gcpRecords(inv: GcpInventory, source: string, detail: string | undefined, member: string): Omit<GrantRemoval, 'edges'>[] {
  const res = /^IAM policy of (\S+) \(/.exec(source)?.[1];
  const m = /^(\S+) → (\S+?)(?: if (.*))?$/.exec(detail ?? '');
  if (!res || !m || m[2]!.toLowerCase() !== member) return [];
  const [, role, , expression] = m;
  const out: Omit<GrantRemoval, 'edges'>[] = [];
  for (const p of inv.policies) {
    if (p.resource !== res) continue;
    for (const b of p.bindings) {
      if (b.role !== role || (b.condition?.expression ?? undefined) !== expression) continue;
      const written = b.members.find((x) => x.toLowerCase() === member);
      if (!written) continue;
      const command = gcloudRemove(res, written, b.role, b.condition, p.bindings.some((x) => x.condition));
      out.push({
        provider: 'gcp', type: 'iam-binding', id: res, detail: `${b.role} → ${written}${b.condition ? ` if ${b.condition.expression}` : ''} on ${res}`,
        resource: res, role: b.role, member: written, ...(b.condition ? { condition: b.condition.expression } : {}),
        ...(command ? { command } : { manual: 'no gcloud remove-iam-policy-binding for this resource type: edit its policy (getIamPolicy, drop the member, setIamPolicy)' }),
      });
    }
  }
  return out;
}

const keyOf = (r: Omit<GrantRemoval, 'edges'>) => `${r.type}|${r.id}|${r.role ?? ''}|${r.member ?? ''}|${r.condition ?? ''}`;

/** The proposal's removals, kept bindings and untouched edges (verification filled in by the caller). */
export function proposeRemoval(node: GraphNode, edges: readonly GraphEdge[], inventories: readonly Inventory[], u: NodeUsage | undefined): Omit<RemovalProposal, 'verification'> {
  const found = new Map<string, GrantRemoval>();
  const untouched: RemovalProposal['untouched'] = [];
  const objectId = node.provider === 'azure' ? objectIdOf(node) : undefined;
  const member = node.provider === 'gcp' && node.id.startsWith('gcp:sa:') ? `serviceaccount:${node.id.slice('gcp:sa:'.length)}` : undefined;
  for (const e of edges) {
    const records = e.evidence.refs.flatMap((ref) => {
      if (ref.type !== 'role-assignment' && ref.type !== 'grant') return [];
      return inventories.flatMap((inv) => {
        if (inv.provider === 'azure' && objectId) return [azureRecord(inv, ref.source, objectId, ref.detail)].filter((x) => x !== undefined);
        if (inv.provider === 'gcp' && member) return gcpRecords(inv, ref.source, ref.detail, member);
        return [];
      });
    });
    if (records.length === 0) {
      untouched.push({ edge: e.id, technique: e.technique, reason: `its evidence (${e.evidence.refs.map((r) => r.source).join('; ') || e.evidence.summary}) names no role assignment, grant or binding held by ${node.name} itself` });
      continue;
    }
    for (const r of records) {
      const k = keyOf(r);
      const known = found.get(k) ?? found.set(k, { ...r, edges: [] }).get(k)!;
      if (!known.edges.includes(e.id)) known.edges.push(e.id);
    }
  }
  const remove: GrantRemoval[] = [];
  const keep: RemovalProposal['keep'] = [];
  for (const r of found.values()) {
    const exercised = r.role ? u?.exercisedRoles.get(r.role) : undefined;
    if (exercised?.length) keep.push({ ...r, reason: `policy insights show exercised permissions of ${r.role} (${exercised.slice(0, 5).join(', ')}${exercised.length > 5 ? ', …' : ''}) in their observation period` });
    else remove.push(r);
  }
  return { kind: 'remove-grants', remove, keep, untouched };
}

/** A copy of the inventories without the removed assignments, grants and binding members. Pure. */
export function withRemovals(inventories: readonly Inventory[], remove: readonly GrantRemoval[]): Inventory[] {
  const ids = (type: GrantRemoval['type']) => new Set(remove.filter((r) => r.type === type).map((r) => r.id));
  const arm = ids('arm-role-assignment');
  const dir = ids('directory-role-assignment');
  const app = ids('app-role-assignment');
  const oauth = ids('oauth2-permission-grant');
  const bindings = remove.filter((r) => r.type === 'iam-binding');
  return inventories.map((inv): Inventory => {
    if (inv.provider === 'azure') {
      return {
        ...inv,
        tenants: inv.tenants.map((t) => ({
          ...t,
          armRoleAssignments: t.armRoleAssignments.filter((a) => !arm.has(a.id)),
          directoryRoleAssignments: t.directoryRoleAssignments.filter((a) => !dir.has(a.id)),
          appRoleAssignments: t.appRoleAssignments.filter((a) => !app.has(a.id)),
          oauth2PermissionGrants: t.oauth2PermissionGrants.filter((g) => !oauth.has(g.id)),
        })),
      };
    }
    if (inv.provider === 'gcp' && bindings.length > 0) {
      return {
        ...inv,
        policies: inv.policies.map((p) => {
          const here = bindings.filter((r) => r.resource === p.resource);
          if (here.length === 0) return p;
          const bs = p.bindings
            .map((b) => ({ ...b, members: b.members.filter((m) => !here.some((r) => r.role === b.role && r.member === m && r.condition === b.condition?.expression)) }))
            .filter((b) => b.members.length > 0);
          return { ...p, bindings: bs };
        }),
      };
    }
    return inv;
  });
}
