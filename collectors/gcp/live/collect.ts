import { cloudasset_v1 } from 'googleapis/build/src/apis/cloudasset/index.js';
import { cloudresourcemanager_v3 } from 'googleapis/build/src/apis/cloudresourcemanager/index.js';
import { iam_v1, iam_v2 } from 'googleapis/build/src/apis/iam/index.js';
import { secretmanager_v1 } from 'googleapis/build/src/apis/secretmanager/index.js';
import { storage_v1 } from 'googleapis/build/src/apis/storage/index.js';
import type { GcpCoverageGap } from '../../../src/model/inventory/gcp.js';
import { GCP_RAW_FORMAT, type GcpRawFile } from '../offline/raw.js';
import type { GcpAuth } from './auth.js';
import { call, pages, Refused, type CallOptions } from './call.js';
import { mapLimit } from '../../live/map-limit.js';
import { projectUsage, usageClients } from './usage.js';

export interface GcpCollectOptions {
  auth: GcpAuth;
  /** One root URL for every Google API (Private Service Connect, a test server); default each API's own. */
  rootUrl?: string;
  /** Only these projects (ids or numbers); default every project the caller can see. */
  projects?: string[];
  maxWaitMs: number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Read each project's usage (Policy Intelligence activity, policy insights); default true. */
  usage?: boolean;
  /** Projects done / total, for a progress bar. */
  onProject?: (done: number, total: number) => void;
}

/** One saved response: a gcloud `--format=json` shape or a gcp-raw/1 envelope. */
export interface SavedFile {
  name: string;
  json: unknown;
}

export interface GcpCollection {
  files: SavedFile[];
  gaps: GcpCoverageGap[];
  organizations: string[];
  projects: number;
}

type Project = cloudresourcemanager_v3.Schema$Project;
const CRM = '//cloudresourcemanager.googleapis.com/';
const V3 = { organizations: 'cloudresourcemanager.googleapis.com/Organization', folders: 'cloudresourcemanager.googleapis.com/Folder', projects: 'cloudresourcemanager.googleapis.com/Project' } as const;

/** IAM v2 names an attachment point by its full resource name without `//`, URL-encoded. */
export const denyParent = (fullName: string) => `policies/${encodeURIComponent(fullName.replace(/^\/\//, ''))}/denypolicies`;

/**
 * Live Google Cloud collection with the official clients: the hierarchy and its allow and deny
 * policies, each project's service accounts (keys, policies), custom roles and workload identity
 * pools, and Cloud Asset's policy search where the API is enabled (secrets, buckets, everything
 * else with a policy; without it, each project's secrets and buckets are listed), and each project's
 * usage (collectors/gcp/live/usage.ts). Every answer is kept in the shape the offline parsers read.
 */
export async function collectGcp(o: GcpCollectOptions): Promise<GcpCollection> {
  const common = { auth: o.auth, retry: false, timeout: o.timeoutMs, ...(o.rootUrl ? { rootUrl: o.rootUrl } : {}) };
  const crm = new cloudresourcemanager_v3.Cloudresourcemanager(common);
  const iam = new iam_v1.Iam(common);
  const iam2 = new iam_v2.Iam(common);
  const asset = new cloudasset_v1.Cloudasset(common);
  const sm = new secretmanager_v1.Secretmanager(common);
  const gcs = new storage_v1.Storage(common);
  const usage = o.usage === false ? undefined : usageClients(common);
  const callOptions: CallOptions = { maxWaitMs: o.maxWaitMs, onWait: (what, ms) => o.log(`gcp: ${what}: throttled, retrying in ${Math.ceil(ms / 1000)} s`) };
  const collectedAt = new Date().toISOString();
  const files: SavedFile[] = [];
  const gaps: GcpCoverageGap[] = [];
  const save = (kind: string, json: unknown) => files.push({ name: kind, json });
  const raw = (f: GcpRawFile) => save(f.kind, f);

  /** A read that may be refused: a refusal is a gap, the run goes on. */
  async function attempt<T>(what: string, scope: string | undefined, f: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      gaps.push({ ...(scope ? { scope } : {}), what, reason: e.message });
      o.log(`gcp: ${what}${scope ? ` in ${scope}` : ''}: not readable (${e.message.split(':')[0]}), recorded as a coverage gap`);
      return fallback;
    }
  }

  const orgs = await attempt('organizations:search', undefined, () => pages<cloudresourcemanager_v3.Schema$Organization>('organizations:search', (pageToken) => crm.organizations.search({ pageToken }), 'organizations', callOptions), []);
  const folders = await attempt('folders:search', undefined, () => pages<cloudresourcemanager_v3.Schema$Folder>('folders:search', (pageToken) => crm.folders.search({ pageToken }), 'folders', callOptions), []);
  const allProjects = await attempt('projects:search', undefined, () => pages<Project>('projects:search', (pageToken) => crm.projects.search({ pageToken }), 'projects', callOptions), []);
  const wanted = o.projects && new Set(o.projects);
  const projects = allProjects.filter((p) => (p.state ?? 'ACTIVE') === 'ACTIVE' && (!wanted || wanted.has(p.projectId ?? '') || wanted.has(p.name?.slice('projects/'.length) ?? '')));
  if (wanted && projects.length < wanted.size) o.log(`gcp: ${wanted.size - projects.length} of the --projects given were not found among the ${allProjects.length} projects the caller can see`);
  raw({ leakpath: GCP_RAW_FORMAT, kind: 'organizations', request: 'GET v3/organizations:search', collectedAt, items: orgs.map(pick) });
  raw({ leakpath: GCP_RAW_FORMAT, kind: 'folders', request: 'GET v3/folders:search', collectedAt, items: folders.map(pick) });
  raw({ leakpath: GCP_RAW_FORMAT, kind: 'projects', request: 'GET v3/projects:search', collectedAt, items: projects.map(pick) });
  o.log(`gcp: ${orgs.length} organization(s), ${folders.length} folder(s), ${projects.length} project(s)`);

  // Allow and deny policies of every container.
  const containers: { name: string; kind: keyof typeof V3 }[] = [
    ...orgs.map((x) => ({ name: x.name!, kind: 'organizations' as const })),
    ...folders.map((x) => ({ name: x.name!, kind: 'folders' as const })),
    ...projects.map((x) => ({ name: x.name!, kind: 'projects' as const })),
  ];
  const containerPolicies = await mapLimit(containers, 4, async (c) => {
    const body = { resource: c.name, requestBody: { options: { requestedPolicyVersion: 3 } } };
    const get = () => (c.kind === 'organizations' ? crm.organizations.getIamPolicy(body) : c.kind === 'folders' ? crm.folders.getIamPolicy(body) : crm.projects.getIamPolicy(body));
    const policy = await attempt(`getIamPolicy`, c.name, () => call(`${c.name}:getIamPolicy`, get, callOptions), undefined);
    return policy ? [{ resource: `${CRM}${c.name}`, assetType: V3[c.kind], policy: { bindings: bindingsOf(policy.bindings) } }] : [];
  });
  raw({ leakpath: GCP_RAW_FORMAT, kind: 'iamPolicies', request: 'POST v3/{resource}:getIamPolicy', collectedAt, items: containerPolicies.flat() });
  const denies = await mapLimit(containers.filter((c) => c.kind !== 'projects'), 4, (c) => denyPolicies(`${CRM}${c.name}`, c.name));
  if (denies.flat().length) save('deny-policies', denies.flat());

  // Predefined roles with their permissions: newer than the shipped data, and what this estate sees.
  const predefined = await attempt('predefined roles', undefined, () => pages<iam_v1.Schema$Role>('roles', (pageToken) => iam.roles.list({ view: 'FULL', pageSize: 1000, pageToken }), 'roles', callOptions), []);
  if (predefined.length) save('predefined-roles', predefined);

  for (const org of orgs) {
    const roles = await attempt('custom roles', org.name!, () => pages<iam_v1.Schema$Role>(`${org.name} roles`, (pageToken) => iam.organizations.roles.list({ parent: org.name!, view: 'FULL', pageToken }), 'roles', callOptions), []);
    if (roles.length) save('roles', roles);
  }

  // Cloud Asset's policy search: secrets', buckets' and every other resource's allow policies.
  // Where it is refused, each project's secrets and buckets are listed instead.
  const scopes = orgs.length ? orgs.map((x) => x.name!) : projects.map((p) => p.name!);
  let searched = 0;
  for (const scope of scopes) {
    const results = await attempt('Cloud Asset searchAllIamPolicies (API enabled? roles/cloudasset.viewer?)', scope, async () => {
      const r = await pages<cloudasset_v1.Schema$IamPolicySearchResult>(`${scope}:searchAllIamPolicies`, (pageToken) => asset.v1.searchAllIamPolicies({ scope, pageToken }), 'results', callOptions);
      searched++;
      return r;
    }, []);
    if (results.length) save('iam-policy-search', results);
  }
  const listResources = searched < scopes.length;
  if (listResources) o.log('gcp: without Cloud Asset search, listing each project\'s secrets and buckets and their policies');

  let done = 0;
  const perProject = await mapLimit(projects, 4, async (p) => {
    const out = await collectProject(p);
    o.onProject?.(++done, projects.length);
    return out;
  });
  for (const list of perProject) for (const f of list) files.push(f);

  if (gaps.length) raw({ leakpath: GCP_RAW_FORMAT, kind: 'coverageGaps', collectedAt, items: gaps });
  return { files, gaps, organizations: orgs.map((x) => x.name!), projects: projects.length };

  async function denyPolicies(fullName: string, scope: string): Promise<iam_v2.Schema$GoogleIamV2Policy[]> {
    const parent = denyParent(fullName);
    const listed = await attempt('IAM deny policies', scope, () => pages<iam_v2.Schema$GoogleIamV2Policy>(`${scope} deny policies`, (pageToken) => iam2.policies.listPolicies({ parent, pageToken }), 'policies', callOptions), []);
    // The listing gives metadata only; the rules come from a get of each policy.
    const full = await mapLimit(listed, 4, (x) => attempt('IAM deny policy', scope, () => call(`get ${x.name}`, () => iam2.policies.get({ name: x.name! }), callOptions), undefined));
    return full.filter((x): x is iam_v2.Schema$GoogleIamV2Policy => !!x);
  }

  /** Secret Manager secrets and Cloud Storage buckets of one project, each with its allow policy. */
  async function resourcePolicies(p: Project, id: string) {
    const scope = `projects/${id}`;
    const secrets = await attempt('Secret Manager secrets', scope, () => pages<secretmanager_v1.Schema$Secret>(`${scope} secrets`, (pageToken) => sm.projects.secrets.list({ parent: scope, pageToken }), 'secrets', callOptions), []);
    const buckets = await attempt('Cloud Storage buckets', scope, () => pages<storage_v1.Schema$Bucket>(`${scope} buckets`, (pageToken) => gcs.buckets.list({ project: id, pageToken }), 'items', callOptions), []);
    const secretItems = await mapLimit(secrets, 4, async (s) => {
      const policy = await attempt('secret IAM policy', s.name!, () => call(`${s.name}:getIamPolicy`, () => sm.projects.secrets.getIamPolicy({ resource: s.name!, 'options.requestedPolicyVersion': 3 }), callOptions), undefined);
      return { resource: `//secretmanager.googleapis.com/${s.name}`, assetType: 'secretmanager.googleapis.com/Secret', parent: p.name!, policy: { bindings: bindingsOf(policy?.bindings) } };
    });
    const bucketItems = await mapLimit(buckets, 4, async (b) => {
      const policy = await attempt('bucket IAM policy', `buckets/${b.name}`, () => call(`bucket ${b.name} getIamPolicy`, () => gcs.buckets.getIamPolicy({ bucket: b.name!, optionsRequestedPolicyVersion: 3 }), callOptions), undefined);
      return { resource: `//storage.googleapis.com/${b.name}`, assetType: 'storage.googleapis.com/Bucket', parent: p.name!, policy: { bindings: bindingsOf(policy?.bindings) } };
    });
    return [...secretItems, ...bucketItems];
  }

  async function collectProject(p: Project): Promise<SavedFile[]> {
    const id = p.projectId ?? p.name!.slice('projects/'.length);
    const scope = `projects/${id}`;
    const out: SavedFile[] = [];
    const accounts = await attempt('service accounts', scope, () => pages<iam_v1.Schema$ServiceAccount>(`${scope} serviceAccounts`, (pageToken) => iam.projects.serviceAccounts.list({ name: scope, pageToken }), 'accounts', callOptions), []);
    if (accounts.length) out.push({ name: 'service-accounts', json: accounts });
    const perSa = await mapLimit(accounts, 4, async (sa) => {
      const name = `projects/${id}/serviceAccounts/${sa.email}`;
      const keys = await attempt('service account keys', name, () => call(`${name} keys`, () => iam.projects.serviceAccounts.keys.list({ name }), callOptions).then((b) => b.keys ?? []), []);
      const policy = await attempt('service account IAM policy', name, () => call(`${name}:getIamPolicy`, () => iam.projects.serviceAccounts.getIamPolicy({ resource: name, 'options.requestedPolicyVersion': 3 }), callOptions), undefined);
      return { keys, policy: policy ? { resource: `//iam.googleapis.com/${name}`, assetType: 'iam.googleapis.com/ServiceAccount', policy: { bindings: bindingsOf(policy.bindings) } } : undefined };
    });
    const keys = perSa.flatMap((x) => x.keys);
    if (keys.length) out.push({ name: 'keys', json: keys });
    const saPolicies = perSa.flatMap((x) => (x.policy ? [x.policy] : []));
    if (saPolicies.length) out.push({ name: 'iamPolicies', json: { leakpath: GCP_RAW_FORMAT, kind: 'iamPolicies', request: `POST v1/${scope}/serviceAccounts/*:getIamPolicy`, collectedAt, items: saPolicies } satisfies GcpRawFile });

    const roles = await attempt('custom roles', scope, () => pages<iam_v1.Schema$Role>(`${scope} roles`, (pageToken) => iam.projects.roles.list({ parent: scope, view: 'FULL', pageToken }), 'roles', callOptions), []);
    if (roles.length) out.push({ name: 'roles', json: roles });

    const poolParent = `${scope}/locations/global`;
    const pools = await attempt('workload identity pools', scope, () => pages<iam_v1.Schema$WorkloadIdentityPool>(`${scope} workloadIdentityPools`, (pageToken) => iam.projects.locations.workloadIdentityPools.list({ parent: poolParent, pageToken }), 'workloadIdentityPools', callOptions), []);
    const providers = await mapLimit(pools, 4, (pool) =>
      attempt('workload identity pool providers', pool.name!, () => pages<iam_v1.Schema$WorkloadIdentityPoolProvider>(`${pool.name} providers`, (pageToken) => iam.projects.locations.workloadIdentityPools.providers.list({ parent: pool.name!, pageToken }), 'workloadIdentityPoolProviders', callOptions), []),
    );
    const poolsAndProviders = [...pools, ...providers.flat()];
    if (poolsAndProviders.length) out.push({ name: 'workload-identity-pools', json: poolsAndProviders });

    const deny = await denyPolicies(`${CRM}${p.name}`, scope);
    if (deny.length) out.push({ name: 'deny-policies', json: deny });
    if (listResources) {
      const items = await resourcePolicies(p, id);
      if (items.length) out.push({ name: 'iamPolicies', json: { leakpath: GCP_RAW_FORMAT, kind: 'iamPolicies', request: `secrets and buckets of ${scope}: getIamPolicy`, collectedAt, items } satisfies GcpRawFile });
    }
    if (usage) for (const f of await projectUsage(id, usage, attempt, callOptions)) out.push(f);
    return out;
  }
}

/** The hierarchy fields the analysis reads (labels and tags stay out of the saved files). */
function pick(x: { name?: string | null; parent?: string | null; projectId?: string | null; displayName?: string | null; state?: string | null }) {
  return {
    name: x.name!,
    ...(x.parent ? { parent: x.parent } : {}),
    ...(x.projectId ? { projectId: x.projectId } : {}),
    ...(x.displayName ? { displayName: x.displayName } : {}),
    ...(x.state ? { state: x.state } : {}),
  };
}

interface ApiBinding {
  role?: string | null;
  members?: string[] | null;
  condition?: { expression?: string | null; title?: string | null; description?: string | null } | null;
}

/** A getIamPolicy answer's bindings as the offline parsers read them (no etag, no version). */
function bindingsOf(bindings: ApiBinding[] | null | undefined) {
  return (bindings ?? []).flatMap((b) =>
    b.role
      ? [{
          role: b.role,
          members: b.members ?? [],
          ...(b.condition?.expression ? { condition: { expression: b.condition.expression, ...(b.condition.title ? { title: b.condition.title } : {}), ...(b.condition.description ? { description: b.condition.description } : {}) } } : {}),
        }]
      : [],
  );
}
