import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import * as C from '../convert.js';
import { emptyPart, tenantOf, type AzurePart } from '../part.js';
import * as S from '../schemas.js';

/**
 * The live collector's raw files (`leakpath collect azure --save-raw DIR`): one file per API
 * listing, holding the Graph / ARM objects exactly as the API returned them, every page joined,
 * plus the context the listing was made in (which app's owners…). Reading them back goes through
 * the same conversion as a live run, so a saved collection re-analyses to the same graph.
 */
export const RAW_FORMAT = 'azure-raw/1';

export const RAW_KINDS = [
  'organization',
  'users',
  'groups',
  'groupMembers',
  'groupOwners',
  'applications',
  'applicationOwners',
  'applicationFederatedCredentials',
  'servicePrincipals',
  'servicePrincipalOwners',
  'appRoleAssignedTo',
  'oauth2PermissionGrants',
  'roleDefinitions',
  'roleAssignments',
  'roleEligibilityScheduleInstances',
  'managementGroupDescendants',
  'subscriptions',
  'resourceGroups',
  'resources',
  'armRoleDefinitions',
  'armRoleAssignments',
  'userAssignedIdentityFederatedCredentials',
  'keyVaultSecrets',
  'keyVaultSecretRecognitions',
  'coverageGaps',
] as const;
export type RawKind = (typeof RAW_KINDS)[number];

export interface RawFile {
  leakpath: typeof RAW_FORMAT;
  tenantId: string;
  kind: RawKind;
  /** The request that produced the items, for the record. */
  request?: string;
  /** The object the listing belongs to: groupId, appObjectId, servicePrincipalId, managementGroupId, identityId, vaultId. */
  context?: Record<string, string>;
  collectedAt?: string;
  items: unknown[];
}

const rawSchema = z.object({
  leakpath: z.literal(RAW_FORMAT),
  tenantId: z.string(),
  kind: z.enum(RAW_KINDS),
  request: z.string().optional(),
  context: z.record(z.string(), z.string()).optional(),
  collectedAt: z.string().optional(),
  items: z.array(z.unknown()),
});

export const looksLikeRaw = (json: unknown) =>
  typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === RAW_FORMAT;

const recognitionSchema = z.object({ secretName: z.string(), credential: S.linkedCredentialSchema });
const gapSchema = z.object({ what: z.string(), reason: z.string() });

/** Adds one raw listing to a part. Used by the offline reader and by the live collector alike. */
export function addRaw(part: AzurePart, raw: RawFile, file: string): void {
  const tenant = tenantOf(part, raw.tenantId);
  const ctx = (key: string): string => {
    const v = raw.context?.[key];
    if (!v) throw new InputError(file, 'context', `expected context.${key} for a ${raw.kind} listing`);
    return C.lc(v);
  };
  const each = <T extends z.ZodType>(schema: T, what: string, f: (item: z.infer<T>) => void) =>
    raw.items.forEach((item, i) => f(parseOrThrow(schema, item, file, `items[${i}]: ${what}`)));

  switch (raw.kind) {
    case 'organization':
      return each(z.object({ id: z.string(), displayName: z.string().nullish() }), 'an organization', (o) => {
        if (o.displayName) tenant.displayName = o.displayName;
      });
    case 'users':
      return each(S.userSchema, 'a Graph user', (u) => tenant.users.push(C.toUser(u)));
    case 'groups':
      return each(S.groupSchema, 'a Graph group', (g) => tenant.groups.push(C.toGroup(g)));
    case 'groupMembers': {
      const group = ctx('groupId');
      return each(S.directoryObjectSchema, 'a directory object', (o) => part.relations.push({ kind: 'group-member', group, member: C.toRef(o) }));
    }
    case 'groupOwners': {
      const group = ctx('groupId');
      return each(S.directoryObjectSchema, 'a directory object', (o) => part.relations.push({ kind: 'group-owner', group, owner: C.toRef(o) }));
    }
    case 'applications':
      return each(S.applicationSchema, 'a Graph application', (a) => tenant.applications.push(C.toApplication(a)));
    case 'applicationOwners': {
      const app = ctx('appObjectId');
      return each(S.directoryObjectSchema, 'a directory object', (o) => part.relations.push({ kind: 'app-owner', app, owner: C.toRef(o) }));
    }
    case 'applicationFederatedCredentials': {
      const app = ctx('appObjectId');
      return each(S.federatedCredentialSchema, 'a federatedIdentityCredential', (f) =>
        part.relations.push({ kind: 'app-fic', app, fic: C.toFederatedCredential(f) }),
      );
    }
    case 'servicePrincipals':
      return each(S.servicePrincipalSchema, 'a Graph service principal', (s) => tenant.servicePrincipals.push(C.toServicePrincipal(s)));
    case 'servicePrincipalOwners': {
      const sp = ctx('servicePrincipalId');
      return each(S.directoryObjectSchema, 'a directory object', (o) => part.relations.push({ kind: 'sp-owner', sp, owner: C.toRef(o) }));
    }
    case 'appRoleAssignedTo':
      return each(S.appRoleAssignmentSchema, 'an appRoleAssignment', (a) => tenant.appRoleAssignments.push(C.toAppRoleAssignment(a)));
    case 'oauth2PermissionGrants':
      return each(S.oauth2PermissionGrantSchema, 'an oauth2PermissionGrant', (g) => tenant.oauth2PermissionGrants.push(C.toOAuth2Grant(g)));
    case 'roleDefinitions':
      return each(S.directoryRoleSchema, 'a unifiedRoleDefinition', (r) => tenant.directoryRoles.push(C.toDirectoryRole(r)));
    case 'roleAssignments':
      return each(S.directoryRoleAssignmentSchema, 'a unifiedRoleAssignment', (a) =>
        tenant.directoryRoleAssignments.push(C.toDirectoryRoleAssignment(a, 'active')),
      );
    case 'roleEligibilityScheduleInstances':
      return each(S.directoryRoleAssignmentSchema, 'a unifiedRoleEligibilityScheduleInstance', (a) =>
        tenant.directoryRoleAssignments.push(C.toDirectoryRoleAssignment(a, 'eligible')),
      );
    case 'managementGroupDescendants': {
      const root = ctx('managementGroupId');
      return each(
        z.object({ id: z.string(), name: z.string(), type: z.string().nullish(), properties: z.object({ displayName: z.string().nullish(), parent: z.object({ id: z.string().nullish() }).nullish() }).loose().nullish() }),
        'a management group descendant',
        (d) => {
          const id = C.lc(d.id);
          const parent = C.lc(d.properties?.parent?.id ?? root);
          if (/managementgroups/i.test(d.type ?? id)) {
            tenant.managementGroups.push({ id, name: C.lc(d.name), ...(d.properties?.displayName ? { displayName: d.properties.displayName } : {}), parentId: parent });
          }
          part.relations.push({ kind: 'mg-parent', child: id, parent });
        },
      );
    }
    case 'subscriptions':
      return each(S.armSubscriptionSchema, 'an ARM subscription', (s) => tenant.subscriptions.push(C.toSubscription(s)));
    case 'resourceGroups':
      return each(S.armResourceGroupSchema, 'an ARM resource group', (g) => tenant.resourceGroups.push(C.toResourceGroup(g)));
    case 'resources':
      return each(S.armResourceSchema, 'an ARM resource {id, name, type}', (r) => tenant.resources.push(C.toResource(r)));
    case 'armRoleDefinitions':
      return each(S.armRoleDefinitionSchema, 'an ARM role definition', (d) => tenant.armRoleDefinitions.push(C.toArmRoleDefinition(d)));
    case 'armRoleAssignments':
      return each(S.armRoleAssignmentSchema, 'an ARM role assignment', (a) => tenant.armRoleAssignments.push(C.toArmRoleAssignment(a)));
    case 'userAssignedIdentityFederatedCredentials': {
      const uami = ctx('identityId');
      return each(S.armFederatedCredentialSchema, 'an ARM federatedIdentityCredential', (f) =>
        part.relations.push({
          kind: 'uami-fic',
          uami,
          fic: C.toFederatedCredential({ id: f.id, name: f.name, ...f.properties }),
        }),
      );
    }
    case 'keyVaultSecrets': {
      const vaultId = ctx('vaultId');
      return each(S.keyVaultSecretItemSchema, 'a Key Vault secret item', (s) => tenant.keyVaultSecrets.push(C.toKeyVaultSecret(vaultId, s)));
    }
    case 'keyVaultSecretRecognitions': {
      const vault = ctx('vaultId');
      return each(recognitionSchema, 'a recognised secret {secretName, credential}', (r) =>
        part.relations.push({ kind: 'secret-link', vault, secretName: r.secretName, credential: r.credential, source: 'value-scan' }),
      );
    }
    case 'coverageGaps':
      return each(gapSchema, 'a coverage gap {what, reason}', (g) => part.coverageGaps.push({ tenantId: C.lc(raw.tenantId), ...g }));
  }
}

export function parseRaw(json: unknown, file: string): AzurePart {
  const raw = parseOrThrow(rawSchema, json, file, `a leakpath ${RAW_FORMAT} file`);
  const part = emptyPart();
  addRaw(part, raw as RawFile, file);
  return part;
}
