import type { GraphEdge } from '../../../model/graph.js';
import { edge } from '../edge.js';
import type { AzureFacts, Principal } from '../facts.js';
import { appId, groupId, spId } from '../ids.js';
import type { GraphPermission } from '../known.js';

/**
 * A service principal acts on Graph app-only, so ownership alone lets it do nothing: it also needs
 * an application permission that covers the call (Application.ReadWrite.OwnedBy for its apps).
 * Users act through their own session and need nothing more.
 */
function ownerConditions(facts: AzureFacts, owner: Principal, needs: GraphPermission[]): { technique?: string; conditions?: string } {
  if (owner.type !== 'servicePrincipal') return {};
  const granted = facts.graphPermissions(owner.objectId);
  const held = needs.find((n) => granted.has(n));
  if (held === 'Application.ReadWrite.OwnedBy') return { technique: 'azure:graph:Application.ReadWrite.OwnedBy' };
  if (held) return {};
  return { conditions: `the owner is a service principal: it can use its ownership only with a Graph application permission (${needs.join(' or ')}), which it has not been granted` };
}

/** Owners of applications and service principals add credentials; owners of groups add members. */
export function ownershipRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const tenant of facts.inventory.tenants) {
    for (const app of tenant.applications) {
      for (const ref of app.owners) {
        const owner = facts.principals.get(ref.id);
        if (!owner || owner.type === 'group') continue;
        const { technique = 'azure:entra:AppOwner', conditions } = ownerConditions(facts, owner, ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All']);
        edges.push(
          edge('CAN_CREATE_CREDENTIAL', technique, owner.nodeId, appId(app.appId), {
            summary: `${owner.name} owns application ${app.displayName} and can add a secret to it`,
            refs: [{ type: 'inventory', source: `application ${app.id} owners`, detail: `owner ${owner.objectId}` }],
          }, conditions),
        );
      }
    }
    for (const sp of tenant.servicePrincipals) {
      if (facts.isManagedIdentity(sp) || facts.isForeign(sp, tenant)) continue;
      for (const ref of sp.owners) {
        const owner = facts.principals.get(ref.id);
        if (!owner || owner.type === 'group') continue;
        const { technique = 'azure:entra:ServicePrincipalOwner', conditions } = ownerConditions(facts, owner, ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All']);
        edges.push(
          edge('CAN_CREATE_CREDENTIAL', technique, owner.nodeId, spId(sp.id), {
            summary: `${owner.name} owns service principal ${sp.displayName} and can add a secret to it`,
            refs: [{ type: 'inventory', source: `servicePrincipal ${sp.id} owners`, detail: `owner ${owner.objectId}` }],
          }, conditions),
        );
      }
    }
    for (const group of tenant.groups) {
      for (const ref of group.owners) {
        const owner = facts.principals.get(ref.id);
        if (!owner || owner.type === 'group') continue;
        // Graph refuses app-only membership changes of role-assignable groups without RoleManagement.ReadWrite.Directory.
        const needs: GraphPermission[] = group.isAssignableToRole ? ['RoleManagement.ReadWrite.Directory'] : ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
        const { conditions } = ownerConditions(facts, owner, needs);
        edges.push(
          edge('CAN_ADD_MEMBER', 'azure:entra:GroupOwner', owner.nodeId, groupId(group.id), {
            summary: `${owner.name} owns group ${group.displayName} and can add itself as a member${group.isAssignableToRole ? ' (owners may change even role-assignable groups)' : ''}`,
            refs: [{ type: 'inventory', source: `group ${group.id} owners`, detail: `owner ${owner.objectId}` }],
          }, conditions),
        );
      }
    }
  }
  return edges;
}
