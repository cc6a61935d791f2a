import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { AzureResource } from '../../../src/model/inventory/index.js';
import * as C from '../convert.js';
import { emptyPart, tenantOf, type AzurePart } from '../part.js';
import * as S from '../schemas.js';
import { appendAll } from '../../../src/model/append.js';

/**
 * AzureHound's `list` output (and its per-resource subcommands): `{"data":[{"kind","data"}…],
 * "meta":{"type":"azure",…}}`. Kinds and fields are read as AzureHound writes them, quirks
 * included: ids in either case, `null` for empty lists, AZAppOwner's mix of appId and object id.
 */
export function looksLikeAzureHound(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const j = json as { meta?: { type?: unknown }; data?: unknown };
  if (j.meta?.type === 'azure' && Array.isArray(j.data)) return true;
  // Older or hand-trimmed files may lack meta: recognise the record shape instead.
  const first = Array.isArray(j.data) ? (j.data[0] as { kind?: unknown } | undefined) : undefined;
  return typeof first?.kind === 'string' && first.kind.startsWith('AZ') && j.meta === undefined;
}

const fileSchema = z.object({ data: z.array(z.object({ kind: z.string(), data: z.unknown() })) });

const withTenant = <T extends z.ZodRawShape>(shape: z.ZodObject<T>) => shape.extend({ tenantId: z.string().nullish() });

// Record schemas are built once: building a zod schema costs far more than using it.
const TENANT_RECORD = z.object({ tenantId: z.string(), displayName: z.string().nullish() });
const USER = withTenant(S.userSchema);
const GROUP = withTenant(S.groupSchema);
const APP = withTenant(S.applicationSchema);
const SERVICE_PRINCIPAL = withTenant(S.servicePrincipalSchema);
const APP_OWNERS = z.object({ appId: z.string(), owners: z.array(z.object({ owner: S.directoryObjectSchema })).nullish() });
const SP_OWNERS = z.object({ servicePrincipalId: z.string(), owners: z.array(z.object({ owner: S.directoryObjectSchema })).nullish() });
const GROUP_MEMBERS = z.object({ groupId: z.string(), members: z.array(z.object({ member: S.directoryObjectSchema })).nullish() });
const GROUP_OWNERS = z.object({ groupId: z.string(), owners: z.array(z.object({ owner: S.directoryObjectSchema })).nullish() });
const APP_FICS = z.object({ appId: z.string(), fics: z.array(z.object({ fic: S.federatedCredentialSchema, appId: z.string().nullish() })).nullish() });
const APP_ROLE_ASSIGNMENT = withTenant(S.appRoleAssignmentSchema);
const OAUTH2_GRANT = withTenant(S.oauth2PermissionGrantSchema);
const DIRECTORY_ROLE = withTenant(S.directoryRoleSchema);
const DIRECTORY_ROLE_ASSIGNMENTS = z.object({ tenantId: z.string().nullish(), roleAssignments: z.array(S.directoryRoleAssignmentSchema).nullish() });
const ROLE_ELIGIBILITY = withTenant(S.directoryRoleAssignmentSchema);
const SUBSCRIPTION = withTenant(S.armSubscriptionSchema);
const RESOURCE_GROUP = withTenant(S.armResourceGroupSchema);
const MANAGEMENT_GROUP = withTenant(S.armManagementGroupSchema);
const MG_DESCENDANT = z.object({ id: z.string(), properties: z.object({ parent: z.object({ id: z.string().nullish() }).nullish() }).loose().nullish() });
const KV_ACCESS_POLICY = z.object({
  keyVaultId: z.string(),
  objectId: z.string(),
  applicationId: z.string().nullish(),
  permissions: z.object({ secrets: z.array(z.string()).nullish(), keys: z.array(z.string()).nullish(), certificates: z.array(z.string()).nullish() }).loose().nullish(),
});
const RESOURCE = S.armResourceSchema.extend({ tenantId: z.string().nullish() });

/** ARM types of the resource kinds, for records that omit `type`. */
const RESOURCE_KIND_TYPES: Record<string, string> = {
  AZKeyVault: 'microsoft.keyvault/vaults',
  AZVM: 'microsoft.compute/virtualmachines',
  AZVMScaleSet: 'microsoft.compute/virtualmachinescalesets',
  AZWebApp: 'microsoft.web/sites',
  AZFunctionApp: 'microsoft.web/sites',
  AZLogicApp: 'microsoft.logic/workflows',
  AZAutomationAccount: 'microsoft.automation/automationaccounts',
  AZContainerRegistry: 'microsoft.containerregistry/registries',
  AZManagedCluster: 'microsoft.containerservice/managedclusters',
  AZStorageAccount: 'microsoft.storage/storageaccounts',
};

/** Kinds leakpath reads nothing from; every other unknown kind is reported once. */
const IGNORED_KINDS = new Set([
  'AZDevice',
  'AZDeviceOwner',
  'AZAppMember',
  'AZStorageContainer',
  'AZRoleManagementPolicyAssignment',
]);

/** Entra relation kinds whose names also end like ARM role-assignment kinds. */
const NOT_ARM = new Set(['AZAppOwner', 'AZServicePrincipalOwner', 'AZGroupOwner', 'AZDeviceOwner', 'AZAppRoleAssignment', 'AZRoleAssignment']);
const ARM_ASSIGNMENT_KIND = /(RoleAssignment|Owner|Contributor|KVContributor|UserAccessAdmin|AdminLogin)$/;

/**
 * AzureHound wraps ARM role assignments in several ways (`roleAssignments[].roleAssignment`,
 * `owners[].owner`, `assignees[].assignee`…, keyed by `virtualMachineId` even for vaults). The
 * assignment itself always carries its scope, so it is found by shape, wherever it sits.
 */
function armAssignmentsIn(data: unknown): z.infer<typeof S.armRoleAssignmentSchema>[] {
  const found: z.infer<typeof S.armRoleAssignmentSchema>[] = [];
  if (typeof data !== 'object' || data === null) return found;
  for (const value of Object.values(data)) {
    if (!Array.isArray(value)) continue;
    for (const element of value) {
      if (typeof element !== 'object' || element === null) continue;
      for (const inner of Object.values(element)) {
        const r = S.armRoleAssignmentSchema.safeParse(inner);
        if (r.success) found.push(r.data);
      }
    }
  }
  return found;
}

const nonEmptyArrays = (data: unknown) =>
  typeof data === 'object' && data !== null && Object.values(data).some((v) => Array.isArray(v) && v.length > 0);

export function parseAzureHound(json: unknown, file: string): AzurePart {
  const parsed = parseOrThrow(fileSchema, json, file, 'an AzureHound file {"data":[{"kind","data"}]}');
  const part = emptyPart();
  const unknownKinds = new Map<string, number>();

  parsed.data.forEach(({ kind, data }, i) => {
    const at = `data[${i}] (${kind})`;
    const read = <T extends z.ZodType>(schema: T, what: string): z.infer<T> => {
      const r = schema.safeParse(data);
      if (r.success) return r.data;
      const issue = r.error.issues[0]!;
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      throw new InputError(file, `${at}.data${path}`, `expected ${what}: ${issue.message}`);
    };

    switch (kind) {
      case 'AZTenant': {
        const t = read(TENANT_RECORD, 'a tenant with tenantId');
        const tenant = tenantOf(part, t.tenantId);
        if (t.displayName) tenant.displayName = t.displayName;
        return;
      }
      case 'AZUser': {
        const u = read(USER, 'a Graph user');
        tenantOf(part, u.tenantId).users.push(C.toUser(u));
        return;
      }
      case 'AZGroup': {
        const g = read(GROUP, 'a Graph group');
        tenantOf(part, g.tenantId).groups.push(C.toGroup(g));
        return;
      }
      case 'AZApp': {
        const a = read(APP, 'a Graph application with id and appId');
        tenantOf(part, a.tenantId).applications.push(C.toApplication(a));
        return;
      }
      case 'AZServicePrincipal': {
        const s = read(SERVICE_PRINCIPAL, 'a Graph service principal with id and appId');
        tenantOf(part, s.tenantId).servicePrincipals.push(C.toServicePrincipal(s));
        return;
      }
      case 'AZAppOwner': {
        const r = read(APP_OWNERS,
          'app owners {appId, owners:[{owner}]}',
        );
        for (const o of r.owners ?? []) part.relations.push({ kind: 'app-owner', app: C.lc(r.appId), owner: C.toRef(o.owner) });
        return;
      }
      case 'AZServicePrincipalOwner': {
        const r = read(SP_OWNERS,
          'service principal owners {servicePrincipalId, owners:[{owner}]}',
        );
        for (const o of r.owners ?? []) part.relations.push({ kind: 'sp-owner', sp: C.lc(r.servicePrincipalId), owner: C.toRef(o.owner) });
        return;
      }
      case 'AZGroupMember': {
        const r = read(GROUP_MEMBERS,
          'group members {groupId, members:[{member}]}',
        );
        for (const m of r.members ?? []) part.relations.push({ kind: 'group-member', group: C.lc(r.groupId), member: C.toRef(m.member) });
        return;
      }
      case 'AZGroupOwner': {
        const r = read(GROUP_OWNERS,
          'group owners {groupId, owners:[{owner}]}',
        );
        for (const o of r.owners ?? []) part.relations.push({ kind: 'group-owner', group: C.lc(r.groupId), owner: C.toRef(o.owner) });
        return;
      }
      case 'AZFederatedIdentityCredential': {
        const r = read(APP_FICS,
          'federated credentials {appId, fics:[{fic}]}',
        );
        for (const f of r.fics ?? []) part.relations.push({ kind: 'app-fic', app: C.lc(f.appId ?? r.appId), fic: C.toFederatedCredential(f.fic) });
        return;
      }
      case 'AZAppRoleAssignment': {
        const a = read(APP_ROLE_ASSIGNMENT, 'an app role assignment');
        tenantOf(part, a.tenantId).appRoleAssignments.push(C.toAppRoleAssignment(a));
        return;
      }
      case 'AZOAuth2PermissionGrant': {
        const g = read(OAUTH2_GRANT, 'an oauth2PermissionGrant');
        tenantOf(part, g.tenantId).oauth2PermissionGrants.push(C.toOAuth2Grant(g));
        return;
      }
      case 'AZRole': {
        const r = read(DIRECTORY_ROLE, 'a directory role definition');
        tenantOf(part, r.tenantId).directoryRoles.push(C.toDirectoryRole(r));
        return;
      }
      case 'AZRoleAssignment': {
        const r = read(DIRECTORY_ROLE_ASSIGNMENTS,
          'directory role assignments {roleDefinitionId, roleAssignments:[…]}',
        );
        appendAll(tenantOf(part, r.tenantId).directoryRoleAssignments, (r.roleAssignments ?? []).map((a) => C.toDirectoryRoleAssignment(a, 'active')));
        return;
      }
      case 'AZRoleEligibilityScheduleInstance': {
        const r = read(ROLE_ELIGIBILITY, 'a role eligibility schedule instance');
        tenantOf(part, r.tenantId).directoryRoleAssignments.push(C.toDirectoryRoleAssignment(r, 'eligible'));
        return;
      }
      case 'AZSubscription': {
        const s = read(SUBSCRIPTION, 'a subscription {id, subscriptionId}');
        tenantOf(part, s.tenantId).subscriptions.push(C.toSubscription(s));
        return;
      }
      case 'AZResourceGroup': {
        const g = read(RESOURCE_GROUP, 'a resource group {id, name}');
        tenantOf(part, g.tenantId).resourceGroups.push(C.toResourceGroup(g));
        return;
      }
      case 'AZManagementGroup': {
        const m = read(MANAGEMENT_GROUP, 'a management group {id, name}');
        const mg = C.toManagementGroup(m);
        tenantOf(part, m.tenantId).managementGroups.push(mg);
        if (mg.parentId) part.relations.push({ kind: 'mg-parent', child: mg.id, parent: mg.parentId });
        return;
      }
      case 'AZManagementGroupDescendant': {
        const d = read(MG_DESCENDANT,
          'a management group descendant {id, properties.parent.id}',
        );
        const parent = d.properties?.parent?.id;
        if (parent) part.relations.push({ kind: 'mg-parent', child: C.lc(d.id), parent: C.lc(parent) });
        return;
      }
      case 'AZKeyVaultAccessPolicy': {
        const p = read(KV_ACCESS_POLICY,
          'a key vault access policy {keyVaultId, objectId, permissions}',
        );
        part.relations.push({
          kind: 'kv-policy',
          vault: C.lc(p.keyVaultId),
          policy: {
            objectId: C.lc(p.objectId),
            ...(p.applicationId ? { applicationId: C.lc(p.applicationId) } : {}),
            permissions: { secrets: p.permissions?.secrets ?? [], keys: p.permissions?.keys ?? [], certificates: p.permissions?.certificates ?? [] },
          },
        });
        return;
      }
    }

    const resourceType = RESOURCE_KIND_TYPES[kind];
    if (resourceType) {
      const raw = typeof data === 'object' && data !== null && !('type' in data) ? { ...data, type: resourceType } : data;
      const r = RESOURCE.safeParse(raw);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        throw new InputError(file, `${at}.data.${issue.path.join('.')}`, `expected an ARM resource {id, name, type}: ${issue.message}`);
      }
      const resource: AzureResource = C.toResource(r.data);
      if (kind === 'AZFunctionApp' && !resource.kind) resource.kind = 'functionapp';
      tenantOf(part, r.data.tenantId).resources.push(resource);
      return;
    }

    if (ARM_ASSIGNMENT_KIND.test(kind) && !NOT_ARM.has(kind)) {
      const found = armAssignmentsIn(data);
      if (found.length === 0 && nonEmptyArrays(data)) {
        throw new InputError(file, `${at}.data`, 'expected ARM role assignments {id, properties:{principalId, roleDefinitionId, scope}} inside the list');
      }
      const tenantId = (data as { tenantId?: unknown }).tenantId;
      appendAll(tenantOf(part, typeof tenantId === 'string' ? tenantId : '').armRoleAssignments, found.map((a) => C.toArmRoleAssignment(a)));
      return;
    }

    if (!IGNORED_KINDS.has(kind)) unknownKinds.set(kind, (unknownKinds.get(kind) ?? 0) + 1);
  });

  for (const [kind, n] of unknownKinds) part.warnings.push(`${file}: ${n} AzureHound record(s) of kind ${kind} not read by leakpath`);
  return part;
}
