import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { doc, gaad, role } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { hierarchy, serviceAccount, email } from '../gcp/fixtures/cai.js';
import { SEEDS, gitleaks, leakedSeeds } from '../secrets/seeds.js';
import { githubRaw } from './fixtures/org.js';
import { treeText } from '../helpers/files.js';

/**
 * Acceptance: one ingest of a mixed folder (AWS, Azure, GCP, a GitHub replay, a gitleaks report)
 * gives one graph; `blast --finding` reports the path from the leaked GitHub token into AWS with
 * every hop's evidence. Built CLI (`npm run build` first).
 */
const A = '111111111111';
const HOST = 'token.actions.githubusercontent.com';
const ROOT = path.resolve(import.meta.dirname, '../..');

function folder(): string {
  const dir = tempDir('leakpath-mixed-');
  const put = (name: string, json: unknown) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), JSON.stringify(json));
  };
  const trust = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/${HOST}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/*' } } });
  put('aws/gaad.json', gaad({ roles: [role(A, 'gh-deploy', trust, { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] })] }));
  put('aws/oidc.json', { leakpath: 'aws-cli/1', command: 'iam list-open-id-connect-providers', parameters: {}, account: A, output: { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${A}:oidc-provider/${HOST}` }] } });
  mkdirSync(path.join(dir, 'azure'));
  copyFileSync(path.join(ROOT, 'examples/azure/azurehound.json'), path.join(dir, 'azure/azurehound.json'));
  put('gcp/cai.json', [...hierarchy(), serviceAccount(email('deployer'))]);
  put('github/acme.json', githubRaw({ aliceTokenLastEight: SEEDS.githubPat.slice(-8) }));
  put('scans/gitleaks.json', [gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'scripts/release.sh', StartLine: 12, Commit: 'feedbeef' })]);
  return dir;
}


describe('leakpath ingest <mixed folder> → blast --finding', () => {
  it('one graph; the leaked token\'s path into AWS, every hop with evidence; no secret anywhere', () => {
    const dir = folder();
    const store = path.join(dir, '.store');
    const ing = leakpath(['--store', store, 'ingest', path.join(dir, 'aws'), path.join(dir, 'azure'), path.join(dir, 'gcp'), path.join(dir, 'github'), path.join(dir, 'scans')]);
    expect(ing.code, ing.stderr).toBe(0);
    for (const p of ['aws:', 'azure:', 'gcp:', 'github:', 'secrets:']) expect(ing.stdout).toContain(p);
    const r = leakpath(['--store', store, 'blast', '--finding', 'scripts/release.sh:12', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const b = report.leaked[0].blast;
    expect(b.credential.id).toBe('github:credential-authorization:161195');
    expect(b.tierZero).toBe(true);
    const admin = b.crownJewels.find((j: { id: string }) => j.id === `arn:aws:iam::${A}:role/gh-deploy`);
    expect(admin.path.map((s: { technique: string }) => s.technique)).toEqual(['github:credential:ClassicToken', 'github:actions:PushToRunWorkflow', 'github:actions:OidcToken', 'aws:sts:AssumeRoleWithWebIdentity']);
    for (const s of admin.path) expect(s.evidence.refs.length).toBeGreaterThan(0);
    const text = leakpath(['--store', store, 'blast', '--finding', 'scripts/release.sh:12']);
    expect(text.stdout).toContain('AssumeRoleWithWebIdentity');
    const all = [ing.stdout, ing.stderr, r.stdout, r.stderr, text.stdout, text.stderr, treeText(store)].join('\n');
    expect(leakedSeeds(all)).toEqual([]);
  }, 300_000);
});
