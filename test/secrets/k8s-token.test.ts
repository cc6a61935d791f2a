import { describe, expect, it } from 'vitest';
import { analyseExports } from '../helpers/analyse.js';
import { ISSUER, envelope, pod, role, roleBinding, rule, sa, saSubject } from '../kubernetes/helpers.js';
import { gitleaks, jwt } from './seeds.js';

/** A scanner finding of a Kubernetes service-account token joins the service account itself, not only its oidc: subject. */
const cluster = (name = 'prod', issuer = ISSUER) =>
  envelope([sa('dev', 'ci'), sa('dev', 'deployer'), role('dev', 'deploy', [rule(['create'], ['pods'])]), roleBinding('dev', 'ci-deploy', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')]), pod('dev', 'web', 'deployer', { nodeName: 'n1' })], { name, oidcIssuer: issuer });
const bound = (iss: string, exp = 4102444800) => jwt({ iss, sub: 'system:serviceaccount:dev:ci', aud: ['https://kubernetes.default.svc'], exp, 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'ci', uid: 'u-1' } } });
const legacy = () => jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:dev:ci', 'kubernetes.io/serviceaccount/namespace': 'dev', 'kubernetes.io/serviceaccount/secret.name': 'ci-token', 'kubernetes.io/serviceaccount/service-account.name': 'ci' });
const report = (token: string) => [gitleaks({ RuleID: 'jwt', Secret: token, File: 'ops/kubeconfig', StartLine: 7 })];
const saEdges = (g: ReturnType<typeof analyseExports>['graph']) => g.edges.filter((e) => e.technique === 'secrets:kubernetes:ServiceAccountToken');

describe('leaked Kubernetes service-account token → the service account', () => {
  it('positive: a bound token whose issuer is the cluster\'s authenticates as k8s:prod:sa:dev/ci, and on to what it can create pods as', () => {
    const { graph } = analyseExports({ 'c.json': cluster(), 'gl.json': report(bound(ISSUER)) });
    const [e] = saEdges(graph);
    expect(e).toMatchObject({ kind: 'AUTHENTICATES_AS', target: 'k8s:prod:sa:dev/ci', conditional: false });
    expect(e!.source).toMatch(/^secret:oidc-token:/);
    expect(e!.evidence.refs[0]).toMatchObject({ source: 'gl.json', detail: expect.stringContaining(ISSUER) });
    // The oidc: subject join stays.
    expect(graph.edges.some((x) => x.source === e!.source && x.technique === 'secrets:oidc:LeakedToken')).toBe(true);
    expect(graph.edges.some((x) => x.source === 'k8s:prod:sa:dev/ci' && x.target === 'k8s:prod:sa:dev/deployer' && x.technique === 'kubernetes:pods:Create')).toBe(true);
  });

  it('negative: another cluster\'s issuer, or an expired token, authenticates as no service account', () => {
    const other = analyseExports({ 'c.json': cluster(), 'gl.json': report(bound('https://oidc.example.com/other')) }).graph;
    expect(saEdges(other)).toEqual([]);
    const expired = analyseExports({ 'c.json': cluster(), 'gl.json': report(bound(ISSUER, 1600000000)) }).graph;
    expect(saEdges(expired)).toEqual([]);
  });

  it('a legacy token names no cluster: one conditional edge per cluster that has the service account', () => {
    const { graph } = analyseExports({ 'a.json': cluster('prod'), 'b.json': cluster('staging', 'https://oidc.example.com/staging'), 'gl.json': report(legacy()) });
    const es = saEdges(graph);
    expect(es.map((e) => e.target).sort()).toEqual(['k8s:prod:sa:dev/ci', 'k8s:staging:sa:dev/ci']);
    for (const e of es) expect(e.conditions).toContain('legacy token does not name its cluster');
    const one = analyseExports({ 'a.json': cluster('prod'), 'gl.json': report(legacy()) }).graph;
    expect(saEdges(one)).toMatchObject([{ target: 'k8s:prod:sa:dev/ci', conditional: false }]);
  });
});
