import { describe, expect, it } from 'vitest';
import { ADMIN, allow, doc, gaad, group, managed, role, trustService, user } from '../helpers/aws-estate.js';
import { analyseExports, node } from '../helpers/analyse.js';
import { allServices } from '../../src/analysis/aws/policy/iam-data.js';

const A = '111111111111';
const arn = (name: string) => `arn:aws:iam::${A}:user/${name}`;

function tierZero(u: object, extra: { groups?: object[]; policies?: object[] } = {}) {
  const { graph } = analyseExports({ 'a.json': gaad({ users: [u], groups: extra.groups, policies: extra.policies }) });
  return node(graph, arn((u as { UserName: string }).UserName))?.tierZero;
}

describe('tier zero (admin-equivalent AWS principals)', () => {
  it('AdministratorAccess is tier zero', () => {
    expect(tierZero(user(A, 'u', { attached: [ADMIN] }))).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
  });

  it('AdministratorAccess is known even when the export omits AWS managed policies', () => {
    expect(tierZero(user(A, 'u', { attached: [ADMIN] }), { policies: [] })?.technique).toBe('aws:iam:AdministratorAccess');
  });

  it('"*" on one resource, or every s3 action, is not tier zero', () => {
    expect(tierZero(user(A, 'u', { inline: { p: doc(allow('*', 'arn:aws:s3:::bucket/*')) } }))).toBeUndefined();
    expect(tierZero(user(A, 'u', { inline: { p: doc(allow('s3:*', '*')) } }))).toBeUndefined();
  });

  it('PutUserPolicy on itself is tier zero; on another user it is not', () => {
    expect(tierZero(user(A, 'u', { inline: { p: doc(allow('iam:PutUserPolicy', arn('u'))) } }))?.technique).toBe('aws:iam:PutUserPolicy');
    expect(tierZero(user(A, 'u', { inline: { p: doc(allow('iam:PutUserPolicy', arn('other'))) } }))).toBeUndefined();
  });

  it('AttachUserPolicy via ${aws:username} is tier zero', () => {
    const u = user(A, 'u', { inline: { p: doc(allow('iam:AttachUserPolicy', `arn:aws:iam::${A}:user/\${aws:username}`)) } });
    expect(tierZero(u)?.technique).toBe('aws:iam:AttachUserPolicy');
  });

  it('PutGroupPolicy on its own group is tier zero', () => {
    const g = group(A, 'ops');
    const u = user(A, 'u', { groups: ['ops'], inline: { p: doc(allow('iam:PutGroupPolicy', g.Arn)) } });
    expect(tierZero(u, { groups: [g] })?.technique).toBe('aws:iam:PutGroupPolicy');
  });

  it('CreatePolicyVersion on an attached customer policy is tier zero; on an AWS managed one it is impossible', () => {
    const mine = managed('mine', doc(allow('iam:CreatePolicyVersion', '*')), A);
    expect(tierZero(user(A, 'u', { attached: [mine.Arn] }), { policies: [mine] })?.technique).toBe('aws:iam:CreatePolicyVersion');
    const awsOne = managed('SomeAwsPolicy', doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/*')));
    expect(tierZero(user(A, 'u', { attached: [awsOne.Arn] }), { policies: [awsOne] })).toBeUndefined();
  });

  it('a permissions boundary caps self-grants unless the principal can delete its boundary', () => {
    const boundary = managed('b', doc(allow(['iam:*', 's3:*'])), A);
    const capped = user(A, 'u', { boundary: boundary.Arn, inline: { p: doc(allow('iam:PutUserPolicy', arn('u'))) } });
    expect(tierZero(capped, { policies: [boundary] })).toBeUndefined();
    const lifts = user(A, 'u', { boundary: boundary.Arn, inline: { p: doc(allow(['iam:PutUserPolicy', 'iam:DeleteUserPermissionsBoundary'], arn('u'))) } });
    expect(tierZero(lifts, { policies: [boundary] })?.technique).toBe('aws:iam:PutUserPolicy');
  });

  it('a boundary that allows less than everything caps AdministratorAccess', () => {
    const boundary = managed('b', doc(allow('s3:*')), A);
    expect(tierZero(user(A, 'u', { attached: [ADMIN], boundary: boundary.Arn }), { policies: [boundary, managed('AdministratorAccess', doc(allow('*')))] })).toBeUndefined();
  });

  it('roles are tier zero too, with PutRolePolicy on themselves', () => {
    const r = role(A, 'r', trustService('lambda.amazonaws.com'), { inline: { p: doc(allow('iam:PutRolePolicy', `arn:aws:iam::${A}:role/r`)) } });
    const { graph } = analyseExports({ 'a.json': gaad({ roles: [r] }) });
    expect(node(graph, `arn:aws:iam::${A}:role/r`)?.tierZero?.technique).toBe('aws:iam:PutRolePolicy');
  });

  describe('"allowed every action" is decided from the whole action catalogue, not from probe names', () => {
    // The escalation actions leakpath knows of, spared by a NotAction: every real action but these is allowed.
    const ESCALATION = ['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy', 'iam:AddUserToGroup', 'iam:CreateAccessKey', 'iam:UpdateLoginProfile', 'iam:CreateLoginProfile', 'iam:PassRole', 'sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteUserPermissionsBoundary'];

    it('a NotAction sparing the escalation actions is not AdministratorAccess (nor tier zero alone)', () => {
      expect(tierZero(user(A, 'u', { inline: { p: doc({ Effect: 'Allow', NotAction: ESCALATION, Resource: '*' }) } }))).toBeUndefined();
    });

    it('a NotAction sparing one real action is not AdministratorAccess; one sparing only names no service has is', () => {
      const spareOne = user(A, 'u', { inline: { p: doc({ Effect: 'Allow', NotAction: 'lambda:InvokeFunction', Resource: '*' }) } });
      expect(tierZero(spareOne)?.technique).toBe('aws:iam:PutUserPolicy');
      const spareNone = user(A, 'u', { inline: { p: doc({ Effect: 'Allow', NotAction: ['nosuchservice:*', 'iam:NoSuchAction'], Resource: '*' }) } });
      expect(tierZero(spareNone)).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    });

    it('every service listed one by one is AdministratorAccess only when the list covers the catalogue; a Deny of one action breaks it', () => {
      const everyService = [...allServices()].map((svc) => `${svc}:*`);
      expect(tierZero(user(A, 'u', { inline: { p: doc(allow(everyService)) } }))?.technique).toBe('aws:iam:AdministratorAccess');
      expect(tierZero(user(A, 'u', { inline: { p: doc(allow(everyService.filter((x) => x !== 'ec2:*'))) } }))?.technique).toBe('aws:iam:PutUserPolicy');
      const denied = user(A, 'u', { attached: [ADMIN], inline: { p: doc({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }) } });
      expect(tierZero(denied)?.technique).toBe('aws:iam:PutUserPolicy');
    });

    it('SetDefaultPolicyVersion counts a version as "everything" from the catalogue too', () => {
      const spare = managed('mine', doc(allow('s3:GetObject')), A, [{ id: 'v0', document: doc({ Effect: 'Allow', NotAction: ESCALATION, Resource: '*' }) }]);
      const u = user(A, 'u', { attached: [spare.Arn], inline: { p: doc(allow('iam:SetDefaultPolicyVersion', spare.Arn)) } });
      expect(tierZero(u, { policies: [spare] })).toBeUndefined();
      const full = managed('mine', doc(allow('s3:GetObject')), A, [{ id: 'v0', document: doc(allow('*')) }]);
      expect(tierZero(u, { policies: [full] })?.technique).toBe('aws:iam:SetDefaultPolicyVersion');
    });
  });
});
