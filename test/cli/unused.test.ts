import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { treeText } from '../helpers/files.js';

const ESTATE = path.resolve(import.meta.dirname, '../../examples/unused-estate');
const AT = '2025-07-01T00:00:00Z';
/** A secret a careless caller put in a request parameter: CloudTrail keeps request parameters; leakpath must not. */
const SEEDED = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSEEDEDSECRET';

function store(): { store: string; inputs: string } {
  const inputs = tempDir('leakpath-unused-in-');
  cpSync(ESTATE, inputs, { recursive: true });
  const ct = path.join(inputs, '123456789012_CloudTrail_us-east-1_20250403T1000Z_example.json');
  const json = JSON.parse(readFileSync(ct, 'utf8')) as { Records: { requestParameters: unknown }[] };
  json.Records[1]!.requestParameters = { functionName: 'orders', environment: { variables: { AWS_SECRET_ACCESS_KEY: SEEDED } } };
  writeFileSync(ct, JSON.stringify(json));
  const dir = tempDir('leakpath-unused-store-');
  const r = leakpath(['--store', dir, 'ingest', inputs, '--at', AT]);
  expect(r.code, r.stderr).toBe(0);
  return { store: dir, inputs };
}

describe('leakpath unused (CLI)', () => {
  const { store: dir, inputs } = store();

  it('markdown: each identity\'s unused privilege, the paths it alone enables, and a proposal proven safe', () => {
    const r = leakpath(['--store', dir, 'unused', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| ci-deploy | actions | 2025-06-27 | 185 | 3 | 97.8% | 1 (1) | proven safe |');
    expect(r.stdout).toContain('- path → **ops-admin** (tier zero), 1 hop(s): `aws:lambda:CreateFunction+InvokeFunction`');
    expect(r.stdout).toContain('proven safe: 5 used request(s) still allowed; the cut paths are gone on re-analysis; grants nothing new.');
    expect(r.stdout).toContain('Tier zero now; **not** with only the permissions it used.');
    expect(r.stdout).toMatch(/\| AKIAEXAMPLEREPORTSB1 \| .* \| never-used \|/);
    expect(r.stdout + r.stderr).not.toContain(SEEDED);
  });

  it('json, --identity, --window; sarif results for identities and the unused key', () => {
    const json = JSON.parse(leakpath(['--store', dir, 'unused', '--format', 'json', '--identity', 'ci-deploy', '--window', '12w']).stdout) as { window: { days: number }; identities: { name: string; proposal: unknown }[] };
    expect(json.window.days).toBe(84);
    expect(json.identities.map((i) => i.name)).toEqual(['ci-deploy']);
    const sarif = JSON.parse(leakpath(['--store', dir, 'unused', '--format', 'sarif']).stdout) as { runs: { results: { ruleId: string; level: string; partialFingerprints: Record<string, string> }[] }[] };
    const results = sarif.runs[0]!.results;
    expect(results.find((x) => x.partialFingerprints.identity?.endsWith('user/ci-deploy'))!.level).toBe('error');
    expect(results.filter((x) => x.ruleId === 'leakpath/unused-credential').map((x) => x.partialFingerprints.credential)).toEqual(['aws:access-key:AKIAEXAMPLEREPORTSB1']);
  });

  it('report adds the unused share and the credentials never used', () => {
    const md = leakpath(['--store', dir, 'report', '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('## Unused privilege');
    expect(md.stdout).toContain('| ci-deploy | actions | 2025-06-27 | 97.8% |');
    expect(md.stdout).toContain('| AKIAEXAMPLEREPORTSB1 | arn:aws:iam::123456789012:user/reports-bot | never-used |');
    const json = JSON.parse(leakpath(['--store', dir, 'report', '--format', 'json']).stdout) as { unused: { summary: { credentialsNeverUsed: number } } };
    expect(json.unused.summary.credentialsNeverUsed).toBe(1);
  });

  it('bad options and bad input: exit 2, the store untouched, no secret anywhere', () => {
    expect(leakpath(['--store', dir, 'unused', '--window', 'ninety']).stderr).toMatch(/--window expects a number of days/);
    const unknown = leakpath(['--store', dir, 'unused', '--identity', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--identity "nobody" names no principal/);
    const before = treeText(dir);
    const bad = path.join(inputs, 'bad_CloudTrail.json');
    writeFileSync(bad, JSON.stringify({ Records: [{ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventTime: 'later', userIdentity: {} }] }));
    const r = leakpath(['--store', dir, 'ingest', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: at Records[0].eventTime: expected an ISO 8601 time`);
    expect(treeText(dir)).toBe(before);
    expect(before).not.toContain(SEEDED);
  });
});

describe('leakpath unused (CLI): a GCP service account unused in the window', () => {
  const inputs = tempDir('leakpath-unused-gcp-in-');
  cpSync(path.resolve(import.meta.dirname, '../../examples/gcp'), inputs, { recursive: true });
  const sa = '//iam.googleapis.com/projects/dev/serviceAccounts/ci@dev.iam.gserviceaccount.com';
  // The shape of `gcloud policy-intelligence query-activity --activity-type=serviceAccountLastAuthentication --format=json`.
  writeFileSync(path.join(inputs, 'sa-activity.json'), JSON.stringify([{ activityType: 'serviceAccountLastAuthentication', fullResourceName: sa, observationPeriod: { startTime: '2025-06-29T07:00:00Z', endTime: '2025-06-30T07:00:00Z' }, activity: { lastAuthenticatedTime: '2024-12-01T07:00:00Z' } }]));
  const dir = tempDir('leakpath-unused-gcp-store-');
  const ingest = leakpath(['--store', dir, 'ingest', inputs, '--at', AT]);
  const command = "gcloud iam service-accounts remove-iam-policy-binding 100000000000000000001 --project=prod --member='serviceAccount:ci@dev.iam.gserviceaccount.com' --role='roles/iam.serviceAccountTokenCreator'";

  it('markdown, text and json carry the binding to remove, the gcloud command and the re-analysis verdict', () => {
    expect(ingest.code, ingest.stderr).toBe(0);
    const md = leakpath(['--store', dir, 'unused', '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('### Proposed removal');
    expect(md.stdout).toContain(`\`${command}\``);
    expect(md.stdout).toMatch(/\| ci@dev\.iam\.gserviceaccount\.com \|.*\| remove 1, proven \|/);
    const text = leakpath(['--store', dir, 'unused', '--identity', 'gcp:sa:ci@dev.iam.gserviceaccount.com']).stdout;
    expect(text).toContain('proposal: remove what it holds (proven: ');
    expect(text).toContain(command);
    const json = JSON.parse(leakpath(['--store', dir, 'unused', '--format', 'json', '--identity', 'gcp:sa:ci@dev.iam.gserviceaccount.com']).stdout) as { identities: { proposal: { kind: string; remove: { role: string; command: string }[]; verification: object } }[] };
    expect(json.identities[0]!.proposal).toMatchObject({ kind: 'remove-grants', remove: [{ role: 'roles/iam.serviceAccountTokenCreator', command }], verification: { usedKept: true, edgesGone: true, pathsGone: true } });
  });
});
