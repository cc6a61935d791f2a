/**
 * Entra ID + Azure Resource Manager inventory, produced by collectors/azure (live, AzureHound, raw
 * replays) and consumed by build and analysis.
 *
 * Every object id, app id, tenant id, role GUID and ARM id is lower-cased at the edge: Graph and
 * ARM return lower case, newer AzureHound upper case, and Entra/ARM compare them case-insensitively.
 * Issuers, subjects, hints and display names keep their case because they are compared exactly.
 */

export type AzureObjectType = 'user' | 'group' | 'servicePrincipal' | 'device' | 'unknown';

export interface AzureDirectoryRef {
  id: string;
  type: AzureObjectType;
}

/** A client secret. Only identifiers and dates: the secret text is never collected. */
export interface AzurePasswordCredential {
  keyId: string;
  /** First characters of the secret as Entra shows them; a matching aid, not unique. */
  hint?: string;
  displayName?: string;
  startDateTime?: string;
  endDateTime?: string;
}

/** A certificate (or other key) credential. */
export interface AzureKeyCredential {
  keyId: string;
  /** For certificates, the SHA-1 thumbprint (base64 as Graph returns it). */
  customKeyIdentifier?: string;
  displayName?: string;
  type?: string;
  usage?: string;
  startDateTime?: string;
  endDateTime?: string;
}

export interface AzureFederatedCredential {
  id: string;
  name: string;
  issuer: string;
  /** Absent for flexible credentials, which use claimsMatchingExpression instead. */
  subject?: string;
  audiences: string[];
  claimsMatchingExpression?: string;
}

export interface AzureUser {
  id: string;
  displayName: string;
  userPrincipalName?: string;
  accountEnabled?: boolean;
}

export interface AzureGroup {
  id: string;
  displayName: string;
  /** Role-assignable groups can hold Entra roles; only GA, PRA, owners and RoleManagement.ReadWrite.Directory change them. */
  isAssignableToRole: boolean;
  members: AzureDirectoryRef[];
  owners: AzureDirectoryRef[];
}

export interface AzureApplication {
  /** Object id. */
  id: string;
  /** Client id. */
  appId: string;
  displayName: string;
  signInAudience?: string;
  passwordCredentials: AzurePasswordCredential[];
  keyCredentials: AzureKeyCredential[];
  federatedIdentityCredentials: AzureFederatedCredential[];
  owners: AzureDirectoryRef[];
  /** What the manifest asks for. Not a grant: grants are appRoleAssignments and oauth2PermissionGrants. */
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
}

export interface AzureServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  /** Application, ManagedIdentity, Legacy, SocialIdp. */
  servicePrincipalType?: string;
  /** Home tenant of the app; differs from the tenant for foreign and Microsoft first-party apps. */
  appOwnerOrganizationId?: string;
  accountEnabled?: boolean;
  alternativeNames: string[];
  passwordCredentials: AzurePasswordCredential[];
  keyCredentials: AzureKeyCredential[];
  owners: AzureDirectoryRef[];
}

/** An application permission granted to a principal on a resource service principal. */
export interface AzureAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType?: string;
  /** Object id of the resource service principal (e.g. Microsoft Graph's SP in this tenant). */
  resourceId: string;
  /** appId of the resource, when the source says (AzureHound writes it as `appId`). */
  resourceAppId?: string;
}

/** A delegated grant: the client may act as a signed-in user, within `scope`. */
export interface AzureOAuth2PermissionGrant {
  id: string;
  /** Object id of the client service principal. */
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal' | string;
  principalId?: string;
  resourceId: string;
  scope: string;
}

export interface AzureDirectoryRole {
  id: string;
  templateId: string;
  displayName: string;
  isBuiltIn: boolean;
  allowedResourceActions: string[];
}

export interface AzureDirectoryRoleAssignment {
  id: string;
  /** Role template id for built-in roles, definition id for custom ones. */
  roleDefinitionId: string;
  principalId: string;
  /** `/`, `/administrativeUnits/<id>`, `/<object id>` or (AzureHound) `/<appId>`. Kept lower-case. */
  directoryScopeId: string;
  /** active = assigned or activated; eligible = PIM eligibility, needs activation. */
  status: 'active' | 'eligible';
}

export interface AzureManagementGroup {
  id: string;
  name: string;
  displayName?: string;
  parentId?: string;
}

export interface AzureSubscription {
  id: string;
  subscriptionId: string;
  displayName: string;
  managementGroupId?: string;
}

export interface AzureResourceGroup {
  id: string;
  name: string;
}

export interface AzureResourceIdentity {
  /** Object id of the system-assigned identity's service principal. */
  systemPrincipalId?: string;
  userAssigned: { resourceId: string; principalId?: string; clientId?: string }[];
}

export interface AzureKeyVaultAccessPolicy {
  objectId: string;
  /** Compound identity: the policy applies to objectId only when acting through this application. */
  applicationId?: string;
  permissions: { secrets: string[]; keys: string[]; certificates: string[] };
}

export interface AzureResource {
  /** ARM id, lower-case. */
  id: string;
  name: string;
  /** ARM type, lower-case: microsoft.compute/virtualmachines, microsoft.web/sites… */
  type: string;
  /** ARM `kind` (e.g. `functionapp`), when given. */
  kind?: string;
  identity?: AzureResourceIdentity;
  keyVault?: { enableRbacAuthorization: boolean; vaultUri?: string; accessPolicies: AzureKeyVaultAccessPolicy[] };
  /** User-assigned identity resources: their own ids and federated credentials. */
  managedIdentity?: { principalId?: string; clientId?: string; federatedIdentityCredentials: AzureFederatedCredential[] };
  /** AKS: the kubelet identity (runs as on every node) and the node resource group. */
  aks?: { kubeletObjectId?: string; nodeResourceGroup?: string };
  tags: Record<string, string>;
}

export interface AzureArmRoleDefinition {
  /** Role definition GUID, lower-case. */
  id: string;
  roleName: string;
  permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
}

export interface AzureArmRoleAssignment {
  id: string;
  /** Role definition GUID (last segment of roleDefinitionId), lower-case. */
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  scope: string;
  /** ABAC condition; the source may not say (AzureHound's API version omits it). */
  condition?: string;
  status: 'active' | 'eligible';
}

/** Credential identifiers recognised in a secret value (opt-in) or declared in a link file. */
export type AzureLinkedCredential =
  | { type: 'azure-client-secret'; appId: string; keyId?: string; hint?: string }
  | { type: 'aws-access-key'; accessKeyId: string }
  | { type: 'gcp-service-account-key'; privateKeyId: string; clientEmail?: string };

/** A key-vault secret's metadata. Never its value. */
export interface AzureKeyVaultSecret {
  vaultId: string;
  name: string;
  contentType?: string;
  enabled?: boolean;
  expires?: string;
  tags: Record<string, string>;
}

/** A declared (link file) or recognised (opt-in value scan) secret → credential link. */
export interface AzureSecretLink {
  vaultId: string;
  secretName: string;
  credential: AzureLinkedCredential;
  /** Where the link came from: the link file, or `value-scan`. */
  source: string;
}

export interface AzureTenant {
  tenantId: string;
  displayName?: string;
  users: AzureUser[];
  groups: AzureGroup[];
  applications: AzureApplication[];
  servicePrincipals: AzureServicePrincipal[];
  appRoleAssignments: AzureAppRoleAssignment[];
  oauth2PermissionGrants: AzureOAuth2PermissionGrant[];
  directoryRoles: AzureDirectoryRole[];
  directoryRoleAssignments: AzureDirectoryRoleAssignment[];
  managementGroups: AzureManagementGroup[];
  subscriptions: AzureSubscription[];
  resourceGroups: AzureResourceGroup[];
  resources: AzureResource[];
  armRoleDefinitions: AzureArmRoleDefinition[];
  armRoleAssignments: AzureArmRoleAssignment[];
  keyVaultSecrets: AzureKeyVaultSecret[];
  secretLinks: AzureSecretLink[];
}

/** What could not be read: a diff must never mistake a gap for a resolved risk. */
export interface AzureCoverageGap {
  tenantId?: string;
  what: string;
  reason: string;
}

export interface AzureInventory {
  provider: 'azure';
  tenants: AzureTenant[];
  coverageGaps: AzureCoverageGap[];
}
