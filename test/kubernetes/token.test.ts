import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { ISSUER, envelope, jwt, pod, role, roleBinding, rule, sa, saSubject, secret } from './helpers.js';
import { treeText } from '../helpers/files.js';


const boundToken = (ns: string, name: string, extra: Record<string, unknown> = {}) =>
  jwt({ iss: ISSUER, sub: `system:serviceaccount:${ns}:${name}`, aud: ['https://kubernetes.default.svc'], exp: 4102444800, iat: 1700000000, 'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: 'u-1' } }, ...extra });

type Blast = { credential: { id: string }; crownJewels: { id: string }[]; reachable: Record<'identities' | 'resources' | 'credentials' | 'secretLocations', { id: string }[]> };

let dir: string;
let store: string;
beforeAll(() => {
  dir = tempDir('leakpath-k8s-token-');
  store = path.join(dir, 'store');
  const objs = [
    sa('dev', 'ci'),
    sa('dev', 'deployer'),
    sa('idle', 'reader'),
    role('dev', 'deploy', [rule(['create'], ['pods'])]),
    roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')]),
    role('idle', 'view', [rule(['get', 'list'], ['configmaps', 'pods'])]),
    roleBinding('idle', 'reader-view', { kind: 'Role', name: 'view' }, [saSubject('idle', 'reader')]),
    secret('dev', 'aws', { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }),
    pod('dev', 'web', 'deployer', { nodeName: 'n1' }),
  ];
  writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(envelope(objs)));
  const r = leakpath(['--store', store, 'ingest', path.join(dir, 'cluster.json')]);
  if (r.code !== 0) throw new Error(r.stderr);
});

describe('blast --token-file / a pasted service-account token', () => {
  it('a bound token is matched by issuer and claims; the blast runs from its service account; the token is never printed or stored', () => {
    const token = boundToken('dev', 'ci');
    const file = path.join(dir, 't.jwt');
    writeFileSync(file, `${token}\n`);
    const r = leakpath(['--store', store, 'blast', '--token-file', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Blast;
    expect(out.credential.id).toBe('k8s:prod:sa:dev/ci');
    expect(out.reachable.identities.map((n) => n.id)).toContain('k8s:prod:sa:dev/deployer');
    expect(out.reachable.credentials.map((n) => n.id)).toContain('aws:access-key:AKIAIOSFODNN7EXAMPLE');
    expect(r.stderr).toContain('service account dev/ci of cluster prod');
    const pasted = leakpath(['--store', store, 'blast', token, '--format', 'json']);
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(JSON.parse(pasted.stdout)).toEqual(out);
    for (const run of [r, pasted]) {
      expect(run.stdout + run.stderr).not.toContain(token);
      expect(run.stdout + run.stderr).not.toContain(token.split('.')[1]);
    }
    expect(treeText(store)).not.toContain(token.split('.')[1]);
  });

  it('made safe: a token of a service account whose namespace grants nothing reaches nothing', () => {
    const file = path.join(dir, 'idle.jwt');
    writeFileSync(file, boundToken('idle', 'reader'));
    const r = leakpath(['--store', store, 'blast', '--token-file', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Blast;
    expect(out.crownJewels).toEqual([]);
    // Only itself and its own OIDC subject, which no cloud trusts here.
    expect(out.reachable.identities.map((n) => n.id).filter((x) => x !== 'k8s:prod:sa:idle/reader')).toEqual([`oidc:${ISSUER}|system:serviceaccount:idle:reader`]);
    expect(out.reachable.credentials).toEqual([]);
    expect(out.reachable.secretLocations).toEqual([]);
  });

  it('a legacy token (no expiry, legacy issuer) is matched by its claims', () => {
    const token = jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:dev:ci', 'kubernetes.io/serviceaccount/namespace': 'dev', 'kubernetes.io/serviceaccount/service-account.name': 'ci', 'kubernetes.io/serviceaccount/secret.name': 'ci-token' });
    const r = leakpath(['--store', store, 'blast', token, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Blast).credential.id).toBe('k8s:prod:sa:dev/ci');
    expect(r.stderr).toContain('ci-token is not in the export');
  });

  it('an expired token, a foreign issuer, a non-token: exit 2, a clear message, and the token not repeated', () => {
    const cases: [string, RegExp][] = [
      [boundToken('dev', 'ci', { exp: 1700003600 }), /expired at 2023-11-14T23:13:20.000Z .*authenticates as nothing/],
      [jwt({ iss: 'https://oidc.example.com', sub: 'system:serviceaccount:dev:ci', exp: 4102444800 }), /issuer https:\/\/oidc\.example\.com is not the issuer of any cluster/],
      [jwt({ iss: ISSUER, sub: 'repo:acme/app:ref:refs/heads/main' }), /not a Kubernetes service-account token/],
    ];
    for (const [token, message] of cases) {
      const file = path.join(dir, 'bad.jwt');
      writeFileSync(file, token);
      const r = leakpath(['--store', store, 'blast', '--token-file', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout + r.stderr).not.toContain(token.split('.')[1]);
    }
    const before = statSync(path.join(store, 'index.json')).mtimeMs;
    expect(leakpath(['--store', store, 'blast', '--token-file', path.join(dir, 'missing.jwt')]).code).toBe(2);
    expect(statSync(path.join(store, 'index.json')).mtimeMs).toBe(before);
  });
});
