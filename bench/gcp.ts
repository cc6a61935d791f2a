/**
 * GCP benchmark: a synthetic organisation (1 organisation, 50 folders, 1,000 projects, 20,000
 * service accounts, 30,000 keys, 100,000 bindings) written as Cloud Asset NDJSON, then ingested
 * (streamed), analysed, and queried. Figures go to the closing notes; nothing here asserts time.
 *   node --import tsx bench/gcp.ts [--projects N]
 */
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyse } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { readInputs } from '../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';

const arg = process.argv.indexOf('--projects');
const PROJECTS = arg > 0 ? Number(process.argv[arg + 1]) : 1000;
const FOLDERS = Math.max(1, Math.round(PROJECTS / 20));
const SAS_PER_PROJECT = 20;
const CRM = '//cloudresourcemanager.googleapis.com/';

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function write(file: string, gen: () => Generator<object>): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  for (const r of gen()) {
    if (!out.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
    n++;
  }
  await new Promise<void>((res) => out.end(() => res()));
  return n;
}

const ORG = 'organizations/1';
const folder = (f: number) => `folders/${1000 + f}`;
const projectNumber = (p: number) => String(100000 + p);
const projectId = (p: number) => `proj-${p}`;
const ancestors = (p: number) => [`projects/${projectNumber(p)}`, folder(p % FOLDERS), ORG];
const saEmail = (p: number, i: number) => `sa-${i}@${projectId(p)}.iam.gserviceaccount.com`;
const uid = (p: number, i: number) => `1${String(p).padStart(6, '0')}${String(i).padStart(4, '0')}0000000000`;
let bindings = 0;
const binding = (role: string, members: string[]) => {
  bindings += members.length;
  return { role, members };
};

function* resources(): Generator<object> {
  yield { name: `${CRM}${ORG}`, asset_type: 'cloudresourcemanager.googleapis.com/Organization', resource: { data: { name: ORG, displayName: 'bench.example' } }, ancestors: [ORG] };
  for (let f = 0; f < FOLDERS; f++) yield { name: `${CRM}${folder(f)}`, asset_type: 'cloudresourcemanager.googleapis.com/Folder', resource: { data: { name: folder(f), displayName: `folder-${f}`, parent: ORG }, parent: `${CRM}${ORG}` }, ancestors: [folder(f), ORG] };
  for (let p = 0; p < PROJECTS; p++) {
    yield { name: `${CRM}projects/${projectNumber(p)}`, asset_type: 'cloudresourcemanager.googleapis.com/Project', resource: { data: { projectNumber: projectNumber(p), projectId: projectId(p), lifecycleState: 'ACTIVE' }, parent: `${CRM}${folder(p % FOLDERS)}` }, ancestors: ancestors(p) };
    for (let i = 0; i < SAS_PER_PROJECT; i++) {
      const email = saEmail(p, i);
      yield { name: `//iam.googleapis.com/projects/${projectId(p)}/serviceAccounts/${uid(p, i)}`, asset_type: 'iam.googleapis.com/ServiceAccount', resource: { data: { email, uniqueId: uid(p, i), projectId: projectId(p), disabled: i === 19 } }, ancestors: ancestors(p) };
      for (let k = 0; k < (i % 2 === 0 ? 2 : 1); k++) {
        const keyId = `${(p * 100 + i).toString(16).padStart(8, '0')}${k}`.padEnd(40, 'a');
        yield { name: `//iam.googleapis.com/projects/${projectId(p)}/serviceAccounts/${uid(p, i)}/keys/${keyId}`, asset_type: 'iam.googleapis.com/ServiceAccountKey', resource: { data: { name: `projects/${projectId(p)}/serviceAccounts/${email}/keys/${keyId}`, keyType: 'USER_MANAGED', validAfterTime: '2024-01-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z', disabled: k === 1 && i % 4 === 0 } }, ancestors: ancestors(p) };
      }
    }
    yield { name: `//secretmanager.googleapis.com/projects/${projectNumber(p)}/secrets/db`, asset_type: 'secretmanager.googleapis.com/Secret', resource: { data: { name: `projects/${projectNumber(p)}/secrets/db` } }, ancestors: ancestors(p) };
    yield { name: `//storage.googleapis.com/${projectId(p)}-data`, asset_type: 'storage.googleapis.com/Bucket', resource: { data: { name: `${projectId(p)}-data` } }, ancestors: ancestors(p) };
    yield { name: `//compute.googleapis.com/projects/${projectId(p)}/zones/europe-west1-b/instances/vm`, asset_type: 'compute.googleapis.com/Instance', resource: { data: { name: 'vm', serviceAccounts: [{ email: saEmail(p, 1) }] } }, ancestors: ancestors(p) };
  }
}

function* policies(): Generator<object> {
  yield { name: `${CRM}${ORG}`, asset_type: 'cloudresourcemanager.googleapis.com/Organization', iam_policy: { bindings: [binding('roles/resourcemanager.organizationAdmin', ['user:admin@bench.example']), binding('roles/iam.securityReviewer', ['group:security@bench.example'])] }, ancestors: [ORG] };
  for (let f = 0; f < FOLDERS; f++) yield { name: `${CRM}${folder(f)}`, asset_type: 'cloudresourcemanager.googleapis.com/Folder', iam_policy: { bindings: [binding('roles/viewer', [`group:folder-${f}@bench.example`])] }, ancestors: [folder(f), ORG] };
  for (let p = 0; p < PROJECTS; p++) {
    const sa = (i: number) => `serviceAccount:${saEmail(p, i)}`;
    yield {
      name: `${CRM}projects/${projectNumber(p)}`,
      asset_type: 'cloudresourcemanager.googleapis.com/Project',
      iam_policy: {
        bindings: [
          binding('roles/owner', [`user:owner-${p}@bench.example`]),
          binding('roles/editor', [sa(0), `${projectNumber(p)}@cloudservices.gserviceaccount.com`].map((m) => (m.includes(':') ? m : `serviceAccount:${m}`))),
          binding('roles/viewer', [sa(2), sa(3), sa(4), `group:dev-${p}@bench.example`]),
          binding('roles/storage.objectViewer', [sa(5), sa(6)]),
          binding('roles/secretmanager.secretAccessor', [sa(7)]),
          binding('roles/cloudfunctions.developer', [sa(8)]),
          binding('roles/iam.serviceAccountUser', [sa(8)]),
          binding('roles/logging.logWriter', Array.from({ length: 8 }, (_, i) => sa(10 + i))),
          { role: 'roles/iam.serviceAccountTokenCreator', members: [sa(9)], condition: { title: 'expired', expression: 'request.time < timestamp("2020-01-01T00:00:00Z")' } },
        ],
      },
      ancestors: ancestors(p),
    };
    bindings++;
    for (let i = 0; i < SAS_PER_PROJECT; i++) {
      yield {
        name: `//iam.googleapis.com/projects/${projectId(p)}/serviceAccounts/${uid(p, i)}`,
        asset_type: 'iam.googleapis.com/ServiceAccount',
        iam_policy: { bindings: [binding('roles/iam.serviceAccountTokenCreator', [sa((i + 1) % SAS_PER_PROJECT)]), binding('roles/iam.serviceAccountUser', [sa((i + 2) % SAS_PER_PROJECT), `group:ops-${p}@bench.example`]), binding('roles/iam.serviceAccountKeyAdmin', [`user:ops-${p}@bench.example`])] },
        ancestors: ancestors(p),
      };
    }
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-bench-gcp-'));
const [lines, writeMs] = await time(async () => (await write(path.join(dir, 'resource.jsonl'), resources)) + (await write(path.join(dir, 'iam-policy.jsonl'), policies)));
const [read, readMs] = await time(() => readInputs([dir]));
const [{ graph }, analyseMs] = await time(() => analyse(read.inventories));
const [engine, loadMs] = await time(() => new EmbeddedEngine(graph, EMPTY_CONFIG));
const keys = graph.nodes.filter((n) => n.kind === 'Credential').slice(0, 50);
const [, blastMs] = await time(async () => {
  for (const k of keys) await engine.blast(k.id);
});
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
const heap = process.memoryUsage().heapUsed / 2 ** 20;
console.log(
  `gcp projects=${PROJECTS} folders=${FOLDERS} serviceAccounts=${PROJECTS * SAS_PER_PROJECT} keys=${graph.nodes.filter((n) => n.type === 'gcp:sa-key').length} bindings=${bindings} lines=${lines} | nodes=${graph.nodes.length} edges=${graph.edges.length} | write NDJSON ${ms(writeMs)} | ingest (stream+parse+merge) ${ms(readMs)} | analyse ${ms(analyseMs)} | engine load ${ms(loadMs)} | blast ${ms(blastMs / keys.length)}/key | heap ${heap.toFixed(0)} MiB`,
);
