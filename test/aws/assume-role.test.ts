import { describe, expect, it } from 'vitest';
import { allow, deny, doc, gaad, managed, role, trustAws, trustService, user } from '../helpers/aws-estate.js';
import { analyseExports, hasEdge, node } from '../helpers/analyse.js';
import { analyseEstate } from './techniques/estate.js';
import type { AwsInventory } from '../../src/model/inventory/index.js';

const A = '111111111111';
const B = '222222222222';
const alice = `arn:aws:iam::${A}:user/alice`;
const target = (acct = A) => `arn:aws:iam::${acct}:role/target`;

function canAssume(files: Record<string, unknown>, source = alice, to = target()) {
  const { graph } = analyseExports(files);
  return hasEdge(graph, 'CAN_ASSUME', source, to);
}

describe('CAN_ASSUME from a role whose session a trust names (assumed-role/ROLE/SESSION)', () => {
  // The shape of the 40 trusts in Cloudsplaining's example (test/fixtures/aws/real/cloudsplaining).
  const sessionTrust = (session = 'release', roleName = 'deployer') => trustAws(`arn:aws:sts::${A}:assumed-role/${roleName}/${session}`);
  const deployerRole = (trust: object) => role(A, 'deployer', trust, { path: '/ci/' });

  it('a role only sts:AssumeRole enters: its holder chose the session name, the edge is certain and says which name', () => {
    const { graph } = analyseExports({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [deployerRole(trustAws(alice)), role(A, 'target', sessionTrust())] }) });
    const edge = hasEdge(graph, 'CAN_ASSUME', `arn:aws:iam::${A}:role/ci/deployer`, target());
    expect(edge).toMatchObject({ conditional: false });
    expect(edge!.evidence.summary).toContain('RoleSessionName "release"');
    expect(edge!.evidence.refs[0]!.detail).toMatch(/names session "release" of .*deployer: whoever assumes it with sts:AssumeRole chooses that RoleSessionName/);
    expect(hasEdge(graph, 'CAN_ASSUME', alice, `arn:aws:iam::${A}:role/ci/deployer`)).toBeDefined();
  });

  it('a role that a service (or an identity provider) also enters: conditional on the session name', () => {
    const both = doc({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const { graph } = analyseExports({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [deployerRole(both), role(A, 'target', sessionTrust())] }) });
    const edge = hasEdge(graph, 'CAN_ASSUME', `arn:aws:iam::${A}:role/ci/deployer`, target());
    expect(edge).toMatchObject({ conditional: true });
    expect(edge!.conditions).toMatch(/session of role deployer is named "release"/);
  });

  it('a session of another role, or a role missing from the inventory, gives no edge', () => {
    const { graph } = analyseExports({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [deployerRole(trustAws(alice)), role(A, 'target', sessionTrust('release', 'builder'))] }) });
    expect(graph.edges.filter((e) => e.kind === 'CAN_ASSUME' && e.target === target())).toEqual([]);
  });

  it('ArnLike aws:PrincipalArn on assumed-role/ROLE/* matches no session (AWS puts the role ARN there): no edge, and a warning', () => {
    const trust = trustAws(`arn:aws:iam::${A}:root`, { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:sts::${A}:assumed-role/deployer/*` } } });
    const withAllow = deployerRole(trustAws(alice));
    const files = { 'a.json': gaad({ users: [user(A, 'alice')], roles: [{ ...withAllow, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc(allow('sts:AssumeRole')) }] }, role(A, 'target', trust)] }) };
    const { graph, warnings } = analyseExports(files);
    expect(hasEdge(graph, 'CAN_ASSUME', `arn:aws:iam::${A}:role/ci/deployer`, target())).toBeUndefined();
    expect(warnings).toContainEqual(expect.stringMatching(/role\/target trust statement #0 tests ArnLike aws:PrincipalArn against role-session ARNs .*match no caller/));
    // The role ARN in the same condition works.
    const byRole = trustAws(`arn:aws:iam::${A}:root`, { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/ci/deployer` } } });
    const ok = analyseExports({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [{ ...withAllow, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc(allow('sts:AssumeRole')) }] }, role(A, 'target', byRole)] }) });
    expect(hasEdge(ok.graph, 'CAN_ASSUME', `arn:aws:iam::${A}:role/ci/deployer`, target())).toMatchObject({ conditional: false });
  });
});

describe('CAN_ASSUME (aws:sts:AssumeRole)', () => {
  it('same account: a trust naming the caller ARN suffices without an identity Allow', () => {
    const edge = canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trustAws(alice))] }) });
    expect(edge).toBeDefined();
    expect(edge!.technique).toBe('aws:sts:AssumeRole');
    expect(edge!.conditional).toBe(false);
    expect(edge!.evidence.refs[0]).toMatchObject({ type: 'trust-policy', source: `${target()} trust policy`, statement: '#0' });
  });

  it('same account: a trust naming the account root needs the caller\'s own Allow', () => {
    const trust = trustAws(`arn:aws:iam::${A}:root`);
    expect(canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
    const withAllow = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', target())) } });
    const edge = canAssume({ 'a.json': gaad({ users: [withAllow], roles: [role(A, 'target', trust)] }) });
    expect(edge).toBeDefined();
    expect(edge!.evidence.refs.map((r) => r.type)).toEqual(['trust-policy', 'identity-policy']);
  });

  it('the bare account id in a trust is the same as its root', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:*', '*')) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustAws(A))] }) })).toBeDefined();
  });

  it('an explicit Deny in the caller\'s policies wins over a trust naming it', () => {
    const denied = user(A, 'alice', { inline: { p: doc(deny('sts:AssumeRole', target())) } });
    expect(canAssume({ 'a.json': gaad({ users: [denied], roles: [role(A, 'target', trustAws(alice))] }) })).toBeUndefined();
  });

  it('an explicit Deny in the trust policy wins', () => {
    const trust = doc(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: alice }, Action: 'sts:AssumeRole' },
    );
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', '*')) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
  });

  it('a trust naming someone else gives nothing, even with a broad identity Allow', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', '*')) } });
    const trust = trustAws(`arn:aws:iam::${A}:user/bob`);
    expect(canAssume({ 'a.json': gaad({ users: [alice2, user(A, 'bob')], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
  });

  it('a role trusted only by a service is not assumable by users', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('*', '*')) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustService('lambda.amazonaws.com'))] }) })).toBeUndefined();
  });

  it('cross account: needs the trust to admit the caller AND the caller\'s own Allow', () => {
    const trustA = trustAws(`arn:aws:iam::${A}:root`);
    const files = (alicePolicies: object) => ({
      'a.json': gaad({ users: [user(A, 'alice', alicePolicies)] }),
      'b.json': gaad({ roles: [role(B, 'target', trustA)] }),
    });
    expect(canAssume(files({}), alice, target(B))).toBeUndefined();
    const edge = canAssume(files({ inline: { p: doc(allow('sts:AssumeRole', target(B))) } }), alice, target(B));
    expect(edge).toBeDefined();
    expect(edge!.evidence.summary).toMatch(/^cross-account/);
  });

  it('cross account: a trust naming the caller ARN still needs the caller\'s own Allow', () => {
    const files = {
      'a.json': gaad({ users: [user(A, 'alice')] }),
      'b.json': gaad({ roles: [role(B, 'target', trustAws(alice))] }),
    };
    expect(canAssume(files, alice, target(B))).toBeUndefined();
  });

  it('an identity Allow scoped to another role does not count', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', `arn:aws:iam::${A}:role/other`)) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustAws(A))] }) })).toBeUndefined();
  });

  it('NotAction that excludes sts:AssumeRole does not allow it', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc({ Effect: 'Allow', NotAction: 'sts:*', Resource: '*' }) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustAws(A))] }) })).toBeUndefined();
    const alice3 = user(A, 'alice', { inline: { p: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice3], roles: [role(A, 'target', trustAws(A))] }) })).toBeDefined();
  });

  it('group policies count for their members', () => {
    const files = {
      'a.json': gaad({
        users: [user(A, 'alice', { groups: ['ops'] })],
        groups: [{ Path: '/', GroupName: 'ops', GroupId: 'AGPAOPS', Arn: `arn:aws:iam::${A}:group/ops`, GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: doc(allow('sts:AssumeRole', '*')) }], AttachedManagedPolicies: [] }],
        roles: [role(A, 'target', trustAws(A))],
      }),
    };
    const edge = canAssume(files);
    expect(edge?.evidence.refs[1]?.source).toBe(`arn:aws:iam::${A}:group/ops inline policy g`);
  });

  it('a permissions boundary that does not allow sts:AssumeRole removes the edge', () => {
    const boundary = managed('boundary', doc(allow('s3:*')), A);
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', '*')) }, boundary: boundary.Arn });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustAws(A))], policies: [boundary] }) })).toBeUndefined();
  });

  it('an MFA-gated trust is never met by a leaked long-term key', () => {
    const trust = trustAws(alice, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    expect(canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
  });

  it('a deny on "MFA false" does not stop a long-term key, whose MFA key is absent', () => {
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', '*'), deny('sts:AssumeRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trustAws(A))] }) })).toBeDefined();
  });

  it('a condition the data cannot settle keeps the edge, marked conditional with its text', () => {
    const trust = trustAws(alice, { Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } });
    const edge = canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trust)] }) });
    expect(edge?.conditional).toBe(true);
    expect(edge?.conditions).toContain('sts:ExternalId');
  });

  it('a principal-tag condition is settled from the exported tags', () => {
    const trust = trustAws(`arn:aws:iam::${A}:root`, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } });
    const mk = (tags: Record<string, string>) => ({
      'a.json': gaad({ users: [user(A, 'alice', { tags, inline: { p: doc(allow('sts:AssumeRole', '*')) } })], roles: [role(A, 'target', trust)] }),
    });
    expect(canAssume(mk({ team: 'ops' }))?.conditional).toBe(false);
    expect(canAssume(mk({ team: 'dev' }))).toBeUndefined();
    expect(canAssume(mk({}))).toBeUndefined();
  });

  it('an account outside the inventory named in a trust gets an edge with the assumption stated', () => {
    const { graph } = analyseExports({ 'a.json': gaad({ roles: [role(A, 'target', trustAws('arn:aws:iam::999999999999:root'))] }) });
    const edge = hasEdge(graph, 'CAN_ASSUME', 'arn:aws:iam::999999999999:root', target());
    expect(edge?.evidence.assumptions?.[0]).toMatch(/outside the inventory/);
  });

  // AWS (and iam-simulate) read `Principal: "*"` as naming the caller itself: in the same account
  // it grants on its own, like a trust naming the caller's ARN; across accounts the caller still
  // needs its own Allow.
  it('wildcard principal names every caller: same account needs no own Allow, another account does', () => {
    for (const principal of ['*', { AWS: '*' }]) {
      const trust = doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
      const edge = canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trust)] }) });
      expect(edge).toMatchObject({ conditional: false, evidence: { summary: 'the trust policy admits every AWS principal' } });
      expect(edge!.evidence.refs).toEqual([{ type: 'trust-policy', source: `${target()} trust policy`, statement: '#0', detail: 'admits every principal ("*")' }]);
      const denied = user(A, 'alice', { inline: { p: doc(deny('sts:AssumeRole', '*')) } });
      expect(canAssume({ 'a.json': gaad({ users: [denied], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
      const cross = (policies: object) => ({ 'a.json': gaad({ users: [user(A, 'alice', policies)] }), 'b.json': gaad({ roles: [role(B, 'target', trust)] }) });
      expect(canAssume(cross({}), alice, target(B))).toBeUndefined();
      expect(canAssume(cross({ inline: { p: doc(allow('sts:AssumeRole', '*')) } }), alice, target(B))?.evidence.summary).toBe(
        "cross-account: the trust policy admits every AWS principal and the caller's own policies allow sts:AssumeRole",
      );
    }
  });

  it('an Allow with NotPrincipal names everyone it does not list', () => {
    const trust = doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'sts:AssumeRole' });
    const files = { 'a.json': gaad({ users: [user(A, 'alice'), user(A, 'bob')], roles: [role(A, 'target', trust)] }) };
    expect(canAssume(files)?.evidence.refs[0]?.detail).toBe('admits every principal that NotPrincipal does not list');
    expect(canAssume(files, `arn:aws:iam::${A}:user/bob`)).toBeUndefined();
  });
});

describe('CAN_ASSUME: organization policies and boundaries cap trusts naming the caller', () => {
  const MGMT = '999999999999';
  const scp = (name: string, document: object, targets: string[]) => ({
    id: `p-${name}`,
    arn: `arn:aws:organizations::${MGMT}:policy/o-abc/service_control_policy/p-${name}`,
    name,
    type: 'SERVICE_CONTROL_POLICY' as const,
    document: document as never,
    targets,
  });
  const full = scp('FullAWSAccess', doc(allow('*')), ['r-root']);
  const withOrg = (...policies: ReturnType<typeof scp>[]) => (inv: AwsInventory) => {
    inv.organization = { id: 'o-abc', managementAccountId: MGMT, parents: { [A]: 'r-root', [MGMT]: 'r-root' }, policies: [full, ...policies] };
  };
  const named = (files: Record<string, unknown>, edit: (inv: AwsInventory) => void, source = alice, to = target()) => hasEdge(analyseEstate(files, { edit }), 'CAN_ASSUME', source, to);
  const aliceFiles = { 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trustAws(alice))] }) };

  it('an SCP that denies sts:AssumeRole removes the edge, though the trust names the caller', () => {
    expect(named(aliceFiles, withOrg())).toBeDefined();
    expect(named(aliceFiles, withOrg(scp('NoAssume', doc(deny('sts:AssumeRole')), [A])))).toBeUndefined();
  });

  it('SCPs that allow nothing of sts remove the edge; SCP Allows are cited when they let it through', () => {
    const s3Only = scp('S3Only', doc(allow('s3:*')), [A]);
    expect(named(aliceFiles, withOrg(s3Only))).toBeUndefined();
    const stsToo = scp('S3AndSts', doc(allow(['s3:*', 'sts:*'])), [A]);
    const edge = named(aliceFiles, withOrg(stsToo));
    expect(edge?.evidence.refs.map((r) => r.type)).toEqual(['trust-policy', 'scp', 'scp']);
  });

  it('SCPs do not apply to the management account, nor to service-linked roles', () => {
    const mgmtAlice = `arn:aws:iam::${MGMT}:user/alice`;
    const noAssume = scp('NoAssume', doc(deny('sts:AssumeRole')), ['r-root']);
    const mgmt = { 'm.json': gaad({ users: [user(MGMT, 'alice')], roles: [role(MGMT, 'target', trustAws(mgmtAlice))] }) };
    expect(named(mgmt, withOrg(noAssume), mgmtAlice, target(MGMT))).toBeDefined();
    const slrArn = `arn:aws:iam::${A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX`;
    const slr = role(A, 'AWSServiceRoleForX', trustService('x.amazonaws.com'), { path: '/aws-service-role/x.amazonaws.com/' });
    const files = { 'a.json': gaad({ users: [user(A, 'alice')], roles: [slr, role(A, 'target', trustAws([slrArn, alice]))] }) };
    expect(named(files, withOrg(noAssume), slrArn)).toBeDefined();
    expect(named(files, withOrg(noAssume), alice)).toBeUndefined();
  });

  it('a role caller named by ARN is still capped by its permissions boundary', () => {
    const runner = `arn:aws:iam::${A}:role/runner`;
    const files = (boundaryDoc: object) => {
      const boundary = managed('edge', boundaryDoc, A);
      return { 'a.json': gaad({ roles: [role(A, 'runner', trustService('ec2.amazonaws.com'), { boundary: boundary.Arn }), role(A, 'target', trustAws(runner))], policies: [boundary] }) };
    };
    expect(canAssume(files(doc(allow('s3:*'))), runner)).toBeUndefined();
    const edge = canAssume(files(doc(allow('sts:AssumeRole'))), runner);
    expect(edge?.evidence.refs.map((r) => r.type)).toEqual(['trust-policy', 'permissions-boundary']);
  });
});

describe('CAN_ASSUME from any AWS account (AssumableByAnyPrincipal)', () => {
  const open = (extra: object = {}) => doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', ...extra });
  const estate = (trust: object) => analyseExports({ 'a.json': gaad({ roles: [role(A, 'target', trust)] }) }).graph;
  const fromAny = (trust: object) => hasEdge(estate(trust), 'CAN_ASSUME', 'aws:any-account', target());

  it('a trust open to every account: an external "any AWS account" node with a CAN_ASSUME edge', () => {
    for (const trust of [open(), doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })]) {
      const graph = estate(trust);
      expect(node(graph, 'aws:any-account')).toMatchObject({ kind: 'Identity', provider: 'aws', type: 'aws:account', props: { external: true } });
      const edge = hasEdge(graph, 'CAN_ASSUME', 'aws:any-account', target());
      expect(edge).toMatchObject({ conditional: false, evidence: { summary: 'cross-account: the trust policy admits every AWS principal' } });
      expect(edge!.evidence.refs).toEqual([{ type: 'trust-policy', source: `${target()} trust policy`, statement: '#0', detail: 'admits every principal ("*")' }]);
      expect(edge!.evidence.assumptions).toEqual(['anyone can open an AWS account and allow itself sts:AssumeRole']);
      expect(hasEdge(graph, 'TRUSTS', target(), 'aws:any-account')).toBeDefined();
    }
  });

  it('a condition pinning the caller\'s organization or account closes it; the node is not built', () => {
    for (const pin of [{ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, { StringEquals: { 'aws:PrincipalAccount': B } }, { StringLike: { 'aws:PrincipalOrgPaths': 'o-abc/*' } }]) {
      const graph = estate(open({ Condition: pin }));
      expect(node(graph, 'aws:any-account')).toBeUndefined();
      expect(graph.edges.filter((e) => e.source === 'aws:any-account' || e.target === 'aws:any-account')).toEqual([]);
    }
    expect(node(estate(trustAws(`arn:aws:iam::${A}:root`)), 'aws:any-account')).toBeUndefined();
  });

  it('a condition the attacker cannot be sure to meet keeps the edge, conditional with its text; MFA it can set up', () => {
    const edge = fromAny(open({ Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } }));
    expect(edge).toMatchObject({ conditional: true, conditions: '{"StringEquals":{"sts:ExternalId":"x-123"}}' });
    expect(fromAny(open({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))?.conditional).toBe(false);
  });

  it('an explicit Deny in the trust, or an RCP keeping sts to the organization, removes it', () => {
    expect(fromAny(doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }))).toBeUndefined();
    const rcp = {
      id: 'p-r',
      arn: 'arn:aws:organizations::999999999999:policy/o-abc/resource_control_policy/p-r',
      name: 'OrgOnly',
      type: 'RESOURCE_CONTROL_POLICY' as const,
      targets: ['r-root'],
      document: doc(deny('sts:AssumeRole', '*', { Principal: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } })) as never,
    };
    const graph = analyseEstate(
      { 'a.json': gaad({ roles: [role(A, 'target', open())] }) },
      { edit: (inv) => (inv.organization = { id: 'o-abc', managementAccountId: '999999999999', parents: { [A]: 'r-root' }, policies: [rcp] }) },
    );
    expect(hasEdge(graph, 'CAN_ASSUME', 'aws:any-account', target())).toBeUndefined();
  });
});
