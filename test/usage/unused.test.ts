import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { principalDecision } from '../../src/analysis/aws/policy/authorize.js';
import { principalIn, withProposal } from '../../src/analysis/unused/aws-apply.js';
import { analyseUnused, type UnusedReport } from '../../src/analysis/unused/index.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { ADMIN, allow, deny, doc, envelope, gaad, role, trustService, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import type { IdentityFinding, PolicyProposal } from '../../src/analysis/unused/types.js';

/** The AWS variant of a finding's proposal (the tests below are about AWS identities). */
const aws = (f: IdentityFinding): PolicyProposal => {
  if (f.proposal?.kind !== 'aws-policy') throw new Error(`${f.name}: no AWS policy proposal`);
  return f.proposal;
};

const AT = new Date('2025-07-01T00:00:00Z');
const A = '123456789012';
const ESTATE = path.resolve(import.meta.dirname, '../../examples/unused-estate');
const arn = (kind: string, name: string) => `arn:aws:iam::${A}:${kind}/${name}`;
const find = (r: UnusedReport, name: string) => r.identities.find((i) => i.name === name)!;

describe('unused privilege on the fixture estate', async () => {
  const read = await readInputs([ESTATE]);
  const { graph } = analyse(read.inventories, { at: AT });
  const report = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT });

  it('ci-deploy: the pass-role path to the admin role rests only on unused permissions; the used deploy stays', () => {
    const f = find(report, 'ci-deploy');
    expect(f.coverage).toBe('actions');
    expect(f.used.actions).toBe(3);
    expect(f.cutPaths.map((c) => [c.to.name, c.tierZero])).toEqual([['ops-admin', true]]);
    expect(f.unusedEdges.map((e) => e.id)).toContain(`CAN_PASS_ROLE_TO|aws:lambda:CreateFunction+InvokeFunction|${arn('user', 'ci-deploy')}|${arn('role', 'ops-admin')}`);
    // Negative: updating the function it deploys is used, so that edge is not claimed.
    expect(f.unusedEdges.some((e) => e.technique === 'aws:lambda:UpdateFunctionCode')).toBe(false);
    expect(f.proposal!.verification).toMatchObject({ usedStillAllowed: true, pathsGone: true, narrowsOnly: true });
  });

  it('the proposal, applied and re-analysed independently, keeps every used request and drops the path', () => {
    const f = find(report, 'ci-deploy');
    const after = withProposal(read.inventories, f.id, aws(f).policy);
    const p = principalIn(after, f.id, AT)!;
    for (const [action, resource] of [
      ['s3:PutObject', 'arn:aws:s3:::example-artifacts/build-188.zip'],
      ['lambda:UpdateFunctionCode', `arn:aws:lambda:us-east-1:${A}:function:orders`],
      ['lambda:GetFunction', `arn:aws:lambda:us-east-1:${A}:function:orders`],
    ]) expect(principalDecision(p, action!, resource!).effect, `${action} ${resource}`).toBe('allow');
    expect(principalDecision(p, 'iam:PassRole', arn('role', 'ops-admin')).effect).not.toBe('allow');
    expect(principalDecision(p, 's3:DeleteBucket', 'arn:aws:s3:::example-artifacts').effect).not.toBe('allow');
    const edges = analyse(after, { at: AT }).graph.edges.filter((e) => e.source === f.id).map((e) => e.technique);
    expect(edges).not.toContain('aws:lambda:CreateFunction+InvokeFunction');
    expect(edges).toContain('aws:lambda:UpdateFunctionCode');
  });

  it('reports-bot owes tier zero to a group permission it has not used since 2024; the proposal leaves the group', () => {
    const f = find(report, 'reports-bot');
    expect(f).toMatchObject({ tierZero: true, tierZeroAfter: false, unusedShare: 0.6 });
    expect(aws(f).leavesGroups).toEqual(['reporting']);
    expect(aws(f).policy.Statement).toEqual([{ Sid: 'UsedS3', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::example-reports', 'arn:aws:s3:::example-reports/*'] }]);
  });

  it('an identity whose only calls CloudTrail cannot see (log delivery) is not called unused', () => {
    const f = find(report, 'orders-fn');
    expect(f.unusedShare).toBe(0);
    expect(f.proposal).toBeUndefined();
  });

  it('legacy-etl, last used in 2024: every permission unused, the proposal allows nothing', () => {
    const f = find(report, 'legacy-etl');
    expect(f.unusedShare).toBe(1);
    expect(aws(f).policy.Statement).toEqual([]);
  });

  it('credentials: the key never used, and the key in use', () => {
    expect(report.credentials.map((c) => [c.name, c.state])).toEqual([
      ['AKIAEXAMPLECIDEPLOY1', 'used'],
      ['AKIAEXAMPLEREPORTSB1', 'never-used'],
    ]);
    expect(report.summary).toMatchObject({ credentialsNeverUsed: 1, unusedTierZero: 2, pathsCut: 1 });
  });

  it('a wider window changes the verdict on legacy-etl only through the data it has', async () => {
    const wide = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT, windowDays: 400, identity: 'legacy-etl', prove: false });
    expect(wide.identities).toHaveLength(1);
    // CloudTrail (from 2025-03-30) saw no call of it: still unused, and the report says the data is shorter than the window.
    expect(wide.identities[0]!.observedFrom).toBe('2025-03-30T09:00:00.000Z');
    expect(wide.warnings[0]).toMatch(/CloudTrail covers only from 2025-03-30/);
  });
});

// --- property: over generated usage, every proposal keeps what was used and nothing else -----------

const FN = `arn:aws:lambda:us-east-1:${A}:function:app`;
const POOL: { action: string; source: string; name: string; resource?: string; data?: boolean }[] = [
  { action: 's3:GetObject', source: 's3', name: 'GetObject', resource: 'arn:aws:s3:::bkt/a/x', data: true },
  { action: 's3:PutObject', source: 's3', name: 'PutObject', resource: 'arn:aws:s3:::bkt/y', data: true },
  { action: 's3:ListBucket', source: 's3', name: 'ListObjects', resource: 'arn:aws:s3:::bkt', data: true },
  { action: 'lambda:UpdateFunctionCode', source: 'lambda', name: 'UpdateFunctionCode20150331v2', resource: FN },
  { action: 'lambda:CreateFunction', source: 'lambda', name: 'CreateFunction20150331', resource: FN },
  { action: 'iam:PassRole', source: 'iam', name: 'PassRole', resource: arn('role', 'admin') },
  { action: 'ec2:DescribeInstances', source: 'ec2', name: 'DescribeInstances' },
  { action: 'dynamodb:DescribeTable', source: 'dynamodb', name: 'DescribeTable', resource: `arn:aws:dynamodb:us-east-1:${A}:table/t1` },
  { action: 'sts:GetCallerIdentity', source: 'sts', name: 'GetCallerIdentity' },
  { action: 's3:DeleteBucket', source: 's3', name: 'DeleteBucket', resource: 'arn:aws:s3:::bkt' },
];

const estate = {
  'gaad.json': gaad({
    users: [
      user(A, 'svc', {
        inline: {
          data: doc(allow('s3:*', ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/*']), deny('s3:DeleteBucket')),
          deploy: doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'lambda:InvokeFunction', 'ec2:Describe*'])),
          tables: doc(allow('dynamodb:Describe*', `arn:aws:dynamodb:us-east-1:${A}:table/t*`, { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })),
        },
      }),
    ],
    roles: [role(A, 'admin', trustService('lambda.amazonaws.com'), { attached: [ADMIN] }), role(A, 'app-fn', trustService('lambda.amazonaws.com'))],
  }),
  'fns.json': envelope('lambda list-functions', { Functions: [{ FunctionName: 'app', FunctionArn: FN, Role: arn('role', 'app-fn') }] }, {}, { account: A, region: 'us-east-1' }),
};

const event = (e: (typeof POOL)[number], time: string) => ({
  eventTime: time,
  eventSource: `${e.source}.amazonaws.com`,
  eventName: e.name,
  awsRegion: 'us-east-1',
  recipientAccountId: A,
  userIdentity: { type: 'IAMUser', arn: arn('user', 'svc'), accountId: A, userName: 'svc' },
  ...(e.resource ? { resources: [{ ARN: e.resource }] } : {}),
  ...(e.data ? { eventCategory: 'Data', managementEvent: false } : {}),
});

describe('proposals over generated usage (property)', () => {
  it('keep every used request allowed, allow no unused management action, and cut the pass-role path exactly when it went unused', async () => {
    const seen = { proposals: 0, pathKept: 0, pathCut: 0 };
    const use = fc.record({ index: fc.nat(POOL.length - 1), inWindow: fc.boolean(), day: fc.integer({ min: 1, max: 80 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(use, { minLength: 1, maxLength: 12 }), async (uses) => {
        const records = uses.map((u) => event(POOL[u.index]!, new Date(AT.getTime() - (u.inWindow ? u.day : 90 + u.day) * 86400_000).toISOString()));
        // One record at the window start, so CloudTrail speaks for the whole window.
        const marker = event(POOL[8]!, new Date(AT.getTime() - 95 * 86400_000).toISOString());
        const read = readInputsFromJson({ ...estate, 'ct.json': { Records: [marker, ...records] } });
        const { graph } = analyse(read.inventories, { at: AT });
        const report = await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT, identity: arn('user', 'svc') });
        const f = report.identities[0]!;
        const usedInWindow = new Set(uses.filter((u) => u.inWindow).map((u) => POOL[u.index]!.action));
        if (!f.proposal) {
          expect(f.unusedShare).toBe(0);
          return;
        }
        seen.proposals++;
        expect(f.proposal.verification).toMatchObject({ usedStillAllowed: true, narrowsOnly: true, pathsGone: true });
        const before = principalIn(read.inventories, f.id, AT)!;
        const after = principalIn(withProposal(read.inventories, f.id, aws(f).policy), f.id, AT)!;
        for (const e of POOL) {
          const resource = e.resource ?? '*';
          const was = principalDecision(before, e.action, resource).effect === 'allow';
          const now = principalDecision(after, e.action, resource).effect === 'allow';
          if (usedInWindow.has(e.action) && was) expect(now, `${e.action} used and allowed before`).toBe(true);
          if (!e.data && !usedInWindow.has(e.action)) expect(now, `${e.action} unused`).toBe(false);
          if (!was) expect(now, `${e.action} not allowed before`).toBe(false);
        }
        const passRoleKept = usedInWindow.has('iam:PassRole') && usedInWindow.has('lambda:CreateFunction');
        expect(f.cutPaths.some((c) => c.to.id === arn('role', 'admin'))).toBe(!passRoleKept);
        seen[passRoleKept ? 'pathKept' : 'pathCut']++;
      }),
      { numRuns: 40, seed: 15 },
    );
    // The generator reached both sides of the path claim.
    expect(seen.proposals).toBeGreaterThan(20);
    expect(seen.pathKept).toBeGreaterThan(0);
    expect(seen.pathCut).toBeGreaterThan(0);
  });
});
