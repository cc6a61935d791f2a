import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, accessKeys, gaad, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { SEEDS, gitleaks, jwt, leakedSeeds } from './seeds.js';
import { treeText } from '../helpers/files.js';

const A = '111111111111';
const KEY = 'AKIAYAAAAAAAAAAAAAAA';
const TOKEN = jwt({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci:runner', exp: 4102444800 });

function estate(status: 'Active' | 'Inactive'): string {
  const dir = tempDir('leakpath-secrets-');
  const write = (name: string, json: unknown, jsonl = false) =>
    writeFileSync(path.join(dir, name), jsonl ? (json as unknown[]).map((l) => JSON.stringify(l)).join('\n') + '\n' : JSON.stringify(json, null, 1));
  write('gaad.json', gaad({ users: [user(A, 'ci-deploy', { attached: [ADMIN] })] }));
  write('keys.json', accessKeys('ci-deploy', { id: KEY, status }));
  write('gitleaks.json', [
    gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'generic-api-key', Secret: SEEDS.awsSecret, File: 'deploy/.env', StartLine: 4, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: '.github/workflows/ci.yml', StartLine: 9 }),
    gitleaks({ RuleID: 'jwt', Secret: TOKEN, File: 'kubeconfig', StartLine: 5 }),
  ]);
  mkdirSync(path.join(dir, 'th'));
  write('th/trufflehog.jsonl', [
    { SourceMetadata: { Data: { Filesystem: { file: 'notify.py', line: 1 } } }, DetectorName: 'Slack', Verified: false, Raw: SEEDS.slack, Redacted: SEEDS.slack.slice(0, 9) },
    { SourceMetadata: { Data: { Filesystem: { file: 'app.cfg', line: 2 } } }, DetectorName: 'Azure', Verified: false, Raw: SEEDS.entraSecret },
  ], true);
  return dir;
}


const noSecrets = (text: string) => {
  expect(leakedSeeds(text)).toEqual([]);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(TOKEN.split('.')[2]);
};

describe('leakpath ingest → blast --finding / report --findings (built CLI)', () => {
  it('a leaked AWS key reaches tier zero; no secret in the store, any report format or the logs', () => {
    const dir = estate('Active');
    const store = path.join(dir, 'store');
    const ing = leakpath(['--store', store, 'ingest', dir]);
    expect(ing.code, ing.stderr).toBe(0);
    expect(ing.stdout).toContain('secrets: gitleaks JSON report');
    expect(ing.stdout).toContain('secrets: TruffleHog v3 JSON lines');

    const blast = leakpath(['--store', store, 'blast', '--finding', 'deploy/.env:3', '--format', 'json']);
    expect(blast.code, blast.stderr).toBe(0);
    const report = JSON.parse(blast.stdout);
    expect(report.leaked[0].blast).toMatchObject({ credential: { id: `aws:access-key:${KEY}` }, tierZero: true, risk: { level: 'critical' } });
    expect(report.leaked[0].findings[0]).toMatchObject({ scanner: 'gitleaks', file: 'deploy/.env', line: 3, commit: 'c0ffee' });

    const outputs = [ing.stdout, ing.stderr, blast.stdout, blast.stderr];
    for (const format of ['text', 'json', 'markdown']) {
      const r = leakpath(['--store', store, 'report', '--findings', '--all-credentials', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    const text = leakpath(['--store', store, 'report', '--findings']).stdout;
    // Worst first: the admin key before the exposures nobody inventoried.
    expect(text.indexOf(KEY)).toBeLessThan(text.indexOf('GitHub classic-pat token'));
    expect(text).toContain('not in any collected inventory');
    outputs.push(leakpath(['--store', store, 'report']).stdout);
    outputs.push(leakpath(['--store', store, 'blast', '--finding', '.github/workflows/ci.yml:9']).stdout);
    noSecrets(outputs.join('\n'));
    noSecrets(treeText(store));
  }, 300_000);

  it('made-safe twin: the key is Inactive, so the finding is hygiene and --fail-on does not trip', () => {
    const dir = estate('Inactive');
    const store = path.join(dir, 'store');
    expect(leakpath(['--store', store, 'ingest', dir]).code).toBe(0);
    const blast = leakpath(['--store', store, 'blast', '--finding', 'deploy/.env:3', '--fail-on', 'low']);
    expect(blast.code, blast.stderr).toBe(0);
    expect(blast.stdout).toContain('0 leaked credential(s), worst first; 1 hygiene item(s)');
    expect(blast.stdout).toMatch(/Hygiene[\s\S]*AKIAYAAAAAAAAAAAAAAA[\s\S]*inactive/);
  }, 120_000);

  it('pasting a secret as --finding is refused without echoing it', () => {
    const dir = estate('Active');
    const store = path.join(dir, 'store');
    leakpath(['--store', store, 'ingest', dir]);
    const r = leakpath(['--store', store, 'blast', '--finding', SEEDS.githubPat]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no scanner finding matches');
    noSecrets(r.stderr);
  });

  it('a bad report: exit 2, file and record named, store untouched', () => {
    const dir = tempDir('leakpath-secrets-bad-');
    writeFileSync(path.join(dir, 'gl.json'), JSON.stringify([{ ...gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'x', StartLine: 1 }), File: 7 }]));
    const store = path.join(dir, 'store');
    const r = leakpath(['--store', store, 'ingest', path.join(dir, 'gl.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gl\.json: at \[0\]\.File: expected a gitleaks JSON report/);
    noSecrets(r.stderr);
    expect(() => statSync(store)).toThrow();
  });
});
