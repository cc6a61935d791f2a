import type { EntryDocs, TechniqueSpec } from '../types.js';
import { techniquesOf, type Tags } from './define.js';

const BH = (page: string) => `https://bloodhound.specterops.io/resources/edges/${page}`;
const GRAPH_PERMS = 'https://learn.microsoft.com/en-us/graph/permissions-reference';
const ENTRA_ROLES = 'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference';
const PRIV_ROLES = 'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions';
const ADD_PASSWORD = 'https://learn.microsoft.com/en-us/graph/api/application-addpassword';
const ARM_BUILT_IN = 'https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles';
const KV_RBAC = 'https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide';
const KV_POLICY = 'https://learn.microsoft.com/en-us/azure/key-vault/general/assign-access-policy';
const BADZURE = 'https://github.com/mvelazc0/BadZure';

const t = techniquesOf('azure');

const CRED_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1098.001'] };
const ROLE_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1098.003'] };
const EXEC_TAGS: Tags = { owaspNhi: ['NHI5', 'NHI6'], mitre: ['T1651', 'T1552.005'] };
const VAULT_TAGS: Tags = { owaspNhi: ['NHI2', 'NHI5'], mitre: ['T1555.006'] };

/** Graph application permissions that add credentials or memberships; same shape, different reach. */
function graphPermission(name: string, edgeKind: string, reach: string, abuse: string, references: string[] = [GRAPH_PERMS]): TechniqueSpec {
  return t(`azure:graph:${name}`, edgeKind, `Microsoft Graph application permission ${name}`, {
    general: `The Graph application permission ${name}: ${reach}. Permissions that reach the whole tenant are drawn from a per-tenant permission node (see azure:graph:ApplicationPermission); the others from the holder.`,
    precondition: `An appRoleAssignment of ${name} on Microsoft Graph's service principal (admin consent). A permission only requested in the app's manifest (requiredResourceAccess) is not granted and gives no edge.`,
    abuse,
    opsec: 'App-only Graph calls are logged in the Entra audit log under the service principal; Graph activity logs record the call.',
    fix: `Remove the ${name} grant (Enterprise applications → Permissions) or replace it with a narrower permission.`,
    references,
  }, edgeKind === 'CAN_ADD_MEMBER' ? ROLE_TAGS : CRED_TAGS);
}

/** ARM roles that run code on a compute type and so obtain its managed identities. */
function execution(id: string, title: string, what: string, actions: string, abuse: string, reference: string, extra: Partial<EntryDocs> = {}): TechniqueSpec {
  return t(`azure:arm:${id}`, 'CAN_EXECUTE_AS', title, {
    general: `The principal can run code on ${what}, which runs as its managed identities (system-assigned, user-assigned), so it can obtain their tokens.`,
    precondition: `A role assignment at the resource or any scope above it (resource group, subscription, management group) whose role allows ${actions}, or allows Microsoft.Authorization/roleAssignments/write (it grants itself such a role). Role definitions are evaluated by their actions, so custom roles count.`,
    abuse,
    opsec: 'The write or command appears in the Azure activity log; the identity\'s token use appears in its sign-in logs (managed identity sign-ins).',
    fix: 'Remove the role, narrow its scope, or reduce what the attached identity can do.',
    references: [reference, ARM_BUILT_IN],
    ...extra,
  }, EXEC_TAGS);
}

export const AZURE_TECHNIQUES: readonly TechniqueSpec[] = [
  t('azure:entra:ClientSecret', 'AUTHENTICATES_AS', 'Client secret signs in as its service principal', {
    general: 'A client secret (passwordCredential) of an application or service principal signs in as the service principal. On the application, it works in every tenant that has the app\'s service principal.',
    precondition: 'Now is between the secret\'s startDateTime and endDateTime. Expired or not-yet-valid secrets get no edge. A leaked secret is looked up by appId:keyId, keyId, or its hint when the hint is unique — never by the app alone.',
    abuse: '`az login --service-principal -u <appId> -p <secret> --tenant <tenant>`, or a client-credentials token request.',
    opsec: 'Service principal sign-ins are logged with the credential\'s keyId (Entra sign-in logs → service principal sign-ins).',
    fix: 'Remove the secret (Certificates & secrets), prefer certificates or federated credentials, keep lifetimes short.',
    references: [ADD_PASSWORD, 'https://learn.microsoft.com/en-us/graph/api/resources/passwordcredential'],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1078.004', 'T1552'] }),
  t('azure:entra:Certificate', 'AUTHENTICATES_AS', 'Certificate signs in as its service principal', {
    general: 'A certificate (keyCredential) of an application or service principal signs in as the service principal with a signed client assertion. A leaked certificate is found by keyId or thumbprint (customKeyIdentifier).',
    precondition: 'The certificate is within its validity dates. SAML signing certificates (usage Sign) on service principals do not authenticate and are left out.',
    abuse: '`az login --service-principal -u <appId> --certificate <pem> --tenant <tenant>`.',
    opsec: 'Sign-ins show the credential keyId.',
    fix: 'Remove the certificate; keep private keys in a vault the workload alone reads.',
    references: ['https://learn.microsoft.com/en-us/graph/api/resources/keycredential'],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1078.004', 'T1552.004'] }),
  t('azure:entra:AppRunsAs', 'RUNS_AS', 'Application acts as its service principal', {
    general: 'Control of an application object (its credentials) is control of its service principal in every tenant where it has one.',
    precondition: 'A service principal with the app\'s appId in a collected tenant.',
    abuse: 'Add a credential to the application, then sign in against the tenant of the SP.',
    fix: 'Limit who can change the application; delete unused service principals of multi-tenant apps.',
    references: ['https://learn.microsoft.com/en-us/entra/identity-platform/app-objects-and-service-principals', BH('az-runs-as')],
  }, { owaspNhi: ['NHI5'], mitre: ['T1078.004'] }),
  t('azure:entra:GroupMembership', 'MEMBER_OF', 'Entra group membership (fact)', {
    general: 'The principal is a member of an Entra group; the group\'s role assignments apply to it. leakpath draws the group\'s capabilities from each member directly, with the membership in the evidence.',
    precondition: 'Group members listing.',
    abuse: 'None by itself.',
    fix: 'Remove unneeded memberships, especially of groups holding roles.',
    references: ['https://learn.microsoft.com/en-us/entra/fundamentals/concept-learn-about-groups'],
  }, { owaspNhi: [], mitre: [] }),
  t('azure:arm:ManagedIdentityAttachment', 'ATTACHED_TO', 'Managed identity attached to a resource (fact)', {
    general: 'A system- or user-assigned managed identity (or an AKS kubelet identity) is attached to the resource; code on the resource gets its tokens from the local identity endpoint.',
    precondition: 'The resource\'s `identity` block (or AKS identityProfile).',
    abuse: 'None by itself; see the CAN_EXECUTE_AS techniques.',
    fix: 'Detach identities the workload does not use.',
    references: ['https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/overview', BH('az-managed-identity')],
  }, { owaspNhi: [], mitre: [] }),
  t('azure:entra:DirectoryRole', 'HAS_ROLE', 'Active directory role assignment', {
    general: 'The principal holds the directory role tenant-wide (directoryScopeId "/"), directly or through a role-assignable group.',
    precondition: 'An active unifiedRoleAssignment (including activated PIM) at "/". Assignments scoped to an administrative unit reach only the unit\'s members and get no edge; assignments scoped to one application reach only it (see azure:entra:ApplicationAdministrator).',
    abuse: 'Use the role\'s permissions.',
    opsec: 'Privileged operations are in the Entra audit log.',
    fix: 'Remove the assignment or make it eligible through PIM with approval.',
    references: [ENTRA_ROLES, BH('az-has-role')],
  }, ROLE_TAGS),
  t('azure:entra:DirectoryRoleEligible', 'HAS_ROLE', 'PIM-eligible directory role (conditional)', {
    general: 'The principal is eligible for the directory role through Privileged Identity Management: it holds it only after activation.',
    precondition: 'A roleEligibilityScheduleInstance at "/". The edge is conditional: activation may require MFA, justification or approval.',
    abuse: 'Activate the role (self-activation), then use it.',
    opsec: 'Activation is logged and often notifies admins.',
    fix: 'Remove the eligibility or require approval for activation.',
    references: ['https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/pim-how-to-activate-role', BH('az-role-eligible')],
  }, ROLE_TAGS),
  t('azure:entra:ApplicationAdministrator', 'CAN_CREATE_CREDENTIAL', 'Application / Cloud Application Administrator adds a secret', {
    general: 'Application Administrator and Cloud Application Administrator (and custom roles with microsoft.directory/applications/credentials/update) can add credentials to applications and service principals. Tenant-wide, the edge leaves the role node towards every application and every service principal without an app object here; scoped to one application, it goes from the holder to that application only.',
    precondition: 'The role at "/" (role node edge) or at "/<application object id>" ("/<appId>" in AzureHound). Managed identities and foreign (other-tenant) service principals are not targets.',
    abuse: '`az ad app credential reset --id <appId> --append`, or POST /applications/{id}/addPassword, then sign in as the app.',
    opsec: 'Audit log: "Update application – Certificates and secrets management".',
    fix: 'Scope the role to the applications that need it; remove it from non-human principals; alert on credential additions to privileged apps.',
    references: [ENTRA_ROLES, BH('az-add-secret'), BADZURE],
  }, CRED_TAGS),
  t('azure:entra:AddOwnerRole', 'CAN_CREATE_CREDENTIAL', 'Role that can add owners to applications, then a secret', {
    general: 'Hybrid Identity Administrator, Partner Tier1/Tier2 Support and Directory Synchronization Accounts can add owners to applications and service principals; an owner adds a secret.',
    precondition: 'The role assigned tenant-wide.',
    abuse: 'Add yourself as owner of the target app, then add a secret to it.',
    opsec: 'Audit log: "Add owner to application", then a credential update.',
    fix: 'Remove these legacy/partner roles where unused.',
    references: [ENTRA_ROLES, BH('az-add-owner')],
  }, CRED_TAGS),
  t('azure:entra:PrivilegedRoleAdministrator', 'CAN_GRANT_ROLE', 'Privileged Role Administrator assigns Global Administrator', {
    general: 'Privileged Role Administrator manages all role assignments, so it can make any principal, itself included, Global Administrator.',
    precondition: 'The role assigned tenant-wide.',
    abuse: 'POST /roleManagement/directory/roleAssignments with the GA role for yourself.',
    opsec: 'Audit log: "Add member to role"; GA additions are commonly alerted on.',
    fix: 'Treat as tier zero: few holders, eligible only, with approval.',
    references: [PRIV_ROLES, BH('az-privileged-role-admin')],
  }, ROLE_TAGS),
  t('azure:entra:TierZeroRole', 'tier-zero', 'Tenant tier-zero directory role', {
    general: 'Global Administrator, Privileged Role Administrator and Privileged Authentication Administrator are admin-equivalent for the tenant; their role nodes and their active holders are tier zero.',
    precondition: 'An active assignment of one of these roles at "/".',
    abuse: 'Full control of the tenant (and, through elevation, of every Azure subscription under it).',
    fix: 'Keep these roles to a few human break-glass accounts with PIM; never to service principals.',
    references: [PRIV_ROLES, 'https://learn.microsoft.com/en-us/azure/role-based-access-control/elevate-access-global-admin'],
  }, ROLE_TAGS),
  t('azure:entra:AppOwner', 'CAN_CREATE_CREDENTIAL', 'Application owner adds a secret', {
    general: 'Owners of an application can manage its credentials.',
    precondition: 'The principal is in the application\'s owners. A service principal owner needs a Graph application permission to act (Application.ReadWrite.OwnedBy or .All); without one the edge is conditional.',
    abuse: 'Add a secret to the owned app and sign in as its service principal.',
    opsec: 'Audit log: credential update by the owner.',
    fix: 'Remove owners that do not need to be; never make a low-privileged identity owner of a privileged app.',
    references: [ADD_PASSWORD, BH('az-owns')],
  }, CRED_TAGS),
  t('azure:entra:ServicePrincipalOwner', 'CAN_CREATE_CREDENTIAL', 'Service principal owner adds a secret', {
    general: 'Owners of a service principal can add credentials to it directly.',
    precondition: 'The principal is in the SP\'s owners; the SP is not a managed identity nor a foreign (other-tenant) SP. Service principal owners need a Graph permission, as for applications.',
    abuse: 'POST /servicePrincipals/{id}/addPassword, then sign in as the SP.',
    opsec: 'Audit log: "Update service principal".',
    fix: 'Remove unneeded SP owners.',
    references: ['https://learn.microsoft.com/en-us/graph/api/serviceprincipal-addpassword', BH('az-owns')],
  }, CRED_TAGS),
  t('azure:entra:GroupOwner', 'CAN_ADD_MEMBER', 'Group owner adds members', {
    general: 'Owners of a group manage its membership, role-assignable groups included.',
    precondition: 'The principal is in the group\'s owners. A service principal owner also needs a Graph permission (RoleManagement.ReadWrite.Directory for role-assignable groups); without it the edge is conditional.',
    abuse: 'Add yourself to the group and use its roles.',
    opsec: 'Audit log: "Add member to group".',
    fix: 'Remove owners of privileged groups who do not need it.',
    references: ['https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/groups-concept', BH('az-owns')],
  }, ROLE_TAGS),
  t('azure:graph:ApplicationPermission', 'HAS_ROLE', 'Holds a tenant-wide Microsoft Graph application permission', {
    general: 'The service principal holds a Graph application permission that reaches every application or group of the tenant (Application.ReadWrite.All, ServicePrincipalEndpoint.ReadWrite.All, Directory/Group/GroupMember.ReadWrite.All). Like a directory role, the permission is one node per tenant whose own edges say what it reaches.',
    precondition: 'An appRoleAssignment of the permission on Microsoft Graph\'s service principal (admin consent). Requested-only permissions (requiredResourceAccess) give no edge.',
    abuse: 'Request an app-only Graph token and use the permission.',
    opsec: 'App-only Graph calls are in the Entra audit log and Graph activity logs under the service principal.',
    fix: 'Remove the grant (Enterprise applications → Permissions) or replace it with a narrower permission.',
    references: [GRAPH_PERMS, 'https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-approleassignedto'],
  }, CRED_TAGS),
  graphPermission('Application.ReadWrite.All', 'CAN_CREATE_CREDENTIAL', 'it can add credentials to every application and service principal', 'POST /applications/{id}/addPassword on any app (a privileged one), then sign in as it.', [GRAPH_PERMS, BH('az-mg-add-secret')]),
  graphPermission('Application.ReadWrite.OwnedBy', 'CAN_CREATE_CREDENTIAL', 'it can add credentials to the applications and service principals it owns', 'POST /applications/{id}/addPassword on an owned app.', [GRAPH_PERMS, BH('az-owns')]),
  graphPermission('ServicePrincipalEndpoint.ReadWrite.All', 'CAN_CREATE_CREDENTIAL', 'BloodHound models it as adding owners to service principals (the edge is conditional: Microsoft documents it for endpoint updates only)', 'Add yourself as owner of a service principal, then add a secret.', [GRAPH_PERMS, BH('az-mg-add-owner')]),
  graphPermission('RoleManagement.ReadWrite.Directory', 'CAN_GRANT_ROLE', 'it can assign any directory role, Global Administrator included', 'POST /roleManagement/directory/roleAssignments granting yourself Global Administrator.', [GRAPH_PERMS, BH('az-mg-grant-role')]),
  graphPermission('AppRoleAssignment.ReadWrite.All', 'CAN_GRANT_ROLE', 'it can grant any application permission, to itself included, so it grants itself RoleManagement.ReadWrite.Directory and then Global Administrator', 'POST /servicePrincipals/{self}/appRoleAssignments for RoleManagement.ReadWrite.Directory on Graph, get a new token, assign yourself GA.', [GRAPH_PERMS, BH('az-mg-grant-app-roles')]),
  graphPermission('Directory.ReadWrite.All', 'CAN_ADD_MEMBER', 'it can add members to groups that are not role-assignable', 'Add yourself to a group that holds Azure roles or vault access.'),
  graphPermission('Group.ReadWrite.All', 'CAN_ADD_MEMBER', 'it can add members to groups that are not role-assignable', 'Add yourself to a group that holds Azure roles or vault access.', [GRAPH_PERMS, BH('az-mg-add-member')]),
  graphPermission('GroupMember.ReadWrite.All', 'CAN_ADD_MEMBER', 'it can add members to groups that are not role-assignable', 'Add yourself to a group that holds Azure roles or vault access.', [GRAPH_PERMS, BH('az-mg-add-member')]),
  t('azure:oauth2:DelegatedGrant', 'CAN_IMPERSONATE', 'Delegated permission grant (conditional)', {
    general: 'An oauth2PermissionGrant lets the client app call a resource on behalf of a signed-in user, with the granted scopes. Admin consent (AllPrincipals) covers every user; leakpath draws it to users holding roles.',
    precondition: 'A grant with a write or impersonation scope (…ReadWrite…, Directory.AccessAsUser.All, user_impersonation). Always conditional: the attacker needs the user\'s sign-in through the app or a refresh token the app holds, and gets the user\'s rights intersected with the scopes.',
    abuse: 'With the app\'s credential, phish the user through the app\'s sign-in (redirect URI under attacker control) or reuse refresh tokens stored by the app.',
    opsec: 'Sign-ins appear as the user through the client app.',
    fix: 'Revoke broad delegated grants; restrict user consent; review apps holding Directory.AccessAsUser.All.',
    references: ['https://learn.microsoft.com/en-us/graph/api/resources/oauth2permissiongrant', 'https://learn.microsoft.com/en-us/entra/identity-platform/delegated-access-primer'],
  }, { owaspNhi: ['NHI3', 'NHI5'], mitre: ['T1528', 'T1550.001'] }),
  t('azure:entra:FederatedCredential', 'FEDERATES', 'Workload identity federation', {
    general: 'A federated identity credential on an application or user-assigned managed identity trusts tokens from an external issuer (GitHub Actions, Kubernetes, another cloud) for one subject.',
    precondition: 'Entra accepts a token when iss equals the issuer and sub equals the subject exactly (case-sensitive, no prefix or wildcard) and aud is one of the audiences. The subject node is keyed by issuer and subject as written; a credential whose audiences leave out api://AzureADTokenExchange, or a flexible one (claimsMatchingExpression), gives a conditional edge.',
    abuse: 'Run a workflow on the trusted branch/environment (or a pod with the trusted service account), request an OIDC token and exchange it for an Entra token.',
    opsec: 'Sign-ins show a federated credential; the CI run is logged on the CI side.',
    fix: 'Trust protected environments or branches only; avoid pull_request subjects; remove unused credentials.',
    references: ['https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation', 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-azure', BH('az-authenticates-to')],
  }, { owaspNhi: ['NHI4', 'NHI5'], mitre: ['T1199', 'T1078.004'] }),
  t('azure:arm:RoleAssignmentWrite', 'CAN_GRANT_ROLE', 'Azure role assignment write (Owner, User Access Administrator…)', {
    general: 'The principal may write role assignments at the scope, so it can give itself Owner there and control every resource below.',
    precondition: 'A role assignment at the scope whose role allows Microsoft.Authorization/roleAssignments/write (Owner, User Access Administrator, Role Based Access Control Administrator, custom roles). An ABAC condition on the assignment makes the edge conditional.',
    abuse: '`az role assignment create --assignee <self> --role Owner --scope <scope>`.',
    opsec: 'Activity log: Microsoft.Authorization/roleAssignments/write.',
    fix: 'Remove the role or constrain it with a delegation condition that excludes privileged roles.',
    references: [ARM_BUILT_IN, BH('az-user-access-administrator'), BH('az-owner')],
  }, ROLE_TAGS),
  t('azure:arm:WriteAccess', 'HAS_ACCESS', 'Azure write access at a scope (Contributor-like)', {
    general: 'The principal can create and change resources at the scope (Contributor or a custom role of that breadth), but not role assignments.',
    precondition: 'A role assignment whose role allows Microsoft.Resources/subscriptions/resourceGroups/write and not role-assignment writes.',
    abuse: 'Change resources; run code on compute (see CAN_EXECUTE_AS edges drawn for each identity-bearing resource).',
    opsec: 'Activity log entries for each write.',
    fix: 'Replace Contributor with resource-specific roles at narrow scopes.',
    references: [ARM_BUILT_IN, BH('az-contributor')],
  }, { owaspNhi: ['NHI5'], mitre: ['T1078.004'] }),
  t('azure:arm:ManagementGroupOwner', 'tier-zero', 'Role assignment write at a management group or the root scope', {
    general: 'A principal that can write role assignments at a management group (tenant root group included) or at "/" controls every subscription below: tier zero.',
    precondition: 'Owner, User Access Administrator or another role with Microsoft.Authorization/roleAssignments/write, active, at a management group or "/".',
    abuse: 'Grant yourself Owner on every subscription under the group.',
    fix: 'Keep management-group Owner/UAA to break-glass accounts; remove elevated access at "/" after use.',
    references: ['https://learn.microsoft.com/en-us/azure/governance/management-groups/overview', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/elevate-access-global-admin'],
  }, ROLE_TAGS),
  execution('VMRunCommand', 'Run Command on a VM or scale set', 'a virtual machine or scale set', 'runCommand/action, runCommands/write or extensions/write on virtualMachines (or the scale-set equivalents)', '`az vm run-command invoke --command-id RunShellScript --scripts "curl -H Metadata:true http://169.254.169.254/metadata/identity/oauth2/token?..."`.', 'https://learn.microsoft.com/en-us/azure/virtual-machines/run-command-overview'),
  execution('VMLogin', 'Entra login to a VM', 'a virtual machine through an interactive login', 'the data actions virtualMachines/login/action or loginAsAdmin/action (Virtual Machine User / Administrator Login)', 'Sign in over RDP/SSH with Entra credentials and call IMDS for a token (any local user can).', 'https://learn.microsoft.com/en-us/entra/identity/devices/howto-vm-sign-in-azure-ad-linux', {}),
  execution('WebAppDeploy', 'Deploy code to a web or function app', 'an App Service web app or function app', 'Microsoft.Web/sites/write, sites/config/write or sites/publishxml/action (Website Contributor, Contributor)', 'Deploy code or use the Kudu console, then read IDENTITY_ENDPOINT/IDENTITY_HEADER and request a token.', 'https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity'),
  execution('LogicAppEdit', 'Edit a logic app workflow', 'a Logic App workflow', 'Microsoft.Logic/workflows/write (Logic App Contributor, Contributor)', 'Add an HTTP action authenticated with the managed identity that sends the response to you.', 'https://learn.microsoft.com/en-us/azure/logic-apps/authenticate-with-managed-identity'),
  execution('AutomationRunbook', 'Run an Automation runbook', 'an Automation account', 'runbooks/write and jobs/write on automationAccounts (Automation Contributor, Contributor)', 'Publish and start a runbook that calls Connect-AzAccount -Identity and exports a token.', 'https://learn.microsoft.com/en-us/azure/automation/enable-managed-identity-for-automation'),
  execution('AKSClusterAdmin', 'Cluster admin on AKS', 'an AKS cluster (its nodes run as the kubelet identity)', 'listClusterAdminCredential/action or runCommand/action on managedClusters', 'Get cluster-admin credentials, schedule a pod on a node and call IMDS for the kubelet identity\'s token.', 'https://learn.microsoft.com/en-us/azure/aks/use-managed-identity'),
  execution('ContainerRegistryTask', 'Run an ACR task', 'an Azure Container Registry task', 'Microsoft.ContainerRegistry/registries/scheduleRun/action', 'Schedule a task run whose step uses the registry\'s identity to get a token.', 'https://learn.microsoft.com/en-us/azure/container-registry/container-registry-tasks-authentication-managed-identity'),
  t('azure:keyvault:GetSecret', 'CAN_READ', 'Read secrets of an RBAC key vault', {
    general: 'On a vault using Azure RBAC (enableRbacAuthorization true), a role with the data action secrets/getSecret reads secret values (and certificate private keys, which are served as secrets).',
    precondition: 'A role assignment at the vault or above with Microsoft.KeyVault/vaults/secrets/getSecret/action (Key Vault Administrator, Secrets Officer, Secrets User, Certificate User), or with role-assignment write (it grants itself one). Owner and Contributor hold no data actions; Key Vault Reader reads metadata only. Access policies are ignored on these vaults.',
    abuse: '`az keyvault secret show --vault-name <v> --name <s>`.',
    opsec: 'SecretGet events in the vault\'s diagnostic logs, if enabled.',
    fix: 'Grant secret roles per secret or per vault to the workloads that need them only.',
    references: [KV_RBAC, BH('az-get-secrets')],
  }, VAULT_TAGS),
  t('azure:keyvault:UseKey', 'CAN_READ', 'Use keys of a key vault', {
    general: 'The principal can decrypt, unwrap or sign with the vault\'s keys (keys are not exportable, but their use is the capability).',
    precondition: 'RBAC vault: a data action keys/decrypt, keys/unwrap or keys/sign (Crypto User/Officer, Administrator), or role-assignment write.',
    abuse: 'Decrypt data protected by the key, or sign as its owner.',
    opsec: 'Key operations in the vault\'s diagnostic logs.',
    fix: 'Grant crypto roles only to the workloads using the key.',
    references: [KV_RBAC, BH('az-get-keys')],
  }, VAULT_TAGS),
  t('azure:keyvault:AccessPolicy', 'CAN_READ', 'Key vault access policy grants get', {
    general: 'On a vault using access policies (enableRbacAuthorization false), a policy with `get` on secrets reads them; with decrypt/sign/unwrapKey on keys uses them. Permissions are compared case-insensitively.',
    precondition: 'An access policy naming the principal (or a group it belongs to). A policy with applicationId (compound identity) applies only through that application: conditional.',
    abuse: '`az keyvault secret show --vault-name <v> --name <s>`.',
    opsec: 'SecretGet events in diagnostic logs, if enabled.',
    fix: 'Remove the policy, or migrate the vault to the RBAC model with narrow roles.',
    references: [KV_POLICY, BH('az-get-secrets')],
  }, VAULT_TAGS),
  t('azure:keyvault:AddAccessPolicy', 'CAN_READ', 'Vault write on an access-policy vault', {
    general: 'On a vault using access policies, anyone who can write the vault (Owner, Contributor, Key Vault Contributor, custom roles with vaults/write or accessPolicies/write) can add an access policy for themselves and read everything.',
    precondition: 'A role with Microsoft.KeyVault/vaults/write or vaults/accessPolicies/write at the vault or above, on a vault with enableRbacAuthorization false.',
    abuse: '`az keyvault set-policy --name <v> --object-id <self> --secret-permissions get list`, then read the secrets.',
    opsec: 'Activity log: vault write / access policy update.',
    fix: 'Migrate the vault to the RBAC permission model; remove broad write roles over it.',
    references: [KV_POLICY, BH('az-key-vault-kv-contributor')],
  }, VAULT_TAGS),
  t('azure:keyvault:SecretHoldsCredential', 'EXPOSES', 'Key vault secret holds a credential', {
    general: 'The secret\'s value is a credential of an identity (an Entra client secret, an AWS access key, a GCP service-account key): whoever reads the secret obtains it.',
    precondition: 'A secret-link file entry, or an opt-in value scan during collection that recognised the credential\'s identifiers (values are discarded at once). A link by hint that matches several of the app\'s secrets gives conditional edges.',
    abuse: 'Read the secret and sign in with the credential.',
    fix: 'Rotate the credential; move the workload to a managed identity or federation so no secret is stored.',
    references: ['https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets', BADZURE],
  }, { owaspNhi: ['NHI2'], mitre: ['T1555.006', 'T1552'] }),
];
