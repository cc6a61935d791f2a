import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { doc, gaad, role } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { email, hierarchy, key, policy, PROD, sa as gcpSa, serviceAccount } from '../gcp/fixtures/cai.js';
import { ISSUER, envelope, jwt, pod, role as k8sRole, roleBinding, rule, sa, saSubject, secret } from './helpers.js';

const ACCT = '111122223333';
const HOST = ISSUER.replace('https://', '');
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:prod/payments-db-AbCdEf`;

/** The cluster: dev/ci may create pods in dev, where dev/payments is the IRSA service account. */
const cluster = () =>
  envelope([
    sa('dev', 'ci'),
    sa('dev', 'payments', { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCT}:role/payments` }),
    sa('idle', 'reader'),
    k8sRole('dev', 'deploy', [rule(['create'], ['pods'])]),
    roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')]),
    pod('dev', 'payments-api', 'payments', { nodeName: 'ip-10-0-1-1' }),
  ]);

/** IRSA trust as AWS documents it for EKS (associate-service-account-role.html), pinned to a subject. */
const irsaTrust = (subject: string) =>
  doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${HOST}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${HOST}:sub`]: subject, [`${HOST}:aud`]: 'sts.amazonaws.com' } } });

const aws = (subject: string) => ({
  'gaad.json': gaad({ roles: [role(ACCT, 'payments', irsaTrust(subject), { inline: { db: doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }) } })] }),
  'secrets.json': { SecretList: [{ ARN: SECRET_ARN, Name: 'prod/payments-db' }] },
});

const token = jwt({ iss: ISSUER, sub: 'system:serviceaccount:dev:ci', aud: ['https://kubernetes.default.svc'], exp: 4102444800, 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'ci', uid: 'u-1' } } });

type Paths = { paths: { to: { id: string }; steps: { edge: string; technique: string; evidence: { summary: string; refs: unknown[] } }[] }[] };
type Blast = { reachable: Record<'identities' | 'secretLocations', { id: string }[]> };

function estate(subject: string): { store: string; tokenFile: string } {
  const dir = tempDir('leakpath-k8s-cloud-');
  const files = { 'cluster.json': cluster(), ...aws(subject) };
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(json));
  writeFileSync(path.join(dir, 't.jwt'), token);
  const store = path.join(dir, 'store');
  const r = leakpath(['--store', store, 'ingest', ...Object.keys(files).map((f) => path.join(dir, f))]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { store, tokenFile: path.join(dir, 't.jwt') };
}

describe('leaked token → create pods → a pod as the IRSA service account → an AWS secret', () => {
  it('blast --token-file reaches the secret; paths shows every hop with its evidence', () => {
    const { store, tokenFile } = estate('system:serviceaccount:dev:payments');
    const b = leakpath(['--store', store, 'blast', '--token-file', tokenFile, '--format', 'json']);
    expect(b.code, b.stderr).toBe(0);
    const out = JSON.parse(b.stdout) as Blast;
    expect(out.reachable.identities.map((n) => n.id)).toContain(`arn:aws:iam::${ACCT}:role/payments`);
    expect(out.reachable.secretLocations.map((n) => n.id)).toContain(SECRET_ARN);
    const p = leakpath(['--store', store, 'paths', '--from', 'k8s:prod:sa:dev/ci', '--to', SECRET_ARN, '--format', 'json']);
    expect(p.code, p.stderr).toBe(0);
    const steps = (JSON.parse(p.stdout) as Paths).paths[0]!.steps;
    expect(steps.map((s) => s.technique)).toEqual(['kubernetes:pods:Create', 'kubernetes:serviceaccounts:ProjectedToken', 'aws:sts:AssumeRoleWithWebIdentity', 'aws:secretsmanager:GetSecretValue']);
    for (const s of steps) expect(s.evidence.refs.length, s.technique).toBeGreaterThan(0);
    expect(JSON.stringify(steps[0]!.evidence)).toContain('RoleBinding dev/ci-deploy');
    expect(JSON.stringify(steps[2]!.evidence)).toContain('eks.amazonaws.com/role-arn');
    expect(b.stdout + b.stderr + p.stdout).not.toContain(token.split('.')[1]);
  });

  it('made safe: the role trusts another namespace\'s service account — the secret is out of reach', () => {
    const { store, tokenFile } = estate('system:serviceaccount:payments:payments');
    const out = JSON.parse(leakpath(['--store', store, 'blast', '--token-file', tokenFile, '--format', 'json']).stdout) as Blast;
    expect(out.reachable.secretLocations.map((n) => n.id)).not.toContain(SECRET_ARN);
    expect(out.reachable.identities.map((n) => n.id)).not.toContain(`arn:aws:iam::${ACCT}:role/payments`);
  });

  it('trust-only exposure: without the role-arn annotation the edge stands, noted as such', () => {
    const inv = readInputsFromJson({ 'c.json': envelope([sa('dev', 'payments'), pod('dev', 'p', 'payments')]), ...aws('system:serviceaccount:dev:payments') }).inventories;
    const e = analyse(inv).graph.edges.find((x) => x.technique === 'aws:sts:AssumeRoleWithWebIdentity')!;
    expect(e.evidence.assumptions?.join(' ')).toContain('trust-only exposure');
  });
});

describe('get secrets → a GCP key stored in a secret → the GCP service account and its project role', () => {
  const KEY_ID = 'aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44';
  const leaked = email('deployer');
  const gcpKeyFile = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: KEY_ID, private_key: '-----BEGIN PRIVATE KEY-----\nSEEDSEED\n-----END PRIVATE KEY-----\n', client_email: leaked });
  const gcp = [...hierarchy(), serviceAccount(leaked), key(leaked, KEY_ID), policy(`//cloudresourcemanager.googleapis.com/${PROD}`, [{ role: 'roles/owner', members: [`serviceAccount:${leaked}`] }], 'cloudresourcemanager.googleapis.com/Project', [PROD])];
  const run = (rules: ReturnType<typeof rule>[]) =>
    analyse(
      readInputsFromJson({
        'cluster.json': envelope([sa('dev', 'ci'), k8sRole('dev', 'r', rules), roleBinding('dev', 'rb', { kind: 'Role', name: 'r' }, [saSubject('dev', 'ci')]), secret('dev', 'gcp-deployer', { 'key.json': gcpKeyFile })]),
        'export.json': gcp,
      }).inventories,
    ).graph;

  it('the chain exists, each hop with evidence, and the key file\'s private key is nowhere in the graph', () => {
    const g = run([rule(['get'], ['secrets'], [''], ['gcp-deployer'])]);
    const hop = (technique: string, source: string, target: string) => g.edges.find((e) => e.technique === technique && e.source === source && e.target === target);
    expect(hop('kubernetes:secrets:Read', 'k8s:prod:sa:dev/ci', 'k8s:prod:secret:dev/gcp-deployer')).toBeDefined();
    expect(hop('kubernetes:secrets:StoredCredential', 'k8s:prod:secret:dev/gcp-deployer', `gcp:sa-key:${KEY_ID}`)).toBeDefined();
    expect(hop('gcp:iam:ServiceAccountKey', `gcp:sa-key:${KEY_ID}`, gcpSa(leaked))).toBeDefined();
    expect(g.nodes.find((n) => n.id === `gcp:sa-key:${KEY_ID}`)!.props.placeholder).toBeUndefined();
    expect(g.edges.filter((e) => e.source === gcpSa(leaked)).length).toBeGreaterThan(0);
    expect(JSON.stringify(g)).not.toContain('SEEDSEED');
  });

  it('made safe: reading another secret by name gives nothing of the key', () => {
    const g = run([rule(['get'], ['secrets'], [''], ['other'])]);
    expect(g.edges.filter((e) => e.source === 'k8s:prod:sa:dev/ci' && e.target === 'k8s:prod:secret:dev/gcp-deployer')).toEqual([]);
  });
});

describe('EKS Pod Identity: association → role, the trust judged by the AWS evaluator', () => {
  const ROLE = `arn:aws:iam::${ACCT}:role/pod-role`;
  const trust = (condition?: object, actions: string[] = ['sts:AssumeRole', 'sts:TagSession']) =>
    doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions, ...(condition ? { Condition: condition } : {}) });
  const association = { association: { clusterName: 'prod', namespace: 'dev', serviceAccount: 'payments', roleArn: ROLE, associationId: 'a-1', disableSessionTags: false } };
  const run = (t: object) =>
    analyse(readInputsFromJson({ 'c.json': cluster(), 'pia.json': association, 'gaad.json': gaad({ roles: [role(ACCT, 'pod-role', t)] }) }).inventories).graph.edges.filter((e) => e.technique === 'kubernetes:eks:PodIdentityAssociation');

  it('positive: the documented trust (AssumeRole + TagSession for pods.eks.amazonaws.com), and one conditioned on the namespace tag', () => {
    const [e] = run(trust());
    expect(e).toMatchObject({ kind: 'CAN_ASSUME', source: 'k8s:prod:sa:dev/payments', target: ROLE, conditional: false });
    expect(e!.evidence.refs.map((r) => r.source).join(' ')).toContain('pod identity association a-1');
    expect(run(trust({ StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'dev' } }))).toHaveLength(1);
  });

  it('negative: a trust for another namespace\'s tag, or without sts:TagSession, gives nothing', () => {
    expect(run(trust({ StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'prod' } }))).toEqual([]);
    expect(run(trust(undefined, ['sts:AssumeRole']))).toEqual([]);
  });

  it('create pods in dev reaches the role through the association', () => {
    const g = analyse(readInputsFromJson({ 'c.json': cluster(), 'pia.json': association, 'gaad.json': gaad({ roles: [role(ACCT, 'pod-role', trust())] }) }).inventories).graph;
    expect(g.edges.some((e) => e.source === 'k8s:prod:sa:dev/ci' && e.target === 'k8s:prod:sa:dev/payments' && e.technique === 'kubernetes:pods:Create')).toBe(true);
  });
});

describe('AKS workload identity joins the Azure federated credential by node id', async () => {
  const H = await import('../azure/fixtures/azurehound.js');
  const AKS_ISSUER = 'https://westeurope.oic.prod-aks.azure.com/6c12b0b0-b2cc-4a73-8252-0b94bfca2145/00000000-1111-2222-3333-444444444444/';
  const APP = '7d3e3a5b-1111-4c4c-9d9d-0123456789ab';
  const SP = '9a9a9a9a-2222-4b4b-8c8c-0123456789ab';
  const azure = (subject: string) =>
    H.file([H.tenant(), H.app({ objectId: 'aaaaaaaa-3333-4d4d-8e8e-0123456789ab', appId: APP, name: 'payments' }), H.sp({ id: SP, appId: APP, name: 'payments' }), H.fics(APP, [{ id: 'f1', issuer: AKS_ISSUER, subject }])]);
  const aks = envelope([sa('dev', 'payments', { 'azure.workload.identity/client-id': APP }), sa('dev', 'other')], { provider: 'aks', oidcIssuer: AKS_ISSUER, account: undefined, region: undefined, subscription: '00000000-0000-0000-0000-000000000000', tenant: '6c12b0b0-b2cc-4a73-8252-0b94bfca2145' });
  const federates = (subject: string) => {
    const g = analyse(readInputsFromJson({ 'aks.json': aks, 'azurehound.json': azure(subject) }).inventories).graph;
    const token = `oidc:${AKS_ISSUER}|system:serviceaccount:dev:payments`;
    return { mint: g.edges.find((e) => e.kind === 'CAN_MINT_TOKEN' && e.target === token), fed: g.edges.find((e) => e.kind === 'FEDERATES' && e.source === token) };
  };

  it('positive: the credential names the cluster issuer and the service account subject', () => {
    const { mint, fed } = federates('system:serviceaccount:dev:payments');
    expect(mint?.source).toBe('k8s:prod:sa:dev/payments');
    expect(fed?.target).toBe(`azure:sp:${SP}`);
  });

  it('negative: a credential for another service account does not join', () => {
    expect(federates('system:serviceaccount:dev:someone-else').fed).toBeUndefined();
  });
});
