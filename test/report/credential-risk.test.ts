import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { GraphNode } from '../../src/model/graph.js';
import { ageFactors, CREDENTIAL_WEIGHTS as W, exposureFactors, repositoryName, type Exposer } from '../../src/query/credential-risk.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { assessRisk } from '../../src/query/risk.js';
import { ADMIN, accessKeys, gaad, user } from '../helpers/aws-estate.js';
import { analyseExports } from '../helpers/analyse.js';
import { gitleaks } from '../secrets/seeds.js';

const AT = new Date('2026-06-01T00:00:00Z');
const daysBefore = (n: number) => new Date(AT.getTime() - n * 86_400_000).toISOString();

const cred = (type: string, props: GraphNode['props']): GraphNode => ({ id: `c:${type}`, kind: 'Credential', provider: 'aws', type, name: 'c', tags: {}, props });
const loc = (type: string, props: GraphNode['props'] = {}, id = `l:${type}`): GraphNode => ({ id, kind: 'SecretLocation', provider: 'secrets', type, name: id, tags: {}, props });
const factorsOf = (a: { factors: { factor: string; points: number }[] }) => a.factors.map((f) => [f.factor, f.points]);

describe('credential age and expiry (pure)', () => {
  it('an AWS key older than 365 days: age (very old) and no expiry', () => {
    expect(factorsOf(ageFactors(cred('aws:iam:access-key', { createDate: daysBefore(400) }), AT))).toEqual([
      ['age', W.veryOld],
      ['no-expiry', W.noExpiry],
    ]);
  });

  it('older than 90 days is old; 90 days or fewer adds nothing for age (negative)', () => {
    expect(factorsOf(ageFactors(cred('aws:iam:access-key', { createDate: daysBefore(91) }), AT))).toEqual([
      ['age', W.old],
      ['no-expiry', W.noExpiry],
    ]);
    expect(factorsOf(ageFactors(cred('aws:iam:access-key', { createDate: daysBefore(90) }), AT))).toEqual([['no-expiry', W.noExpiry]]);
  });

  it('an Entra secret: no end date is no expiry; a future end date is not (negative); a past one has expired', () => {
    expect(factorsOf(ageFactors(cred('azure:client-secret', { startDateTime: daysBefore(10), endDateTime: null }), AT))).toEqual([['no-expiry', W.noExpiry]]);
    expect(ageFactors(cred('azure:client-secret', { startDateTime: daysBefore(10), endDateTime: '2027-01-01T00:00:00Z' }), AT)).toEqual({ factors: [] });
    const expired = ageFactors(cred('azure:client-secret', { startDateTime: daysBefore(800), endDateTime: '2026-05-31T00:00:00Z' }), AT);
    expect(expired.expired).toBe('2026-05-31T00:00:00Z');
    expect(factorsOf(expired)).toEqual([['expired', 0]]);
  });

  it('a GCP key valid until year 9999 never expires', () => {
    expect(factorsOf(ageFactors(cred('gcp:sa-key', { validAfterTime: daysBefore(5), validBeforeTime: '9999-12-31T23:59:59Z' }), AT))).toEqual([['no-expiry', W.noExpiry]]);
  });

  it('nothing is judged without an analysis time, nor for an identity, nor from a type with no dates (negative)', () => {
    expect(ageFactors(cred('aws:iam:access-key', { createDate: daysBefore(400) }), undefined)).toEqual({ factors: [] });
    expect(ageFactors({ ...cred('aws:iam:role', { createDate: daysBefore(400) }), kind: 'Identity' }, AT)).toEqual({ factors: [] });
    expect(ageFactors(cred('github:classic-pat', { owner: 'x' }), AT)).toEqual({ factors: [] });
  });

  it('an expired credential scores none, whatever it would reach', () => {
    const risk = assessRisk({ tierZero: true, tierZeroConditional: false, crownJewels: [], identities: [], active: true, credential: { factors: [{ factor: 'expired', points: 0, detail: 'expired' }], expired: '2026-05-31' } });
    expect([risk.level, risk.score]).toEqual(['none', 0]);
    expect(risk.reasons[0]).toMatch(/expired 2026-05-31: it authenticates nothing/);
  });
});

describe('credential exposure (pure)', () => {
  const finding = (repo?: string) => loc('secrets:finding', { scanner: 'gitleaks', ...(repo ? { repo } : {}) }, `f:${repo}`);

  it('a scanner finding: it has leaked already; in a public repository weighs more', () => {
    expect(factorsOf({ factors: exposureFactors([{ edge: 'EXPOSES', node: finding('acme/app') }]) })).toEqual([['exposure-found-by-scanner', W.foundByScanner]]);
    const open: Exposer[] = [{ edge: 'EXPOSES', node: finding('https://github.com/acme/site.git'), repositoryVisibility: 'public' }];
    const f = exposureFactors(open);
    expect(factorsOf({ factors: f })).toEqual([
      ['exposure-found-by-scanner', W.foundByScanner],
      ['exposure-public-repository', W.publicRepository],
    ]);
    expect(f[1]!.detail).toBe('in public repository acme/site');
  });

  it('a private repository, a CI secret or a vault entry are no exposure factor (negative)', () => {
    expect(factorsOf({ factors: exposureFactors([{ edge: 'EXPOSES', node: finding('acme/app'), repositoryVisibility: 'private' }]) })).toEqual([['exposure-found-by-scanner', W.foundByScanner]]);
    expect(exposureFactors([{ edge: 'EXPOSES', node: loc('github:actions-secret') }, { edge: 'EXPOSES', node: loc('aws:secretsmanager:secret') }])).toEqual([]);
  });

  it('a token anyone can mint is open to anyone; one minted by a named workflow job is not (negative)', () => {
    const anyone: GraphNode = { id: 'github:anyone', kind: 'Identity', provider: 'github', type: 'github:anyone', name: 'anyone with a GitHub account', tags: {}, props: {} };
    const job: GraphNode = { ...anyone, id: 'github:job:acme/app/.github/workflows/d.yml#deploy@ref:refs/heads/main', type: 'github:workflow-job', name: 'deploy' };
    expect(factorsOf({ factors: exposureFactors([{ edge: 'CAN_MINT_TOKEN', node: anyone }]) })).toEqual([['exposure-open-to-anyone', W.openToAnyone]]);
    expect(exposureFactors([{ edge: 'CAN_MINT_TOKEN', node: job }])).toEqual([]);
  });

  it('repository names from scanner URLs', () => {
    expect(repositoryName('https://github.com/acme/infra.git')).toBe('acme/infra');
    expect(repositoryName('acme/infra')).toBe('acme/infra');
  });
});

describe('exposure and age through the engine', () => {
  const KEY = 'AKIAYAAAAAAAAAAAAAAA';
  const exportsOf = (withFinding: boolean) => ({
    'gaad.json': gaad({ users: [user('111111111111', 'ci-deploy', { attached: [ADMIN] })] }),
    'keys.json': accessKeys('ci-deploy', { id: KEY, status: 'Active' }),
    ...(withFinding ? { 'gitleaks.json': [gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' })] } : {}),
  });

  it('a key a scanner found scores the finding; the same key unfound does not (negative)', async () => {
    const found = await new EmbeddedEngine(analyseExports(exportsOf(true)).graph, EMPTY_CONFIG).blast(KEY);
    const unfound = await new EmbeddedEngine(analyseExports(exportsOf(false)).graph, EMPTY_CONFIG).blast(KEY);
    expect(found.risk.factors.map((f) => f.factor)).toContain('exposure-found-by-scanner');
    expect(found.risk.factors.find((f) => f.factor === 'exposure-found-by-scanner')!.detail).toBe('found by gitleaks in 1 place: it has leaked already');
    expect(unfound.risk.factors.map((f) => f.factor)).not.toContain('exposure-found-by-scanner');
  });

  it('the analysis time given to the engine judges age; the weights are published with the result', async () => {
    const graph = analyseExports(exportsOf(false)).graph;
    const key = graph.nodes.find((n) => n.id === `aws:access-key:${KEY}`)!;
    const created = Date.parse(String(key.props.createDate));
    const later = await new EmbeddedEngine(graph, EMPTY_CONFIG, { at: new Date(created + 400 * 86_400_000) }).blast(KEY);
    expect(later.risk.factors.map((f) => f.factor)).toEqual(expect.arrayContaining(['age', 'no-expiry']));
    expect(later.risk.weights).toMatchObject({ veryOld: W.veryOld, foundByScanner: W.foundByScanner });
    const none = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast(KEY);
    expect(none.risk.factors.map((f) => f.factor)).not.toContain('age');
  });

  it('the docs publish every weight', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/reports.md'), 'utf8');
    for (const name of Object.keys(W)) expect(docs, name).toContain(`\`${name}\``);
  });
});

describe('risk factors in every output', () => {
  it('text, Markdown, HTML, SARIF properties and JSON show each factor with its points', async () => {
    const [{ demoEstate }, { blastText }, { blastMarkdown }, { toSarif }, { blastHtml }] = await Promise.all([
      import('./estates.js'),
      import('../../src/report/text.js'),
      import('../../src/report/markdown.js'),
      import('../../src/report/sarif.js'),
      import('../../src/report/html/index.js'),
    ]);
    const { graph, config } = await demoEstate();
    const r = await new EmbeddedEngine(graph, config, { at: new Date('2026-06-01T00:00:00Z') }).blast('AKIABTXV5AHDZRR7VQ35');
    expect(r.risk.factors.map((f) => f.factor)).toEqual(['tier-zero', 'crown-jewels', 'lateral-movement', 'age', 'no-expiry']);
    const line = 'tier-zero +70, crown-jewels +10, lateral-movement +8, age +10, no-expiry +5 = 103, capped at 100';
    expect(blastText(r)).toContain(`risk factors: ${line}`);
    expect(blastMarkdown(r)).toContain(`**Risk factors:** ${line}`);
    // The HTML page shows them in the credential's node panel.
    expect(blastHtml(r)).toContain(`critical 100/100 (${line})`);
    const sarif = toSarif([r], { version: '0' });
    expect(sarif.runs[0]!.results[0]!.properties.riskFactors).toEqual(['tier-zero +70', 'crown-jewels +10', 'lateral-movement +8', 'age +10', 'no-expiry +5']);
    expect(JSON.parse(JSON.stringify(r)).risk.factors[3]).toMatchObject({ factor: 'age', points: 10 });
  });
});
