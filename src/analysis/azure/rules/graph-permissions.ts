import type { GraphEdge } from '../../../model/graph.js';
import type { AzureAppRoleAssignment } from '../../../model/inventory/index.js';
import { edge } from '../edge.js';
import type { AzureFacts } from '../facts.js';
import { graphPermissionId, groupId, roleId, spId } from '../ids.js';
import { FANOUT_PERMISSIONS, ROLE, TIER_ZERO_ROLES, type GraphPermission } from '../known.js';
import { credentialTargets, powerfulGroups } from '../targets.js';
import { appendAll } from '../../../model/append.js';

const grantRef = (a: AzureAppRoleAssignment, name: GraphPermission) => ({
  type: 'grant' as const,
  source: `appRoleAssignment ${a.id}`,
  detail: `Microsoft Graph application permission ${name} (appRoleId ${a.appRoleId}) granted to ${a.principalId}`,
});

/** What a tenant-wide permission node reaches: every app/SP it may add a secret to, or every group worth joining. */
function fanoutEdges(facts: AzureFacts, tenantIndex: number, name: GraphPermission, groupsWorthJoining: Set<string>): GraphEdge[] {
  const tenant = facts.inventory.tenants[tenantIndex]!;
  const source = graphPermissionId(name, tenant.tenantId);
  const ref = { type: 'grant' as const, source: `Microsoft Graph application permission ${name}`, detail: `tenant ${tenant.tenantId}` };
  if (name === 'Application.ReadWrite.All') {
    return credentialTargets(facts, tenant).map((t) =>
      edge('CAN_CREATE_CREDENTIAL', `azure:graph:${name}`, source, t.nodeId, { summary: `${name} can add a secret to ${t.what} ${t.name}`, refs: [ref] }),
    );
  }
  if (name === 'ServicePrincipalEndpoint.ReadWrite.All') {
    return credentialTargets(facts, tenant)
      .filter((t) => t.what === 'service principal')
      .map((t) =>
        edge('CAN_CREATE_CREDENTIAL', `azure:graph:${name}`, source, t.nodeId, { summary: `${name}: BloodHound models it as adding an owner to ${t.name}, then a secret`, refs: [ref] },
          'Microsoft documents this permission for service principal endpoints; taking ownership through it is BloodHound\'s model and depends on Graph behaviour'),
      );
  }
  // Role-assignable groups refuse these permissions; only RoleManagement.ReadWrite.Directory or ownership changes them.
  return tenant.groups
    .filter((g) => !g.isAssignableToRole && groupsWorthJoining.has(g.id))
    .map((g) => edge('CAN_ADD_MEMBER', `azure:graph:${name}`, source, groupId(g.id), { summary: `${name} can add any principal to group ${g.displayName}`, refs: [ref] }));
}

/**
 * Microsoft Graph application permissions that amount to control. Only granted permissions count
 * (appRoleAssignments on Graph's service principal); what an app's manifest requests in
 * requiredResourceAccess grants nothing until an admin consents.
 */
export function graphPermissionRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const groupsWorthJoining = powerfulGroups(facts);
  facts.inventory.tenants.forEach((tenant, tenantIndex) => {
    const tid = tenant.tenantId;
    const held = new Set<GraphPermission>();
    for (const sp of tenant.servicePrincipals) {
      const granted = facts.graphPermissions(sp.id);
      if (granted.size === 0) continue;
      const source = spId(sp.id);
      const push = (kind: string, name: GraphPermission, target: string, summary: string) =>
        edges.push(edge(kind, `azure:graph:${name}`, source, target, { summary, refs: [grantRef(granted.get(name)!, name)] }));

      for (const name of FANOUT_PERMISSIONS) {
        if (!granted.has(name)) continue;
        held.add(name);
        edges.push(edge('HAS_ROLE', 'azure:graph:ApplicationPermission', source, graphPermissionId(name, tid), {
          summary: `${sp.displayName} holds the Microsoft Graph application permission ${name}`,
          refs: [grantRef(granted.get(name)!, name)],
        }));
      }
      if (granted.has('RoleManagement.ReadWrite.Directory')) {
        for (const key of TIER_ZERO_ROLES) {
          push('CAN_GRANT_ROLE', 'RoleManagement.ReadWrite.Directory', roleId(key, tid), `${sp.displayName} holds RoleManagement.ReadWrite.Directory and can assign itself any directory role`);
        }
      }
      if (granted.has('AppRoleAssignment.ReadWrite.All')) {
        push(
          'CAN_GRANT_ROLE',
          'AppRoleAssignment.ReadWrite.All',
          roleId(ROLE.globalAdministrator, tid),
          `${sp.displayName} holds AppRoleAssignment.ReadWrite.All: it can grant itself RoleManagement.ReadWrite.Directory, then Global Administrator`,
        );
      }
    }
    for (const name of held) appendAll(edges, fanoutEdges(facts, tenantIndex, name, groupsWorthJoining));
  });
  return edges;
}
