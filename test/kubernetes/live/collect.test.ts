import { leakpathAsync } from '../../helpers/cli.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../../src/store/store.js';
import { ISSUER, b64, pod, role, roleBinding, rule, sa, saSubject } from '../helpers.js';
import { kubeconfig, startApiServer, type ApiServer } from './api-server.js';
import { treeText } from '../../helpers/files.js';

const TOKEN = 'replay-bearer-token-not-real';
const SEED = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSEEDVALUE';

const cli = (args: string[]) => leakpathAsync(args, { env: { KUBECONFIG: '' } });

const strip = ({ apiVersion: _a, kind: _k, ...o }: Record<string, unknown>) => o;
const core = (kind: string, items: object[]) => ({ kind: `${kind}List`, apiVersion: 'v1', items: items.map((i) => strip(i as Record<string, unknown>)) });
const rbac = (kind: string, items: object[]) => ({ kind: `${kind}List`, apiVersion: 'rbac.authorization.k8s.io/v1', items: items.map((i) => strip(i as Record<string, unknown>)) });

let server: ApiServer;
let dir: string;
let run: Awaited<ReturnType<typeof cli>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'leakpath-k8s-live-'));
  server = await startApiServer(dir, {
    token: TOKEN,
    issuer: ISSUER,
    lists: {
      '/api/v1/nodes': core('Node', [{ metadata: { name: 'n1', labels: { 'eks.amazonaws.com/nodegroup': 'ng-1' } }, spec: { providerID: 'aws:///eu-west-1a/i-0123456789abcdef0' } }]),
      '/api/v1/namespaces': core('Namespace', [{ metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } } }]),
      '/api/v1/serviceaccounts': core('ServiceAccount', [sa('dev', 'ci'), sa('dev', 'deployer'), sa('dev', 'default'), sa('kube-system', 'default')]),
      '/api/v1/secrets': core('Secret', [{ metadata: { name: 'aws', namespace: 'dev' }, type: 'Opaque', data: { AWS_ACCESS_KEY_ID: b64('AKIAIOSFODNN7EXAMPLE'), AWS_SECRET_ACCESS_KEY: b64(SEED) } }]),
      '/api/v1/pods': core('Pod', [pod('dev', 'web', 'deployer', { nodeName: 'n1' })]),
      // Throttled twice, then answered: the collector waits (Retry-After) and retries.
      '/apis/rbac.authorization.k8s.io/v1/roles': { status: 429, times: 2, retryAfter: '0', list: rbac('Role', [role('dev', 'deploy', [rule(['create'], ['pods']), rule(['get'], ['secrets'])])]) },
      '/apis/rbac.authorization.k8s.io/v1/rolebindings': rbac('RoleBinding', [roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')])]),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': rbac('ClusterRole', []),
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings': rbac('ClusterRoleBinding', []),
      '/apis/apps/v1/deployments': { kind: 'DeploymentList', apiVersion: 'apps/v1', items: [] },
      '/apis/apps/v1/daemonsets': 403,
      '/apis/apps/v1/statefulsets': { kind: 'StatefulSetList', apiVersion: 'apps/v1', items: [] },
      '/apis/apps/v1/replicasets': { kind: 'ReplicaSetList', apiVersion: 'apps/v1', items: [] },
      // Failing past the retries, and a connection dropped mid-run: gaps, the rest is kept.
      '/apis/batch/v1/jobs': { status: 503, times: Infinity, retryAfter: '0' },
      '/apis/batch/v1/cronjobs': { status: 'drop', times: Infinity },
    },
  });
  writeFileSync(path.join(dir, 'kubeconfig'), kubeconfig(server, TOKEN));
  run = await cli(['--store', path.join(dir, 'store'), 'collect', 'k8s', '--kubeconfig', path.join(dir, 'kubeconfig'), '--context', 'replay-ctx', '--cluster-name', 'prod', '--provider', 'eks', '--page-size', '2', '--save-raw', path.join(dir, 'raw')]);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('leakpath collect k8s (real @kubernetes/client-node against a local HTTPS API server)', () => {
  it('lists every kind through the kubeconfig context, following continue tokens', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('4 ServiceAccount');
    expect(run.stdout).toContain('1 Node');
    const saCalls = server.requests.filter((r) => r.startsWith('GET /api/v1/serviceaccounts'));
    expect(saCalls).toEqual(['GET /api/v1/serviceaccounts?limit=2', 'GET /api/v1/serviceaccounts?continue=2&limit=2']);
  });

  it('a refused kind (403) is a coverage gap in the run record, and the run goes on', async () => {
    expect(run.stderr).toMatch(/coverage gap: .*DaemonSet: list refused \(403\)/);
    const snap = await new SnapshotStore(path.join(dir, 'store')).read();
    expect(snap.run.warnings.join('\n')).toContain('DaemonSet');
    expect(snap.graph.edges.some((e) => e.technique === 'kubernetes:secrets:StoredCredential' && e.target === 'aws:access-key:AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(snap.graph.nodes.some((n) => n.id === `oidc:${ISSUER}|system:serviceaccount:dev:ci`)).toBe(true);
  });

  it('a throttled list is retried after Retry-After; one failing past the retries, or dropped, is a gap and the run goes on', async () => {
    expect(server.requests.filter((r) => r.startsWith('GET /apis/rbac.authorization.k8s.io/v1/roles'))).toHaveLength(3);
    expect(run.stderr).toMatch(/Role: HTTP 429; retrying/);
    expect(server.requests.filter((r) => r.startsWith('GET /apis/batch/v1/jobs'))).toHaveLength(5);
    expect(run.stderr).toMatch(/coverage gap: .*Job: list failed with HTTP 503 after 4 retries/);
    expect(run.stderr).toMatch(/coverage gap: .*CronJob: list failed/);
    const snap = await new SnapshotStore(path.join(dir, 'store')).read();
    const envelope = snap.inventories.find((i) => i.provider === 'kubernetes') as unknown as { clusters: { gaps?: string[] }[] };
    expect(JSON.stringify(envelope)).toMatch(/Job: list failed with HTTP 503/);
    // What was listed before and after the failures is all there.
    expect(snap.graph.edges.some((e) => e.source === 'k8s:prod:sa:dev/ci' && e.kind !== 'MEMBER_OF')).toBe(true);
  });

  it('--save-raw writes the kubernetes/1 envelope without secret values or the bearer token; ingesting it gives the same graph', async () => {
    const files = readdirSync(path.join(dir, 'raw'));
    expect(files).toEqual(['prod.k8s.json']);
    const text = readFileSync(path.join(dir, 'raw', files[0]!), 'utf8');
    expect(text).not.toContain(SEED);
    expect(text).not.toContain(b64(SEED));
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('"leakpath": "kubernetes/1"');
    const ingest = await cli(['--store', path.join(dir, 'store2'), 'ingest', path.join(dir, 'raw')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const live = await new SnapshotStore(path.join(dir, 'store')).read();
    const replayed = await new SnapshotStore(path.join(dir, 'store2')).read();
    expect(replayed.graph).toEqual(live.graph);
    for (const store of ['store', 'store2']) {
      const all = treeText(path.join(dir, store));
      expect(all).not.toContain(SEED);
      expect(all).not.toContain(TOKEN);
    }
  });

  it('an unknown context is bad input (exit 2); an unreachable server exits 3', async () => {
    const bad = await cli(['--store', path.join(dir, 'store3'), 'collect', 'k8s', '--kubeconfig', path.join(dir, 'kubeconfig'), '--context', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no context "nope"');
    const down = await cli(['--store', path.join(dir, 'store3'), 'collect', 'k8s', '--kubeconfig', path.join(dir, 'kubeconfig'), '--context', 'other-ctx']);
    expect(down.code, down.stderr).toBe(3);
  });
});
