import type {
  AzureApplication,
  AzureAppRoleAssignment,
  AzureArmRoleDefinition,
  AzureGroup,
  AzureInventory,
  AzureResource,
  AzureServicePrincipal,
  AzureTenant,
} from '../../model/inventory/index.js';
import { groupId, spId, userId } from './ids.js';
import { BUILT_IN_ARM_ROLES, GRAPH_PERMISSION_BY_ID, MS_GRAPH_APP_ID, type GraphPermission } from './known.js';

export interface Principal {
  objectId: string;
  nodeId: string;
  type: 'user' | 'group' | 'servicePrincipal';
  tenantId: string;
  name: string;
}

/** A principal that acts through an assignment: the assignee, or a (transitive) member of it. */
export interface Effective {
  principal: Principal;
  /** Group names from the assignee down to the principal; empty for the assignee itself. */
  via: string[];
}

export interface Located<T> {
  item: T;
  tenant: AzureTenant;
}

/**
 * Lookups over one Azure inventory, built once and shared by build and every rule. Ids are
 * already lower-case (collectors normalise), so plain map lookups are case-insensitive matches.
 */
export class AzureFacts {
  readonly principals = new Map<string, Principal>();
  readonly appsByAppId = new Map<string, Located<AzureApplication>>();
  readonly appsByObjectId = new Map<string, Located<AzureApplication>>();
  readonly sps = new Map<string, Located<AzureServicePrincipal>>();
  readonly spsByAppId = new Map<string, Located<AzureServicePrincipal>[]>();
  readonly groups = new Map<string, Located<AzureGroup>>();
  readonly resources = new Map<string, Located<AzureResource>>();
  readonly armRoles = new Map<string, AzureArmRoleDefinition>();
  private readonly mgParent = new Map<string, string>();
  private readonly subscriptionMg = new Map<string, string>();

  constructor(readonly inventory: AzureInventory) {
    for (const r of BUILT_IN_ARM_ROLES) this.armRoles.set(r.id, r);
    for (const tenant of inventory.tenants) {
      const tid = tenant.tenantId;
      for (const u of tenant.users) this.principals.set(u.id, { objectId: u.id, nodeId: userId(u.id), type: 'user', tenantId: tid, name: u.displayName });
      for (const g of tenant.groups) {
        this.principals.set(g.id, { objectId: g.id, nodeId: groupId(g.id), type: 'group', tenantId: tid, name: g.displayName });
        this.groups.set(g.id, { item: g, tenant });
      }
      for (const s of tenant.servicePrincipals) {
        this.principals.set(s.id, { objectId: s.id, nodeId: spId(s.id), type: 'servicePrincipal', tenantId: tid, name: s.displayName });
        this.sps.set(s.id, { item: s, tenant });
        const list = this.spsByAppId.get(s.appId) ?? [];
        list.push({ item: s, tenant });
        this.spsByAppId.set(s.appId, list);
      }
      for (const a of tenant.applications) {
        this.appsByAppId.set(a.appId, { item: a, tenant });
        this.appsByObjectId.set(a.id, { item: a, tenant });
      }
      for (const r of tenant.resources) this.resources.set(r.id, { item: r, tenant });
      for (const d of tenant.armRoleDefinitions) this.armRoles.set(d.id, d);
      for (const m of tenant.managementGroups) if (m.parentId) this.mgParent.set(m.id, m.parentId);
      for (const s of tenant.subscriptions) if (s.managementGroupId) this.subscriptionMg.set(s.id, s.managementGroupId);
    }
  }

  /** The assignee and, when it is a group, every transitive member, with the groups in between. */
  effective(objectId: string): Effective[] {
    const start = this.principals.get(objectId);
    if (!start) return [];
    const out: Effective[] = [{ principal: start, via: [] }];
    const seen = new Set([objectId]);
    const queue: Effective[] = [...out];
    while (queue.length) {
      const { principal, via } = queue.shift()!;
      const group = principal.type === 'group' ? this.groups.get(principal.objectId)?.item : undefined;
      for (const m of group?.members ?? []) {
        const p = this.principals.get(m.id);
        if (!p || seen.has(m.id)) continue;
        seen.add(m.id);
        const e = { principal: p, via: [...via, group!.displayName] };
        out.push(e);
        queue.push(e);
      }
    }
    return out;
  }

  isManagedIdentity(sp: AzureServicePrincipal): boolean {
    return sp.servicePrincipalType?.toLowerCase() === 'managedidentity';
  }

  /** A foreign SP: its app lives in another tenant, so no credential can be added to it here. */
  isForeign(sp: AzureServicePrincipal, tenant: AzureTenant): boolean {
    return sp.appOwnerOrganizationId !== undefined && sp.appOwnerOrganizationId !== tenant.tenantId;
  }

  private grantsByPrincipal?: Map<string, Map<GraphPermission, AzureAppRoleAssignment>>;

  /** Granted Graph application permissions of one service principal: only assignments count, never manifest requests. */
  graphPermissions(spObjectId: string): Map<GraphPermission, AzureAppRoleAssignment> {
    if (!this.grantsByPrincipal) {
      const graphSps = new Set((this.spsByAppId.get(MS_GRAPH_APP_ID) ?? []).map((s) => s.item.id));
      this.grantsByPrincipal = new Map();
      for (const t of this.inventory.tenants) {
        for (const a of t.appRoleAssignments) {
          const name = GRAPH_PERMISSION_BY_ID.get(a.appRoleId);
          if (!name || !(graphSps.has(a.resourceId) || a.resourceAppId === MS_GRAPH_APP_ID)) continue;
          const held = this.grantsByPrincipal.get(a.principalId) ?? new Map<GraphPermission, AzureAppRoleAssignment>();
          held.set(name, a);
          this.grantsByPrincipal.set(a.principalId, held);
        }
      }
    }
    return this.grantsByPrincipal.get(spObjectId) ?? new Map();
  }

  /** Management groups above a subscription or management group, nearest first. */
  managementGroupsAbove(id: string): string[] {
    const out: string[] = [];
    let cur = id.startsWith('/subscriptions/') ? this.subscriptionMg.get(subscriptionOf(id) ?? '') : this.mgParent.get(id);
    while (cur && !out.includes(cur)) {
      out.push(cur);
      cur = this.mgParent.get(cur);
    }
    return out;
  }

  /** Whether a role assignment at `scope` applies to `target` (ARM inheritance: MG → subscription → RG → resource). */
  covers(scope: string, target: string): boolean {
    if (scope === '/' || scope === target || target.startsWith(`${scope}/`)) return true;
    if (isManagementGroup(scope)) return this.managementGroupsAbove(target).includes(scope);
    return false;
  }
}

export const isManagementGroup = (id: string) => id.startsWith('/providers/microsoft.management/managementgroups/');

/** `/subscriptions/<s>/…` → `/subscriptions/<s>`. */
export function subscriptionOf(id: string): string | undefined {
  const m = /^\/subscriptions\/[^/]+/.exec(id);
  return m?.[0];
}

/** `/subscriptions/<s>/resourcegroups/<rg>/…` → the resource group id. */
export function resourceGroupOf(id: string): string | undefined {
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/.exec(id);
  return m?.[0];
}

/** Role node key: the template id of a built-in role, the definition id of a custom one. */
export function roleKey(tenant: AzureTenant, roleDefinitionId: string): string {
  const def = tenant.directoryRoles.find((r) => r.id === roleDefinitionId || r.templateId === roleDefinitionId);
  return def?.templateId ?? roleDefinitionId;
}
