/**
 * Writes test/fixtures/aws/cloudgoat/: one AWS account with leakpath's reconstruction of the
 * CloudGoat scenarios whose escalation needs a state change first — iam_privesc_by_ec2 (delete a
 * tag an ABAC condition keys on), iam_privesc_by_key_rotation (tag a user, rotate its key, enrol
 * an MFA device, assume an MFA-gated role) and the ABAC step of ecs_efs_attack (create the tag a
 * Session Manager grant asks for) — and a look-alike of each that is not exploitable.
 * Reconstructed from the scenarios' public descriptions; no file of that project is used. The
 * files are what the AWS CLI prints (get-account-authorization-details, list-access-keys, and
 * ec2 describe-instances and ssm describe-instance-information in the aws-cli/1 envelope);
 * `cases.expected` says which keys must reach tier zero and with which techniques. Deterministic.
 *   node --import tsx scripts/make-cloudgoat-estate.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/aws/cloudgoat');
const A = '210987654321';
const REGION = 'us-west-2';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const arn = (kind: string, name: string) => `arn:aws:iam::${A}:${kind}/${name}`;

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const trust = (Principal: Record<string, string>, extra: Statement = {}) => doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

let serial = 0;
const id = (prefix: string) => `${prefix}${(++serial).toString(36).toUpperCase().padStart(16, 'C')}`;

const users: object[] = [];
const roles: object[] = [];
const keyFiles: Record<string, object> = {};
const instances: object[] = [];
const cases: { user: string; key: string; expect: 'tier-zero' | 'not-tier-zero'; techniques?: string[]; prerequisites?: string[]; note: string }[] = [];

function user(name: string, inline: Record<string, object>, keys = 1, tags: Record<string, string> = {}): string[] {
  users.push({
    Path: '/', UserName: name, UserId: id('AIDA'), Arn: arn('user', name), CreateDate: '2025-01-10T09:00:00Z', GroupList: [],
    UserPolicyList: Object.entries(inline).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: [], Tags: tagList(tags),
  });
  const ids = Array.from({ length: keys }, () => id('AKIA').slice(0, 20));
  keyFiles[name] = { AccessKeyMetadata: ids.map((AccessKeyId) => ({ UserName: name, AccessKeyId, Status: 'Active', CreateDate: '2025-01-10T09:05:00Z' })) };
  return ids;
}

function role(name: string, trustPolicy: object, opts: { admin?: boolean; inline?: Record<string, object>; profile?: boolean } = {}): void {
  roles.push({
    Path: '/', RoleName: name, RoleId: id('AROA'), Arn: arn('role', name), CreateDate: '2025-01-10T09:00:00Z',
    AssumeRolePolicyDocument: trustPolicy,
    InstanceProfileList: opts.profile ? [{ Path: '/', InstanceProfileName: `${name}-profile`, InstanceProfileId: id('AIPA'), Arn: arn('instance-profile', `${name}-profile`), CreateDate: '2025-01-10T09:00:00Z', Roles: [] }] : [],
    RolePolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: opts.admin ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] : [],
    Tags: [],
  });
}

function instance(instanceId: string, profileOf: string, tags: Record<string, string>): void {
  instances.push({
    InstanceId: instanceId, State: { Name: 'running' }, Placement: { AvailabilityZone: `${REGION}a` },
    IamInstanceProfile: { Arn: arn('instance-profile', `${profileOf}-profile`), Id: id('AIPA') },
    SecurityGroups: [], Tags: tagList(tags),
  });
}

// The instance role both EC2 scenarios aim at: administrator, reached through user data.
role('cg-ec2-admin', trust({ Service: 'ec2.amazonaws.com' }), { admin: true, profile: true });
const ec2Manager = (name: string, trusted: string, tagKey: string, value: string) =>
  role(name, trust({ AWS: arn('user', trusted) }), {
    inline: { manage: doc(allow(['ec2:StopInstances', 'ec2:StartInstances', 'ec2:ModifyInstanceAttribute'], '*', { Condition: { StringNotEquals: { [`aws:ResourceTag/${tagKey}`]: value } } })) },
  });

// iam_privesc_by_ec2: the manager role may touch any instance but the tagged admin one; the dev
// user may delete tags. Deleting the tag takes the instance out of the exception.
ec2Manager('cg-ec2-manager', 'cg-dev', 'Name', 'cg-admin-ec2');
// Both admin instances carry both exception tags, so neither manager role reaches one directly.
instance('i-0c0a0d0e0f0000001', 'cg-ec2-admin', { Name: 'cg-admin-ec2', Tier: 'admin' });
const [devKey] = user('cg-dev', { ec2: doc(allow(['ec2:DeleteTags', 'ec2:DescribeInstances', 'ec2:CreateSecurityGroup'])), assume: doc(allow('sts:AssumeRole', arn('role', 'cg-ec2-manager'))) });
cases.push({ user: 'cg-dev', key: devKey!, expect: 'tier-zero', techniques: ['aws:ec2:ModifyInstanceAttribute'], prerequisites: ['aws:abac:RetagResource'], note: 'CloudGoat iam_privesc_by_ec2: DeleteTags defeats the tag exception, the manager role rewrites user data' });

// Look-alike: same layout, but deleting the key the exception tests is denied.
ec2Manager('cg-ec2-manager-locked', 'cg-dev-locked', 'Tier', 'admin');
instance('i-0c0a0d0e0f0000002', 'cg-ec2-admin', { Name: 'cg-admin-ec2', Tier: 'admin' });
const [lockedKey] = user('cg-dev-locked', {
  ec2: doc(allow('ec2:DeleteTags'), deny(['ec2:DeleteTags', 'ec2:CreateTags'], '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Tier'] } } })),
  assume: doc(allow('sts:AssumeRole', arn('role', 'cg-ec2-manager-locked'))),
});
cases.push({ user: 'cg-dev-locked', key: lockedKey!, expect: 'not-tier-zero', note: 'look-alike: DeleteTags allowed, but not on the key the exception tests' });

// ecs_efs_attack (its ABAC step): Session Manager is allowed only on instances tagged
// StartSession=true, and the user may create tags. Tagging the admin instance opens a shell on it.
instance('i-0c0a0d0e0f0000003', 'cg-ec2-admin', { Name: 'cg-admin-ec2', Tier: 'admin' });
const sessionGate = allow('ssm:StartSession', `arn:aws:ec2:*:${A}:instance/*`, { Condition: { StringEquals: { 'aws:ResourceTag/StartSession': 'true' } } });
const [ruseKey] = user('cg-ruse', { ssm: doc(sessionGate, allow('ssm:StartSession', 'arn:aws:ssm:*::document/AWS-StartInteractiveCommand')), tags: doc(allow('ec2:CreateTags')) });
cases.push({ user: 'cg-ruse', key: ruseKey!, expect: 'tier-zero', techniques: ['aws:ssm:StartSession'], prerequisites: ['aws:abac:RetagResource'], note: 'CloudGoat ecs_efs_attack (ABAC step): CreateTags StartSession=true on the admin instance, then a Session Manager shell on it' });

// Look-alike: tags may be created only with the value that keeps the gate shut.
const [ruseLockedKey] = user('cg-ruse-locked', {
  ssm: doc(sessionGate),
  tags: doc(allow('ec2:CreateTags', '*', { Condition: { StringEquals: { 'aws:RequestTag/StartSession': 'false' } } })),
});
cases.push({ user: 'cg-ruse-locked', key: ruseLockedKey!, expect: 'not-tier-zero', note: 'look-alike: CreateTags only with StartSession=false' });

// iam_privesc_by_key_rotation: the manager may tag users and manage the keys of developers; the
// admin user may assume a role that demands MFA; the manager may enrol MFA devices.
role('cg-secrets-reader', trust({ AWS: arn('user', 'cg-admin') }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { admin: true });
user('cg-admin', { assume: doc(allow('sts:AssumeRole', arn('role', 'cg-secrets-reader'))) }, 2);
const developerKeys = allow(['iam:CreateAccessKey', 'iam:DeleteAccessKey'], arn('user', '*'), { Condition: { StringEquals: { 'aws:ResourceTag/developer': 'true' } } });
const mfa = [allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/*`), allow(['iam:EnableMFADevice', 'iam:ListMFADevices'], arn('user', '*'))];
const [managerKey] = user('cg-manager', { tagging: doc(allow(['iam:TagUser', 'iam:ListUsers'], arn('user', '*'))), keys: doc(developerKeys), mfa: doc(...mfa) });
cases.push({ user: 'cg-manager', key: managerKey!, expect: 'tier-zero', techniques: ['aws:sts:AssumeRole'], prerequisites: ['aws:abac:RetagResource', 'aws:iam:EnableMFADevice'], note: 'CloudGoat iam_privesc_by_key_rotation: tag admin as developer, rotate its key, enrol MFA on it, assume the MFA-gated role' });

// Look-alike: tagging is allowed only for another key, so the developer condition stays false.
const [qaKey] = user('cg-manager-qa', {
  tagging: doc(allow('iam:TagUser', arn('user', '*'), { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })),
  keys: doc(developerKeys),
  mfa: doc(...mfa),
});
cases.push({ user: 'cg-manager-qa', key: qaKey!, expect: 'not-tier-zero', note: 'look-alike: TagUser only for the team key; no user is a developer' });

rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(OUT, 'access-keys'), { recursive: true });
const write = (file: string, json: unknown) => writeFileSync(path.join(OUT, file), `${JSON.stringify(json, null, 2)}\n`);
write('authorization-details.json', { UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: [] });
for (const [name, json] of Object.entries(keyFiles)) write(`access-keys/${name}.json`, json);
write('ec2-describe-instances.envelope.json', {
  leakpath: 'aws-cli/1', command: 'ec2 describe-instances', parameters: {}, account: A, region: REGION,
  output: { Reservations: [{ ReservationId: 'r-0c0a0d0e0f0000001', OwnerId: A, Instances: instances }] },
});
write('ssm-describe-instance-information.envelope.json', {
  leakpath: 'aws-cli/1', command: 'ssm describe-instance-information', parameters: {}, account: A, region: REGION,
  output: { InstanceInformationList: instances.map((i) => ({ InstanceId: (i as { InstanceId: string }).InstanceId, PingStatus: 'Online', PlatformType: 'Linux', ResourceType: 'EC2Instance' })) },
});
write('cases.expected', cases);
console.log(`wrote ${OUT}: ${users.length} users, ${roles.length} roles, ${instances.length} instances, ${cases.length} cases`);
