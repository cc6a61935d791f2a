/**
 * `leakpath unused` over a hub-folded graph (src/model/hubs.ts) must say what it says over the
 * unfolded one: an identity whose grant is folded loses one edge per target the hub stands for
 * (never an edge to the hub), and the paths resting on it are the same. Estates: an AWS account
 * whose roles trust the whole account (assume-role hub), a GCP project-wide Token Creator
 * (binding hub), an Azure group's Contributor over VM identities (role-assignment hub); and, as
 * the negatives, the same estates with no hub.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { analyseUnused, type UnusedReport } from '../../src/analysis/unused/index.js';
import { isHub, isHubId } from '../../src/model/hubs.js';
import { allow, doc, gaad, role, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { refsAsSets } from '../helpers/hub-equality.js';
import { email, hierarchy, key, policy, PROD, sa, serviceAccount } from '../gcp/fixtures/cai.js';
import * as H from '../azure/fixtures/azurehound.js';

const AT = new Date('2025-07-01T00:00:00Z');
const A = '123456789012';
const arn = (kind: string, name: string) => `arn:aws:iam::${A}:${kind}/${name}`;
const days = (n: number) => new Date(AT.getTime() - n * 86400_000).toISOString();

async function reports(files: Record<string, unknown>, hubType: string | undefined) {
  const read = readInputsFromJson(files);
  const folded = analyse(read.inventories, { at: AT }).graph;
  const unfolded = analyse(read.inventories, { at: AT, fold: false }).graph;
  // The test is only worth something if the estate folds (or, for the negative, does not).
  if (hubType) expect(folded.nodes.some((n) => n.type === hubType)).toBe(true);
  else expect(folded.nodes.some(isHub)).toBe(false);
  const config = { crownJewels: [] };
  return {
    folded: await analyseUnused(read.inventories, folded, config, { at: AT }),
    unfolded: await analyseUnused(read.inventories, unfolded, config, { at: AT }),
  };
}

const noHub = (r: UnusedReport) => {
  for (const i of r.identities) {
    for (const e of i.unusedEdges) expect(isHubId(e.to), `${i.name} → ${e.to}`).toBe(false);
    for (const c of i.cutPaths) expect(isHubId(c.to.id)).toBe(false);
  }
};

// --- AWS: four roles trusting the whole account (the first may administer IAM, so holds no sts:AssumeRole
// itself), three callers with sts:AssumeRole on * -------------------------------------------------

const ROLES = ['app-0', 'app-1', 'app-2', 'app-3'];
const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
const awsEstate = (callers: string[]) => ({
  'gaad.json': gaad({
    users: callers.map((n) => user(A, n, { inline: { assume: doc(allow('sts:AssumeRole', '*')), data: doc(allow('s3:GetObject', 'arn:aws:s3:::bkt/*')) } })),
    roles: ROLES.map((n, i) => role(A, n, trustAccount, i === 0 ? { inline: { iam: doc(allow('iam:*')) } } : {})),
  }),
  // ci-0 read the bucket in the window and never assumed a role; the first record dates the trail before the window.
  'ct.json': {
    Records: [days(95), days(10)].map((eventTime) => ({
      eventTime,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'us-east-1',
      recipientAccountId: A,
      userIdentity: { type: 'IAMUser', arn: arn('user', 'ci-0'), accountId: A, userName: 'ci-0' },
      resources: [{ ARN: 'arn:aws:s3:::bkt/x' }],
      eventCategory: 'Data',
      managementEvent: false,
    })),
  },
});

describe('unused over an AWS assume-role hub', () => {
  it('reports one unused edge per role the hub stands for, and the cut path to the admin role, as the unfolded graph does', async () => {
    const { folded, unfolded } = await reports(awsEstate(['ci-0', 'ci-1', 'ci-2']), 'aws:hub:assume-role');
    const f = folded.identities.find((i) => i.name === 'ci-0')!;
    expect(f.unusedEdges.map((e) => [e.technique, e.to]).sort()).toEqual(ROLES.map((n) => ['aws:sts:AssumeRole', arn('role', n)]));
    expect(f.cutPaths.map((c) => [c.to.id, c.tierZero])).toEqual([[arn('role', 'app-0'), true]]);
    noHub(folded);
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });

  it('negative: one caller alone forms no hub (it would save no edge), and the report is the same as before', async () => {
    const { folded, unfolded } = await reports(awsEstate(['ci-0']), undefined);
    const f = folded.identities.find((i) => i.name === 'ci-0')!;
    expect(f.unusedEdges.map((e) => e.to).sort()).toEqual(ROLES.map((n) => arn('role', n)));
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });
});

// --- GCP: a project-wide Token Creator held by two accounts and a group ----------------------------

const account = (i: number) => email(`sa-${i}`, PROD);
const saName = (address: string) => `//iam.googleapis.com/projects/prod/serviceAccounts/${address}`;
const activity = (address: string, when: string) => ({
  activityType: 'serviceAccountLastAuthentication',
  fullResourceName: saName(address),
  observationPeriod: { startTime: days(2), endTime: days(1) },
  activity: { lastAuthenticatedTime: when },
});
const gcpEstate = (members: string[]) => ({
  'export.json': [
    ...hierarchy(),
    ...[0, 1, 3, 4, 6].map((i) => serviceAccount(account(i))),
    key(account(0), 'k0'.padEnd(40, 'a')),
    policy(PROD, [{ role: 'roles/iam.serviceAccountTokenCreator', members }]),
  ],
  // sa-0 last authenticated long before the window; sa-1 yesterday.
  'sa-activity.json': [activity(account(0), days(200)), activity(account(1), days(1))],
});

describe('unused over a GCP binding hub', () => {
  it('an unused member of a folded binding: one unused edge per account, the same cut paths and removal as unfolded', async () => {
    const { folded, unfolded } = await reports(gcpEstate([`serviceAccount:${account(0)}`, `serviceAccount:${account(1)}`, 'group:team@example.com']), 'gcp:hub:binding');
    const f = folded.identities.find((i) => i.id === sa(account(0)))!;
    expect(f.unusedShare).toBe(1);
    expect(f.unusedEdges.map((e) => e.to).sort()).toEqual([1, 3, 4, 6].map((i) => sa(account(i))));
    noHub(folded);
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });

  it('negative: a binding with one member forms no hub, and the report is the same as before', async () => {
    const { folded, unfolded } = await reports(gcpEstate([`serviceAccount:${account(0)}`]), undefined);
    const f = folded.identities.find((i) => i.id === sa(account(0)))!;
    expect(f.unusedEdges.map((e) => e.to).sort()).toEqual([1, 3, 4, 6].map((i) => sa(account(i))));
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });
});

// --- Azure: a group's Contributor on a subscription with four VM identities -----------------------

const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const SUB = '55555555-0000-4000-8000-000000000001';
const guid = (c: number, n: number) => `${c.toString(16).repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Contributor on the subscription, assigned to the group of the three apps' principals or to app-0's alone. */
const azureEstate = (assignee: 'group' | 'app-0') => {
  const r: H.Record_[] = [H.tenant(), H.subscription(SUB, 'sub-0'), H.resourceGroup(SUB, 'rg'), H.group(guid(6, 0), 'workloads')];
  for (let i = 0; i < 3; i++) r.push(H.app({ objectId: guid(10, i), appId: guid(12, i), name: `app-${i}` }), H.sp({ id: guid(14, i), appId: guid(12, i), name: `app-${i}` }));
  for (let i = 0; i < 3; i++) r.push(H.groupMember(guid(6, 0), 'servicePrincipal', guid(14, i)));
  for (let i = 0; i < 4; i++) {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
    r.push(H.sp({ id: guid(13, i), appId: guid(11, i), name: `vm-${i}`, type: 'ManagedIdentity', alternativeNames: ['isExplicit=False', id] }), H.vm(id, `vm-${i}`, guid(13, i)));
  }
  const scope = `/subscriptions/${SUB}`;
  r.push(H.subscriptionRoleAssignments(SUB, H.armRa(`${scope}/providers/Microsoft.Authorization/roleAssignments/ra-1`, CONTRIBUTOR, assignee === 'group' ? guid(6, 0) : guid(14, 0), scope)));
  return {
    'a.json': H.file(r),
    // app-0 last signed in long before the window.
    'sp-activity.json': {
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities',
      value: [{ appId: guid(12, 0), id: guid(12, 0), lastSignInActivity: { lastSignInDateTime: days(200), lastSignInRequestId: 'r' } }],
    },
  };
};

describe('unused over an Azure role-assignment hub', () => {
  const vms = [0, 1, 2, 3].map((i) => `azure:sp:${guid(13, i)}`);

  it('an unused member of a folded group assignment: one unused edge per VM identity, as unfolded', async () => {
    const { folded, unfolded } = await reports(azureEstate('group'), 'azure:hub:role-assignment');
    const f = folded.identities.find((i) => i.id === `azure:sp:${guid(14, 0)}`)!;
    expect(f.unusedShare).toBe(1);
    expect(f.unusedEdges.map((e) => e.to)).toEqual(expect.arrayContaining(vms));
    noHub(folded);
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });

  it('negative: an assignment to one principal forms no hub, and the report is the same as before', async () => {
    const { folded, unfolded } = await reports(azureEstate('app-0'), undefined);
    const f = folded.identities.find((i) => i.id === `azure:sp:${guid(14, 0)}`)!;
    expect(f.unusedEdges.map((e) => e.to)).toEqual(expect.arrayContaining(vms));
    expect(refsAsSets(folded)).toEqual(refsAsSets(unfolded));
  });
});
