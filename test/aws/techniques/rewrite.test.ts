import { describe, expect, it } from 'vitest';
import { ADMIN, allow, doc, gaad, group, managed, role, trustAws, user } from '../../helpers/aws-estate.js';
import { A, ACCOUNT_NODE, analyseEstate, edge, groupArn, policyArn, roleArn, tierZero, userArn } from './estate.js';

const attacker = (statements: object[], opts: object = {}) => user(A, 'attacker', { inline: { p: doc(...statements) }, ...opts });
const files = (parts: { users?: object[]; groups?: object[]; roles?: object[]; policies?: object[] }) => ({ 'gaad.json': gaad(parts) });
const toAdmin = (g: ReturnType<typeof analyseEstate>, technique: string, from = userArn('attacker')) => edge(g, 'CAN_MODIFY_POLICY', from, ACCOUNT_NODE, technique);

describe('aws:iam:PutRolePolicy / AttachRolePolicy on another role', () => {
  const assumable = role(A, 'deployer', trustAws(userArn('attacker')));

  it('with a way to become the role: CAN_MODIFY_POLICY to the account node, the way in as evidence', () => {
    const g = analyseEstate(files({ users: [attacker([allow('iam:PutRolePolicy', roleArn('deployer'))])], roles: [assumable] }));
    const e = toAdmin(g, 'aws:iam:PutRolePolicy');
    expect(e?.evidence.summary).toMatch(/puts an admin inline policy on deployer, and can become it: aws:sts:AssumeRole/);
    expect(e!.evidence.refs.map((r) => r.type)).toEqual(['identity-policy', 'trust-policy']);
    expect(tierZero(g, ACCOUNT_NODE)?.technique).toBe('aws:iam:AccountAdministrator');
  });

  it('without a way to become the role: nothing', () => {
    const unreachable = role(A, 'deployer', trustAws(userArn('someone-else')));
    const g = analyseEstate(files({ users: [attacker([allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy'])])], roles: [unreachable] }));
    expect(g.edges.filter((e) => e.target === ACCOUNT_NODE)).toEqual([]);
    expect(g.edges.filter((e) => e.kind === 'CAN_MODIFY_POLICY')).toEqual([]);
  });

  it('a permissions boundary on the role caps the rewrite unless the attacker can delete it', () => {
    const boundary = managed('b', doc(allow('s3:*')), A);
    const bounded = role(A, 'deployer', trustAws(userArn('attacker')), { boundary: boundary.Arn });
    const capped = analyseEstate(files({ users: [attacker([allow('iam:AttachRolePolicy')])], roles: [bounded], policies: [boundary] }));
    expect(toAdmin(capped, 'aws:iam:AttachRolePolicy')).toBeUndefined();
    const lifted = analyseEstate(files({ users: [attacker([allow(['iam:AttachRolePolicy', 'iam:DeleteRolePermissionsBoundary'])])], roles: [bounded], policies: [boundary] }));
    expect(toAdmin(lifted, 'aws:iam:AttachRolePolicy')).toBeDefined();
  });

  it('AttachRolePolicy limited by iam:PolicyARN to a harmless policy gives nothing', () => {
    const limited = allow('iam:AttachRolePolicy', '*', { Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } });
    const g = analyseEstate(files({ users: [attacker([limited])], roles: [assumable] }));
    expect(toAdmin(g, 'aws:iam:AttachRolePolicy')).toBeUndefined();
  });
});

describe('rewrites of other users and groups', () => {
  it('AttachUserPolicy + CreateAccessKey on the same user compose', () => {
    const g = analyseEstate(files({ users: [attacker([allow(['iam:AttachUserPolicy', 'iam:CreateAccessKey'], userArn('bob'))]), user(A, 'bob')] }));
    expect(toAdmin(g, 'aws:iam:AttachUserPolicy')?.evidence.summary).toMatch(/aws:iam:CreateAccessKey → arn:aws:iam::111111111111:user\/bob/);
    const only = analyseEstate(files({ users: [attacker([allow('iam:AttachUserPolicy', userArn('bob'))]), user(A, 'bob')] }));
    expect(toAdmin(only, 'aws:iam:AttachUserPolicy')).toBeUndefined();
  });

  it('PutGroupPolicy on a group the attacker can join composes; on another group it does not', () => {
    const ops = group(A, 'ops');
    const joinable = analyseEstate(files({ users: [attacker([allow(['iam:PutGroupPolicy', 'iam:AddUserToGroup'], groupArn('ops'))])], groups: [ops] }));
    expect(toAdmin(joinable, 'aws:iam:PutGroupPolicy')).toBeDefined();
    const notJoinable = analyseEstate(files({ users: [attacker([allow('iam:PutGroupPolicy', groupArn('ops'))])], groups: [ops] }));
    expect(toAdmin(notJoinable, 'aws:iam:PutGroupPolicy')).toBeUndefined();
  });
});

describe('aws:iam:CreatePolicyVersion / SetDefaultPolicyVersion', () => {
  it('CreatePolicyVersion of a policy attached to an assumable role composes', () => {
    const pol = managed('deploy', doc(allow('s3:GetObject')), A);
    const deployer = role(A, 'deployer', trustAws(userArn('attacker')), { attached: [pol.Arn] });
    const g = analyseEstate(files({ users: [attacker([allow('iam:CreatePolicyVersion', policyArn('deploy'))])], roles: [deployer], policies: [pol] }));
    expect(toAdmin(g, 'aws:iam:CreatePolicyVersion')?.evidence.summary).toMatch(/writes an admin default version of arn:aws:iam::111111111111:policy\/deploy, attached to .*role\/deployer/);
  });

  it('SetDefaultPolicyVersion on its own policy is tier zero only when an older version grants everything', () => {
    const withAdminV2 = managed('mine', doc(allow('iam:SetDefaultPolicyVersion', policyArn('mine'))), A, [{ id: 'v2', document: doc(allow('*')) }]);
    const g = analyseEstate(files({ users: [user(A, 'attacker', { attached: [withAdminV2.Arn] })], policies: [withAdminV2] }));
    expect(tierZero(g, userArn('attacker'))).toMatchObject({ technique: 'aws:iam:SetDefaultPolicyVersion', conditional: false });

    const harmlessV2 = managed('mine', doc(allow('iam:SetDefaultPolicyVersion', policyArn('mine'))), A, [{ id: 'v2', document: doc(allow('s3:*')) }]);
    const h = analyseEstate(files({ users: [user(A, 'attacker', { attached: [harmlessV2.Arn] })], policies: [harmlessV2] }));
    expect(tierZero(h, userArn('attacker'))).toBeUndefined();
  });

  it('SetDefaultPolicyVersion of a policy on an assumable role composes', () => {
    const pol = managed('deploy', doc(allow('s3:GetObject')), A, [{ id: 'v0', document: doc(allow('*')) }]);
    const deployer = role(A, 'deployer', trustAws(userArn('attacker')), { attached: [pol.Arn] });
    const g = analyseEstate(files({ users: [attacker([allow('iam:SetDefaultPolicyVersion')])], roles: [deployer], policies: [pol] }));
    expect(toAdmin(g, 'aws:iam:SetDefaultPolicyVersion')?.evidence.summary).toMatch(/admin version v0/);
  });

  it('a policy version that only allows everything under a condition does not count', () => {
    const pol = managed('mine', doc(allow('iam:SetDefaultPolicyVersion')), A, [{ id: 'v2', document: doc(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })) }]);
    const g = analyseEstate(files({ users: [user(A, 'attacker', { attached: [pol.Arn] })], policies: [pol] }));
    expect(tierZero(g, userArn('attacker'))).toBeUndefined();
  });
});

describe('admins are not sources', () => {
  it('an admin-equivalent principal gets no technique edges (it already reaches everything)', () => {
    const g = analyseEstate(files({ users: [user(A, 'root-ish', { attached: [ADMIN] }), user(A, 'bob')] }));
    expect(g.edges.filter((e) => e.source === userArn('root-ish'))).toEqual([]);
  });
});

describe('every action on every resource', () => {
  it('Allow NotAction iam:* (PowerUserAccess-like) is not admin-equivalent', () => {
    const power = user(A, 'power', { inline: { p: doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }) } });
    expect(tierZero(analyseEstate(files({ users: [power] })), userArn('power'))).toBeUndefined();
  });

  it('Allow NotAction of an unrelated service still lets the principal write its own policy', () => {
    const broad = user(A, 'broad', { inline: { p: doc({ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }) } });
    expect(tierZero(analyseEstate(files({ users: [broad] })), userArn('broad'))?.technique).toBe('aws:iam:PutUserPolicy');
  });
});
