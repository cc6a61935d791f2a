import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { analyseUnused } from '../../src/analysis/unused/index.js';
import { grantedOn, withChanges } from '../../src/analysis/unused/gcp-insights.js';
import type { RemovalProposal } from '../../src/analysis/unused/types.js';
import { parseDocuments, readDocuments } from '../../src/ingest/read-inputs.js';

/**
 * GCP proposals from policy insights, binding by binding (Google's role-recommendation semantics),
 * and user-managed keys unused in the window, on the sample organisation (examples/gcp) with
 * activity and insights in the documented shapes.
 */
const AT = new Date('2025-07-01T00:00:00Z');
const GCP = path.resolve(import.meta.dirname, '../../examples/gcp');
const SA = (name: string, project = 'prod') => `${name}@${project}.iam.gserviceaccount.com`;
const saName = (email: string) => `//iam.googleapis.com/projects/${email.split('@')[1]!.split('.')[0]}/serviceAccounts/${email}`;
const period = { startTime: '2024-04-01T07:00:00Z', endTime: '2025-06-30T07:00:00Z' };
const activity = (email: string, when?: string) => ({ activityType: 'serviceAccountLastAuthentication', fullResourceName: saName(email), observationPeriod: period, activity: when ? { lastAuthenticatedTime: when } : {} });
const keyActivity = (email: string, key: string, when?: string) => ({ activityType: 'serviceAccountKeyLastAuthentication', fullResourceName: `${saName(email)}/keys/${key}`, observationPeriod: period, activity: when ? { lastAuthenticatedTime: when } : {} });
const insight = (member: string, role: string, resource: string, exercised: string[], inferred: string[] = []) => ({
  name: `projects/300/locations/global/insightTypes/google.iam.policy.Insight/insights/${role.replace(/\W/g, '')}-${member.length}`,
  content: { role, member, condition: { expression: '', title: '', description: '', location: '' }, exercisedPermissions: exercised.map((permission) => ({ permission })), inferredPermissions: inferred.map((permission) => ({ permission })) },
  lastRefreshTime: '2025-06-30T07:00:00Z',
  observationPeriod: '7776000s',
  stateInfo: { state: 'ACTIVE' },
  category: 'SECURITY',
  targetResources: [resource],
  insightSubtype: 'PERMISSIONS_USAGE',
});
const PROJECT = '//cloudresourcemanager.googleapis.com/projects/300';
const RUNTIME_KEY = 'aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00';
const FRESH_KEY = 'ff11bb22cc33dd44ee55ff66aa77bb88cc99dd00';
const CI_KEY = '8e1f0c4b7a2d9e6f3c5b1a0d8e7f6c5b4a3d2e1f';
const key = (email: string, id: string, created: string) => ({ name: `projects/prod/serviceAccounts/${email}/keys/${id}`, validAfterTime: created, validBeforeTime: '9999-12-31T23:59:59Z', keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'USER_MANAGED' });

async function estate() {
  const docs = await readDocuments([GCP]);
  return parseDocuments([
    ...docs,
    { file: 'more-keys.json', json: [key(SA('runtime'), RUNTIME_KEY, '2024-02-01T00:00:00Z'), key(SA('mailer'), FRESH_KEY, '2025-06-15T00:00:00Z')] },
    { file: 'sa-activity.json', json: [activity(SA('runtime'), '2025-06-30T07:00:00Z'), activity(SA('deployer'), '2025-06-29T07:00:00Z'), activity(SA('ci', 'dev'), '2024-12-01T07:00:00Z'), activity(SA('mailer'), '2025-06-28T07:00:00Z')] },
    // prod's key activity lists the deployer's key only: the runtime's older key was never seen; dev's lists the CI key, last used before the window.
    { file: 'key-activity.json', json: [keyActivity(SA('deployer'), '00000000000000000000000000000000000000aa', '2025-06-01T07:00:00Z'), keyActivity(SA('ci', 'dev'), CI_KEY, '2024-11-02T07:00:00Z')] },
    {
      file: 'insights.json',
      json: {
        insights: [
          // The project as insights name it by id, the policy by number: the same binding.
          insight(`serviceAccount:${SA('runtime')}`, 'roles/owner', '//cloudresourcemanager.googleapis.com/projects/prod', ['storage.objects.get']),
          insight(`serviceAccount:${SA('deployer')}`, 'roles/run.admin', PROJECT, ['run.services.get', 'run.services.list']),
          insight(`serviceAccount:${SA('ci', 'dev')}`, 'roles/iam.serviceAccountTokenCreator', '//iam.googleapis.com/projects/prod/serviceAccounts/100000000000000000001', []),
          // A user's insight, and one about a binding the account does not hold: nothing to do.
          insight('user:alice@example.com', 'roles/owner', PROJECT, []),
          insight(`serviceAccount:${SA('mailer')}`, 'roles/editor', PROJECT, []),
        ],
      },
    },
  ]);
}

describe('GCP policy insights: keep by insight, not by role', async () => {
  const read = await estate();
  const { graph } = analyse(read.inventories, { at: AT });
  const report = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT });
  const finding = (email: string) => report.identities.find((i) => i.id === `gcp:sa:${email}`)!;
  const proposal = (email: string) => {
    const p = finding(email).proposal;
    if (p?.kind !== 'remove-grants') throw new Error(`expected a GCP proposal for ${email}`);
    return p;
  };

  it('owner with one storage permission exercised: the smallest predefined role covering it replaces owner, and the account stops being tier zero', () => {
    const f = finding(SA('runtime'));
    const p = proposal(SA('runtime'));
    expect(p.replace!.map((r) => [r.resource, r.role, r.newRole, r.custom, r.permissions])).toEqual([[PROJECT, 'roles/owner', 'roles/storage.legacyObjectReader', false, ['storage.objects.get']]]);
    expect(p.replace![0]!.commands).toEqual([
      `gcloud projects add-iam-policy-binding 300 --member='serviceAccount:${SA('runtime')}' --role='roles/storage.legacyObjectReader'`,
      `gcloud projects remove-iam-policy-binding 300 --member='serviceAccount:${SA('runtime')}' --role='roles/owner'`,
    ]);
    expect(p.verification).toMatchObject({ usedKept: true, exercisedStillGranted: true, checked: 1, failures: [], pathsGone: true });
    expect(f.unusedEdges.map((e) => e.technique)).toContain('gcp:resourcemanager:projects.setIamPolicy');
    expect(f.cutPaths.some((c) => c.to.id === 'gcp:admin:projects/300' && c.tierZero)).toBe(true);
    expect(f).toMatchObject({ tierZero: true, tierZeroAfter: false });
  });

  it('permissions the shipped role data cannot vouch for: a custom role listing exactly them, created in the project', () => {
    const r = proposal(SA('deployer')).replace![0]!;
    expect(r).toMatchObject({ role: 'roles/run.admin', custom: true, permissions: ['run.services.get', 'run.services.list'] });
    expect(r.newRole).toMatch(/^projects\/prod\/roles\/leakpath_[0-9a-f]{12}$/);
    const id = r.newRole.split('/').pop();
    expect(r.commands[0]).toBe(`gcloud iam roles create ${id} --project=prod --title='least privilege for ${SA('deployer')} (was roles/run.admin)' --permissions=run.services.get,run.services.list --stage=GA`);
    expect(r.commands[1]).toBe(`gcloud projects add-iam-policy-binding 300 --member='serviceAccount:${SA('deployer')}' --role='${r.newRole}'`);
    // Deploying Cloud Run as the runtime account needed run.services.create, which nothing used.
    expect(finding(SA('deployer')).unusedEdges.map((e) => e.technique)).toContain('gcp:run:services.create');
    expect(proposal(SA('deployer')).verification).toMatchObject({ exercisedStillGranted: true, checked: 2 });
  });

  it('an account unused in the window: the binding its insight saw unused is removed, its stale key retired', () => {
    const p = proposal(SA('ci', 'dev'));
    expect(p.remove.map((r) => [r.role, r.command])).toEqual([
      ['roles/iam.serviceAccountTokenCreator', `gcloud iam service-accounts remove-iam-policy-binding 100000000000000000001 --project=prod --member='serviceAccount:${SA('ci', 'dev')}' --role='roles/iam.serviceAccountTokenCreator'`],
    ]);
    expect(p.keys).toEqual([{ id: `gcp:sa-key:${CI_KEY}`, keyId: CI_KEY, serviceAccount: SA('ci', 'dev'), state: 'stale', lastUsed: '2024-11-02T07:00:00.000Z', commands: [`gcloud iam service-accounts keys disable ${CI_KEY} --iam-account=${SA('ci', 'dev')}`, `gcloud iam service-accounts keys delete ${CI_KEY} --iam-account=${SA('ci', 'dev')}`] }]);
    expect(p.verification).toMatchObject({ usedKept: true, edgesGone: true, pathsGone: true, keysGone: true });
  });

  it('a key created before the window that its project\'s key activity never lists is never used; a key created in the window, a disabled key and a used one are not', () => {
    const p = proposal(SA('runtime'));
    expect(p.keys!.map((k) => [k.keyId, k.state])).toEqual([[RUNTIME_KEY, 'never-seen']]);
    const creds = Object.fromEntries(report.credentials.map((c) => [c.id.slice('gcp:sa-key:'.length), c]));
    expect(creds[RUNTIME_KEY]).toMatchObject({ state: 'never-used', commands: [expect.stringContaining(`keys disable ${RUNTIME_KEY}`), expect.stringContaining(`keys delete ${RUNTIME_KEY}`)] });
    expect(creds[FRESH_KEY]).toBeUndefined();
    expect(creds['00000000000000000000000000000000000000aa']).toMatchObject({ state: 'used' });
    expect(creds['00000000000000000000000000000000000000aa']!.commands).toBeUndefined();
    expect(finding(SA('mailer')).proposal).toBeUndefined();
  });

  it('a project whose key activity was not read (refused, or not exported) says nothing about its keys', async () => {
    const docs = await readDocuments([GCP]);
    const noProd = parseDocuments([
      ...docs,
      { file: 'more-keys.json', json: [key(SA('runtime'), RUNTIME_KEY, '2024-02-01T00:00:00Z')] },
      { file: 'key-activity.json', json: [keyActivity(SA('ci', 'dev'), CI_KEY, '2025-06-20T07:00:00Z')] },
    ]);
    const r = await analyseUnused(noProd.inventories, analyse(noProd.inventories, { at: AT }).graph, { crownJewels: [] }, { at: AT });
    expect(r.credentials.map((c) => [c.id, c.state, c.commands])).toEqual([[`gcp:sa-key:${CI_KEY}`, 'used', undefined]]);
  });

  it('no change where the insight names a binding the account does not hold, or a user', () => {
    expect(finding(SA('mailer'))).toMatchObject({ unusedShare: 0, cutPaths: [] });
    expect(report.identities.some((i) => i.id === 'gcp:user:alice@example.com')).toBe(false);
  });

  it('inferred permissions are kept (Google\'s recommendations keep them): nothing exercised but one inferred is a replacement, not a removal', async () => {
    const withInferred = parseDocuments([
      ...(await readDocuments([GCP])),
      { file: 'sa-activity.json', json: [activity(SA('runtime'), '2025-06-30T07:00:00Z')] },
      { file: 'insights.json', json: [insight(`serviceAccount:${SA('runtime')}`, 'roles/owner', PROJECT, [], ['storage.objects.get'])] },
    ]);
    const r = await analyseUnused(withInferred.inventories, analyse(withInferred.inventories, { at: AT }).graph, { crownJewels: [] }, { at: AT });
    const p = r.identities.find((i) => i.id === `gcp:sa:${SA('runtime')}`)!.proposal as RemovalProposal;
    expect(p.remove).toEqual([]);
    expect(p.replace!.map((x) => [x.exercised, x.inferred, x.newRole])).toEqual([[[], ['storage.objects.get'], 'roles/storage.legacyObjectReader']]);
  });

  it('withChanges is pure, and the replaced binding grants what the insight saw used', () => {
    const p = proposal(SA('deployer'));
    const before = JSON.stringify(read.inventories);
    const after = withChanges(read.inventories, p.remove, p.replace!, p.keys ?? []);
    expect(JSON.stringify(read.inventories)).toBe(before);
    expect([...grantedOn(after, PROJECT, `serviceAccount:${SA('deployer')}`, undefined)].sort()).toEqual(['run.services.get', 'run.services.list']);
    expect(grantedOn(read.inventories, PROJECT, `serviceAccount:${SA('deployer')}`, undefined).has('run.services.create')).toBe(true);
  });
});
