import { describe, expect, it } from 'vitest';
import { allow, deny, doc, gaad, managed, role, trustAws, trustService, user } from '../helpers/aws-estate.js';
import { analyseExports, hasEdge } from '../helpers/analyse.js';

const A = '111111111111';
const B = '222222222222';
const alice = `arn:aws:iam::${A}:user/alice`;
const target = (acct = A) => `arn:aws:iam::${acct}:role/target`;

function canAssume(files: Record<string, unknown>, source = alice, to = target()) {
  const { graph } = analyseExports(files);
  return hasEdge(graph, 'CAN_ASSUME', source, to);
}

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

  it('wildcard principal admits every caller, who still needs an own Allow', () => {
    const trust = doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' });
    expect(canAssume({ 'a.json': gaad({ users: [user(A, 'alice')], roles: [role(A, 'target', trust)] }) })).toBeUndefined();
    const alice2 = user(A, 'alice', { inline: { p: doc(allow('sts:AssumeRole', '*')) } });
    expect(canAssume({ 'a.json': gaad({ users: [alice2], roles: [role(A, 'target', trust)] }) })).toBeDefined();
  });
});
