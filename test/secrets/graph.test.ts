import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { edgeKindSpec, techniqueSpec } from '../../src/model/catalogue/index.js';
import { blastFindings, findFindings } from '../../src/query/findings.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { ADMIN, accessKeys, allow, doc, gaad, user } from '../helpers/aws-estate.js';
import { analyseExports, hasEdge, node } from '../helpers/analyse.js';
import { APPS, KEYS, estate } from '../azure/fixtures/estate.js';
import { SEEDS, gitleaks, jwt, leakedSeeds } from './seeds.js';

const A = '111111111111';
const KEY = 'AKIAYAAAAAAAAAAAAAAA';
const FIX = path.join(import.meta.dirname, 'fixtures');

const awsEstate = (status: 'Active' | 'Inactive') => ({
  'gaad.json': gaad({ users: [user(A, 'ci-deploy', { attached: [ADMIN] }), user(A, 'reader', { inline: { r: doc(allow('s3:GetObject')) } })] }),
  'keys.json': accessKeys('ci-deploy', { id: KEY, status }),
});
const leakedKeyReport = () => [
  gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee', Link: 'https://github.com/acme/infra/blob/c0ffee/deploy/.env#L3' }),
  gitleaks({ RuleID: 'generic-api-key', Secret: SEEDS.awsSecret, File: 'deploy/.env', StartLine: 4, Commit: 'c0ffee' }),
];

describe('scanner findings join the inventoried credential', () => {
  it('gitleaks AWS key → access key → admin user: the finding reaches tier zero', async () => {
    const { graph } = analyseExports({ ...awsEstate('Active'), 'gitleaks.json': leakedKeyReport() });
    const finding = findFindings(graph, 'deploy/.env:3');
    expect(finding.map((f) => f.id)).toEqual(['secret-finding:gitleaks:c0ffee:deploy/.env:aws-access-token:3']);
    const exposes = hasEdge(graph, 'EXPOSES', finding[0]!.id, `aws:access-key:${KEY}`)!;
    expect(exposes.conditional).toBe(false);
    expect(exposes.evidence.refs[0]).toMatchObject({ source: 'gitleaks.json' });
    expect(edgeKindSpec(exposes.kind)?.traversable).toBe(true);
    expect(techniqueSpec(exposes.technique)).toBeDefined();
    expect(hasEdge(graph, 'STORED_IN', `aws:access-key:${KEY}`, finding[0]!.id)).toBeDefined();
    // Both halves of the key are one credential: the secret-key line is a second location of it.
    expect(hasEdge(graph, 'EXPOSES', 'secret-finding:gitleaks:c0ffee:deploy/.env:generic-api-key:4', `aws:access-key:${KEY}`)).toBeDefined();

    const report = await blastFindings(new EmbeddedEngine(graph, EMPTY_CONFIG), graph, finding);
    expect(report.hygiene).toEqual([]);
    expect(report.leaked).toHaveLength(1);
    const b = report.leaked[0]!.blast;
    expect(b.credential.id).toBe(`aws:access-key:${KEY}`);
    expect(b.tierZero).toBe(true);
    expect(b.startIdentities.map((s) => s.id)).toEqual([`arn:aws:iam::${A}:user/ci-deploy`]);
    expect(b.risk.level).toBe('critical');
    expect(leakedSeeds(JSON.stringify({ graph, report }))).toEqual([]);
  });

  it('made-safe twin: the same key, Inactive in the inventory, is hygiene and opens no path', async () => {
    const { graph } = analyseExports({ ...awsEstate('Inactive'), 'gitleaks.json': leakedKeyReport() });
    const report = await blastFindings(new EmbeddedEngine(graph, EMPTY_CONFIG), graph, findFindings(graph, 'deploy/.env:3'));
    expect(report.leaked).toEqual([]);
    expect(report.hygiene).toHaveLength(1);
    expect(report.hygiene[0]!).toMatchObject({ credential: { id: `aws:access-key:${KEY}`, status: 'Inactive' } });
    expect(report.hygiene[0]!.reason).toMatch(/inactive/);
  });

  it('a key id alone is the credential only on the assumption that its secret lies beside it', () => {
    const { graph } = analyseExports({ ...awsEstate('Active'), 'gitleaks.json': [leakedKeyReport()[0]] });
    const e = hasEdge(graph, 'EXPOSES', 'secret-finding:gitleaks:c0ffee:deploy/.env:aws-access-token:3', `aws:access-key:${KEY}`)!;
    expect(e.conditional).toBe(true);
    expect(e.conditions).toMatch(/only the access key id/);
  });

  it('an AWS key no source lists: a stub in the account its id encodes, reported as exposure', async () => {
    const { graph, warnings } = analyseExports({ 'th.jsonl': [JSON.parse(readFileSync(path.join(FIX, 'trufflehog-readme.jsonl'), 'utf8'))] });
    const key = node(graph, 'aws:access-key:AKIAYVP4CIPPERUVIFXG')!;
    expect(key).toMatchObject({ kind: 'Credential', scope: '595918472158', props: { inInventory: false, foundBy: 'trufflehog' } });
    expect(warnings.some((w) => w.includes('matches no inventoried credential'))).toBe(true);
    const report = await blastFindings(new EmbeddedEngine(graph, EMPTY_CONFIG), graph, findFindings(graph, 'keys:4'));
    expect(report.leaked[0]).toMatchObject({ inventoried: false, blast: { credential: { id: 'aws:access-key:AKIAYVP4CIPPERUVIFXG' }, risk: { level: 'none' } } });
  });

  it('a verified TruffleHog finding names its owner when the inventory has the user but not the key', () => {
    const line = JSON.parse(readFileSync(path.join(FIX, 'trufflehog-readme.jsonl'), 'utf8'));
    const owner = 'arn:aws:iam::595918472158:user/canarytokens.com@@mirux23ppyky6hx3l6vclmhnj';
    const u = { ...user('595918472158', 'canarytokens.com@@mirux23ppyky6hx3l6vclmhnj'), Arn: owner };
    const { graph } = analyseExports({ 'gaad.json': gaad({ users: [u] }), 'th.jsonl': [line] });
    const e = hasEdge(graph, 'AUTHENTICATES_AS', 'aws:access-key:AKIAYVP4CIPPERUVIFXG', owner)!;
    expect(e.technique).toBe('secrets:scanner:VerifiedOwner');
    const unverified = analyseExports({ 'gaad.json': gaad({ users: [u] }), 'th.jsonl': [{ ...line, Verified: false }] });
    expect(hasEdge(unverified.graph, 'AUTHENTICATES_AS', 'aws:access-key:AKIAYVP4CIPPERUVIFXG', owner)).toBeUndefined();
  });

  it('detect-secrets: an AWS entry matches the inventoried key by its hash (the baseline never names the key)', () => {
    const example = 'AKIAIOSFODNN7EXAMPLE';
    const { graph } = analyseExports({
      'gaad.json': gaad({ users: [user(A, 'ci-deploy', { attached: [ADMIN] })] }),
      'keys.json': accessKeys('ci-deploy', { id: example }),
      'ds.json': JSON.parse(readFileSync(path.join(FIX, 'detect-secrets-aws.json'), 'utf8')),
    });
    expect(hasEdge(graph, 'EXPOSES', 'secret-finding:detect-secrets:test_data/each_secret.py:8:AWS Access Key', `aws:access-key:${example}`)).toBeDefined();
  });

  it('detect-secrets: one secret on two lines is one credential', () => {
    const { graph } = analyseExports({ 'ds.json': JSON.parse(readFileSync(path.join(FIX, 'detect-secrets-baseline.json'), 'utf8')) });
    const targets = graph.edges.filter((e) => e.kind === 'EXPOSES' && e.source.includes('docs/audit.md:18')).map((e) => e.target);
    expect(targets).toHaveLength(2);
    expect(new Set(targets).size).toBe(1);
  });

  it('Entra client secret: hint and app id pick the inventoried secret; a shared hint links each, conditionally', () => {
    const secret = (hint: string, file: string) => `${hint}8Q~SeedValueForAnEntraClientSecret${file[0]}`;
    const th = (hint: string, appId: string, file: string) => ({
      SourceMetadata: { Data: { Filesystem: { file, line: 1 } } }, DetectorName: 'Azure', Verified: false, Raw: secret(hint, file),
      RawV2: JSON.stringify({ clientSecret: secret(hint, file), clientId: appId, tenantId: 'x' }),
    });
    const { graph } = analyseExports({ 'azurehound.json': estate(), 'th.jsonl': [th('q7R', APPS.ci.app, 'a.env'), th('dup', APPS.ci.app, 'b.env'), th('q7R', APPS.ops.app, 'c.env')] });
    const active = hasEdge(graph, 'EXPOSES', 'secret-finding:trufflehog:Filesystem:::a.env:1:Azure', `azure:secret:${APPS.ci.app}:${KEYS.ciActive}`)!;
    expect(active.conditional).toBe(false);
    const dup = graph.edges.filter((e) => e.kind === 'EXPOSES' && e.source.includes('b.env'));
    expect(dup.map((e) => e.target).sort()).toEqual([`azure:secret:${APPS.ci.app}:${KEYS.ciDupA}`, `azure:secret:${APPS.ci.app}:${KEYS.ciDupB}`].sort());
    expect(dup.every((e) => e.conditional)).toBe(true);
    // Same hint, another app: not that app's secret; reported as an unmatched Entra secret.
    const other = graph.edges.find((e) => e.kind === 'EXPOSES' && e.source.includes('c.env'))!;
    expect(other.target).toMatch(/^secret:azure-client-secret:/);
    expect(JSON.stringify(graph)).not.toContain('SeedValueForAnEntra');
  });

  it('a GCP key finding names gcp:sa-key:<private_key_id>', () => {
    const { graph } = analyseExports({
      'th.jsonl': [{ SourceMetadata: { Data: { Git: { file: 'sa.json', line: 1, commit: 'abc' } } }, DetectorName: 'GCP', Verified: false, Raw: 'deployer@acme-prod.iam.gserviceaccount.com', ExtraData: { private_key_id: 'ABCDEF0123456789abcdef0123456789abcdef01', project: 'acme-prod' } }],
    });
    expect(node(graph, 'gcp:sa-key:abcdef0123456789abcdef0123456789abcdef01')).toMatchObject({ kind: 'Credential', provider: 'gcp', scope: 'acme-prod', props: { serviceAccount: 'deployer@acme-prod.iam.gserviceaccount.com' } });
  });

  it('a Kubernetes service-account token authenticates as its oidc: subject until it expires', () => {
    const iss = 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    const live = jwt({ iss, sub: 'system:serviceaccount:prod:deployer', aud: 'sts.amazonaws.com', exp: 4102444800 });
    const dead = jwt({ iss, sub: 'system:serviceaccount:prod:old', aud: 'sts.amazonaws.com', exp: 1600000000 });
    const { graph } = analyseExports({ 'gl.json': [gitleaks({ RuleID: 'jwt', Secret: live, File: 'kubeconfig', StartLine: 1 }), gitleaks({ RuleID: 'jwt', Secret: dead, File: 'kubeconfig', StartLine: 2 })] });
    const subject = node(graph, `oidc:${iss}|system:serviceaccount:prod:deployer`)!;
    expect(subject).toMatchObject({ kind: 'Identity', provider: 'kubernetes', type: 'oidc:subject', props: { issuer: iss, subject: 'system:serviceaccount:prod:deployer' } });
    const auth = graph.edges.filter((e) => e.kind === 'AUTHENTICATES_AS' && e.technique === 'secrets:oidc:LeakedToken');
    expect(auth.map((e) => e.target)).toEqual([subject.id]);
    const expired = graph.nodes.find((n) => n.type === 'oidc:token' && n.props.subject === 'system:serviceaccount:prod:old')!;
    expect(expired.props.status).toBe('expired');
    expect(JSON.stringify(graph)).not.toContain(live);
  });

  it('a finding that matches nothing is still exposure, typed', () => {
    const { graph } = analyseExports({ 'gl.json': [gitleaks({ RuleID: 'slack-bot-token', Secret: SEEDS.slack, File: 'n.py', StartLine: 1 }), gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'ci.yml', StartLine: 2 })] });
    const creds = graph.nodes.filter((n) => n.kind === 'Credential').map((n) => [n.type, n.props.inInventory]);
    expect(creds.sort()).toEqual([['github:token', false], ['secrets:unrecognised', false]]);
    expect(leakedSeeds(JSON.stringify(graph))).toEqual([]);
  });
});
