import type { GraphEdge } from '../../../model/graph.js';
import type { AzureAppRoleAssignment } from '../../../model/inventory/index.js';
import { edge } from '../edge.js';
import type { AzureFacts } from '../facts.js';
import { groupId, roleId, spId } from '../ids.js';
import { ROLE, TIER_ZERO_ROLES, type GraphPermission } from '../known.js';
import { credentialTargets, powerfulGroups } from '../targets.js';

const grantRef = (a: AzureAppRoleAssignment, name: GraphPermission) => ({
  type: 'grant' as const,
  source: `appRoleAssignment ${a.id}`,
  detail: `Microsoft Graph application permission ${name} (appRoleId ${a.appRoleId}) granted to ${a.principalId}`,
});

/**
 * Microsoft Graph application permissions that amount to control. Only granted permissions count
 * (appRoleAssignments on Graph's service principal); what an app's manifest requests in
 * requiredResourceAccess grants nothing until an admin consents.
 */
export function graphPermissionRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const groupsWorthJoining = powerfulGroups(facts);
  for (const tenant of facts.inventory.tenants) {
    const tid = tenant.tenantId;
    for (const sp of tenant.servicePrincipals) {
      const granted = facts.graphPermissions(sp.id);
      if (granted.size === 0) continue;
      const source = spId(sp.id);
      const push = (kind: string, name: GraphPermission, target: string, summary: string, conditions?: string) =>
        edges.push(edge(kind, `azure:graph:${name}`, source, target, { summary, refs: [grantRef(granted.get(name)!, name)] }, conditions));

      if (granted.has('Application.ReadWrite.All')) {
        for (const t of credentialTargets(facts, tenant)) {
          push('CAN_CREATE_CREDENTIAL', 'Application.ReadWrite.All', t.nodeId, `${sp.displayName} holds Application.ReadWrite.All and can add a secret to ${t.what} ${t.name}`);
        }
      }
      if (granted.has('ServicePrincipalEndpoint.ReadWrite.All')) {
        for (const t of credentialTargets(facts, tenant).filter((x) => x.what === 'service principal')) {
          push(
            'CAN_CREATE_CREDENTIAL',
            'ServicePrincipalEndpoint.ReadWrite.All',
            t.nodeId,
            `${sp.displayName} holds ServicePrincipalEndpoint.ReadWrite.All; BloodHound models it as adding an owner to ${t.name}, then a secret`,
            'Microsoft documents this permission for service principal endpoints; taking ownership through it is BloodHound\'s model and depends on Graph behaviour',
          );
        }
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
      const memberWriter = (['Directory.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All'] as const).find((n) => granted.has(n));
      if (memberWriter) {
        for (const g of tenant.groups) {
          // Role-assignable groups refuse these permissions; only RoleManagement.ReadWrite.Directory or ownership changes them.
          if (g.isAssignableToRole || !groupsWorthJoining.has(g.id)) continue;
          push('CAN_ADD_MEMBER', memberWriter, groupId(g.id), `${sp.displayName} holds ${memberWriter} and can add itself to group ${g.displayName}`);
        }
      }
    }
  }
  return edges;
}
