import { describe, expect, it } from 'vitest';
import type { AwsAccount, AwsInventory, AwsOrganization, AwsRole, AwsUser, PolicyDocument, PolicyStatement } from '../../../src/model/inventory/index.js';
import { PolicyIndex, principalsOf, identityDecision, type AwsPrincipal } from '../../../src/analysis/aws/principals.js';
import { authorize } from '../../../src/analysis/aws/policy/authorize.js';
import { sourced } from '../../../src/analysis/aws/policy/statements.js';

const A = '111111111111';
const B = '222222222222';
const MGMT = '999999999999';
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Deny', Action, Resource, ...extra });

function user(name: string, policy?: PolicyDocument, extra: Partial<AwsUser> = {}, account = A): AwsUser {
  return { arn: `arn:aws:iam::${account}:user/${name}`, name, id: `AIDA${name}`, path: '/', inlinePolicies: policy ? [{ name: 'p', document: policy }] : [], attachedPolicies: [], tags: {}, groups: [], ...extra };
}
function role(name: string, policy?: PolicyDocument, extra: Partial<AwsRole> = {}, account = A): AwsRole {
  const path = extra.path ?? '/';
  return { arn: `arn:aws:iam::${account}:role${path}${name}`, name, id: `AROA${name}`, path, inlinePolicies: policy ? [{ name: 'p', document: policy }] : [], attachedPolicies: [], tags: {}, trustPolicy: doc(), instanceProfiles: [], ...extra };
}
const account = (accountId: string, parts: Partial<AwsAccount>): AwsAccount => ({ accountId, users: [], groups: [], roles: [], policies: [], accessKeys: [], ...parts });

function principals(inventory: AwsInventory): Map<string, AwsPrincipal> {
  const index = new PolicyIndex(inventory);
  return new Map(inventory.accounts.flatMap((a) => principalsOf(a, index)).map((p) => [p.arn, p]));
}
const one = (accounts: AwsAccount[], arn: string, organization?: AwsOrganization) => principals({ provider: 'aws', accounts, ...(organization ? { organization } : {}) }).get(arn)!;

const BUCKET = 'arn:aws:s3:::data';
const OBJECT = `${BUCKET}/k`;
const alice = `arn:aws:iam::${A}:user/alice`;

describe('authorize: identity and resource policies', () => {
  it('same account: a bucket policy naming the user grants without an identity Allow', () => {
    const p = one([account(A, { users: [user('alice')] })], alice);
    const policy = doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: alice } }));
    const d = authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: policy });
    expect(d).toMatchObject({ effect: 'allow', conditional: false });
    expect(d.refs).toEqual([{ type: 'resource-policy', source: `${OBJECT} resource policy`, statement: '#0' }]);
    expect(authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A }).effect).toBe('none');
  });

  it('same account: naming the account only delegates; the user still needs its own Allow', () => {
    const policy = doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: `arn:aws:iam::${A}:root` } }));
    const bare = one([account(A, { users: [user('alice')] })], alice);
    expect(authorize({ principal: bare, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: policy }).effect).toBe('none');
    const granted = one([account(A, { users: [user('alice', doc(allow('s3:GetObject')))] })], alice);
    expect(authorize({ principal: granted, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: policy }).effect).toBe('allow');
  });

  it('cross account: both the identity policy and the resource policy must allow', () => {
    const policy = doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: alice } }));
    const bare = one([account(A, { users: [user('alice')] })], alice);
    expect(authorize({ principal: bare, action: 's3:GetObject', resource: OBJECT, resourceAccount: B, resourcePolicy: policy }).effect).toBe('none');
    const granted = one([account(A, { users: [user('alice', doc(allow('s3:*')))] })], alice);
    expect(authorize({ principal: granted, action: 's3:GetObject', resource: OBJECT, resourceAccount: B }).effect).toBe('none');
    const d = authorize({ principal: granted, action: 's3:GetObject', resource: OBJECT, resourceAccount: B, resourcePolicy: policy });
    expect(d.effect).toBe('allow');
    expect(d.refs.map((r) => r.type)).toEqual(['resource-policy', 'identity-policy']);
  });

  it('a resource-policy Deny naming the account denies its principals', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*')))] })], alice);
    const policy = doc(deny('s3:*', '*', { Principal: { AWS: A } }));
    expect(authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: policy }).effect).toBe('deny');
  });

  it('the resource account defaults to the ARN, then to the caller, which is stated as an assumption', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*')))] })], alice);
    const d = authorize({ principal: p, action: 's3:GetObject', resource: OBJECT });
    expect(d.effect).toBe('allow');
    expect(d.assumptions[0]).toMatch(/assumed to be in account 111111111111/);
    expect(authorize({ principal: p, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:q` }).effect).toBe('none');
  });
});

describe('authorize: role trust and KMS key policies must name the caller', () => {
  const target = role('target', undefined, { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }) });

  it('a trust naming the account also needs the identity Allow, even in the same account', () => {
    const bare = one([account(A, { users: [user('alice')] })], alice);
    const req = { action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: target.trustPolicy };
    expect(authorize({ principal: bare, ...req }).effect).toBe('none');
    const granted = one([account(A, { users: [user('alice', doc(allow('sts:AssumeRole')))] })], alice);
    const d = authorize({ principal: granted, ...req });
    expect(d.effect).toBe('allow');
    expect(d.refs[0]).toMatchObject({ type: 'trust-policy', source: `${target.arn} trust policy` });
  });

  it('an identity Allow alone never suffices for a role or a key', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('*')))] })], alice);
    expect(authorize({ principal: p, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: doc() }).effect).toBe('none');
    const key = `arn:aws:kms:us-east-1:${A}:key/k1`;
    expect(authorize({ principal: p, action: 'kms:Decrypt', resource: key, resourcePolicy: doc(allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${A}:user/bob` } })) }).effect).toBe('none');
  });

  it('without the key policy in the data, the default one is assumed and said so', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('kms:Decrypt')))] })], alice);
    const d = authorize({ principal: p, action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/k1` });
    expect(d.effect).toBe('allow');
    expect(d.assumptions[0]).toMatch(/default key policy/);
  });

  it('a trust naming a session ARN is conditional on the session name when the data cannot tell it', () => {
    // runner's sessions may come from EC2, which names them: the attacker may not hold the right one.
    const ec2Trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const runner = one([account(A, { roles: [role('runner', undefined, { trustPolicy: ec2Trust })] })], `arn:aws:iam::${A}:role/runner`);
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/runner/ci` }, Action: 'sts:AssumeRole' });
    const d = authorize({ principal: runner, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust });
    expect(d).toMatchObject({ effect: 'allow', conditional: true });
    expect(d.conditions[0]).toContain('assumed-role/runner/ci');
    expect(authorize({ principal: { ...runner, sessionName: 'ci' }, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust }).conditional).toBe(false);
    expect(authorize({ principal: { ...runner, sessionName: 'other' }, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust }).effect).toBe('none');
  });

  it('a trust naming a session of a role only sts:AssumeRole makes is met: its holder chose the session name', () => {
    const byAssumeRole = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
    const runner = one([account(A, { roles: [role('runner', undefined, { trustPolicy: byAssumeRole })] })], `arn:aws:iam::${A}:role/runner`);
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/runner/ci` }, Action: 'sts:AssumeRole' });
    expect(authorize({ principal: runner, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust })).toMatchObject({ effect: 'allow', conditional: false });
    // Another role's session, or the session in another account, is not the caller.
    const other = doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:sts::${A}:assumed-role/builder/ci`, `arn:aws:sts::${B}:assumed-role/runner/ci`] }, Action: 'sts:AssumeRole' });
    expect(authorize({ principal: runner, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: other }).effect).toBe('none');
    // A Deny with NotPrincipal sparing that session holds unless the session is so named: a condition.
    const notThat = doc({ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:sts::${A}:assumed-role/runner/ci` }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: runner.arn }, Action: 'sts:AssumeRole' });
    const d = authorize({ principal: runner, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: notThat });
    expect(d).toMatchObject({ effect: 'allow', conditional: true });
    expect(d.conditions.join()).toMatch(/^not \(the caller's session of role runner is not named "ci"/);
  });

  it('a service trust is judged with the context the service sends', () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } });
    const ask = (context: Record<string, string | undefined>) => authorize({ principal: { service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust, context });
    expect(ask({ 'aws:SourceAccount': A })).toMatchObject({ effect: 'allow', conditional: false });
    expect(ask({ 'aws:SourceAccount': B }).effect).toBe('none');
    expect(ask({ 'aws:SourceAccount': undefined })).toMatchObject({ effect: 'allow', conditional: true });
    expect(authorize({ principal: { service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: target.arn, resourcePolicy: trust }).effect).toBe('none');
  });
});

describe('authorize: permissions boundaries', () => {
  const boundary = { arn: `arn:aws:iam::${A}:policy/b`, name: 'b', defaultVersionId: 'v1', versions: [{ versionId: 'v1', isDefault: true, document: doc(allow('ec2:*')) }] };

  it('cap identity policies', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*')), { permissionsBoundary: boundary.arn })], policies: [boundary] })], alice);
    const d = authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A });
    expect(d.effect).toBe('none');
    expect(d.refs).toEqual([{ type: 'permissions-boundary', source: boundary.arn, detail: 'does not allow s3:GetObject' }]);
  });

  it('do not cap a same-account resource policy naming the user, but do cap one naming a role', () => {
    const grant = (who: string) => doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: who } }));
    const u = one([account(A, { users: [user('alice', undefined, { permissionsBoundary: boundary.arn })], policies: [boundary] })], alice);
    expect(authorize({ principal: u, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: grant(alice) }).effect).toBe('allow');
    const runnerArn = `arn:aws:iam::${A}:role/runner`;
    const r = one([account(A, { roles: [role('runner', undefined, { permissionsBoundary: boundary.arn })], policies: [boundary] })], runnerArn);
    expect(authorize({ principal: r, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: grant(runnerArn) }).effect).toBe('none');
  });

  it('a resource-policy Deny with NotPrincipal always denies a bounded principal', () => {
    const notMe = doc(allow('s3:*', '*', { Principal: '*' }), deny('s3:*', '*', { NotPrincipal: { AWS: alice } }));
    const free = one([account(A, { users: [user('alice')] })], alice);
    expect(authorize({ principal: free, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: notMe }).effect).toBe('allow');
    const bounded = one([account(A, { users: [user('alice', undefined, { permissionsBoundary: boundary.arn })], policies: [boundary] })], alice);
    expect(authorize({ principal: bounded, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, resourcePolicy: notMe }).effect).toBe('deny');
  });

  it('a session policy caps the session, and identityDecision honours it', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*')))] })], alice);
    const session = { ...p, session: sourced(doc(allow('s3:ListBucket')), { type: 'session-policy', source: 'session policy' }) };
    const capped = identityDecision(session, 's3:GetObject', OBJECT);
    expect(capped.effect).toBe('none');
    expect(capped.refs).toEqual([{ type: 'session-policy', source: 'session policy', detail: 'does not allow s3:GetObject' }]);
    expect(identityDecision(session, 's3:ListBucket', BUCKET).refs.map((r) => r.type)).toEqual(['identity-policy', 'session-policy']);
    expect(identityDecision(session, 's3:ListBucket', BUCKET).effect).toBe('allow');
  });
});

describe('authorize: organization policies', () => {
  const fullAccess = { id: 'p-FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY' as const, document: doc(allow('*')), targets: ['r-root', 'ou-1', A, B, MGMT] };
  const org = (...policies: AwsOrganization['policies']): AwsOrganization => ({ id: 'o-1', managementAccountId: MGMT, parents: { [A]: 'ou-1', [B]: 'ou-1', [MGMT]: 'r-root', 'ou-1': 'r-root' }, policies: [fullAccess, ...policies] });
  const denyIam = { id: 'p-1', arn: 'arn:aws:organizations::x:policy/p-1', name: 'no-iam', type: 'SERVICE_CONTROL_POLICY' as const, document: doc(deny('iam:*')), targets: ['ou-1'] };
  const admin = doc(allow('*'));

  it('an SCP Deny on an OU denies member accounts, not the management account', () => {
    const member = one([account(A, { users: [user('alice', admin)] })], alice, org(denyIam));
    const d = authorize({ principal: member, action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${A}:user/bob` });
    expect(d.effect).toBe('deny');
    expect(d.refs[0]).toMatchObject({ type: 'scp', source: 'no-iam (arn:aws:organizations::x:policy/p-1)' });
    const mgmt = one([account(MGMT, { users: [user('alice', admin, {}, MGMT)] })], `arn:aws:iam::${MGMT}:user/alice`, org(denyIam));
    expect(authorize({ principal: mgmt, action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${MGMT}:user/bob` }).effect).toBe('allow');
  });

  it('every level must allow: an OU whose SCPs allow only s3 blocks everything else', () => {
    const s3Only = { ...fullAccess, id: 'p-s3', name: 's3-only', targets: ['ou-1'], document: doc(allow('s3:*')) };
    const o = { ...org(), policies: [{ ...fullAccess, targets: ['r-root', A] }, s3Only] };
    const p = one([account(A, { users: [user('alice', admin)] })], alice, o);
    expect(authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A }).effect).toBe('allow');
    const d = authorize({ principal: p, action: 'ec2:RunInstances', resource: '*', resourceAccount: A });
    expect(d.effect).toBe('none');
    expect(d.refs[0]?.detail).toBe('no policy attached to ou-1 allows ec2:RunInstances');
  });

  it('SCPs do not apply to service-linked roles', () => {
    const slr = role('AWSServiceRoleForX', admin, { path: '/aws-service-role/x.amazonaws.com/' });
    const p = one([account(A, { roles: [slr] })], slr.arn, org(denyIam));
    expect(authorize({ principal: p, action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${A}:user/bob` }).effect).toBe('allow');
  });

  it('RCPs deny on member-account resources of supported services, for outside callers too', () => {
    const rcp = { id: 'p-r', arn: 'arn:aws:organizations::x:policy/p-r', name: 'no-outsiders', type: 'RESOURCE_CONTROL_POLICY' as const, targets: ['r-root'], document: doc(deny('s3:*', '*', { Principal: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } } })) };
    const o = org(rcp);
    const bucketPolicy = doc(allow('s3:GetObject', '*', { Principal: '*' }));
    const outsider = one([account('333333333333', { users: [user('eve', admin, {}, '333333333333')] })], 'arn:aws:iam::333333333333:user/eve', o);
    const req = { action: 's3:GetObject', resource: OBJECT, resourcePolicy: bucketPolicy };
    // The outsider's org membership is unknown (it may be in another org): the RCP makes the grant conditional.
    expect(authorize({ principal: outsider, ...req, resourceAccount: A })).toMatchObject({ effect: 'allow', conditional: true });
    const insider = one([account(B, { users: [user('bob', admin, {}, B)] })], `arn:aws:iam::${B}:user/bob`, o);
    expect(authorize({ principal: insider, ...req, resourceAccount: A })).toMatchObject({ effect: 'allow', conditional: false });
    const plain = { ...rcp, document: doc(deny('*', '*', { Principal: '*' })) };
    const denied = one([account(B, { users: [user('bob', admin, {}, B)] })], `arn:aws:iam::${B}:user/bob`, org(plain));
    const byRcp = authorize({ principal: denied, ...req, resourceAccount: A });
    expect(byRcp.effect).toBe('deny');
    expect(byRcp.refs).toEqual([{ type: 'rcp', source: 'no-outsiders (arn:aws:organizations::x:policy/p-r)', statement: '#0', detail: 'RCP attached to r-root' }]);
    expect(authorize({ principal: denied, ...req, resourceAccount: MGMT }).effect).toBe('allow');
    // EC2 is not among the services RCPs cover (iam-data's list), so the same RCP does not reach it.
    expect(authorize({ principal: denied, action: 'ec2:RunInstances', resource: '*', resourceAccount: B }).effect).toBe('allow');
    expect(authorize({ principal: denied, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:q` }).effect).toBe('deny');
  });
});

describe('authorize: conditions the data cannot settle', () => {
  it('an unknown Allow condition makes the decision conditional with its text', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })))] })], alice);
    const d = authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A });
    expect(d).toMatchObject({ effect: 'allow', conditional: true, conditions: ['{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}'] });
  });

  it('an unknown Deny condition keeps the grant, conditional on the Deny not holding', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('s3:*'), deny('s3:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })))] })], alice);
    const d = authorize({ principal: p, action: 's3:GetObject', resource: OBJECT, resourceAccount: A });
    expect(d).toMatchObject({ effect: 'allow', conditional: true });
    expect(d.conditions[0]).toMatch(/^not \(.*aws:RequestedRegion.*\) \[deny /);
  });

  it('a rule can settle a key: request context overrides the attacker context', () => {
    const p = one([account(A, { users: [user('alice', doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } })))] })], alice);
    const ask = (svc: string) => authorize({ principal: p, action: 'iam:PassRole', resource: `arn:aws:iam::${A}:role/r`, context: { 'iam:PassedToService': svc } }).effect;
    expect(ask('lambda.amazonaws.com')).toBe('allow');
    expect(ask('ec2.amazonaws.com')).toBe('none');
  });
});

describe('principals from the inventory', () => {
  it('carry organization keys for member accounts only', () => {
    const o: AwsOrganization = { id: 'o-1', managementAccountId: MGMT, parents: { [A]: 'ou-1', 'ou-1': 'r-root' }, policies: [] };
    const p = one([account(A, { users: [user('alice')] })], alice, o);
    expect(p.context['aws:PrincipalOrgID']).toBe('o-1');
    expect(p.context['aws:PrincipalOrgPaths']).toBe('o-1/r-root/ou-1/');
    const outside = one([account(B, { users: [user('bob', undefined, {}, B)] })], `arn:aws:iam::${B}:user/bob`, o);
    expect(outside.context['aws:PrincipalOrgID']).toBeUndefined();
  });
});
