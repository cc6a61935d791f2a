import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, accessKeys, gaad, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { treeText } from '../helpers/files.js';
import { SEEDS, gitleaks, leakedSeeds } from './seeds.js';

/** `report --findings <report>`: a scanner report read directly against the snapshot, nothing stored. */
const A = '111111111111';
const KEY = 'AKIAYAAAAAAAAAAAAAAA';

function store(): { dir: string; store: string } {
  const dir = tempDir('leakpath-findings-file-');
  writeFileSync(path.join(dir, 'gaad.json'), JSON.stringify(gaad({ users: [user(A, 'ci-deploy', { attached: [ADMIN] })] })));
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(accessKeys('ci-deploy', { id: KEY, status: 'Active' })));
  const s = path.join(dir, 'store');
  const r = leakpath(['--store', s, 'ingest', path.join(dir, 'gaad.json'), path.join(dir, 'keys.json')]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { dir, store: s };
}

describe('report --findings <report file>', () => {
  it('positive: a gitleaks report never ingested ranks the AWS key it exposes; the store is untouched and no secret is printed', () => {
    const { dir, store: s } = store();
    const file = path.join(dir, 'gitleaks.json');
    writeFileSync(file, JSON.stringify([gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' }), gitleaks({ RuleID: 'generic-api-key', Secret: SEEDS.awsSecret, File: 'deploy/.env', StartLine: 4, Commit: 'c0ffee' })]));
    const before = treeText(s);
    const r = leakpath(['--store', s, 'report', '--findings', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.leaked[0].blast).toMatchObject({ credential: { id: `aws:access-key:${KEY}` }, tierZero: true });
    expect(out.leaked[0].findings[0]).toMatchObject({ scanner: 'gitleaks', file: 'deploy/.env', line: 3 });
    expect(treeText(s)).toBe(before);
    expect(leakedSeeds(r.stdout + r.stderr)).toEqual([]);
    // Without the file: the snapshot has no findings.
    expect(leakpath(['--store', s, 'report', '--findings']).code).toBe(2);
  });

  it('negative: a report whose finding matches nothing inventoried is exposure with unknown reach, not a path to the admin', () => {
    const { dir, store: s } = store();
    const file = path.join(dir, 'gitleaks.json');
    writeFileSync(file, JSON.stringify([gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'ci.yml', StartLine: 9 })]));
    const r = leakpath(['--store', s, 'report', '--findings', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.leaked).toHaveLength(1);
    expect(out.leaked[0]).toMatchObject({ inventoried: false, blast: { tierZero: false } });
    expect(leakedSeeds(r.stdout + r.stderr)).toEqual([]);
  });

  it('judges the leaked key as of the snapshot\'s analysis time, as blast --finding does after an ingest of the same report', () => {
    const { dir, store: s } = store();
    const file = path.join(dir, 'gitleaks.json');
    writeFileSync(file, JSON.stringify([gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3 })]));
    const direct = leakpath(['--store', s, 'report', '--findings', file, '--format', 'json']);
    expect(direct.code, direct.stderr).toBe(0);
    const factors = (out: string) => (JSON.parse(out).leaked[0].blast.risk.factors as { factor: string }[]).map((f) => f.factor).sort();
    // An access key never expires and this one was created in 2024: both are part of its risk.
    expect(factors(direct.stdout)).toEqual(expect.arrayContaining(['age', 'no-expiry']));
    const ingested = leakpath(['--store', s, 'ingest', path.join(dir, 'gaad.json'), path.join(dir, 'keys.json'), file]);
    expect(ingested.code, ingested.stderr).toBe(0);
    const viaStore = leakpath(['--store', s, 'blast', '--finding', 'deploy/.env:3', '--format', 'json']);
    expect(viaStore.code, viaStore.stderr).toBe(0);
    expect(factors(direct.stdout)).toEqual((JSON.parse(viaStore.stdout).leaked[0].blast.risk.factors as { factor: string }[]).map((f) => f.factor).sort());
  });

  it('bad input: a malformed report, or a file that is not a scanner report (exit 2, file named, store untouched)', () => {
    const { dir, store: s } = store();
    const before = treeText(s);
    const bad = path.join(dir, 'gl.json');
    writeFileSync(bad, JSON.stringify([{ ...gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'x', StartLine: 1 }), File: 7 }]));
    const r = leakpath(['--store', s, 'report', '--findings', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gl\.json: at \[0\]\.File: expected a gitleaks JSON report/);
    expect(leakedSeeds(r.stderr)).toEqual([]);
    const notReport = leakpath(['--store', s, 'report', '--findings', path.join(dir, 'gaad.json')]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain('expected a secret-scanner report');
    expect(treeText(s)).toBe(before);
  });
});
