import type { z } from 'zod';
import type {
  AzureApplication,
  AzureAppRoleAssignment,
  AzureArmRoleAssignment,
  AzureArmRoleDefinition,
  AzureDirectoryRef,
  AzureDirectoryRole,
  AzureDirectoryRoleAssignment,
  AzureFederatedCredential,
  AzureGroup,
  AzureKeyCredential,
  AzureKeyVaultAccessPolicy,
  AzureKeyVaultSecret,
  AzureManagementGroup,
  AzureObjectType,
  AzureOAuth2PermissionGrant,
  AzurePasswordCredential,
  AzureResource,
  AzureResourceGroup,
  AzureServicePrincipal,
  AzureSubscription,
  AzureTenant,
  AzureUser,
} from '../../src/model/inventory/index.js';
import type * as S from './schemas.js';

/**
 * Graph / ARM objects (validated by ./schemas) → inventory entities. Shared by the live collector,
 * its raw files and AzureHound, so all three normalise ids the same way.
 */
export const lc = (s: string) => s.toLowerCase();
const strs = (v: readonly string[] | null | undefined) => (v ?? []).filter((s) => typeof s === 'string');

export function emptyTenant(tenantId: string): AzureTenant {
  return {
    tenantId: lc(tenantId),
    users: [],
    groups: [],
    applications: [],
    servicePrincipals: [],
    appRoleAssignments: [],
    oauth2PermissionGrants: [],
    directoryRoles: [],
    directoryRoleAssignments: [],
    managementGroups: [],
    subscriptions: [],
    resourceGroups: [],
    resources: [],
    armRoleDefinitions: [],
    armRoleAssignments: [],
    keyVaultSecrets: [],
    secretLinks: [],
  };
}

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) (base as Record<string, unknown>)[k] = v;
  return base;
}

/**
 * Entra's `hint` is the secret's first three characters. A longer one is the secret itself, put
 * there by a tool or by hand: only the three characters a hint may hold are kept.
 */
export const HINT_LENGTH = 3;

export function toPassword(p: z.infer<typeof S.passwordCredentialSchema>): AzurePasswordCredential {
  return withOptional({ keyId: lc(p.keyId) }, { hint: p.hint?.slice(0, HINT_LENGTH), displayName: p.displayName, startDateTime: p.startDateTime, endDateTime: p.endDateTime });
}

export function toKey(k: z.infer<typeof S.keyCredentialSchema>): AzureKeyCredential {
  return withOptional(
    { keyId: lc(k.keyId) },
    { customKeyIdentifier: k.customKeyIdentifier, displayName: k.displayName, type: k.type, usage: k.usage, startDateTime: k.startDateTime, endDateTime: k.endDateTime },
  );
}

export function toApplication(a: z.infer<typeof S.applicationSchema>): AzureApplication {
  return withOptional(
    {
      id: lc(a.id),
      appId: lc(a.appId),
      displayName: a.displayName ?? a.appId,
      passwordCredentials: (a.passwordCredentials ?? []).map(toPassword),
      keyCredentials: (a.keyCredentials ?? []).map(toKey),
      federatedIdentityCredentials: [],
      owners: [],
      requiredResourceAccess: (a.requiredResourceAccess ?? []).map((r) => ({
        resourceAppId: lc(r.resourceAppId),
        resourceAccess: (r.resourceAccess ?? []).map((x) => ({ id: lc(x.id), type: x.type ?? '' })),
      })),
    } as AzureApplication,
    { signInAudience: a.signInAudience },
  );
}

export function toServicePrincipal(s: z.infer<typeof S.servicePrincipalSchema>): AzureServicePrincipal {
  return withOptional(
    {
      id: lc(s.id),
      appId: lc(s.appId),
      displayName: s.displayName ?? s.appId,
      alternativeNames: strs(s.alternativeNames),
      passwordCredentials: (s.passwordCredentials ?? []).map(toPassword),
      keyCredentials: (s.keyCredentials ?? []).map(toKey),
      owners: [],
    } as AzureServicePrincipal,
    {
      servicePrincipalType: s.servicePrincipalType,
      appOwnerOrganizationId: s.appOwnerOrganizationId ? lc(s.appOwnerOrganizationId) : undefined,
      accountEnabled: s.accountEnabled,
    },
  );
}

export function toUser(u: z.infer<typeof S.userSchema>): AzureUser {
  return withOptional({ id: lc(u.id), displayName: u.displayName ?? u.userPrincipalName ?? u.id } as AzureUser, {
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
  });
}

export function toGroup(g: z.infer<typeof S.groupSchema>): AzureGroup {
  return { id: lc(g.id), displayName: g.displayName ?? g.id, isAssignableToRole: g.isAssignableToRole === true, members: [], owners: [] };
}

/** `#microsoft.graph.servicePrincipal` → servicePrincipal. */
export function objectType(odataType: string | null | undefined): AzureObjectType {
  const t = (odataType ?? '').replace(/^#?microsoft\.graph\./i, '').toLowerCase();
  if (t === 'user') return 'user';
  if (t === 'group') return 'group';
  if (t === 'serviceprincipal') return 'servicePrincipal';
  if (t === 'device') return 'device';
  return 'unknown';
}

export function toRef(o: z.infer<typeof S.directoryObjectSchema>): AzureDirectoryRef {
  return { id: lc(o.id), type: objectType(o['@odata.type']) };
}

export function toFederatedCredential(f: z.infer<typeof S.federatedCredentialSchema>): AzureFederatedCredential {
  const cme = f.claimsMatchingExpression;
  return withOptional({ id: lc(f.id), name: f.name ?? f.id, issuer: f.issuer, audiences: strs(f.audiences) } as AzureFederatedCredential, {
    subject: f.subject,
    claimsMatchingExpression: typeof cme === 'string' ? cme : cme?.value,
  });
}

export function toAppRoleAssignment(a: z.infer<typeof S.appRoleAssignmentSchema>): AzureAppRoleAssignment {
  return withOptional(
    { id: a.id, appRoleId: lc(a.appRoleId), principalId: lc(a.principalId), resourceId: lc(a.resourceId) } as AzureAppRoleAssignment,
    { principalType: a.principalType, resourceAppId: a.appId ? lc(a.appId) : undefined },
  );
}

export function toOAuth2Grant(g: z.infer<typeof S.oauth2PermissionGrantSchema>): AzureOAuth2PermissionGrant {
  return withOptional(
    { id: g.id, clientId: lc(g.clientId), consentType: g.consentType, resourceId: lc(g.resourceId), scope: g.scope ?? '' } as AzureOAuth2PermissionGrant,
    { principalId: g.principalId ? lc(g.principalId) : undefined },
  );
}

export function toDirectoryRole(r: z.infer<typeof S.directoryRoleSchema>): AzureDirectoryRole {
  return {
    id: lc(r.id),
    templateId: lc(r.templateId ?? r.id),
    displayName: r.displayName ?? r.id,
    isBuiltIn: r.isBuiltIn !== false,
    allowedResourceActions: (r.rolePermissions ?? []).flatMap((p) => strs(p.allowedResourceActions)),
  };
}

export function toDirectoryRoleAssignment(
  a: z.infer<typeof S.directoryRoleAssignmentSchema>,
  status: AzureDirectoryRoleAssignment['status'],
): AzureDirectoryRoleAssignment {
  return { id: a.id, roleDefinitionId: lc(a.roleDefinitionId), principalId: lc(a.principalId), directoryScopeId: lc(a.directoryScopeId ?? '/'), status };
}

export function toManagementGroup(m: z.infer<typeof S.armManagementGroupSchema>): AzureManagementGroup {
  const p = m.properties;
  const parent = p?.parent?.id ?? p?.details?.parent?.id;
  return withOptional({ id: lc(m.id), name: lc(m.name) } as AzureManagementGroup, {
    displayName: p?.displayName ?? p?.display_name,
    parentId: parent ? lc(parent) : undefined,
  });
}

export function toSubscription(s: z.infer<typeof S.armSubscriptionSchema>, managementGroupId?: string): AzureSubscription {
  const subscriptionId = lc(s.subscriptionId.replace(/^\/subscriptions\//i, ''));
  return withOptional({ id: `/subscriptions/${subscriptionId}`, subscriptionId, displayName: s.displayName ?? subscriptionId } as AzureSubscription, {
    managementGroupId: managementGroupId ? lc(managementGroupId) : undefined,
  });
}

export function toResourceGroup(r: z.infer<typeof S.armResourceGroupSchema>): AzureResourceGroup {
  return { id: lc(r.id), name: r.name };
}

export function toResource(r: z.infer<typeof S.armResourceSchema>): AzureResource {
  const type = lc(r.type);
  const out: AzureResource = { id: lc(r.id), name: r.name, type, tags: { ...(r.tags ?? {}) } };
  if (r.kind) out.kind = lc(r.kind);
  const identity = r.identity;
  if (identity && (identity.principalId || identity.userAssignedIdentities)) {
    out.identity = {
      ...(identity.principalId ? { systemPrincipalId: lc(identity.principalId) } : {}),
      userAssigned: Object.entries(identity.userAssignedIdentities ?? {}).map(([resourceId, v]) =>
        withOptional({ resourceId: lc(resourceId) } as { resourceId: string; principalId?: string; clientId?: string }, {
          principalId: v?.principalId ? lc(v.principalId) : undefined,
          clientId: v?.clientId ? lc(v.clientId) : undefined,
        }),
      ),
    };
  }
  const p = r.properties;
  if (type === 'microsoft.keyvault/vaults') {
    out.keyVault = withOptional(
      {
        enableRbacAuthorization: p?.enableRbacAuthorization === true,
        accessPolicies: (p?.accessPolicies ?? []).map((a) =>
          withOptional(
            {
              objectId: lc(a.objectId),
              permissions: { secrets: strs(a.permissions?.secrets), keys: strs(a.permissions?.keys), certificates: strs(a.permissions?.certificates) },
            } as AzureKeyVaultAccessPolicy,
            { applicationId: a.applicationId ? lc(a.applicationId) : undefined },
          ),
        ),
      } as NonNullable<AzureResource['keyVault']>,
      { vaultUri: p?.vaultUri },
    );
  }
  if (type === 'microsoft.managedidentity/userassignedidentities') {
    out.managedIdentity = withOptional({ federatedIdentityCredentials: [] } as NonNullable<AzureResource['managedIdentity']>, {
      principalId: p?.principalId ? lc(p.principalId) : undefined,
      clientId: p?.clientId ? lc(p.clientId) : undefined,
    });
  }
  if (type === 'microsoft.containerservice/managedclusters') {
    const kubelet = p?.identityProfile?.kubeletidentity?.objectId;
    out.aks = withOptional({} as NonNullable<AzureResource['aks']>, {
      kubeletObjectId: kubelet ? lc(kubelet) : undefined,
      nodeResourceGroup: p?.nodeResourceGroup ?? undefined,
    });
  }
  return out;
}

/** `/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>` → `<guid>`. */
export const roleGuid = (roleDefinitionId: string) => lc(roleDefinitionId.split('/').pop() ?? roleDefinitionId);

export function toArmRoleDefinition(d: z.infer<typeof S.armRoleDefinitionSchema>): AzureArmRoleDefinition {
  return {
    id: roleGuid(d.name),
    roleName: d.properties.roleName,
    permissions: (d.properties.permissions ?? []).map((p) => ({
      actions: strs(p.actions),
      notActions: strs(p.notActions),
      dataActions: strs(p.dataActions),
      notDataActions: strs(p.notDataActions),
    })),
  };
}

export function toArmRoleAssignment(a: z.infer<typeof S.armRoleAssignmentSchema>, status: AzureArmRoleAssignment['status'] = 'active'): AzureArmRoleAssignment {
  const p = a.properties;
  return withOptional(
    { id: lc(a.id), roleDefinitionId: roleGuid(p.roleDefinitionId), principalId: lc(p.principalId), scope: lc(p.scope), status } as AzureArmRoleAssignment,
    { principalType: p.principalType, condition: p.condition },
  );
}

/** `https://<vault>/secrets/<name>[/<version>]` → `<name>`. */
export function secretNameFromId(id: string): string {
  const parts = new URL(id).pathname.split('/').filter(Boolean);
  const at = parts.lastIndexOf('secrets');
  return decodeURIComponent(parts[at + 1] ?? id);
}

/** Key Vault list-secrets item → metadata; the item never carries a value. */
export function toKeyVaultSecret(vaultId: string, s: z.infer<typeof S.keyVaultSecretItemSchema>): AzureKeyVaultSecret {
  const name = secretNameFromId(s.id);
  const exp = s.attributes?.exp;
  return withOptional({ vaultId: lc(vaultId), name, tags: { ...(s.tags ?? {}) } } as AzureKeyVaultSecret, {
    contentType: s.contentType,
    enabled: s.attributes?.enabled,
    expires: typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined,
  });
}
