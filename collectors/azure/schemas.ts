import { z } from 'zod';

/**
 * Shapes of the Microsoft Graph and Azure Resource Manager objects leakpath reads, in the form the
 * APIs document. AzureHound records embed the same objects, so the live collector, its raw files
 * and AzureHound share these. Lists may be `null` (AzureHound writes empty lists that way), and
 * only the fields leakpath uses are checked; unknown fields are dropped, which is also what keeps
 * a `secretText` that a careless export might carry out of the inventory.
 */
const str = z.string();
const optStr = z.string().nullish();
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

export const passwordCredentialSchema = z.object({
  keyId: str,
  hint: optStr,
  displayName: optStr,
  startDateTime: optStr,
  endDateTime: optStr,
});

export const keyCredentialSchema = z.object({
  keyId: str,
  customKeyIdentifier: optStr,
  displayName: optStr,
  type: optStr,
  usage: optStr,
  startDateTime: optStr,
  endDateTime: optStr,
});

export const applicationSchema = z.object({
  id: str,
  appId: str,
  displayName: optStr,
  signInAudience: optStr,
  passwordCredentials: list(passwordCredentialSchema),
  keyCredentials: list(keyCredentialSchema),
  requiredResourceAccess: list(
    z.object({ resourceAppId: str, resourceAccess: list(z.object({ id: str, type: optStr })) }),
  ),
});

export const servicePrincipalSchema = z.object({
  id: str,
  appId: str,
  displayName: optStr,
  servicePrincipalType: optStr,
  appOwnerOrganizationId: optStr,
  accountEnabled: z.boolean().nullish(),
  alternativeNames: list(str),
  passwordCredentials: list(passwordCredentialSchema),
  keyCredentials: list(keyCredentialSchema),
});

export const userSchema = z.object({
  id: str,
  displayName: optStr,
  userPrincipalName: optStr,
  accountEnabled: z.boolean().nullish(),
});

export const groupSchema = z.object({
  id: str,
  displayName: optStr,
  isAssignableToRole: z.boolean().nullish(),
});

export const directoryObjectSchema = z.object({ '@odata.type': optStr, id: str });

export const federatedCredentialSchema = z.object({
  id: str,
  name: optStr,
  issuer: str,
  subject: optStr,
  audiences: list(str),
  claimsMatchingExpression: z.union([str, z.object({ value: str }).loose()]).nullish(),
});

export const appRoleAssignmentSchema = z.object({
  id: str,
  appRoleId: str,
  principalId: str,
  principalType: optStr,
  resourceId: str,
  appId: optStr,
});

export const oauth2PermissionGrantSchema = z.object({
  id: str,
  clientId: str,
  consentType: str,
  principalId: optStr,
  resourceId: str,
  scope: optStr,
});

export const directoryRoleSchema = z.object({
  id: str,
  templateId: optStr,
  displayName: optStr,
  isBuiltIn: z.boolean().nullish(),
  rolePermissions: list(z.object({ allowedResourceActions: list(str) }).loose()),
});

export const directoryRoleAssignmentSchema = z.object({
  id: str,
  roleDefinitionId: str,
  principalId: str,
  directoryScopeId: optStr,
});

export const armManagementGroupSchema = z.object({
  id: str,
  name: str,
  properties: z
    .object({
      displayName: optStr,
      display_name: optStr,
      parent: z.object({ id: optStr }).nullish(),
      details: z.object({ parent: z.object({ id: optStr }).nullish() }).loose().nullish(),
    })
    .loose()
    .nullish(),
});

export const armSubscriptionSchema = z.object({ id: str, subscriptionId: str, displayName: optStr });

export const armResourceGroupSchema = z.object({ id: str, name: str });

const accessPolicySchema = z.object({
  objectId: str,
  applicationId: optStr,
  permissions: z
    .object({ secrets: list(str), keys: list(str), certificates: list(str) })
    .loose()
    .nullish(),
});

export const armResourceSchema = z.object({
  id: str,
  name: str,
  type: str,
  kind: optStr,
  identity: z
    .object({
      type: optStr,
      principalId: optStr,
      userAssignedIdentities: z.record(str, z.object({ principalId: optStr, clientId: optStr }).nullish()).nullish(),
    })
    .nullish(),
  properties: z
    .object({
      enableRbacAuthorization: z.boolean().nullish(),
      vaultUri: optStr,
      accessPolicies: list(accessPolicySchema),
      principalId: optStr,
      clientId: optStr,
      nodeResourceGroup: optStr,
      identityProfile: z
        .object({ kubeletidentity: z.object({ objectId: optStr }).loose().nullish() })
        .loose()
        .nullish(),
    })
    .loose()
    .nullish(),
  tags: z.record(str, str).nullish(),
});

export const armRoleDefinitionSchema = z.object({
  id: str,
  name: str,
  properties: z.object({
    roleName: str,
    permissions: list(
      z.object({ actions: list(str), notActions: list(str), dataActions: list(str), notDataActions: list(str) }),
    ),
  }),
});

export const armRoleAssignmentSchema = z.object({
  id: str,
  properties: z.object({
    principalId: str,
    roleDefinitionId: str,
    scope: str,
    principalType: optStr,
    condition: optStr,
  }),
});

export const keyVaultSecretItemSchema = z.object({
  id: str,
  contentType: optStr,
  attributes: z.object({ enabled: z.boolean().nullish(), exp: z.number().nullish() }).loose().nullish(),
  tags: z.record(str, str).nullish(),
});

export const linkedCredentialSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('azure-client-secret'), appId: str, keyId: str.optional(), hint: str.max(3).optional() }).strict(),
  z.object({ type: z.literal('aws-access-key'), accessKeyId: str }).strict(),
  z.object({ type: z.literal('gcp-service-account-key'), privateKeyId: str, clientEmail: str.optional() }).strict(),
]);

/** ARM's shape of a user-assigned identity's federated credential. */
export const armFederatedCredentialSchema = z.object({
  id: str,
  name: str,
  properties: z.object({
    issuer: str,
    subject: optStr,
    audiences: list(str),
    claimsMatchingExpression: z.union([str, z.object({ value: str }).loose()]).nullish(),
  }),
});
