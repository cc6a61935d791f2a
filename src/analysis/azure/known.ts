import type { AzureArmRoleDefinition, AzureTenant } from '../../model/inventory/index.js';

/** Microsoft Graph's appId: the same in every tenant. */
export const MS_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Entra built-in role template ids leakpath reasons about. */
export const ROLE = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  hybridIdentityAdministrator: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  partnerTier1Support: '4ba39ca4-527c-499a-b93d-d9b492c50246',
  partnerTier2Support: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
  directorySynchronizationAccounts: 'd29b2b05-8046-44ba-8758-1e26182fcf32',
} as const;

export const ROLE_NAMES: Record<string, string> = {
  [ROLE.globalAdministrator]: 'Global Administrator',
  [ROLE.privilegedRoleAdministrator]: 'Privileged Role Administrator',
  [ROLE.privilegedAuthenticationAdministrator]: 'Privileged Authentication Administrator',
  [ROLE.applicationAdministrator]: 'Application Administrator',
  [ROLE.cloudApplicationAdministrator]: 'Cloud Application Administrator',
  [ROLE.hybridIdentityAdministrator]: 'Hybrid Identity Administrator',
  [ROLE.partnerTier1Support]: 'Partner Tier1 Support',
  [ROLE.partnerTier2Support]: 'Partner Tier2 Support',
  [ROLE.directorySynchronizationAccounts]: 'Directory Synchronization Accounts',
};

/** A directory role's display name: the tenant's own definition first, then the built-in names. */
export function directoryRoleName(tenant: AzureTenant, templateId: string): string | undefined {
  return tenant.directoryRoles.find((r) => r.templateId === templateId || r.id === templateId)?.displayName ?? ROLE_NAMES[templateId];
}

/** Roles that are admin-equivalent for the whole tenant. */
export const TIER_ZERO_ROLES: ReadonlySet<string> = new Set([
  ROLE.globalAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
]);

/** Built-in roles that may add credentials to any application and service principal. */
export const ADD_SECRET_ROLES: ReadonlySet<string> = new Set([ROLE.applicationAdministrator, ROLE.cloudApplicationAdministrator]);

/** Built-in roles that may add owners to any application and service principal (then add a secret). */
export const ADD_OWNER_ROLES: ReadonlySet<string> = new Set([
  ROLE.hybridIdentityAdministrator,
  ROLE.partnerTier1Support,
  ROLE.partnerTier2Support,
  ROLE.directorySynchronizationAccounts,
]);

/** Directory role actions that amount to adding a credential (custom roles are judged by these). */
export const CREDENTIAL_ACTIONS = [
  'microsoft.directory/applications/credentials/update',
  'microsoft.directory/applications/allproperties/allTasks',
  'microsoft.directory/applications/allproperties/update',
  'microsoft.directory/serviceprincipals/credentials/update',
  'microsoft.directory/serviceprincipals/allproperties/allTasks',
  'microsoft.directory/serviceprincipals/allproperties/update',
].map((a) => a.toLowerCase());

/** Microsoft Graph application permissions (appRoleId on Graph's service principal). */
export const GRAPH_PERMISSION = {
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'ServicePrincipalEndpoint.ReadWrite.All': '89c8469c-83ad-45f7-8ff2-6e3d4285709e',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
} as const;
export type GraphPermission = keyof typeof GRAPH_PERMISSION;

/**
 * Permissions that reach every application or group of the tenant. Like directory roles, they get
 * one node per tenant: holders → node → targets, instead of one edge per holder and target.
 */
export const FANOUT_PERMISSIONS: readonly GraphPermission[] = [
  'Application.ReadWrite.All',
  'ServicePrincipalEndpoint.ReadWrite.All',
  'Directory.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
];

export const GRAPH_PERMISSION_BY_ID: ReadonlyMap<string, GraphPermission> = new Map(
  Object.entries(GRAPH_PERMISSION).map(([name, id]) => [id, name as GraphPermission]),
);

const def = (id: string, roleName: string, actions: string[], notActions: string[] = [], dataActions: string[] = []): AzureArmRoleDefinition => ({
  id,
  roleName,
  permissions: [{ actions, notActions, dataActions, notDataActions: [] }],
});

/**
 * Azure built-in role definitions, reduced to the permissions that decide an attack edge.
 * AzureHound collects no role definitions, so these stand in for them; a collected definition
 * of the same id (live collector) takes precedence.
 */
export const BUILT_IN_ARM_ROLES: readonly AzureArmRoleDefinition[] = [
  def('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', ['*']),
  def('b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', ['*'], [
    'Microsoft.Authorization/*/Delete',
    'Microsoft.Authorization/*/Write',
    'Microsoft.Authorization/elevateAccess/Action',
    'Microsoft.Blueprint/blueprintAssignments/write',
    'Microsoft.Blueprint/blueprintAssignments/delete',
    'Microsoft.Compute/galleries/share/action',
  ]),
  def('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  def('f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'Role Based Access Control Administrator', ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read']),
  def('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', ['*/read']),
  def('9980e02c-c2be-4d73-94e8-173b1dc7cf3c', 'Virtual Machine Contributor', ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Compute/virtualMachineScaleSets/*', '*/read']),
  def('4f8fab4f-1852-4a58-a46a-8eaf358af14a', 'Avere Contributor', ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Compute/virtualMachineScaleSets/*', '*/read']),
  def('1c0163c0-47e6-4577-8991-ea5c82e286e4', 'Virtual Machine Administrator Login', ['*/read'], [], [
    'Microsoft.Compute/virtualMachines/login/action',
    'Microsoft.Compute/virtualMachines/loginAsAdmin/action',
  ]),
  def('fb879df8-f326-4884-b1cf-06f3ad86be52', 'Virtual Machine User Login', ['*/read'], [], ['Microsoft.Compute/virtualMachines/login/action']),
  def('de139f84-1756-47ae-9be6-808fbbe84772', 'Website Contributor', ['Microsoft.Web/sites/*', '*/read']),
  def('87a39d53-fc1b-424a-814c-f7e04687dc9e', 'Logic App Contributor', ['Microsoft.Logic/*', '*/read']),
  def('f353d9bd-d4a6-484e-a77a-8050b599b867', 'Automation Contributor', ['Microsoft.Automation/automationAccounts/*', '*/read']),
  def('ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8', 'Azure Kubernetes Service Contributor Role', ['Microsoft.ContainerService/managedClusters/*', '*/read']),
  def('0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', 'Azure Kubernetes Service Cluster Admin Role', ['Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action', 'Microsoft.ContainerService/managedClusters/read']),
  def('f25e0fa2-a7c8-4377-a976-54943a77a395', 'Key Vault Contributor', ['Microsoft.KeyVault/*', '*/read'], ['Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/hsmPools/*', 'Microsoft.KeyVault/managedHsms/*']),
  def('00482a5a-887f-4fb3-b363-3b7fe8e74483', 'Key Vault Administrator', ['Microsoft.KeyVault/vaults/read'], [], ['Microsoft.KeyVault/vaults/*']),
  def('b86a8fe4-44ce-4948-aee5-eccb2c155cd7', 'Key Vault Secrets Officer', ['Microsoft.KeyVault/vaults/read'], [], ['Microsoft.KeyVault/vaults/secrets/*']),
  def('4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User', [], [], ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action']),
  def('db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', 'Key Vault Certificate User', [], [], [
    'Microsoft.KeyVault/vaults/certificates/read',
    'Microsoft.KeyVault/vaults/secrets/getSecret/action',
    'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    'Microsoft.KeyVault/vaults/keys/read',
  ]),
  def('14b46e9e-c2b7-41b4-b07b-48a6ebf60603', 'Key Vault Crypto Officer', ['Microsoft.KeyVault/vaults/read'], [], ['Microsoft.KeyVault/vaults/keys/*']),
  def('12338af0-0e69-4776-bea7-57ae8d297424', 'Key Vault Crypto User', [], [], [
    'Microsoft.KeyVault/vaults/keys/read',
    'Microsoft.KeyVault/vaults/keys/decrypt/action',
    'Microsoft.KeyVault/vaults/keys/unwrap/action',
    'Microsoft.KeyVault/vaults/keys/sign/action',
  ]),
  def('21090545-7ca7-4776-b22c-e363652d74d2', 'Key Vault Reader', ['Microsoft.KeyVault/vaults/read'], [], ['Microsoft.KeyVault/vaults/secrets/readMetadata/action']),
];
