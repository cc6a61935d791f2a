import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { analyseUnused } from '../../src/analysis/unused/index.js';
import { withRemovals } from '../../src/analysis/unused/grant-removal.js';
import { parseDocuments, readDocuments } from '../../src/ingest/read-inputs.js';

const AT = new Date('2025-07-01T00:00:00Z');
const AZUREHOUND = path.resolve(import.meta.dirname, '../../examples/azure/azurehound.json');
const signIn = (appId: string, when?: string) => ({ appId, id: appId, ...(when ? { lastSignInActivity: { lastSignInDateTime: when, lastSignInRequestId: 'r' } } : {}) });
const credential = (keyId: string, keyType: string, when?: string) => ({ appId: 'cccccccc-0000-4000-8000-000000000001', keyId, keyType, credentialOrigin: 'application', signInActivity: when ? { lastSignInDateTime: when } : null });

describe('Entra sign-in activity against an Entra inventory', async () => {
  const docs = await readDocuments([AZUREHOUND]);
  const read = parseDocuments([
    ...docs,
    {
      file: 'sp-activity.json',
      json: { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities', value: [signIn('cccccccc-0000-4000-8000-000000000002', '2025-01-10T08:00:00Z'), signIn('cccccccc-0000-4000-8000-000000000004', '2025-06-29T08:00:00-8:00'), signIn('cccccccc-0000-4000-8000-000000000014', '2024-11-02T08:00:00Z'), signIn('cccccccc-0000-4000-8000-000000000006', '2024-11-02T08:00:00Z'), signIn('cccccccc-0000-4000-8000-000000000016', '2024-11-02T08:00:00Z'), signIn('cccccccc-0000-4000-8000-000000000012', '2024-11-02T08:00:00Z')] },
    },
    { file: 'cred-activity.json', json: { value: [credential('11111111-0000-4000-8000-000000000001', 'clientSecret'), credential('11111111-0000-4000-8000-000000000012', 'certificate', '2025-06-30T00:00:00Z')] } },
  ]);
  const { graph } = analyse(read.inventories, { at: AT });
  const report = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT });

  it('a service principal unused for 90 days: what removing it cuts, by the what-if on its edges', () => {
    const f = report.identities.find((i) => i.name === 'DIRECTORY-SYNC')!;
    expect(f).toMatchObject({ coverage: 'identity', lastUsed: '2025-01-10T08:00:00.000Z', unusedShare: 1 });
    expect(f.unusedEdges.length).toBeGreaterThan(0);
    expect(f.cutPaths.some((c) => c.tierZero)).toBe(true);
  });

  it('…and the proposal: the app-role grant its edges rest on, with the command, proven by re-analysis without it', () => {
    const f = report.identities.find((i) => i.name === 'DIRECTORY-SYNC')!;
    const p = f.proposal!;
    if (p.kind !== 'remove-grants') throw new Error('expected a removal proposal');
    expect(p.remove.map((r) => [r.type, r.id, r.command])).toEqual([
      ['app-role-assignment', 'grant-sync-rolemgmt', "az rest --method DELETE --url 'https://graph.microsoft.com/v1.0/servicePrincipals/eeeeeeee-0000-4000-8000-000000000002/appRoleAssignments/grant-sync-rolemgmt'"],
    ]);
    expect(p.verification).toEqual({ usedKept: true, edgesGone: true, pathsGone: true, remaining: [] });
    // Independently: the grant gone from a copy of the inventory, the identity has no attack edge left.
    const after = analyse(withRemovals(read.inventories, p.remove), { at: AT }).graph;
    expect(after.edges.filter((e) => e.source === f.id && f.unusedEdges.some((u) => u.id === e.id))).toEqual([]);
    expect(read.inventories.some((i) => i.provider === 'azure' && i.tenants.some((t) => t.appRoleAssignments.some((a) => a.id === 'grant-sync-rolemgmt')))).toBe(true);
  });

  it('an ARM role assignment, a scoped directory role, a PIM eligibility: each removal names the record and how to remove it', () => {
    const removal = (name: string) => {
      const p = report.identities.find((i) => i.name === name)!.proposal!;
      if (p.kind !== 'remove-grants') throw new Error('expected a removal proposal');
      expect(p.verification).toEqual({ usedKept: true, edgesGone: true, pathsGone: true, remaining: [] });
      return p.remove.map((r) => [r.type, r.detail, r.command ?? r.manual]);
    };
    const ra = '/providers/microsoft.management/managementgroups/6c12b0b0-b2cc-4a73-8252-0b94bfca2145/providers/microsoft.authorization/roleassignments/ra-root';
    expect(removal('ROOT-UAA')).toEqual([['arm-role-assignment', expect.stringMatching(/^User Access Administrator .* at scope \/providers\/microsoft\.management/), `az role assignment delete --ids '${ra}'`]]);
    expect(removal('SCOPED-ADMIN')).toEqual([['directory-role-assignment', expect.stringContaining('at directoryScopeId /cccccccc-0000-4000-8000-000000000007'), "az rest --method DELETE --url 'https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments/ra-scoped-aa'"]]);
    expect(removal('ELIGIBLE-PRA')).toEqual([['directory-role-assignment', expect.stringMatching(/\(PIM-eligible\)$/), expect.stringMatching(/^a PIM eligibility/)]]);
  });

  it('a group\'s role assignment and a key-vault access policy are not the identity\'s own: listed as untouched, nothing removed', () => {
    const p = report.identities.find((i) => i.name === 'KV-USER')!.proposal!;
    if (p.kind !== 'remove-grants') throw new Error('expected a removal proposal');
    expect(p.remove).toEqual([]);
    expect(p.untouched.map((u) => [u.technique, u.reason])).toEqual([
      ['azure:keyvault:AccessPolicy', expect.stringContaining('kv-legacy accessPolicies) names no role assignment, grant or binding held by KV-USER itself')],
      ['azure:keyvault:GetSecret', expect.stringContaining('roleassignments/ra-kv; ops-admins) names no role assignment')],
    ]);
  });

  it('a service principal used in the window is not reported unused', () => {
    const f = report.identities.find((i) => i.name === 'OPS-AUTOMATION')!;
    expect(f).toMatchObject({ unusedShare: 0, cutPaths: [], unusedEdges: [] });
    expect(f.proposal).toBeUndefined();
  });

  it('credentials: a client secret never used, a certificate in use, joined by the shared node id', () => {
    expect(report.credentials.map((c) => [c.id, c.state])).toEqual([
      ['azure:certificate:cccccccc-0000-4000-8000-000000000001:11111111-0000-4000-8000-000000000012', 'used'],
      ['azure:secret:cccccccc-0000-4000-8000-000000000001:11111111-0000-4000-8000-000000000001', 'never-used'],
    ]);
  });
});

describe('GCP activity against a Cloud Asset inventory', async () => {
  const GCP = path.resolve(import.meta.dirname, '../../examples/gcp');
  const activity = (type: string, name: string, when?: string) => ({ activityType: type, fullResourceName: name, observationPeriod: { startTime: '2025-06-29T07:00:00Z', endTime: '2025-06-30T07:00:00Z' }, activity: when ? { lastAuthenticatedTime: when } : {} });
  const sa = (email: string) => `//iam.googleapis.com/projects/${email.split('@')[1]!.split('.')[0]}/serviceAccounts/${email}`;
  const docs = await readDocuments([GCP]);
  const read = parseDocuments([
    ...docs,
    {
      file: 'sa-activity.json',
      json: [activity('serviceAccountLastAuthentication', sa('ci@dev.iam.gserviceaccount.com'), '2024-12-01T07:00:00Z'), activity('serviceAccountLastAuthentication', sa('deployer@prod.iam.gserviceaccount.com'), '2025-06-30T07:00:00Z')],
    },
    { file: 'key-activity.json', json: [activity('serviceAccountKeyLastAuthentication', `${sa('ci@dev.iam.gserviceaccount.com')}/keys/8e1f0c4b7a2d9e6f3c5b1a0d8e7f6c5b4a3d2e1f`)] },
  ]);
  const { graph } = analyse(read.inventories, { at: AT });
  const report = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT });

  it('last authentication per service account: unused for 90 days, or in use', () => {
    const ci = report.identities.find((i) => i.id === 'gcp:sa:ci@dev.iam.gserviceaccount.com')!;
    expect(ci).toMatchObject({ coverage: 'identity', unusedShare: 1, lastUsed: '2024-12-01T07:00:00.000Z' });
    expect(report.identities.find((i) => i.id === 'gcp:sa:deployer@prod.iam.gserviceaccount.com')).toMatchObject({ unusedShare: 0, cutPaths: [] });
    expect(report.identities.find((i) => i.id === 'gcp:sa:deployer@prod.iam.gserviceaccount.com')!.proposal).toBeUndefined();
  });

  it('an unused service account: the IAM binding its edges rest on, with the gcloud command, proven by re-analysis', () => {
    const p = report.identities.find((i) => i.id === 'gcp:sa:ci@dev.iam.gserviceaccount.com')!.proposal!;
    if (p.kind !== 'remove-grants') throw new Error('expected a removal proposal');
    expect(p.remove.map((r) => [r.resource, r.role, r.member, r.command])).toEqual([
      [
        '//iam.googleapis.com/projects/prod/serviceAccounts/100000000000000000001',
        'roles/iam.serviceAccountTokenCreator',
        'serviceAccount:ci@dev.iam.gserviceaccount.com',
        "gcloud iam service-accounts remove-iam-policy-binding 100000000000000000001 --project=prod --member='serviceAccount:ci@dev.iam.gserviceaccount.com' --role='roles/iam.serviceAccountTokenCreator'",
      ],
    ]);
    expect(p.keep).toEqual([]);
    expect(p.verification).toMatchObject({ usedKept: true, edgesGone: true, pathsGone: true });
    const after = analyse(withRemovals(read.inventories, p.remove), { at: AT }).graph;
    expect(after.edges.some((e) => e.source === 'gcp:sa:ci@dev.iam.gserviceaccount.com' && e.kind === 'CAN_IMPERSONATE')).toBe(false);
  });

  it('a binding whose permissions policy insights show exercised is kept, and the report says so', async () => {
    // The insight refreshed before a 30-day window: the account is unused in the window, yet it
    // exercised the token-creator role's permissions in the insight's observation period.
    const insight = [{ name: 'projects/1/locations/global/insightTypes/google.iam.policy.Insight/insights/x', insightSubtype: 'PERMISSIONS_USAGE', lastRefreshTime: '2025-05-01T07:00:00Z', observationPeriod: '7776000s', content: { member: 'serviceAccount:ci@dev.iam.gserviceaccount.com', role: 'roles/iam.serviceAccountTokenCreator', exercisedPermissions: [{ permission: 'iam.serviceAccounts.getAccessToken' }], inferredPermissions: [] } }];
    const withInsight = parseDocuments([...docs, { file: 'sa-activity.json', json: [activity('serviceAccountLastAuthentication', sa('ci@dev.iam.gserviceaccount.com'), '2024-12-01T07:00:00Z')] }, { file: 'insights.json', json: insight }]);
    const r = await analyseUnused(withInsight.inventories, analyse(withInsight.inventories, { at: AT }).graph, { crownJewels: [] }, { at: AT, windowDays: 30 });
    const p = r.identities.find((i) => i.id === 'gcp:sa:ci@dev.iam.gserviceaccount.com')!.proposal!;
    if (p.kind !== 'remove-grants') throw new Error('expected a removal proposal');
    expect(p.remove).toEqual([]);
    expect(p.keep.map((k) => [k.role, k.reason])).toEqual([['roles/iam.serviceAccountTokenCreator', expect.stringMatching(/exercised permissions of roles\/iam\.serviceAccountTokenCreator \(iam\.serviceAccounts\.getAccessToken\)/)]]);
    // Kept, so every path it carried stays, and the verdict says so rather than claiming a cut.
    expect(p.verification).toMatchObject({ usedKept: true, edgesGone: true, pathsGone: false });
    expect(p.verification.remaining).toContain('gcp:admin:projects/300');
  });

  it('a key with no authentication in the tracking period is never used', () => {
    expect(report.credentials.map((c) => [c.id, c.state])).toEqual([['gcp:sa-key:8e1f0c4b7a2d9e6f3c5b1a0d8e7f6c5b4a3d2e1f', 'never-used']]);
  });
});
