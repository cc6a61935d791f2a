import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/ingest.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { SecretsInventory } from '../../src/model/inventory/index.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { SEEDS, gitleaks, jwt, leakedSeeds } from './seeds.js';

const FIX = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => path.join(FIX, name);
const secretsOf = (inventories: { provider: string }[]) => inventories.find((i) => i.provider === 'secrets') as SecretsInventory;


describe('secret-scanner reports, real samples', () => {
  it('gitleaks: the JSON reporter\'s expected output (gitleaks testdata)', async () => {
    const read = await readInputs([fixture('gitleaks-json-simple.json')]);
    expect(read.sources[0]!.format).toBe('secrets: gitleaks JSON report');
    const [f] = secretsOf(read.inventories).findings;
    expect(f).toMatchObject({ scanner: 'gitleaks', fingerprint: 'auth.py:test-rule:1', file: 'auth.py', line: 1, rule: 'test-rule', clue: { type: 'other', label: 'test-rule' } });
    // The all-zero commit of a directory scan is no commit.
    expect(f!.commit).toBeUndefined();
    expect(f!.valueHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(read)).not.toContain('a secret');
    expect(JSON.stringify(read)).not.toContain('line containing secret');
  });

  it('TruffleHog: the README --json example (verified AWS key with account and ARN)', async () => {
    const read = await readInputs([fixture('trufflehog-readme.jsonl')]);
    expect(read.sources[0]!.format).toBe('secrets: TruffleHog v3 JSON lines');
    const [f] = secretsOf(read.inventories).findings;
    expect(f).toMatchObject({
      scanner: 'trufflehog',
      repo: 'trufflesecurity/test_keys',
      file: 'keys',
      line: 4,
      commit: 'fbc14303ffbf8fb1c2c1914e8dda7d0121633aca',
      verified: true,
      validity: 'active',
      clue: { type: 'aws-access-key', accessKeyId: 'AKIAYVP4CIPPERUVIFXG', account: '595918472158', arn: 'arn:aws:iam::595918472158:user/canarytokens.com@@mirux23ppyky6hx3l6vclmhnj' },
    });
  });

  it('detect-secrets: the project\'s own baseline; hashes are re-salted, never kept as given', async () => {
    const read = await readInputs([fixture('detect-secrets-baseline.json')]);
    const inv = secretsOf(read.inventories);
    expect(inv.findings.map((f) => f.fingerprint)).toEqual(['detect_secrets/plugins/twilio.py:17:Twilio API Key', 'docs/audit.md:25:Secret Keyword', 'docs/audit.md:180:JSON Web Token', 'docs/audit.md:183:Secret Keyword']);
    const text = JSON.stringify(read);
    for (const sha1 of ['34c2246140bc39b1fce81d9be2124f713a06bdaf', 'd6b66ddd9ea7dbe760114bfe9a97352a5e139134']) expect(text).not.toContain(sha1);
    // The same secret on lines 180 and 183: one hash.
    expect(inv.findings[2]!.valueHash).toBe(inv.findings[3]!.valueHash);
    expect(inv.findings[1]!.valueHash).not.toBe(inv.findings[2]!.valueHash);
  });

  it('GitHub secret scanning: the REST docs\' org alert list', async () => {
    const read = await readInputs([fixture('github-secret-scanning-alerts.json')]);
    const inv = secretsOf(read.inventories);
    expect(inv.findings.map((f) => [f.fingerprint, f.repo, f.rule, f.validity])).toEqual([
      ['octocat/Hello-World#2', 'octocat/Hello-World', 'adafruit_io_key', 'active'],
      ['octocat/Hello-World#1', 'octocat/Hello-World', 'mailchimp_api_key', 'unknown'],
    ]);
    expect(JSON.stringify(read)).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2');
  });

  it('one salt per ingest: a value found by two scanners hashes alike', () => {
    const ds = JSON.parse(readFileSync(fixture('detect-secrets-aws.json'), 'utf8'));
    const read = readInputsFromJson({
      'ds.json': ds,
      'gl.json': [gitleaks({ RuleID: 'aws-access-token', Secret: 'AKIAIOSFODNN7EXAMPLE', File: 'test_data/each_secret.py', StartLine: 8 })],
    });
    const [a, b] = secretsOf(read.inventories).findings;
    expect(a!.valueHash).toBe(b!.valueHash);
  });
});

describe('what a finding says, never the value', () => {
  const token = jwt({ iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC', sub: 'system:serviceaccount:prod:deployer', aud: ['sts.amazonaws.com'], exp: 4102444800, 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'deployer', uid: 'u-1' } } });
  const report = [
    gitleaks({ RuleID: 'aws-access-token', Secret: 'AKIAYVP4CIPPSEEDKEY7', File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'generic-api-key', Secret: SEEDS.awsSecret, File: 'deploy/.env', StartLine: 4, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'ci.yml', StartLine: 9 }),
    gitleaks({ RuleID: 'azure-ad-client-secret', Secret: SEEDS.entraSecret, File: 'app.config', StartLine: 2 }),
    gitleaks({ RuleID: 'slack-bot-token', Secret: SEEDS.slack, File: 'notify.py', StartLine: 1 }),
    gitleaks({ RuleID: 'jwt', Secret: token, File: 'kubeconfig', StartLine: 7 }),
  ];

  it('classifies by shape and pairs an AWS secret key with the key id in the same file', () => {
    const read = readInputsFromJson({ 'gitleaks.json': report });
    const clues = secretsOf(read.inventories).findings.map((f) => f.clue);
    expect(clues[0]).toEqual({ type: 'aws-access-key', accessKeyId: 'AKIAYVP4CIPPSEEDKEY7', part: 'id+secret' });
    expect(clues[1]).toEqual({ type: 'aws-access-key', accessKeyId: 'AKIAYVP4CIPPSEEDKEY7', part: 'secret' });
    expect(clues[2]).toMatchObject({ type: 'github-token', tokenKind: 'classic-pat', lastEight: SEEDS.githubPat.slice(-8) });
    expect(clues[3]).toEqual({ type: 'azure-client-secret', hint: 'Ab3' });
    expect(clues[4]).toEqual({ type: 'other', label: 'slack-bot-token' });
    expect(clues[5]).toMatchObject({ type: 'oidc-token', issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC', subject: 'system:serviceaccount:prod:deployer', audiences: ['sts.amazonaws.com'], claims: { 'kubernetes.io/serviceaccount/namespace': 'prod' } });
    const text = JSON.stringify(read);
    expect(leakedSeeds(text)).toEqual([]);
    expect(text).not.toContain(token);
    expect(text).not.toContain('SeedSignatureNotReal');
  });

  it('TruffleHog JSON lines: Azure RawV2 gives the app id; GCP ExtraData the key id; values dropped', () => {
    const lines = [
      { SourceMetadata: { Data: { Filesystem: { file: 'app/settings.json', line: 5 } } }, SourceType: 15, DetectorType: 3, DetectorName: 'Azure', DecoderName: 'PLAIN', Verified: false, Raw: SEEDS.entraSecret, RawV2: JSON.stringify({ clientSecret: SEEDS.entraSecret, clientId: '11111111-2222-3333-4444-555555555555', tenantId: '99999999-8888-7777-6666-555555555555' }), Redacted: SEEDS.entraSecret.slice(0, 5) + '...', ExtraData: null, StructuredData: null },
      { SourceMetadata: { Data: { Git: { commit: 'abc', file: 'sa.json', line: 1, repository: 'https://github.com/acme/infra.git' } } }, SourceType: 16, DetectorType: 6, DetectorName: 'GCP', DecoderName: 'PLAIN', Verified: false, Raw: 'deployer@acme-prod.iam.gserviceaccount.com', RawV2: JSON.stringify({ type: 'service_account', project_id: 'acme-prod', private_key_id: 'ABCDEF0123456789abcdef0123456789abcdef01', private_key: SEEDS.gcpPrivateKey, client_email: 'deployer@acme-prod.iam.gserviceaccount.com' }), Redacted: 'deployer@acme-prod.iam.gserviceaccount.com', ExtraData: { project: 'acme-prod', private_key_id: 'abcdef0123456789abcdef0123456789abcdef01' }, StructuredData: null },
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-th-'));
    writeFileSync(path.join(dir, 'th.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return readInputs([dir]).then((read) => {
      const [az, gcp] = secretsOf(read.inventories).findings;
      expect(az!.clue).toEqual({ type: 'azure-client-secret', hint: 'Ab3', appId: '11111111-2222-3333-4444-555555555555', tenantId: '99999999-8888-7777-6666-555555555555' });
      expect(gcp!.clue).toEqual({ type: 'gcp-sa-key', privateKeyId: 'abcdef0123456789abcdef0123456789abcdef01', clientEmail: 'deployer@acme-prod.iam.gserviceaccount.com', projectId: 'acme-prod' });
      expect(gcp!.repo).toBe('acme/infra');
      const text = JSON.stringify(read);
      expect(leakedSeeds(text)).toEqual([]);
      expect(text).not.toContain('MIIseed');
    });
  });
});

describe('bad scanner input', () => {
  it('names file, record and expectation, without echoing the value', () => {
    const bad = [gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'ci.yml', StartLine: 9 }), { ...gitleaks({ RuleID: 'x', Secret: SEEDS.githubPat, File: 'a', StartLine: 1 }), StartLine: 'nine' }];
    const e = inputError({ 'gl.json': bad });
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^gl\.json: at \[1\]\.StartLine: expected a gitleaks JSON report/);
    expect(leakedSeeds(e.message)).toEqual([]);
  });

  it('a broken JSON line names the line and does not quote it; the store stays untouched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-bad-'));
    const ok = JSON.stringify({ SourceMetadata: { Data: { Filesystem: { file: 'a', line: 1 } } }, DetectorName: 'Github', Verified: false, Raw: SEEDS.githubPat });
    writeFileSync(path.join(dir, 'th.jsonl'), `${ok}\n{"DetectorName": "Github", "Raw": "${SEEDS.githubPat}",\n`);
    const store = path.join(dir, 'store');
    const err = await ingest([path.join(dir, 'th.jsonl')], store).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/th\.jsonl: at line 2: expected/);
    expect(leakedSeeds((err as InputError).message)).toEqual([]);
    expect(existsSync(store)).toBe(false);
  });

  it('a TruffleHog result without DetectorName text is refused with its line', () => {
    const e = inputError({ 'th.jsonl': [{ SourceMetadata: null, DetectorName: '', Verified: true, Raw: SEEDS.slack }] });
    expect(e.message).toMatch(/at \[0\]\.DetectorName: expected TruffleHog/);
    expect(leakedSeeds(e.message)).toEqual([]);
  });

  it('a detect-secrets entry without a SHA-1 is refused', () => {
    const e = inputError({ 'b.json': { generated_at: 'x', plugins_used: [], results: { 'a.py': [{ type: 'Secret Keyword', hashed_secret: SEEDS.slack, line_number: 1 }] } } });
    expect(e.message).toMatch(/at results\.a\.py\[0\]\.hashed_secret: expected a detect-secrets baseline/);
    expect(leakedSeeds(e.message)).toEqual([]);
  });

  it('every fixture still parses (kept as real data)', async () => {
    const read = await readInputs(readdirSync(FIX).filter((f) => f !== 'README.md').map(fixture));
    expect(read.sources).toHaveLength(5);
  });
});
