import { describe, expect, it } from 'vitest';
import { ADMIN, accessKeys, allow, deny, doc, gaad, group, managed, role, trustAws, trustService, user } from '../../helpers/aws-estate.js';
import { A, analyseEstate, edge, groupArn, roleArn, tierZero, userArn } from './estate.js';

const attacker = (statements: object[], opts: object = {}) => user(A, 'attacker', { inline: { p: doc(...statements) }, ...opts });
const admin = user(A, 'admin', { attached: [ADMIN] });
const estate = (attackerUser: object, extra: { users?: object[]; groups?: object[]; roles?: object[]; policies?: object[] } = {}, more: Record<string, unknown> = {}) => ({
  'gaad.json': gaad({ users: [attackerUser, admin, ...(extra.users ?? [])], groups: extra.groups, roles: extra.roles, policies: extra.policies }),
  ...more,
});

describe('aws:iam:CreateAccessKey', () => {
  it('gives CAN_CREATE_CREDENTIAL to another user, with the statement as evidence', () => {
    const g = analyseEstate(estate(attacker([allow('iam:CreateAccessKey', userArn('admin'))])));
    const e = edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'), 'aws:iam:CreateAccessKey');
    expect(e).toBeDefined();
    expect(e!.conditional).toBe(false);
    expect(e!.evidence.refs[0]).toMatchObject({ type: 'identity-policy', source: `${userArn('attacker')} inline policy p`, statement: '#0' });
    expect(e!.evidence.assumptions?.[0]).toMatch(/lists no access keys of admin: assumed it has fewer than two/);
  });

  it('is not drawn for a Resource scoped to a harmless user, nor on itself', () => {
    const g = analyseEstate(estate(attacker([allow('iam:CreateAccessKey', [userArn('intern'), userArn('attacker')])]), { users: [user(A, 'intern')] }));
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('intern'))).toBeDefined();
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('attacker'))).toBeUndefined();
  });

  it('an explicit Deny removes it', () => {
    const g = analyseEstate(estate(attacker([allow('iam:CreateAccessKey'), deny('iam:CreateAccessKey', userArn('admin'))])));
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
  });

  it('a user with two keys also needs iam:DeleteAccessKey', () => {
    const keys = { 'admin-keys.json': accessKeys('admin', { id: 'AKIAADMINKEY0000001' }, { id: 'AKIAADMINKEY0000002', status: 'Inactive' }) };
    const without = analyseEstate(estate(attacker([allow('iam:CreateAccessKey')]), {}, keys));
    expect(edge(without, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
    const withDelete = analyseEstate(estate(attacker([allow(['iam:CreateAccessKey', 'iam:DeleteAccessKey'])]), {}, keys));
    const e = edge(withDelete, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'));
    expect(e?.evidence.summary).toMatch(/deletes one of the two access keys/);
    expect(e?.evidence.assumptions).toBeUndefined();
  });

  it('a permissions boundary that does not allow it removes it', () => {
    const boundary = managed('b', doc(allow('s3:*')), A);
    const g = analyseEstate(estate(attacker([allow('iam:CreateAccessKey')], { boundary: boundary.Arn }), { policies: [boundary] }));
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
  });
});

describe('aws:iam:CreateLoginProfile / aws:iam:UpdateLoginProfile', () => {
  it('with the password state unknown, each allowed action is drawn with that assumption', () => {
    const g = analyseEstate(estate(attacker([allow('iam:CreateLoginProfile')])));
    const e = edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'), 'aws:iam:CreateLoginProfile');
    expect(e?.evidence.assumptions?.[0]).toMatch(/does not say whether admin has a console password: assumed it has no console password/);
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'), 'aws:iam:UpdateLoginProfile')).toBeUndefined();
  });

  it('uses the login-profile state when the input has it', () => {
    const both = attacker([allow(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile'])]);
    const has = analyseEstate(estate(both), { loginProfiles: { admin: true } });
    expect(edge(has, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'), 'aws:iam:CreateLoginProfile')).toBeUndefined();
    expect(edge(has, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'), 'aws:iam:UpdateLoginProfile')?.evidence.refs.at(-1)).toMatchObject({ type: 'inventory', source: 'iam get-login-profile' });
    const none = analyseEstate(estate(attacker([allow('iam:UpdateLoginProfile')])), { loginProfiles: { admin: false } });
    expect(edge(none, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
  });

  it('an MFA condition on the Allow is never met by a leaked key', () => {
    const g = analyseEstate(estate(attacker([allow('iam:UpdateLoginProfile', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })])));
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', userArn('attacker'), userArn('admin'))).toBeUndefined();
  });
});

describe('aws:iam:UpdateAssumeRolePolicy', () => {
  const target = role(A, 'ops-admin', trustAws(userArn('someone-else')), { attached: [ADMIN] });

  it('gives CAN_MODIFY_POLICY to the role, which it then assumes', () => {
    const g = analyseEstate(estate(attacker([allow('iam:UpdateAssumeRolePolicy', roleArn('ops-admin'))]), { roles: [target] }));
    const e = edge(g, 'CAN_MODIFY_POLICY', userArn('attacker'), roleArn('ops-admin'), 'aws:iam:UpdateAssumeRolePolicy');
    expect(e?.evidence.summary).toMatch(/rewrites the trust policy of ops-admin/);
    expect(tierZero(g, roleArn('ops-admin'))).toBeDefined();
  });

  it('an explicit Deny of sts:AssumeRole on the role removes it', () => {
    const g = analyseEstate(estate(attacker([allow('iam:UpdateAssumeRolePolicy'), deny('sts:AssumeRole', roleArn('ops-admin'))]), { roles: [target] }));
    expect(edge(g, 'CAN_MODIFY_POLICY', userArn('attacker'), roleArn('ops-admin'))).toBeUndefined();
  });

  it('service-linked roles and roles outside the Resource get nothing', () => {
    const slr = role(A, 'AWSServiceRoleForX', trustService('x.amazonaws.com'), { path: '/aws-service-role/x.amazonaws.com/' });
    const g = analyseEstate(estate(attacker([allow('iam:UpdateAssumeRolePolicy', [slr.Arn, roleArn('harmless')])]), { roles: [target, slr, role(A, 'harmless', trustAws(A))] }));
    expect(g.edges.filter((e) => e.technique === 'aws:iam:UpdateAssumeRolePolicy').map((e) => e.target)).toEqual([roleArn('harmless')]);
  });
});

describe('aws:iam:AddUserToGroup', () => {
  const admins = group(A, 'admins', { attached: [ADMIN] });
  const readers = group(A, 'readers', { inline: { r: doc(allow('s3:GetObject')) } });

  it('gives CAN_ADD_MEMBER to the group; an admin group is tier zero', () => {
    const g = analyseEstate(estate(attacker([allow('iam:AddUserToGroup', groupArn('admins'))]), { groups: [admins] }));
    expect(edge(g, 'CAN_ADD_MEMBER', userArn('attacker'), groupArn('admins'), 'aws:iam:AddUserToGroup')).toBeDefined();
    expect(tierZero(g, groupArn('admins'))?.technique).toBe('aws:iam:AdministratorAccess');
  });

  it('joining a harmless group leads to no tier zero', () => {
    const g = analyseEstate(estate(attacker([allow('iam:AddUserToGroup', groupArn('readers'))]), { groups: [admins, readers] }));
    expect(edge(g, 'CAN_ADD_MEMBER', userArn('attacker'), groupArn('readers'))).toBeDefined();
    expect(edge(g, 'CAN_ADD_MEMBER', userArn('attacker'), groupArn('admins'))).toBeUndefined();
    expect(tierZero(g, groupArn('readers'))).toBeUndefined();
  });

  it('the group node carries on with the group\'s own rights', () => {
    const keyMaker = group(A, 'key-makers', { inline: { k: doc(allow('iam:CreateAccessKey', userArn('admin'))) } });
    const g = analyseEstate(estate(attacker([allow('iam:AddUserToGroup')]), { groups: [keyMaker] }));
    expect(edge(g, 'CAN_CREATE_CREDENTIAL', groupArn('key-makers'), userArn('admin'))).toBeDefined();
  });

  it('a user with a permissions boundary gets no edge (the boundary would cap the group)', () => {
    const boundary = managed('b', doc(allow('iam:*')), A);
    const g = analyseEstate(estate(attacker([allow('iam:AddUserToGroup')], { boundary: boundary.Arn }), { groups: [admins], policies: [boundary] }));
    expect(edge(g, 'CAN_ADD_MEMBER', userArn('attacker'), groupArn('admins'))).toBeUndefined();
  });
});
