import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { treeText } from '../helpers/files.js';
import { ISSUER, clusterRole, clusterRoleBinding, envelope, jwt, pod, role, roleBinding, rule, sa, saSubject } from './helpers.js';

/**
 * `blast --kubeconfig`: the kubeconfig layout is the one `kubectl config view --raw` prints
 * (kubernetes.io "Organizing Cluster Access Using kubeconfig Files"), with the cluster named as
 * `aws eks update-kubeconfig` names it (the cluster ARN). Certificates are made here with openssl.
 */
const ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
const STATIC = 'static-token-SEED-0123456789abcdef';

let dir: string;
let store: string;

function cert(subject: string): { cert: string; key: string } {
  const keyFile = path.join(dir, 'k.pem');
  const certFile = path.join(dir, 'c.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', subject, '-days', '2'], { stdio: 'ignore' });
  return { cert: Buffer.from(readFileSync(certFile)).toString('base64'), key: Buffer.from(readFileSync(keyFile)).toString('base64') };
}

function kubeconfig(name: string, users: Record<string, string[]>, current: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:', `- name: ${ARN}`, '  cluster:', '    server: https://EXAMPLE.gr7.eu-west-1.eks.amazonaws.com', 'users:'];
  for (const [u, body] of Object.entries(users)) lines.push(`- name: ${u}`, '  user:', ...body.map((l) => `    ${l}`));
  lines.push('contexts:', ...Object.keys(users).flatMap((u) => [`- name: ctx-${u}`, `  context: {cluster: "${ARN}", user: ${u}}`]), `current-context: ctx-${current}`, '');
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

type Blast = { credential: { id: string }; reachable: Record<'identities', { id: string }[]> };

beforeAll(() => {
  dir = tempDir('leakpath-kubeconfig-');
  store = path.join(dir, 'store');
  const objs = [
    sa('dev', 'ci'),
    sa('dev', 'deployer'),
    role('dev', 'deploy', [rule(['create'], ['pods'])]),
    roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci'), { kind: 'User', name: 'jane' }]),
    clusterRole('view', [rule(['get', 'list'], ['pods'])]),
    clusterRoleBinding('team-view', 'view', [{ kind: 'Group', name: 'dev-team' }]),
    pod('dev', 'web', 'deployer', { nodeName: 'n1' }),
  ];
  writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(envelope(objs)));
  const r = leakpath(['--store', store, 'ingest', path.join(dir, 'cluster.json')]);
  if (r.code !== 0) throw new Error(r.stderr);
});

const blast = (...args: string[]) => leakpath(['--store', store, 'blast', ...args, '--format', 'json']);

describe('blast --kubeconfig: the user of a context as the starting credential', () => {
  it('a service-account token user is matched like --token-file, and never printed', () => {
    const token = jwt({ iss: ISSUER, sub: 'system:serviceaccount:dev:ci', exp: 4102444800, 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'ci', uid: 'u-1' } } });
    const file = kubeconfig('token.yaml', { ci: [`token: ${token}`] }, 'ci');
    const r = blast('--kubeconfig', file);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Blast).credential.id).toBe('k8s:prod:sa:dev/ci');
    expect(r.stdout + r.stderr).not.toContain(token.split('.')[1]);
    expect(treeText(store)).not.toContain(token.split('.')[1]);
  });

  it('a client certificate is its CN as user and O as groups; --context picks a context that is not current', () => {
    const jane = cert('/O=dev-team/CN=jane');
    const admin = cert('/O=system:masters/CN=kubernetes-admin');
    const file = kubeconfig('cert.yaml', { jane: [`client-certificate-data: ${jane.cert}`, `client-key-data: ${jane.key}`], admin: [`client-certificate-data: ${admin.cert}`, `client-key-data: ${admin.key}`] }, 'admin');
    const r = blast('--kubeconfig', file, '--context', 'ctx-jane');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Blast;
    expect(out.credential.id).toBe('k8s:prod:user:jane');
    expect(out.reachable.identities.map((n) => n.id)).toContain('k8s:prod:sa:dev/deployer');
    expect(r.stderr).toContain('k8s:prod:group:dev-team');
    const m = blast('--kubeconfig', file);
    expect(m.code, m.stderr).toBe(0);
    expect((JSON.parse(m.stdout) as Blast).credential.id).toBe('k8s:prod:cluster-admin');
    for (const run of [r, m]) expect(run.stdout + run.stderr).not.toContain(jane.key.slice(20, 60));
  });

  it('negative: a certificate user no binding names has no rights (exit 2)', () => {
    const nobody = cert('/O=contractors/CN=nobody');
    const file = kubeconfig('nobody.yaml', { nobody: [`client-certificate-data: ${nobody.cert}`] }, 'nobody');
    const r = blast('--kubeconfig', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('user nobody (groups contractors) is named by no RoleBinding or ClusterRoleBinding of cluster prod');
  });

  it('exec plugins and non-JWT tokens are refused with what is needed, without echoing the token (exit 2)', () => {
    const exec = kubeconfig('exec.yaml', { eks: ['exec:', '  apiVersion: client.authentication.k8s.io/v1beta1', '  command: aws', '  args: [eks, get-token, --cluster-name, prod]'] }, 'eks');
    const e = blast('--kubeconfig', exec);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('exec plugin (aws)');
    expect(e.stderr).toContain('--token-file');
    const stat = kubeconfig('static.yaml', { ops: [`token: ${STATIC}`] }, 'ops');
    const s = blast('--kubeconfig', stat);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('not a JWT');
    expect(s.stdout + s.stderr).not.toContain(STATIC);
  });

  it('bad input: not a kubeconfig, an unknown context, --context without --kubeconfig (exit 2, store untouched)', () => {
    const before = treeText(store);
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'users: 7\n');
    const r = blast('--kubeconfig', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml: users');
    const file = kubeconfig('ctx.yaml', { ci: ['token: x'] }, 'ci');
    const c = blast('--kubeconfig', file, '--context', 'nope');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('no context "nope" (contexts: ctx-ci)');
    const n = blast('k8s:prod:sa:dev/ci', '--context', 'ctx-ci');
    expect(n.code).toBe(2);
    expect(treeText(store)).toBe(before);
  });
});
