import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { analyseUnused } from '../../src/analysis/unused/index.js';
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
      json: { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities', value: [signIn('cccccccc-0000-4000-8000-000000000002', '2025-01-10T08:00:00Z'), signIn('cccccccc-0000-4000-8000-000000000004', '2025-06-29T08:00:00-8:00')] },
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
    expect(f.proposal).toBeUndefined();
  });

  it('a service principal used in the window is not reported unused', () => {
    const f = report.identities.find((i) => i.name === 'OPS-AUTOMATION')!;
    expect(f).toMatchObject({ unusedShare: 0, cutPaths: [], unusedEdges: [] });
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
  });

  it('a key with no authentication in the tracking period is never used', () => {
    expect(report.credentials.map((c) => [c.id, c.state])).toEqual([['gcp:sa-key:8e1f0c4b7a2d9e6f3c5b1a0d8e7f6c5b4a3d2e1f', 'never-used']]);
  });
});
