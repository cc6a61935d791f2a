import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { gaad, role, trustService, ADMIN } from '../helpers/aws-estate.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { email, hierarchy, serviceAccount } from '../gcp/fixtures/cai.js';
import { envelope, pod, role as k8sRole, roleBinding, rule, sa, saSubject } from './helpers.js';

const load = (f: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/clouds', f), 'utf8')) as Record<string, unknown>;
const node = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { providerID: `aws:///us-east-2a/i-0${name.length}` } });

/** dev/ci may create pods in dev; a pod runs on node n1 (privileged pods allowed: namespaces not exported). */
const objects = (extra: Record<string, unknown>[] = []) => [
  sa('dev', 'ci'),
  sa('dev', 'app'),
  k8sRole('dev', 'deploy', [rule(['create'], ['pods'])]),
  roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')]),
  pod('dev', 'app', 'app', { nodeName: 'n1' }),
  ...extra,
];

const graphOf = (files: Record<string, unknown>) => analyse(readInputsFromJson(files).inventories, { at: new Date('2026-12-01T00:00:00Z') });
const edges = (g: ReturnType<typeof graphOf>['graph'], technique: string) => g.edges.filter((e) => e.technique === technique);

describe('EKS node role (aws eks describe-nodegroup nodeRole)', () => {
  const C = 'my-eks-cluster';
  const ROLE = 'arn:aws:iam::111122223333:role/role-name';
  const cluster = (extra: Record<string, unknown>[] = []) => envelope(objects(extra), { name: C, region: 'us-east-2' });
  const aws = { 'gaad.json': gaad({ roles: [role('111122223333', 'role-name', trustService('ec2.amazonaws.com'), { attached: [ADMIN] })] }) };

  it('positive: the node of the group holds the role; a pod creator reads it from IMDS (conditional on the hop limit); the role is tier zero', () => {
    const { graph } = graphOf({ 'c.json': cluster([node('n1', { 'eks.amazonaws.com/nodegroup': 'my-eks-nodegroup' })]), 'ng.json': load('eks-describe-nodegroup.json'), ...aws });
    const [e] = edges(graph, 'kubernetes:eks:NodeRole');
    expect(e).toMatchObject({ source: `k8s:${C}:node:n1`, target: ROLE, kind: 'CAN_EXECUTE_AS', conditional: false });
    expect(JSON.stringify(e!.evidence)).toContain('nodegroup.nodeRole');
    expect(JSON.stringify(e!.evidence)).toContain('eks.amazonaws.com/nodegroup=my-eks-nodegroup');
    // Escape to the node, then the role: the existing host-access edge meets the new one.
    expect(graph.edges.some((x) => x.technique === 'kubernetes:pods:CreateHostAccess' && x.source === `k8s:${C}:sa:dev/ci` && x.target === `k8s:${C}:node:n1`)).toBe(true);
    expect(graph.nodes.find((n) => n.id === ROLE)?.tierZero).toBeDefined();
    expect(graph.nodes.find((n) => n.id === ROLE)?.props.placeholder).toBeUndefined();
    const m = edges(graph, 'kubernetes:pods:MetadataIdentity').find((x) => x.source === `k8s:${C}:sa:dev/ci`);
    expect(m).toMatchObject({ target: ROLE, conditional: true });
    expect(m!.conditions).toContain('hop limit');
    expect(JSON.stringify(m!.evidence)).toContain('RoleBinding dev/ci-deploy');
  });

  it('negative: a node labelled with another node group gets nothing, and without the nodegroup description there is no edge', () => {
    const other = graphOf({ 'c.json': cluster([node('n1', { 'eks.amazonaws.com/nodegroup': 'gpu' })]), 'ng.json': load('eks-describe-nodegroup.json'), ...aws }).graph;
    expect(edges(other, 'kubernetes:eks:NodeRole')).toEqual([]);
    const none = graphOf({ 'c.json': cluster(), ...aws }).graph;
    expect(edges(none, 'kubernetes:eks:NodeRole')).toEqual([]);
    expect(edges(none, 'kubernetes:pods:MetadataIdentity')).toEqual([]);
  });

  it('a node whose group is unknown, with two groups of different roles: one conditional edge per candidate; the role stands in until AWS is ingested', () => {
    const second = { nodegroup: { ...(load('eks-describe-nodegroup.json').nodegroup as object), nodegroupName: 'gpu', nodeRole: 'arn:aws:iam::111122223333:role/gpu-nodes' } };
    const { graph } = graphOf({ 'c.json': cluster(), 'ng.json': load('eks-describe-nodegroup.json'), 'ng2.json': { leakpath: 'aws-cli/1', command: 'eks describe-nodegroup', output: second } });
    const es = edges(graph, 'kubernetes:eks:NodeRole');
    expect(es.map((e) => e.target).sort()).toEqual(['arn:aws:iam::111122223333:role/gpu-nodes', ROLE]);
    for (const e of es) expect(e.conditions).toContain('kubectl get nodes');
    expect(graph.nodes.find((n) => n.id === ROLE)?.props.placeholder).toBe(true);
  });

  it('bad input: a nodeRole that is not a role ARN is refused, naming the file and field', () => {
    const bad = { nodegroup: { ...(load('eks-describe-nodegroup.json').nodegroup as object), nodeRole: 'role-name' } };
    const e = inputError({ 'ng.json': bad });
    expect(e.message).toContain('ng.json');
    expect(e.message).toContain('nodeRole');
  });
});

describe('GKE node service account (gcloud container clusters describe, node pools)', () => {
  const NODES = email('gke-nodes');
  const gke = (config: object | undefined) => ({
    name: 'prod',
    location: 'europe-west1',
    selfLink: 'https://container.googleapis.com/v1/projects/prod/locations/europe-west1/clusters/prod',
    nodePools: [{ name: 'pool-a', ...(config ? { config } : {}) }],
  });
  const cluster = envelope(objects([node('n1', { 'cloud.google.com/gke-nodepool': 'pool-a' })]), { provider: 'gke', account: undefined, region: undefined, oidcIssuer: undefined, project: 'prod' });
  const gcp = { 'export.json': [...hierarchy(), serviceAccount(NODES)] };

  it('positive: the pool\'s service account, on the node and — without the GKE metadata server — from any pod', () => {
    const { graph } = graphOf({ 'c.json': cluster, 'gke.json': gke({ serviceAccount: NODES, workloadMetadataConfig: { mode: 'GCE_METADATA' } }), ...gcp });
    expect(edges(graph, 'kubernetes:gke:NodeServiceAccount')).toMatchObject([{ source: 'k8s:prod:node:n1', target: `gcp:sa:${NODES}`, conditional: false }]);
    expect(JSON.stringify(edges(graph, 'kubernetes:gke:NodeServiceAccount')[0]!.evidence)).toContain('nodePools[0].config.serviceAccount');
    expect(edges(graph, 'kubernetes:pods:MetadataIdentity').find((e) => e.source === 'k8s:prod:sa:dev/ci')).toMatchObject({ target: `gcp:sa:${NODES}`, conditional: false });
  });

  it('a pool with no service account runs as the project\'s default compute account, resolved from the GCP inventory', () => {
    const { graph } = graphOf({ 'c.json': cluster, 'gke.json': gke(undefined), 'export.json': [...hierarchy(), serviceAccount('300-compute@developer.gserviceaccount.com')] });
    expect(edges(graph, 'kubernetes:gke:NodeServiceAccount').map((e) => e.target)).toEqual(['gcp:sa:300-compute@developer.gserviceaccount.com']);
  });

  it('exec into a host-network pod reaches the node account even behind the GKE metadata server; exec into an ordinary pod does not', () => {
    const execRole = [k8sRole('ops', 'exec', [rule(['create'], ['pods/exec'])]), roleBinding('ops', 'oncall-exec', { kind: 'Role', name: 'exec' }, [saSubject('dev', 'oncall')]), sa('dev', 'oncall')];
    const withPod = (hostNetwork: boolean) =>
      envelope(objects([node('n1', { 'cloud.google.com/gke-nodepool': 'pool-a' }), ...execRole, pod('ops', 'agent', 'default', { nodeName: 'n1', hostNetwork })]), { provider: 'gke', account: undefined, region: undefined, oidcIssuer: undefined, project: 'prod' });
    const wi = { serviceAccount: NODES, workloadMetadataConfig: { mode: 'GKE_METADATA' } };
    const hn = graphOf({ 'c.json': withPod(true), 'gke.json': gke(wi), ...gcp }).graph;
    const e = edges(hn, 'kubernetes:pods:MetadataIdentity').find((x) => x.source === 'k8s:prod:sa:dev/oncall');
    expect(e).toMatchObject({ target: `gcp:sa:${NODES}`, conditional: false });
    expect(JSON.stringify(e!.evidence)).toContain('hostNetwork: true');
    const plain = graphOf({ 'c.json': withPod(false), 'gke.json': gke(wi), ...gcp }).graph;
    expect(edges(plain, 'kubernetes:pods:MetadataIdentity')).toEqual([]);
  });

  it('negative: the GKE metadata server hides the node account from pods; the default account without the project in the inventory is a warning, not an edge', () => {
    const wi = graphOf({ 'c.json': cluster, 'gke.json': gke({ serviceAccount: NODES, workloadMetadataConfig: { mode: 'GKE_METADATA' } }), ...gcp }).graph;
    expect(edges(wi, 'kubernetes:pods:MetadataIdentity')).toEqual([]);
    expect(edges(wi, 'kubernetes:gke:NodeServiceAccount')).toHaveLength(1);
    const r = graphOf({ 'c.json': cluster, 'gke.json': gke(undefined) });
    expect(edges(r.graph, 'kubernetes:gke:NodeServiceAccount')).toEqual([]);
    expect(r.warnings.join('\n')).toContain('default compute service account of project prod');
  });
});

describe('AKS kubelet identity (az aks show identityProfile.kubeletidentity)', () => {
  const cluster = envelope(objects(), { name: 'myAKSCluster', provider: 'aks', account: undefined, region: undefined, oidcIssuer: undefined });
  const MI = 'azure:sp:33333333-3333-3333-3333-333333333333';

  it('positive: every node holds the kubelet identity', () => {
    const { graph } = graphOf({ 'c.json': cluster, 'aks.json': load('aks-show-kubelet.json') });
    const [e] = edges(graph, 'kubernetes:aks:KubeletIdentity');
    expect(e).toMatchObject({ source: 'k8s:myAKSCluster:node:n1', target: MI, conditional: false });
    expect(JSON.stringify(e!.evidence)).toContain('identityProfile.kubeletidentity');
    expect(graph.nodes.find((n) => n.id === MI)).toMatchObject({ type: 'azure:managed-identity', name: 'myAKSCluster-agentpool' });
    expect(edges(graph, 'kubernetes:pods:MetadataIdentity').find((x) => x.source === 'k8s:myAKSCluster:sa:dev/ci')?.evidence.assumptions?.join(' ')).toContain('169.254.169.254');
  });

  it('negative: a description without identityProfile names no kubelet identity', () => {
    const { graph } = graphOf({ 'c.json': cluster, 'aks.json': { ...load('aks-show-kubelet.json'), identityProfile: undefined } });
    expect(edges(graph, 'kubernetes:aks:KubeletIdentity')).toEqual([]);
  });
});

