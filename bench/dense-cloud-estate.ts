/**
 * Dense Azure and GCP estates for `npm run bench -- --dense --cloud 1k,10k`: the shapes that make
 * one grant reach principals × targets, written as the files a user would ingest. Deterministic
 * per seed.
 *
 * Azure (one AzureHound file): `n` service principals with apps and secrets; one "all-workloads"
 * group holding half of them, assigned Contributor at the tenant root management group; team
 * groups of ~200 with Owner or Virtual Machine Contributor at a subscription or resource group;
 * VMs and scale sets with managed identities, RBAC and access-policy key vaults with secrets (one
 * access policy to the big group); app owners (SPs owning other apps); SPs granted
 * Application.ReadWrite.All / RoleManagement.ReadWrite.Directory; directory roles to groups.
 *
 * GCP (Cloud Asset NDJSON): `n` service accounts in projects of 200; per project, the project-level
 * Service Account Token Creator bound to a tenth of its SAs, a group and a domain, Service Account
 * User plus Cloud Functions Developer to another tenth and to allAuthenticatedUsers-like wide
 * members, storage and secret readers on groups: every holder may impersonate every SA of the project.
 */
import { createWriteStream } from 'node:fs';
import * as H from '../test/azure/fixtures/azurehound.js';
import { seeded } from './dense-estate.js';

const guid = (c: number, n: number) => `${c.toString(16).repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ROLES = {
  GA: '62e90394-69f5-4237-9190-012177145e10',
  CloudAppAdmin: '158c047a-c907-4556-b7ef-446551a6b5f7',
};
const ARM = { Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c', Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', VMContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c', KVSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' };
const GRAPH_SP = guid(15, 1);

/** Records of a dense AzureHound file, one at a time (a 50k estate is ~400k records). */
export function* denseAzureRecords(n: number, seed = 21): Generator<H.Record_> {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const subs = Array.from({ length: Math.max(2, Math.round(n / 2000)) }, (_, i) => guid(5, i + 1));
  const rg = (s: string, i: number) => `/subscriptions/${s}/resourceGroups/rg-${i}`;
  const RGS = 4;
  const sp = (i: number) => guid(14, i);
  const app = (i: number) => ({ a: guid(10, i), app: guid(12, i) });
  yield H.tenant();
  yield H.role(ROLES.GA, 'Global Administrator');
  yield H.role(ROLES.CloudAppAdmin, 'Cloud Application Administrator');
  yield H.managementGroup(H.TENANT, 'Tenant Root Group');
  yield H.sp({ id: GRAPH_SP, appId: H.GRAPH_APP_ID, name: 'Microsoft Graph', owner: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' });
  for (const [i, s] of subs.entries()) {
    yield H.subscription(s, `sub-${i}`);
    yield H.mgDescendant(H.TENANT, `/subscriptions/${s}`, '/subscriptions');
    for (let r = 0; r < RGS; r++) yield H.resourceGroup(s, `rg-${r}`);
  }
  const big = guid(6, 1);
  const teams = Array.from({ length: Math.max(3, Math.round(n / 200)) }, (_, i) => guid(6, i + 2));
  yield H.group(big, 'all-workloads');
  for (const [i, g] of teams.entries()) yield H.group(g, `team-${i}`);
  // The big group: Contributor over everything (the tenant root management group).
  yield H.mgRoleAssignments(`/providers/Microsoft.Management/managementGroups/${H.TENANT}`, H.armRa(`/providers/Microsoft.Management/managementGroups/${H.TENANT}/providers/Microsoft.Authorization/roleAssignments/ra-all`, ARM.Contributor, big, `/providers/Microsoft.Management/managementGroups/${H.TENANT}`));
  for (const [i, g] of teams.entries()) {
    const s = subs[i % subs.length]!;
    const k = i % 4;
    if (k === 0) yield H.subscriptionRoleAssignments(s, H.armRa(`/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments/ra-team-${i}`, ARM.Owner, g, `/subscriptions/${s}`));
    else if (k === 1) yield H.resourceGroupRoleAssignments(rg(s, i % RGS), H.armRa(`${rg(s, i % RGS)}/providers/Microsoft.Authorization/roleAssignments/ra-team-${i}`, ARM.VMContributor, g, rg(s, i % RGS)));
    else if (k === 2) yield H.subscriptionRoleAssignments(s, H.armRa(`/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments/ra-team-${i}`, ARM.Reader, g, `/subscriptions/${s}`));
  }
  yield H.roleAssignment('ra-caa-team0', ROLES.CloudAppAdmin, teams[0]!);
  for (let i = 1; i <= n; i++) {
    const x = app(i);
    yield H.app({ objectId: x.a, appId: x.app, name: `app-${i}`, secrets: [{ keyId: guid(1, i), hint: 'abc' }] });
    yield H.sp({ id: sp(i), appId: x.app, name: `app-${i}` });
    if (i % 2 === 0) yield H.groupMember(big, 'servicePrincipal', sp(i));
    yield H.groupMember(teams[Math.floor((i - 1) / 200) % teams.length]!, 'servicePrincipal', sp(i));
    if (rand() < 0.3) {
      const owned = app(1 + Math.floor(rand() * n));
      yield H.appOwner(owned.a, owned.app, 'servicePrincipal', sp(i));
    }
    if (i % 100 === 0) yield H.graphGrant(`grant-arwa-${i}`, sp(i), '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', GRAPH_SP);
    if (i % 2500 === 0) yield H.graphGrant(`grant-rm-${i}`, sp(i), '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', GRAPH_SP);
    if (i % 5000 === 1) yield H.roleAssignment(`ra-ga-${i}`, ROLES.GA, sp(i));
    if (i % 20 === 0) {
      // A VM (or every fifth, a scale set) whose managed identity holds Contributor on its resource group.
      const s = pick(subs);
      const group = rg(s, i % RGS);
      const mi = guid(13, i);
      const vm = `${group}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
      yield H.sp({ id: mi, appId: guid(11, i), name: `vm-${i}`, type: 'ManagedIdentity', alternativeNames: ['isExplicit=False', vm] });
      yield H.vm(vm, `vm-${i}`, mi);
      yield H.resourceGroupRoleAssignments(group, H.armRa(`${group}/providers/Microsoft.Authorization/roleAssignments/ra-mi-${i}`, ARM.Contributor, mi, group));
    }
    if (i % 250 === 0) {
      const s = pick(subs);
      const vault = `${rg(s, i % RGS)}/providers/Microsoft.KeyVault/vaults/kv-${i}`;
      const rbac = i % 500 === 0;
      yield H.keyVault(vault, `kv-${i}`, rbac, rbac ? [] : [{ objectId: big, secrets: ['get', 'list'] }, { objectId: sp(i), secrets: ['all'], keys: ['decrypt'] }]);
      if (rbac) yield H.keyVaultRoleAssignments(vault, H.armRa(`${vault}/providers/Microsoft.Authorization/roleAssignments/ra-kv-${i}`, ARM.KVSecretsUser, teams[i % teams.length]!, vault));
    }
  }
}

/** Writes the dense AzureHound file as a stream (the whole JSON would not fit one string at 1M records). */
export async function writeDenseAzure(file: string, n: number, seed?: number, records: Iterable<H.Record_> = denseAzureRecords(n, seed)): Promise<number> {
  const out = createWriteStream(file);
  const put = async (s: string) => {
    if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  let count = 0;
  await put('{"data":[');
  for (const r of records) {
    await put(`${count ? ',' : ''}\n${JSON.stringify(r)}`);
    count++;
  }
  await put(`\n],"meta":{"type":"azure","version":5,"count":${count}}}\n`);
  await new Promise<void>((r) => out.end(() => r()));
  return count;
}

const CRM = '//cloudresourcemanager.googleapis.com/';
const SAS_PER_PROJECT = 200;

/** Cloud Asset NDJSON lines (resources, then IAM policies) of a dense GCP organisation with `n` service accounts. */
export function* denseGcpAssets(n: number, kind: 'resource' | 'iam_policy'): Generator<object> {
  const projects = Math.max(1, Math.round(n / SAS_PER_PROJECT));
  const folders = Math.max(1, Math.round(projects / 10));
  const ORG = 'organizations/7';
  const folder = (f: number) => `folders/${2000 + f}`;
  const num = (p: number) => String(700000 + p);
  const pid = (p: number) => `dense-${p}`;
  const ancestors = (p: number) => [`projects/${num(p)}`, folder(p % folders), ORG];
  const email = (p: number, i: number) => `sa-${i}@${pid(p)}.iam.gserviceaccount.com`;
  const uid = (p: number, i: number) => `2${String(p).padStart(6, '0')}${String(i).padStart(4, '0')}0000000000`;
  const sa = (p: number, i: number) => `serviceAccount:${email(p, i)}`;
  if (kind === 'resource') {
    yield { name: `${CRM}${ORG}`, asset_type: 'cloudresourcemanager.googleapis.com/Organization', resource: { data: { name: ORG, displayName: 'dense.example' } }, ancestors: [ORG] };
    for (let f = 0; f < folders; f++) yield { name: `${CRM}${folder(f)}`, asset_type: 'cloudresourcemanager.googleapis.com/Folder', resource: { data: { name: folder(f), displayName: `folder-${f}`, parent: ORG }, parent: `${CRM}${ORG}` }, ancestors: [folder(f), ORG] };
    for (let p = 0; p < projects; p++) {
      yield { name: `${CRM}projects/${num(p)}`, asset_type: 'cloudresourcemanager.googleapis.com/Project', resource: { data: { projectNumber: num(p), projectId: pid(p), lifecycleState: 'ACTIVE' }, parent: `${CRM}${folder(p % folders)}` }, ancestors: ancestors(p) };
      for (let i = 0; i < SAS_PER_PROJECT; i++) {
        yield { name: `//iam.googleapis.com/projects/${pid(p)}/serviceAccounts/${uid(p, i)}`, asset_type: 'iam.googleapis.com/ServiceAccount', resource: { data: { email: email(p, i), uniqueId: uid(p, i), projectId: pid(p) } }, ancestors: ancestors(p) };
        const keyId = `${(p * 1000 + i).toString(16).padStart(8, '0')}`.padEnd(40, 'b');
        if (i % 4 === 0) yield { name: `//iam.googleapis.com/projects/${pid(p)}/serviceAccounts/${uid(p, i)}/keys/${keyId}`, asset_type: 'iam.googleapis.com/ServiceAccountKey', resource: { data: { name: `projects/${pid(p)}/serviceAccounts/${email(p, i)}/keys/${keyId}`, keyType: 'USER_MANAGED', validAfterTime: '2024-01-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z' } }, ancestors: ancestors(p) };
      }
      for (let s = 0; s < 5; s++) yield { name: `//secretmanager.googleapis.com/projects/${num(p)}/secrets/s-${s}`, asset_type: 'secretmanager.googleapis.com/Secret', resource: { data: { name: `projects/${num(p)}/secrets/s-${s}` } }, ancestors: ancestors(p) };
      yield { name: `//storage.googleapis.com/${pid(p)}-data`, asset_type: 'storage.googleapis.com/Bucket', resource: { data: { name: `${pid(p)}-data` } }, ancestors: ancestors(p) };
      for (let v = 0; v < 10; v++) yield { name: `//compute.googleapis.com/projects/${pid(p)}/zones/europe-west1-b/instances/vm-${v}`, asset_type: 'compute.googleapis.com/Instance', resource: { data: { name: `vm-${v}`, serviceAccounts: [{ email: email(p, 100 + v) }] } }, ancestors: ancestors(p) };
    }
    return;
  }
  yield { name: `${CRM}${ORG}`, asset_type: 'cloudresourcemanager.googleapis.com/Organization', iam_policy: { bindings: [{ role: 'roles/resourcemanager.organizationAdmin', members: ['user:admin@dense.example'] }, { role: 'roles/iam.securityReviewer', members: ['domain:dense.example'] }] }, ancestors: [ORG] };
  for (let f = 0; f < folders; f++) yield { name: `${CRM}${folder(f)}`, asset_type: 'cloudresourcemanager.googleapis.com/Folder', iam_policy: { bindings: [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`group:folder-ops-${f}@dense.example`] }] }, ancestors: [folder(f), ORG] };
  for (let p = 0; p < projects; p++) {
    const tenth = (start: number) => Array.from({ length: SAS_PER_PROJECT / 10 }, (_, i) => sa(p, start + i));
    yield {
      name: `${CRM}projects/${num(p)}`,
      asset_type: 'cloudresourcemanager.googleapis.com/Project',
      iam_policy: {
        bindings: [
          { role: 'roles/owner', members: [`user:owner-${p}@dense.example`] },
          { role: 'roles/iam.serviceAccountTokenCreator', members: [...tenth(0), `group:ci-${p}@dense.example`, 'domain:partner.example'] },
          { role: 'roles/iam.serviceAccountUser', members: [...tenth(20), 'allAuthenticatedUsers'] },
          { role: 'roles/cloudfunctions.developer', members: [...tenth(20), 'allAuthenticatedUsers'] },
          { role: 'roles/iam.serviceAccountKeyAdmin', members: [`group:key-admins-${p}@dense.example`] },
          { role: 'roles/secretmanager.secretAccessor', members: [...tenth(40), `group:readers-${p}@dense.example`] },
          { role: 'roles/storage.objectViewer', members: tenth(60) },
          { role: 'roles/compute.instanceAdmin.v1', members: tenth(80).slice(0, 5) },
          { role: 'roles/iam.serviceAccountTokenCreator', members: tenth(140), condition: { title: 'office hours', expression: 'request.time.getHours("Europe/Berlin") >= 9' } },
        ],
      },
      ancestors: ancestors(p),
    };
    for (let i = 0; i < SAS_PER_PROJECT; i += 10) {
      yield { name: `//iam.googleapis.com/projects/${pid(p)}/serviceAccounts/${uid(p, i)}`, asset_type: 'iam.googleapis.com/ServiceAccount', iam_policy: { bindings: [{ role: 'roles/iam.serviceAccountTokenCreator', members: [sa(p, (i + 1) % SAS_PER_PROJECT)] }] }, ancestors: ancestors(p) };
    }
  }
}

export async function writeNdjson(file: string, lines: Iterable<object>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for (const r of lines) {
    if (!out.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
    count++;
  }
  await new Promise<void>((res) => out.end(() => res()));
  return count;
}
