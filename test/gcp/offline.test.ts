import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { GcpInventory } from '../../src/model/inventory/gcp.js';
import { analyseExports } from '../helpers/analyse.js';
import { tempDir } from '../helpers/cli.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { email, hierarchy, key, policy, PROD, sa, saPolicy, serviceAccount, uniqueId } from './fixtures/cai.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/gcp');
const ndjson = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const gcp = (inventories: { provider: string }[]) => inventories.find((i) => i.provider === 'gcp') as GcpInventory;

describe('Cloud Asset exports (NDJSON, read line by line)', () => {
  const A = email('ci');
  const B = email('deployer');

  it('reads a directory of resource and iam-policy exports and joins unique ids with emails, numbers with ids', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'export'));
    writeFileSync(path.join(dir, 'export/resource.jsonl'), ndjson([...hierarchy(), serviceAccount(A), serviceAccount(B), key(A, '0123abcd')]));
    writeFileSync(path.join(dir, 'export/iam-policy.ndjson'), ndjson([saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${A}`] }])]) + '\n\n');
    const read = await readInputs([dir]);
    expect(read.sources.map((s) => s.format)).toEqual(['gcp: Cloud Asset Inventory export (gcloud asset export / asset list)', 'gcp: Cloud Asset Inventory export (gcloud asset export / asset list)']);
    const inv = gcp(read.inventories);
    expect(inv.containers.find((c) => c.name === 'projects/300')?.projectId).toBe('prod');
    expect(inv.keys[0]).toMatchObject({ keyId: '0123abcd', serviceAccountEmail: A });
    const { graph } = analyse(read.inventories);
    expect(graph.edges.some((e) => e.technique === 'gcp:iam:serviceAccounts.getAccessToken' && e.source === sa(A) && e.target === sa(B))).toBe(true);
    expect(graph.nodes.find((n) => n.id === sa(B))?.aliases).toContain(uniqueId(B));
  });

  it('a truncated line names the file and the line number', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'iam.jsonl');
    writeFileSync(file, `${JSON.stringify(hierarchy()[0])}\n\n${JSON.stringify(hierarchy()[1]).slice(0, 40)}\n`);
    const err = await readInputs([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain(`${file}: at line 3: expected one JSON value per line`);
    expect((err as InputError).exitCode).toBe(2);
  });

  it('a line that is JSON but not an asset names the line too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'iam.ndjson');
    writeFileSync(file, `${JSON.stringify(hierarchy()[0])}\n${JSON.stringify({ name: '//x', iam_policy: {} })}\n`);
    const err = (await readInputs([file]).catch((e: unknown) => e)) as InputError;
    expect(err.message).toContain('line 2');
  });
});

describe('gcloud JSON outputs', () => {
  it('`gcloud asset list --format=json` (camelCase) reads like the export', () => {
    const A = email('cameled');
    const camel = [...hierarchy(), serviceAccount(A), policy(PROD, [{ role: 'roles/iam.securityAdmin', members: [`serviceAccount:${A}`] }])].map((r) => {
      const { asset_type, iam_policy, ...rest } = r as { asset_type: string; iam_policy?: object };
      return { ...rest, assetType: asset_type, ...(iam_policy ? { iamPolicy: iam_policy } : {}), updateTime: '2026-01-01T00:00:00Z' };
    });
    const { graph } = analyseExports({ 'assets.json': camel });
    expect(graph.nodes.find((n) => n.id === sa(A))?.tierZero?.technique).toBe('gcp:resourcemanager:projects.setIamPolicy');
  });

  it('`search-all-iam-policies`, `keys list`, `roles describe` and `service-accounts list` join into one inventory', () => {
    const A = 'builder@prod.iam.gserviceaccount.com';
    const { graph, warnings } = analyseExports({
      'search.json': [
        { resource: '//cloudresourcemanager.googleapis.com/projects/300', assetType: 'cloudresourcemanager.googleapis.com/Project', project: 'projects/300', folders: ['folders/200'], organization: 'organizations/100', policy: { bindings: [{ role: 'projects/prod/roles/builder', members: [`serviceAccount:${A}`] }] } },
        { resource: '//iam.googleapis.com/projects/prod/serviceAccounts/111', assetType: 'iam.googleapis.com/ServiceAccount', project: 'projects/300', organization: 'organizations/100', policy: { bindings: [{ role: 'roles/iam.serviceAccountUser', members: [`serviceAccount:${A}`] }] } },
      ],
      'sas.json': [{ name: 'projects/prod/serviceAccounts/target@prod.iam.gserviceaccount.com', email: 'target@prod.iam.gserviceaccount.com', uniqueId: '111', projectId: 'prod' }],
      'keys.json': [{ keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'USER_MANAGED', name: `projects/prod/serviceAccounts/${A}/keys/ffff0000`, validAfterTime: '2025-01-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z' }],
      'role.json': { name: 'projects/prod/roles/builder', title: 'builder', includedPermissions: ['run.services.create', 'run.routes.invoke'], stage: 'GA', etag: 'BwX=' },
    });
    expect(warnings).toEqual([]);
    expect(graph.edges.find((e) => e.technique === 'gcp:run:services.create' && e.source === sa(A) && e.target === sa('target@prod.iam.gserviceaccount.com'))).toBeDefined();
    expect(graph.edges.find((e) => e.technique === 'gcp:iam:ServiceAccountKey' && e.source === 'gcp:sa-key:ffff0000')).toBeDefined();
  });

  it('`roles list` without permissions warns that the role grants nothing', () => {
    const read = readInputsFromJson({ 'roles.json': [{ name: 'organizations/100/roles/ops', title: 'ops', etag: 'BwX=', stage: 'GA' }] });
    expect(read.warnings.join('\n')).toContain('lists no includedPermissions');
  });

  it('a key list entry whose name is not a key is refused, naming the record', () => {
    expect(() => readInputsFromJson({ 'keys.json': [{ name: 'projects/p/serviceAccounts/a@p.iam.gserviceaccount.com/keys/1' }, { name: 'projects/p/serviceAccounts/a@p.iam.gserviceaccount.com/keys/', keyType: 'USER_MANAGED' }] })).toThrow(/keys\.json: at \[1\]\.name/);
  });
});

describe('real Cloud Asset data (GoogleCloudPlatform/policy-library fixtures)', () => {
  const load = (f: string) => JSON.parse(readFileSync(path.join(FIXTURES, 'policy-library', f), 'utf8')) as unknown;

  it('legacy asset types, `serviceAccount` lists on instances and service-agent-only policies', () => {
    const { graph } = analyseExports({ 'sa.json': load('service_accounts.json'), 'iam.json': load('projects_iam.json'), 'vm.json': load('compute_instances.json') });
    expect(graph.nodes.find((n) => n.id === sa('myserviceaccount@test-project.iam.gserviceaccount.com'))?.props.uniqueId).toBe('102628377948083709745');
    const runsOn = graph.edges.filter((e) => e.technique === 'gcp:iam:ServiceAccountRunsOn').map((e) => `${e.source} ${e.target}`).sort();
    expect(runsOn).toEqual([
      'gcp:sa:142577876613-compute@developer.gserviceaccount.com //compute.googleapis.com/projects/sandbox2/zones/us-west1-b/instances/instance-west1-b',
      'gcp:sa:cai-test-account@sandbox2.iam.gserviceaccount.com //compute.googleapis.com/projects/sandbox2/zones/us-east1-b/instances/instance-1',
    ]);
    // Viewers, Cloud SQL clients and service agents reach no service account and are not tier zero.
    expect(graph.edges.filter((e) => e.source.startsWith('gcp:') && !e.source.startsWith('gcp:admin:') && e.kind !== 'ATTACHED_TO')).toEqual([]);
    expect(graph.nodes.filter((n) => n.tierZero && !n.id.startsWith('gcp:admin:'))).toEqual([]);
  });
});
