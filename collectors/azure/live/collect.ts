import type { TokenCredential } from '@azure/identity';
import type { AzureCoverageGap } from '../../../src/model/inventory/index.js';
import { SourceUnreachableError } from '../../../src/errors.js';
import { HINT_LENGTH, secretNameFromId } from '../convert.js';
import { RAW_FORMAT, type RawFile, type RawKind } from '../offline/raw.js';
import { ArmSubscription } from './arm.js';
import { AzureHttp, Forbidden } from './http.js';
import { recogniseCredential, type KnownSecret } from './recognise.js';
import { appendAll } from '../../../src/model/append.js';
import { mapLimit } from '../../live/map-limit.js';

export interface AzureCollectOptions {
  credential: TokenCredential;
  graphEndpoint?: string;
  armEndpoint?: string;
  /** Only these subscriptions (ids); default: every subscription the identity can see. */
  subscriptions?: string[];
  /**
   * Opt-in: read key-vault secret values just long enough to recognise which credential each
   * holds (identifiers only), then drop them. Off by default.
   */
  readSecretValues?: boolean;
  maxRetries?: number;
  progress?: (line: string) => void;
}

export interface AzureCollection {
  tenantId: string;
  files: RawFile[];
  gaps: AzureCoverageGap[];
  /** Entra usage reports, each a Graph page as an export would save it (docs/unused.md). */
  usage: UsageReport[];
}

export interface UsageReport {
  report: (typeof USAGE_REPORTS)[number];
  json: { '@odata.context': string; value: unknown[] };
}

/** Graph beta reports of last sign-in, read by collectors/usage/offline/entra.ts. */
const USAGE_REPORTS = ['servicePrincipalSignInActivities', 'appCredentialSignInActivities'] as const;

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const MANAGED_BY_SPECIFIC_LISTINGS = new Set([
  'microsoft.compute/virtualmachines',
  'microsoft.compute/virtualmachinescalesets',
  'microsoft.keyvault/vaults',
  'microsoft.managedidentity/userassignedidentities',
]);
const APP_SELECT = 'id,appId,displayName,passwordCredentials,keyCredentials,requiredResourceAccess,signInAudience';
const SP_SELECT = 'id,appId,displayName,servicePrincipalType,appOwnerOrganizationId,accountEnabled,alternativeNames,passwordCredentials,keyCredentials';


const scopeOf = (endpoint: string) => `${new URL(endpoint).origin}/.default`;
const vaultScope = (vaultUri: string) => (new URL(vaultUri).hostname.endsWith('.vault.azure.net') ? 'https://vault.azure.net/.default' : scopeOf(vaultUri));

/**
 * Live Entra ID + Azure collection. Every listing becomes one raw file in the documented API
 * shape (azure-raw/1), which `ingest` reads back exactly as the live run does. A listing the
 * identity may not read is a coverage gap; the run goes on.
 */
export async function collectAzure(o: AzureCollectOptions): Promise<AzureCollection> {
  const graph = (o.graphEndpoint ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const armEndpoint = (o.armEndpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
  const maxRetries = o.maxRetries ?? 5;
  const http = new AzureHttp(o.credential, maxRetries);
  const progress = o.progress ?? (() => {});
  const files: RawFile[] = [];
  const gaps: AzureCoverageGap[] = [];
  const collectedAt = new Date().toISOString();
  let tenantId = '';

  const file = (kind: RawKind, request: string, items: unknown[], context?: Record<string, string>) =>
    files.push({ leakpath: RAW_FORMAT, tenantId, kind, request, ...(context ? { context } : {}), collectedAt, items });

  /** One listing; a refusal becomes a gap and an empty result. */
  async function listing(kind: RawKind, what: string, fetch: () => Promise<unknown[]>, context?: Record<string, string>, quiet = false): Promise<unknown[]> {
    return (await guarded(what, fetch, (items) => file(kind, what, items, context), quiet)) ?? [];
  }
  async function guarded(what: string, fetch: () => Promise<unknown[]>, keep: (items: unknown[]) => void, quiet = false, needs = ''): Promise<unknown[] | undefined> {
    try {
      const items = await fetch();
      keep(items);
      if (!quiet) progress(`azure: ${what}: ${items.length}`);
      return items;
    } catch (e) {
      // Refused, or still failing after the pipeline's retries (5xx, a dropped connection): what
      // was collected so far is kept and this listing is a gap, never an aborted run.
      if (e instanceof Forbidden) {
        gaps.push({ tenantId, what, reason: `${e.message}${needs}` });
        progress(`azure: ${what}: not readable (${e.status}), recorded as a coverage gap`);
        return undefined;
      }
      if (!(e instanceof SourceUnreachableError)) throw e;
      gaps.push({ tenantId, what, reason: `failed after ${maxRetries} retries: ${e.message}` });
      progress(`azure: ${what}: failed (${e.message}), recorded as a coverage gap`);
      return undefined;
    }
  }
  const graphList = (kind: RawKind, path: string, context?: Record<string, string>, quiet = false) =>
    listing(kind, `GET ${graph}${path}`, () => http.list(`${graph}${path}`, scopeOf(graph)), context, quiet);

  // The organization names the tenant; without it nothing else can be attributed.
  let org: { value?: { id?: string; displayName?: string }[] };
  try {
    org = (await http.get(`${graph}/v1.0/organization?$select=id,displayName`, scopeOf(graph))) as typeof org;
  } catch (e) {
    if (e instanceof Forbidden) throw new SourceUnreachableError(`Microsoft Graph refused the sign-in or the organization read (${e.message}); check the identity and its Organization.Read.All permission`);
    throw e;
  }
  tenantId = (org.value?.[0]?.id ?? '').toLowerCase();
  if (!tenantId) throw new SourceUnreachableError('Microsoft Graph returned no organization: cannot tell which tenant this is');
  file('organization', `GET ${graph}/v1.0/organization`, org.value ?? []);
  progress(`azure: tenant ${tenantId} (${org.value?.[0]?.displayName ?? 'unnamed'})`);

  await graphList('users', '/v1.0/users?$select=id,displayName,userPrincipalName,accountEnabled');
  const groups = (await graphList('groups', '/v1.0/groups?$select=id,displayName,isAssignableToRole')) as { id: string; isAssignableToRole?: boolean }[];
  const apps = (await graphList('applications', `/v1.0/applications?$select=${APP_SELECT}`)) as { id: string; appId: string; displayName?: string; passwordCredentials?: { keyId: string; hint?: string }[] | null }[];
  const sps = (await graphList('servicePrincipals', `/v1.0/servicePrincipals?$select=${SP_SELECT}`)) as { id: string; appId: string; servicePrincipalType?: string; appOwnerOrganizationId?: string }[];
  // Last sign-ins (usage); a tenant without the licence or AuditLog.Read.All answers 403: a gap.
  const usage: UsageReport[] = [];
  for (const report of USAGE_REPORTS) {
    const url = `${graph}/beta/reports/${report}`;
    const keep = (value: unknown[]) => usage.push({ report, json: { '@odata.context': `https://graph.microsoft.com/beta/$metadata#reports/${report}`, value } });
    await guarded(`GET ${url}`, () => http.list(url, scopeOf(graph)), keep, false, ' (needs AuditLog.Read.All and an Entra ID P1 or P2 licence)');
  }
  const appRoleGrants = [] as { principalId: string }[];
  for (const graphSp of sps.filter((s) => s.appId.toLowerCase() === GRAPH_APP_ID)) {
    appendAll(appRoleGrants, ((await graphList('appRoleAssignedTo', `/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo`)) as { principalId: string }[]));
  }
  await graphList('oauth2PermissionGrants', '/v1.0/oauth2PermissionGrants');
  await graphList('roleDefinitions', '/v1.0/roleManagement/directory/roleDefinitions');
  const dirAssignments = (await graphList('roleAssignments', '/v1.0/roleManagement/directory/roleAssignments')) as { principalId: string }[];
  const eligible = (await graphList('roleEligibilityScheduleInstances', '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances')) as { principalId: string }[];

  progress(`azure: owners and federated credentials of ${apps.length} applications…`);
  await mapLimit(apps, 8, async (a) => {
    await graphList('applicationOwners', `/v1.0/applications/${a.id}/owners?$select=id`, { appObjectId: a.id }, true);
    await graphList('applicationFederatedCredentials', `/v1.0/applications/${a.id}/federatedIdentityCredentials`, { appObjectId: a.id }, true);
  });
  // Owners of managed identities and of other tenants' apps can add no usable credential here.
  const ownable = sps.filter((s) => s.servicePrincipalType !== 'ManagedIdentity' && (!s.appOwnerOrganizationId || s.appOwnerOrganizationId.toLowerCase() === tenantId));
  progress(`azure: owners of ${ownable.length} service principals…`);
  await mapLimit(ownable, 8, (s) => graphList('servicePrincipalOwners', `/v1.0/servicePrincipals/${s.id}/owners?$select=id`, { servicePrincipalId: s.id }, true));

  // ARM.
  const armScope = scopeOf(armEndpoint);
  const allSubs = (await listing('subscriptions', `GET ${armEndpoint}/subscriptions`, () => http.list(`${armEndpoint}/subscriptions?api-version=2022-12-01`, armScope))) as { subscriptionId: string }[];
  const wanted = o.subscriptions?.map((s) => s.toLowerCase());
  const subs = wanted ? allSubs.filter((s) => wanted.includes(s.subscriptionId.toLowerCase())) : allSubs;
  await listing('managementGroupDescendants', `GET ${armEndpoint}/providers/Microsoft.Management/managementGroups/${tenantId}/descendants`, () =>
    http.list(`${armEndpoint}/providers/Microsoft.Management/managementGroups/${tenantId}/descendants?api-version=2020-05-01`, armScope), { managementGroupId: `/providers/Microsoft.Management/managementGroups/${tenantId}` });

  const armPrincipals: string[] = [];
  const vaults: { id: string; properties?: { vaultUri?: string; accessPolicies?: { objectId: string }[] } }[] = [];
  for (const s of subs) {
    const sub = new ArmSubscription(o.credential, s.subscriptionId, armEndpoint, maxRetries);
    const at = `subscription ${s.subscriptionId}`;
    const arm = (kind: RawKind, what: string, f: () => Promise<unknown[]>, context?: Record<string, string>, quiet = false) => listing(kind, `${at}: ${what}`, f, context, quiet);
    await arm('resourceGroups', 'resource groups', sub.resourceGroups);
    await arm('resources', 'resources', async () => ((await sub.genericResources()) as { type: string }[]).filter((r) => !MANAGED_BY_SPECIFIC_LISTINGS.has(r.type.toLowerCase())));
    await arm('resources', 'virtual machines', sub.virtualMachines);
    await arm('resources', 'scale sets', sub.scaleSets);
    appendAll(vaults, ((await arm('resources', 'key vaults', sub.vaults)) as typeof vaults));
    const uamis = (await arm('resources', 'user-assigned identities', sub.userAssignedIdentities)) as { id: string; name: string }[];
    for (const u of uamis) {
      const rg = u.id.split('/')[4] ?? '';
      await arm('userAssignedIdentityFederatedCredentials', `federated credentials of ${u.name}`, () => sub.identityFederatedCredentials(rg, u.name), { identityId: u.id }, true);
    }
    const ras = (await arm('armRoleAssignments', 'role assignments', sub.roleAssignments)) as { properties?: { principalId?: string } }[];
    appendAll(armPrincipals, ras.flatMap((r) => (r.properties?.principalId ? [r.properties.principalId] : [])));
    // The SDK's URL template adds the leading slash of the scope itself.
    await arm('armRoleDefinitions', 'custom role definitions', () => sub.customRoleDefinitions(`subscriptions/${s.subscriptionId}`));
  }

  // Group memberships matter only where a group holds something; nested groups are followed.
  const holders = new Set(
    [...dirAssignments, ...eligible, ...appRoleGrants].map((a) => a.principalId.toLowerCase())
      .concat(armPrincipals.map((p) => p.toLowerCase()))
      .concat(vaults.flatMap((v) => (v.properties?.accessPolicies ?? []).map((p) => p.objectId.toLowerCase()))),
  );
  const groupIds = new Set(groups.map((g) => g.id.toLowerCase()));
  const queue = groups.filter((g) => g.isAssignableToRole || holders.has(g.id.toLowerCase())).map((g) => g.id);
  const done = new Set<string>();
  progress(`azure: members and owners of ${queue.length} groups that hold roles or access…`);
  while (queue.length) {
    const g = queue.shift()!;
    if (done.has(g.toLowerCase())) continue;
    done.add(g.toLowerCase());
    const members = (await graphList('groupMembers', `/v1.0/groups/${g}/members?$select=id`, { groupId: g }, true)) as { id: string }[];
    for (const m of members) if (groupIds.has(m.id.toLowerCase())) queue.push(m.id);
    await graphList('groupOwners', `/v1.0/groups/${g}/owners?$select=id`, { groupId: g }, true);
  }

  const known: KnownSecret[] = apps.flatMap((a) => (a.passwordCredentials ?? []).map((p) => ({ appId: a.appId.toLowerCase(), appName: a.displayName ?? a.appId, keyId: p.keyId.toLowerCase(), ...(p.hint ? { hint: p.hint.slice(0, HINT_LENGTH) } : {}) })));
  for (const v of vaults) {
    const uri = v.properties?.vaultUri;
    if (!uri) continue;
    const base = uri.endsWith('/') ? uri : `${uri}/`;
    const secrets = (await listing('keyVaultSecrets', `secrets of ${v.id}`, () => http.list(`${base}secrets?api-version=7.4`, vaultScope(uri)), { vaultId: v.id })) as { id: string; tags?: Record<string, string> }[];
    if (!o.readSecretValues || secrets.length === 0) continue;
    const recognised = [];
    for (const s of secrets) {
      const name = secretNameFromId(s.id);
      try {
        const body = (await http.get(`${base}secrets/${encodeURIComponent(name)}?api-version=7.4`, vaultScope(uri))) as { value?: string };
        // The value lives only inside this expression: recognised, then dropped with `body`.
        const credential = typeof body.value === 'string' ? recogniseCredential(body.value, known, [name, ...Object.entries(s.tags ?? {}).flat()]) : undefined;
        if (credential) recognised.push({ secretName: name, credential });
      } catch (e) {
        if (!(e instanceof Forbidden) && !(e instanceof SourceUnreachableError)) throw e;
        gaps.push({ tenantId, what: `value of secret ${name} in ${v.id}`, reason: e.message });
      }
    }
    file('keyVaultSecretRecognitions', `values of secrets in ${v.id} (identifiers only)`, recognised, { vaultId: v.id });
    progress(`azure: ${v.id.split('/').pop()}: ${recognised.length} of ${secrets.length} secret(s) recognised as credentials`);
  }

  if (gaps.length) file('coverageGaps', 'listings this identity could not read', gaps.map(({ what, reason }) => ({ what, reason })));
  return { tenantId, files, gaps, usage };
}
