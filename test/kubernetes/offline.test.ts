import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseDocuments, readInputs } from '../../src/ingest/read-inputs.js';
import type { KubernetesInventory } from '../../src/model/inventory/index.js';
import { envelope, jwt, pod, sa, secret } from './helpers.js';

const FIX = path.join(import.meta.dirname, 'fixtures');
const load = (f: string) => JSON.parse(readFileSync(path.join(FIX, f), 'utf8')) as unknown;
const k8s = (docs: unknown[]) => {
  const read = parseDocuments(docs.map((json, i) => ({ file: `doc${i}.json`, json })));
  return { inv: read.inventories.find((i) => i.provider === 'kubernetes') as KubernetesInventory, read };
};

describe('kubernetes/1 envelope', () => {
  it('reads the KubeHound attack manifests (kubectl Lists) into one cluster', async () => {
    const read = await readInputs([path.join(FIX, 'kubehound/attacks.json')]);
    expect(read.sources[0]!.format).toBe('kubernetes: leakpath kubernetes/1 (kubectl lists of one cluster)');
    const c = (read.inventories[0] as KubernetesInventory).clusters[0]!;
    expect(c.name).toBe('kubehound.test.local');
    expect(c.serviceAccounts).toHaveLength(16);
    expect(c.workloads.filter((w) => w.kind === 'Pod')).toHaveLength(18);
    expect(c.workloads.find((w) => w.name === 'priv-pod')!.hostAccess).toEqual(['container priv-pod privileged']);
    expect(c.bindings.find((b) => b.name === 'pod-impersonate')!.subjects[0]).toEqual({ kind: 'ServiceAccount', name: 'impersonate-sa' });
    expect(read.warnings.join('\n')).toContain('no Secret in the export');
  });

  it('reads typed lists (PodList) whose items carry no kind, as the API returns them', () => {
    const env = envelope([]);
    env.lists = [{ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'p', namespace: 'a' }, spec: { containers: [{ name: 'c' }] } }] }];
    const { inv } = k8s([env]);
    expect(inv.clusters[0]!.workloads[0]).toMatchObject({ kind: 'Pod', namespace: 'a', name: 'p', serviceAccount: 'default' });
  });

  it('bad input names the file, the record and the expectation (exit code 2)', () => {
    const bad = envelope([{ kind: 'RoleBinding', metadata: { name: 'x', namespace: 'a' }, roleRef: { kind: 'Nope', name: 'r' } }]);
    let err: unknown;
    try {
      k8s([bad]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^doc0\.json: at roleRef\.kind: expected a Kubernetes RoleBinding at lists\[0\]\.items\[0\]/);
    expect(() => k8s([{ leakpath: 'kubernetes/1', cluster: { name: 'c', provider: 'openshift' }, lists: [] }])).toThrow(/doc0\.json: at cluster\.provider/);
    expect(() => k8s([{ ...envelope([]), lists: [{ items: [{ metadata: { name: 'x' } }] }] }])).toThrow(/lists\[0\]/);
  });

  it('secret values are recognised then dropped: only identifiers reach the inventory', () => {
    const SEEDS = ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYSEEDKEY1', '-----BEGIN PRIVATE KEY-----\nSEEDPRIVATEKEY\n-----END PRIVATE KEY-----\n', 'abc8Q~SEEDazureSECRETvalue0123456789abcdefg', 'plain-password-SEED'];
    const token = jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:dev:ci', 'kubernetes.io/serviceaccount/namespace': 'dev', 'kubernetes.io/serviceaccount/service-account.name': 'ci' });
    const gcpKey = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: 'ABCDEF0123456789abcdef0123456789abcdef01', private_key: SEEDS[1], client_email: 'deployer@p.iam.gserviceaccount.com' });
    const env = envelope([
      secret('dev', 'aws', { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: SEEDS[0]! }),
      secret('dev', 'gcp', { 'key.json': gcpKey }),
      secret('dev', 'azure', { AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555', AZURE_CLIENT_SECRET: SEEDS[2]! }),
      secret('dev', 'tok', { token }),
      { ...secret('dev', 'db', { password: SEEDS[3]! }), metadata: { name: 'db', namespace: 'dev', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${SEEDS[3]}"}}` } } },
    ]);
    const { inv } = k8s([env]);
    const text = JSON.stringify(inv);
    for (const s of [...SEEDS, token, 'SEED']) expect(text).not.toContain(s);
    const creds = inv.clusters[0]!.secrets.flatMap((s) => s.credentials);
    expect(creds).toEqual([
      { type: 'aws-access-key', key: 'AWS_ACCESS_KEY_ID', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      { type: 'gcp-service-account-key', key: 'key.json', privateKeyId: 'abcdef0123456789abcdef0123456789abcdef01', clientEmail: 'deployer@p.iam.gserviceaccount.com' },
      { type: 'azure-client-secret', key: 'AZURE_CLIENT_SECRET', hint: 'abc', appId: '11111111-2222-3333-4444-555555555555' },
      { type: 'service-account-token', key: 'token', issuer: 'kubernetes/serviceaccount', subject: 'system:serviceaccount:dev:ci', namespace: 'dev', serviceAccount: 'ci' },
    ]);
  });

  it('reads pod security settings and service-account annotations', () => {
    const { inv } = k8s([envelope([sa('dev', 'ci', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/ci' }), pod('dev', 'p', 'ci', { hostPath: '/var/run/docker.sock', nodeName: 'n1' })])]);
    const c = inv.clusters[0]!;
    expect(c.serviceAccounts[0]!.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/ci');
    expect(c.workloads[0]!.hostAccess).toEqual(['hostPath /var/run/docker.sock (volume host)']);
  });
});

describe('cluster descriptions and EKS Pod Identity', () => {
  it('aws eks describe-cluster, bare and in the aws-cli/1 envelope', () => {
    const { inv, read } = k8s([load('clouds/eks-describe-cluster.json')]);
    expect(read.sources[0]!.format).toBe('kubernetes: aws eks describe-cluster');
    expect(inv.clusters[0]).toMatchObject({ name: 'my-cluster', provider: 'eks', account: '111122223333', region: 'us-west-2', oidcIssuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLEA04F01705DD065655C30CC3D' });
    const wrapped = k8s([{ leakpath: 'aws-cli/1', command: 'eks describe-cluster', account: '111122223333', region: 'us-west-2', output: load('clouds/eks-describe-cluster.json') }]);
    expect(wrapped.read.sources[0]!.format).toBe('kubernetes: leakpath aws-cli/1 envelope of an EKS command');
    expect(wrapped.inv.clusters[0]!.oidcIssuer).toBe(inv.clusters[0]!.oidcIssuer);
  });

  it('pod identity associations: describe gives the role; a list record alone is kept with a warning and superseded by describe', () => {
    const { inv, read } = k8s([load('clouds/pod-identity-list.json'), load('clouds/pod-identity-describe.json'), { leakpath: 'aws-cli/1', command: 'eks list-pod-identity-associations', output: load('clouds/pod-identity-list.json') }]);
    expect(inv.clusters[0]!.podIdentityAssociations).toEqual([{ associationId: 'a-9njjin9gfghecgocd', namespace: 'default', serviceAccount: 'my-service-account', roleArn: 'arn:aws:iam::111122223333:role/my-role', disableSessionTags: false }]);
    expect(read.warnings.join('\n')).toContain('names no role');
  });

  it('gcloud container clusters describe gives project, location, issuer and workload pool', () => {
    const { inv } = k8s([load('clouds/gke-describe.json')]);
    expect(inv.clusters[0]).toMatchObject({ name: 'cluster-1', provider: 'gke', project: 'example-project', location: 'us-central1', workloadPool: 'example-project.svc.id.goog', oidcIssuer: 'https://container.googleapis.com/v1/projects/example-project/locations/us-central1/clusters/cluster-1' });
  });

  it('az aks show gives subscription, tenant and issuer', () => {
    const { inv } = k8s([load('clouds/aks-show.json')]);
    expect(inv.clusters[0]).toMatchObject({ name: 'myAKSCluster', provider: 'aks', subscription: '00000000-0000-0000-0000-000000000000', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47', oidcIssuer: 'https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f1e3f4c-0000-0000-0000-000000000000/' });
  });

  it('the envelope and the description of one cluster merge by name; a disagreement is a warning', () => {
    const env = envelope([sa('default', 'x')], { name: 'my-cluster', oidcIssuer: undefined, region: 'eu-west-1' });
    const { inv, read } = k8s([env, load('clouds/eks-describe-cluster.json')]);
    expect(inv.clusters).toHaveLength(1);
    expect(inv.clusters[0]!.oidcIssuer).toContain('oidc.eks.us-west-2');
    expect(read.warnings.join('\n')).toContain('region "us-west-2" differs from "eu-west-1"');
  });
});
