import { id } from '../fixtures/estate.js';
import type { Handler } from './replay-server.js';

/**
 * A small tenant as Graph, ARM and Key Vault describe it. ci-deployer owns directory-sync (with
 * Application.ReadWrite.OwnedBy); directory-sync holds RoleManagement.ReadWrite.Directory;
 * billing is Owner of the subscription, and its secret is stored in kv-rbac.
 */
export const T = id('7', 70);
export const SUB = id('5', 50);
export const GRAPH_SP = id('9', 90);
export const CI = { a: id('a', 71), app: id('c', 71), sp: id('e', 71), key: id('1', 71) };
export const SYNC = { a: id('a', 72), app: id('c', 72), sp: id('e', 72) };
export const BILLING = { a: id('a', 73), app: id('c', 73), sp: id('e', 73), key: id('1', 73) };
export const MI = id('d', 70);
export const OPS = id('6', 70);
export const USERS = [id('b', 71), id('b', 72), id('b', 73)];
/** The value stored in kv-rbac: the billing app's client secret (hint "bil"). Must never be written anywhere. */
export const STORED_SECRET_VALUE = 'bil8Q~ZXzv1r9Jx0ZqTq2LhHnNwWm3kAa5bCdEfG';
/** ci-deployer's last sign-in in the usage report. */
export const SIGN_IN = '2021-04-01T00:00:00Z';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;
export const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-build`;
export const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv-rbac`;

const page = (value: unknown[], next?: string) => ({ body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x', value, ...(next ? { '@odata.nextLink': next } : {}) } });
const arm = (value: unknown[], nextLink?: string) => ({ body: { value, ...(nextLink ? { nextLink } : {}) } });
const dirObj = (type: string, objectId: string) => ({ '@odata.type': `#microsoft.graph.${type}`, id: objectId });
const app = (o: { a: string; app: string }, name: string, secrets: { keyId: string; hint: string }[] = []) => ({
  id: o.a,
  appId: o.app,
  displayName: name,
  signInAudience: 'AzureADMyOrg',
  passwordCredentials: secrets.map((s) => ({ customKeyIdentifier: null, displayName: 'main', endDateTime: '2099-01-01T00:00:00Z', hint: s.hint, keyId: s.keyId, secretText: null, startDateTime: '2024-01-01T00:00:00Z' })),
  keyCredentials: [],
  requiredResourceAccess: [],
});
const sp = (o: { sp: string; app: string }, name: string, extra: Record<string, unknown> = {}) => ({
  id: o.sp,
  appId: o.app,
  displayName: name,
  servicePrincipalType: 'Application',
  appOwnerOrganizationId: T,
  accountEnabled: true,
  alternativeNames: [],
  passwordCredentials: [],
  keyCredentials: [],
  ...extra,
});
const ra = (name: string, roleGuid: string, principalId: string, principalType: string, scope: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  name,
  type: 'Microsoft.Authorization/roleAssignments',
  properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`, principalId, principalType, scope, condition: null, conditionVersion: null },
});

export function routes(): [RegExp, Handler][] {
  return [
    // Entra: OpenID metadata and the token endpoint (client credentials).
    [/^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/i, ({ base }) => ({
      body: {
        token_endpoint: `${base}/${T}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${T}/oauth2/v2.0/authorize`,
        issuer: `${base}/${T}/v2.0`,
        jwks_uri: `${base}/${T}/discovery/v2.0/keys`,
        end_session_endpoint: `${base}/${T}/oauth2/v2.0/logout`,
        response_types_supported: ['code', 'id_token', 'token'],
      },
    })],
    [/^\/[^/]+\/oauth2\/v2\.0\/token$/i, ({ count }) => ({ body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `replay-token-${count}` } })],

    // Microsoft Graph.
    // Usage reports (beta), in the shape of the Graph reference's "List servicePrincipalSignInActivities"
    // example (test/fixtures/usage): ci-deployer signed in, over two pages. The credential report
    // is refused as in a tenant without AuditLog.Read.All or the premium licence.
    [/^\/graph\/beta\/reports\/servicePrincipalSignInActivities$/i, ({ base, query }) => {
      const ctx = 'https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities';
      const signIn = (at: string | null) => ({ lastSignInDateTime: at, lastSignInRequestId: at ? '0f251de7-e611-41fb-bed0-6eb650757e72' : null });
      if (query.get('$skiptoken') === 'p2') return { body: { '@odata.context': ctx, value: [{ id: 'YmlsbGluZw', appId: BILLING.app, lastSignInActivity: signIn(null), applicationAuthenticationClientSignInActivity: signIn(null) }] } };
      return { body: { '@odata.context': ctx, value: [{ id: 'Y2ktZGVwbG95ZXI', appId: CI.app, lastSignInActivity: signIn(SIGN_IN), applicationAuthenticationClientSignInActivity: signIn(SIGN_IN) }], '@odata.nextLink': `${base}/graph/beta/reports/servicePrincipalSignInActivities?$skiptoken=p2` } };
    }],
    [/^\/graph\/beta\/reports\/appCredentialSignInActivities$/i, () => ({ status: 403, body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'Neither tenant is B2C or tenant does not have premium license' } } })],
    [/^\/graph\/v1\.0\/organization$/i, () => page([{ id: T, displayName: 'Fabrikam' }])],
    [/^\/graph\/v1\.0\/users$/i, ({ base, query }) =>
      query.get('$skiptoken') === 'p2'
        ? page([{ id: USERS[2], displayName: 'Carol', userPrincipalName: 'carol@fabrikam.com', accountEnabled: true }])
        : page(USERS.slice(0, 2).map((u, i) => ({ id: u, displayName: ['Alice', 'Bob'][i], userPrincipalName: `${['alice', 'bob'][i]}@fabrikam.com`, accountEnabled: true })), `${base}/graph/v1.0/users?$select=id&$skiptoken=p2`)],
    [/^\/graph\/v1\.0\/groups$/i, () => page([{ id: OPS, displayName: 'ops-admins', isAssignableToRole: false }])],
    [/^\/graph\/v1\.0\/groups\/[^/]+\/members$/i, () => page([dirObj('user', USERS[0]!)])],
    [/^\/graph\/v1\.0\/groups\/[^/]+\/owners$/i, () => page([])],
    // Throttled once: the SDK pipeline must wait for Retry-After and try again.
    [/^\/graph\/v1\.0\/applications$/i, ({ count }) =>
      count === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } }
        : page([app(CI, 'ci-deployer', [{ keyId: CI.key, hint: 'q7R' }]), app(SYNC, 'directory-sync'), app(BILLING, 'billing', [{ keyId: BILLING.key, hint: 'bil' }])])],
    [/^\/graph\/v1\.0\/applications\/[^/]+\/owners$/i, ({ path }) => page(path.toLowerCase().includes(SYNC.a) ? [dirObj('servicePrincipal', CI.sp)] : [])],
    [/^\/graph\/v1\.0\/applications\/[^/]+\/federatedIdentityCredentials$/i, ({ path }) =>
      page(path.toLowerCase().includes(SYNC.a) ? [{ id: id('8', 70), name: 'gh-prod', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:fabrikam/infra:environment:prod', audiences: ['api://AzureADTokenExchange'], description: null }] : [])],
    [/^\/graph\/v1\.0\/servicePrincipals$/i, ({ base, query }) =>
      query.get('$skiptoken') === 'p2'
        ? page([sp({ sp: MI, app: id('c', 70) }, 'vm-build', { servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=False', VM] })])
        : page([sp({ sp: GRAPH_SP, app: '00000003-0000-0000-c000-000000000000' }, 'Microsoft Graph', { appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' }), sp(CI, 'ci-deployer'), sp(SYNC, 'directory-sync'), sp(BILLING, 'billing')], `${base}/graph/v1.0/servicePrincipals?$skiptoken=p2`)],
    [/^\/graph\/v1\.0\/servicePrincipals\/[^/]+\/owners$/i, () => page([])],
    [/^\/graph\/v1\.0\/servicePrincipals\/[^/]+\/appRoleAssignedTo$/i, () =>
      page([
        { id: 'ara-ci-ownedby', appRoleId: '18a4783c-866b-4cc7-a460-3d5e5662c884', principalId: CI.sp, principalType: 'ServicePrincipal', principalDisplayName: 'ci-deployer', resourceId: GRAPH_SP, resourceDisplayName: 'Microsoft Graph', createdDateTime: '2024-01-01T00:00:00Z', deletedDateTime: null },
        { id: 'ara-sync-rolemgmt', appRoleId: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', principalId: SYNC.sp, principalType: 'ServicePrincipal', principalDisplayName: 'directory-sync', resourceId: GRAPH_SP, resourceDisplayName: 'Microsoft Graph', createdDateTime: '2024-01-01T00:00:00Z', deletedDateTime: null },
      ])],
    // Unavailable on every try: a gap after the retries, and the run goes on.
    [/^\/graph\/v1\.0\/oauth2PermissionGrants$/i, () => ({ status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'try again later' } } })],
    [/^\/graph\/v1\.0\/roleManagement\/directory\/roleDefinitions$/i, () =>
      page([{ id: '62e90394-69f5-4237-9190-012177145e10', templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', isBuiltIn: true, isEnabled: true, rolePermissions: [{ allowedResourceActions: ['microsoft.directory/allEntities/allProperties/allTasks'], condition: null }] }])],
    [/^\/graph\/v1\.0\/roleManagement\/directory\/roleAssignments$/i, () => page([{ id: 'dra-alice-ga', roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', principalId: USERS[0], directoryScopeId: '/' }])],
    // PIM needs RoleEligibilitySchedule.Read.Directory, which this identity lacks.
    [/^\/graph\/v1\.0\/roleManagement\/directory\/roleEligibilityScheduleInstances$/i, () => ({
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { date: '2026-01-01T00:00:00', 'request-id': 'x' } } },
    })],

    // Azure Resource Manager.
    [/^\/arm\/subscriptions$/i, () => arm([{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: T, displayName: 'prod', state: 'Enabled' }])],
    [/^\/arm\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/descendants$/i, () =>
      arm([{ id: `/subscriptions/${SUB}`, type: '/subscriptions', name: SUB, properties: { displayName: 'prod', parent: { id: `/providers/Microsoft.Management/managementGroups/${T}` } } }])],
    [/^\/arm\/subscriptions\/[^/]+\/resourcegroups$/i, () => arm([{ id: RG, name: 'rg-app', type: 'Microsoft.Resources/resourceGroups', location: 'westeurope', properties: { provisioningState: 'Succeeded' } }])],
    [/^\/arm\/subscriptions\/[^/]+\/resources$/i, () =>
      arm([
        { id: VM, name: 'vm-build', type: 'Microsoft.Compute/virtualMachines', location: 'westeurope' },
        { id: `${RG}/providers/Microsoft.Storage/storageAccounts/stdata`, name: 'stdata', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', tags: { env: 'prod' } },
      ])],
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines$/i, () =>
      arm([{ id: VM, name: 'vm-build', type: 'Microsoft.Compute/virtualMachines', location: 'westeurope', identity: { type: 'SystemAssigned', principalId: MI, tenantId: T }, properties: { vmId: id('0', 70), provisioningState: 'Succeeded' } }])],
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachineScaleSets$/i, () => arm([])],
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults$/i, ({ base }) =>
      arm([{ id: VAULT, name: 'kv-rbac', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', tags: {}, properties: { tenantId: T, sku: { family: 'A', name: 'standard' }, accessPolicies: [], enableRbacAuthorization: true, vaultUri: `${base}/vault/kv-rbac/`, provisioningState: 'Succeeded' } }])],
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities$/i, () => arm([])],
    // Two pages, joined by nextLink.
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleAssignments$/i, ({ base, query }) =>
      query.get('$skiptoken') === 'p2'
        ? arm([ra('ra-ops-kv', '4633458b-17de-408a-b874-0445c86b69e6', OPS, 'Group', VAULT)])
        : arm([ra('ra-billing-owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', BILLING.sp, 'ServicePrincipal', `/subscriptions/${SUB}`)], `${base}/arm/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$skiptoken=p2`)],
    [/^\/arm\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions$/i, () => arm([])],

    // Key Vault data plane.
    [/^\/vault\/kv-rbac\/secrets$/i, ({ base }) => ({ body: { value: [{ id: `${base}/vault/kv-rbac/secrets/client-secret-billing`, attributes: { enabled: true, created: 1704067200, updated: 1704067200, recoveryLevel: 'Recoverable+Purgeable' }, tags: { owner: 'finance' } }], nextLink: null } })],
    [/^\/vault\/kv-rbac\/secrets\/client-secret-billing$/i, ({ base }) => ({ body: { value: STORED_SECRET_VALUE, id: `${base}/vault/kv-rbac/secrets/client-secret-billing/0123456789abcdef`, attributes: { enabled: true }, tags: { owner: 'finance' } } })],
  ];
}
