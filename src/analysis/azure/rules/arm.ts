import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AzureArmRoleAssignment, AzureArmRoleDefinition, AzureResource } from '../../../model/inventory/index.js';
import type { TierZeroMark } from '../../types.js';
import { edge, membershipRefs, viaText } from '../edge.js';
import { isManagementGroup, type AzureFacts, type Effective } from '../facts.js';
import { spId, vaultKeysId } from '../ids.js';
import {
  allowsAction,
  allowsDataAction,
  allowsPath,
  BROAD_WRITE,
  EXECUTION,
  KV_GET_SECRET,
  KV_USE_KEY,
  KV_WRITE_POLICY,
  ROLE_ASSIGNMENT_WRITE,
} from '../permissions.js';
import { vaultSecretTargets } from '../targets.js';
import { appendAll } from '../../../model/append.js';

function assignmentRef(a: AzureArmRoleAssignment, role: AzureArmRoleDefinition): EvidenceRef {
  return {
    type: 'role-assignment',
    source: a.status === 'eligible' ? `ARM role eligibility ${a.id}` : a.id,
    detail: `${role.roleName} (${role.id}) at scope ${a.scope}${a.condition ? ` with condition ${a.condition}` : ''}`,
  };
}

/** What the data cannot settle about an assignment: PIM activation, an ABAC condition. */
function assignmentConditions(a: AzureArmRoleAssignment): string | undefined {
  const parts = [
    ...(a.status === 'eligible' ? ['PIM-eligible: the role must be activated first'] : []),
    ...(a.condition ? [`role assignment condition: ${a.condition}`] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

const join = (...c: (string | undefined)[]) => {
  const parts = c.filter((x): x is string => !!x);
  return parts.length ? parts.join('; ') : undefined;
};

/** Managed identities running on a resource: system-assigned, user-assigned, AKS kubelet. */
export function attachedIdentities(facts: AzureFacts, r: AzureResource): { objectId: string; how: string }[] {
  const out = [
    ...(r.identity?.systemPrincipalId ? [{ objectId: r.identity.systemPrincipalId, how: 'system-assigned' }] : []),
    ...(r.identity?.userAssigned ?? []).flatMap((u) => {
      const objectId = u.principalId ?? facts.resources.get(u.resourceId)?.item.managedIdentity?.principalId;
      return objectId ? [{ objectId, how: `user-assigned ${u.resourceId.split('/').pop()}` }] : [];
    }),
    ...(r.aks?.kubeletObjectId ? [{ objectId: r.aks.kubeletObjectId, how: 'kubelet identity' }] : []),
  ];
  return out.filter((x) => facts.sps.has(x.objectId));
}

interface Grant {
  a: AzureArmRoleAssignment;
  role: AzureArmRoleDefinition;
  e: Effective;
  refs: EvidenceRef[];
  conditions: string | undefined;
  canGrant: boolean;
}

function computeEdges(facts: AzureFacts, g: Grant, r: AzureResource): GraphEdge[] {
  const out: GraphEdge[] = [];
  const identities = attachedIdentities(facts, r);
  if (identities.length === 0) return out;
  for (const path of EXECUTION[r.type] ?? []) {
    const direct = allowsPath(g.role, path);
    // A role that may write role assignments grants itself one that allows the path; it would
    // pick an unconditional path, so conditional ones are drawn only for roles that hold them.
    if (!direct && (!g.canGrant || path.conditions)) continue;
    for (const id of identities) {
      out.push(
        edge('CAN_EXECUTE_AS', path.technique, g.e.principal.nodeId, spId(id.objectId), {
          summary: `${g.e.principal.name} holds ${g.role.roleName} over ${r.name}${viaText(g.e)}: ${path.how} (${id.how} identity ${facts.principals.get(id.objectId)?.name ?? id.objectId})`,
          refs: [...g.refs, { type: 'inventory', source: `${r.id} identity`, detail: id.how }],
          ...(direct ? {} : { assumptions: [`grants itself a role that allows this first (${ROLE_ASSIGNMENT_WRITE})`] }),
        }, join(g.conditions, path.conditions)),
      );
    }
  }
  return out;
}

function vaultEdges(facts: AzureFacts, g: Grant, r: AzureResource): GraphEdge[] {
  const kv = r.keyVault!;
  const out: GraphEdge[] = [];
  const push = (technique: string, targets: string[], summary: string, assumption?: string) => {
    for (const t of targets) {
      out.push(
        edge('CAN_READ', technique, g.e.principal.nodeId, t, { summary, refs: g.refs, ...(assumption ? { assumptions: [assumption] } : {}) }, g.conditions),
      );
    }
  };
  const who = `${g.e.principal.name} holds ${g.role.roleName} over key vault ${r.name}${viaText(g.e)}`;
  if (kv.enableRbacAuthorization) {
    const secrets = allowsDataAction(g.role, KV_GET_SECRET);
    const keys = KV_USE_KEY.some((a) => allowsDataAction(g.role, a));
    const grant = g.canGrant ? `grants itself a Key Vault data role first (${ROLE_ASSIGNMENT_WRITE})` : undefined;
    if (secrets || grant) push('azure:keyvault:GetSecret', vaultSecretTargets(facts, r.id), `${who}: reads secret values (RBAC vault)`, secrets ? undefined : grant);
    if (keys || grant) push('azure:keyvault:UseKey', [vaultKeysId(r.id)], `${who}: decrypts and signs with its keys (RBAC vault)`, keys ? undefined : grant);
  } else if (KV_WRITE_POLICY.some((a) => allowsAction(g.role, a)) || g.canGrant) {
    const direct = KV_WRITE_POLICY.some((a) => allowsAction(g.role, a));
    const assumption = direct ? undefined : `grants itself Key Vault Contributor first (${ROLE_ASSIGNMENT_WRITE})`;
    const summary = `${who}: the vault uses access policies, so vault write lets it add a policy for itself`;
    push('azure:keyvault:AddAccessPolicy', [...vaultSecretTargets(facts, r.id), vaultKeysId(r.id)], summary, assumption);
  }
  return out;
}

/**
 * Azure RBAC. Each assignment applies to its scope and everything below it (management group →
 * subscription → resource group → resource), and to every member of an assigned group. Role
 * definitions are evaluated by their actions and data actions (collected custom roles included),
 * not by name. Scope control is drawn to the scope node; code execution and vault reads are drawn
 * straight to the managed identity and secret they yield, for every resource under the scope.
 */
export function armRules(facts: AzureFacts): { edges: GraphEdge[]; tierZero: TierZeroMark[]; warnings: string[] } {
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  const unknownRoles = new Set<string>();
  let unknownPrincipals = 0;
  const resources = [...facts.resources.values()].map((l) => l.item);

  for (const tenant of facts.inventory.tenants) {
    for (const a of tenant.armRoleAssignments) {
      const role = facts.armRoles.get(a.roleDefinitionId);
      if (!role) {
        unknownRoles.add(a.roleDefinitionId);
        continue;
      }
      const canGrant = allowsAction(role, ROLE_ASSIGNMENT_WRITE);
      const broad = allowsAction(role, BROAD_WRITE);
      const covered = resources.filter((r) => facts.covers(a.scope, r.id));
      const conditions = assignmentConditions(a);
      const effective = facts.effective(a.principalId);
      if (effective.length === 0) unknownPrincipals++;
      for (const e of effective) {
        const refs = [assignmentRef(a, role), ...membershipRefs(e)];
        const g: Grant = { a, role, e, refs, conditions, canGrant };
        if (canGrant) {
          edges.push(edge('CAN_GRANT_ROLE', 'azure:arm:RoleAssignmentWrite', e.principal.nodeId, a.scope, {
            summary: `${e.principal.name} holds ${role.roleName} at ${a.scope}${viaText(e)} and can assign any role there, Owner included`,
            refs,
          }, conditions));
          if ((a.scope === '/' || isManagementGroup(a.scope)) && a.status === 'active') {
            tierZero.push({
              nodeId: e.principal.nodeId,
              technique: 'azure:arm:ManagementGroupOwner',
              reason: `can assign roles at ${a.scope === '/' ? 'the tenant root scope' : `management group ${a.scope.split('/').pop()}`}${viaText(e)}`,
              evidence: { summary: `${role.roleName} at ${a.scope}`, refs },
              conditional: a.condition !== undefined,
            });
          }
        } else if (broad) {
          edges.push(edge('HAS_ACCESS', 'azure:arm:WriteAccess', e.principal.nodeId, a.scope, {
            summary: `${e.principal.name} holds ${role.roleName} at ${a.scope}${viaText(e)}: it can change every resource there`,
            refs,
          }, conditions));
        }
        for (const r of covered) {
          appendAll(edges, computeEdges(facts, g, r));
          if (r.keyVault) appendAll(edges, vaultEdges(facts, g, r));
        }
      }
    }
  }
  const warnings = [...unknownRoles].map((id) => `azure: role definition ${id} is neither built in nor collected; its assignments are ignored (coverage gap)`);
  if (unknownPrincipals) warnings.push(`azure: ${unknownPrincipals} Azure role assignment(s) name principals not in the inventory (collect Entra ID too)`);
  return { edges, tierZero, warnings };
}
