import type { GraphEdge } from '../../../model/graph.js';
import type { AzureDirectoryRoleAssignment, AzureTenant } from '../../../model/inventory/index.js';
import type { TierZeroMark } from '../../types.js';
import { edge, membershipRefs, viaText } from '../edge.js';
import { roleKey, type AzureFacts } from '../facts.js';
import { appId, roleId, spId } from '../ids.js';
import { ADD_OWNER_ROLES, ADD_SECRET_ROLES, CREDENTIAL_ACTIONS, ROLE, TIER_ZERO_ROLES, directoryRoleName } from '../known.js';
import { credentialTargets } from '../targets.js';

const ELIGIBLE = 'PIM-eligible, not active: the principal must activate the role first, which the role\'s PIM policy may gate with MFA, justification or approval';

const roleName = (tenant: AzureTenant, key: string) => directoryRoleName(tenant, key) ?? key;

/** Built-in add-secret roles, and custom roles whose actions include updating credentials. */
export function addsCredentials(tenant: AzureTenant, key: string): boolean {
  if (ADD_SECRET_ROLES.has(key)) return true;
  const def = tenant.directoryRoles.find((r) => r.templateId === key);
  return !!def && !def.isBuiltIn && def.allowedResourceActions.some((a) => CREDENTIAL_ACTIONS.includes(a.toLowerCase()));
}

function assignmentRef(a: AzureDirectoryRoleAssignment, name: string) {
  return {
    type: 'role-assignment' as const,
    source: a.status === 'eligible' ? `roleEligibilityScheduleInstance ${a.id}` : `roleAssignment ${a.id}`,
    detail: `${name} at directoryScopeId ${a.directoryScopeId}`,
  };
}

/**
 * Entra directory roles. Tenant-wide assignments ("/") give HAS_ROLE to the role node, whose own
 * edges say what the role can do (BloodHound's shape: one role node, not one edge per holder and
 * target). An assignment scoped to one application reaches only that application; one scoped to
 * an administrative unit reaches only the unit's members (users, groups, devices), never apps.
 */
export function directoryRoleRules(facts: AzureFacts): { edges: GraphEdge[]; tierZero: TierZeroMark[]; warnings: string[] } {
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  const warnings: string[] = [];

  for (const tenant of facts.inventory.tenants) {
    const tid = tenant.tenantId;
    const heldTenantWide = new Set<string>();
    let unknownPrincipals = 0;

    for (const a of tenant.directoryRoleAssignments) {
      const key = roleKey(tenant, a.roleDefinitionId);
      const name = roleName(tenant, key);
      const effective = facts.effective(a.principalId);
      if (effective.length === 0) unknownPrincipals++;
      const conditions = a.status === 'eligible' ? ELIGIBLE : undefined;

      if (a.directoryScopeId === '/') {
        heldTenantWide.add(key);
        for (const e of effective) {
          const technique = a.status === 'eligible' ? 'azure:entra:DirectoryRoleEligible' : 'azure:entra:DirectoryRole';
          edges.push(
            edge('HAS_ROLE', technique, e.principal.nodeId, roleId(key, tid), {
              summary: `${e.principal.name} holds ${name} tenant-wide${a.status === 'eligible' ? ' (eligible)' : ''}${viaText(e)}`,
              refs: [assignmentRef(a, name), ...membershipRefs(e)],
            }, conditions),
          );
          if (TIER_ZERO_ROLES.has(key) && a.status === 'active') {
            tierZero.push({
              nodeId: e.principal.nodeId,
              technique: 'azure:entra:TierZeroRole',
              reason: `holds ${name} tenant-wide${viaText(e)}`,
              evidence: { summary: `${e.principal.name} holds ${name} at directory scope "/"`, refs: [assignmentRef(a, name), ...membershipRefs(e)] },
              conditional: false,
            });
          }
        }
        continue;
      }
      if (a.directoryScopeId.startsWith('/administrativeunits/')) continue;
      if (!addsCredentials(tenant, key)) continue;

      // Graph scopes an app role assignment to "/<application object id>"; AzureHound rewrites it to "/<appId>".
      const objectId = a.directoryScopeId.slice(1);
      const app = facts.appsByObjectId.get(objectId) ?? facts.appsByAppId.get(objectId);
      const sp = facts.sps.get(objectId);
      const target = app ? { id: appId(app.item.appId), name: app.item.displayName } : sp && !facts.isManagedIdentity(sp.item) ? { id: spId(sp.item.id), name: sp.item.displayName } : undefined;
      if (!target) continue;
      for (const e of effective) {
        edges.push(
          edge('CAN_CREATE_CREDENTIAL', 'azure:entra:ApplicationAdministrator', e.principal.nodeId, target.id, {
            summary: `${e.principal.name} holds ${name} scoped to ${target.name} only, so it can add a secret to it${viaText(e)}`,
            refs: [assignmentRef(a, name), ...membershipRefs(e)],
          }, conditions),
        );
      }
    }
    if (unknownPrincipals) warnings.push(`tenant ${tid}: ${unknownPrincipals} directory role assignment(s) name principals not in the inventory`);

    for (const key of heldTenantWide) {
      const role = roleId(key, tid);
      const name = roleName(tenant, key);
      const ref = { type: 'role-assignment' as const, source: `directory role ${name} (${key})`, detail: 'tenant-wide' };
      if (addsCredentials(tenant, key) || ADD_OWNER_ROLES.has(key)) {
        const technique = ADD_OWNER_ROLES.has(key) ? 'azure:entra:AddOwnerRole' : 'azure:entra:ApplicationAdministrator';
        for (const t of credentialTargets(facts, tenant)) {
          edges.push(
            edge('CAN_CREATE_CREDENTIAL', technique, role, t.nodeId, {
              summary: ADD_OWNER_ROLES.has(key)
                ? `${name} can make itself owner of ${t.what} ${t.name}, then add a secret to it`
                : `${name} can add a secret or certificate to ${t.what} ${t.name}`,
              refs: [ref],
            }),
          );
        }
      }
      if (key === ROLE.privilegedRoleAdministrator) {
        edges.push(
          edge('CAN_GRANT_ROLE', 'azure:entra:PrivilegedRoleAdministrator', role, roleId(ROLE.globalAdministrator, tid), {
            summary: `${name} can assign any directory role, Global Administrator included`,
            refs: [ref],
          }),
        );
      }
    }

    for (const key of TIER_ZERO_ROLES) {
      tierZero.push({
        nodeId: roleId(key, tid),
        technique: 'azure:entra:TierZeroRole',
        reason: `${roleName(tenant, key)} is admin-equivalent in tenant ${tid}`,
        evidence: { summary: `built-in directory role ${roleName(tenant, key)} (${key})`, refs: [{ type: 'inventory', source: `directory role template ${key}` }] },
        conditional: false,
      });
    }
  }
  return { edges, tierZero, warnings };
}
