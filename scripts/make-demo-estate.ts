/**
 * Writes examples/demo-estate/: a small but realistic three-account AWS estate with one long
 * cross-account path to an admin role, a self-escalating key, look-alikes that must NOT be paths,
 * and dozens of ordinary service roles. Deterministic: run it again and nothing changes.
 *   node --import tsx scripts/make-demo-estate.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../examples/demo-estate');
const DEV = '111111111111';
const SHARED = '222222222222';
const PROD = '333333333333';
const VENDOR = '999999999999';

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A syntactically real access key id that encodes its account, as AWS's do. */
function keyId(account: string): string {
  const z = (BigInt(account) << 7n) | BigInt(Math.floor(rand() * 128));
  let bits = (z << 2n) | BigInt(Math.floor(rand() * 4));
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = B32[Number(bits & 31n)] + head;
    bits >>= 5n;
  }
  let tail = '';
  for (let i = 0; i < 6; i++) tail += B32[Math.floor(rand() * 32)];
  return `AKIA${head}${tail}`;
}

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const trustAws = (principal: string | string[], extra: object = {}) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
const trustService = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

function role(account: string, name: string, trust: object, opts: { inline?: Record<string, object>; attached?: string[]; tags?: Record<string, string>; path?: string } = {}) {
  const p = opts.path ?? '/';
  return {
    Path: p,
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}EXMP`,
    Arn: `arn:aws:iam::${account}:role${p}${name}`,
    CreateDate: '2025-03-01T10:00:00Z',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: (opts.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
    Tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

function user(account: string, name: string, opts: { groups?: string[]; inline?: Record<string, object>; attached?: string[]; tags?: Record<string, string> } = {}) {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}EXMP`,
    Arn: `arn:aws:iam::${account}:user/${name}`,
    CreateDate: '2024-06-01T10:00:00Z',
    GroupList: opts.groups ?? [],
    UserPolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: (opts.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
    Tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

function managed(name: string, document: object, account = 'aws') {
  const arn = account === 'aws' ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${account}:policy/${name}`;
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}EXMP`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' }],
  };
}

const AWS_MANAGED = [managed('AdministratorAccess', doc(allow('*'))), managed('ReadOnlyAccess', doc(allow(['s3:Get*', 's3:List*', 'ec2:Describe*', 'iam:Get*', 'iam:List*', 'lambda:Get*', 'lambda:List*'])))];

/** Ordinary workload roles: trusted by services only, so no user can walk into them. */
function serviceRoles(account: string, count: number) {
  const services = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'glue.amazonaws.com'];
  const apps = ['orders', 'billing', 'search', 'catalog', 'ingest', 'reports', 'notify', 'auth', 'media', 'etl', 'ml', 'audit'];
  return Array.from({ length: count }, (_, i) => {
    const app = apps[i % apps.length]!;
    const svc = services[i % services.length]!;
    return role(account, `${app}-${svc.split('.')[0]}-${i}`, trustService(svc), {
      inline: { app: doc(allow([`s3:GetObject`, 's3:PutObject'], `arn:aws:s3:::${app}-data-${account}/*`), allow('logs:*', '*')) },
      tags: { app, env: account === PROD ? 'prod' : account === SHARED ? 'shared' : 'dev' },
    });
  });
}

const gaad = (users: object[], groups: object[], roles: object[], policies: object[]) => ({ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies });

// dev: the CI user whose key leaks, a legacy backup user, an over-privileged bot.
const ciDeployKey = keyId(DEV);
const backupKeyOld = keyId(DEV);
const backupKey = keyId(DEV);
const botKey = keyId(DEV);
const reportsKey = keyId(DEV);
const devGaad = gaad(
  [
    user(DEV, 'ci-deploy', { groups: ['ci'], tags: { owner: 'platform-team' } }),
    user(DEV, 'legacy-backup', { inline: { backup: doc(allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::backups-111111111111', 'arn:aws:s3:::backups-111111111111/*'])) } }),
    user(DEV, 'chatops-bot', { inline: { 'bot-iam': doc(allow(['iam:PutUserPolicy', 'iam:GetUser', 'iam:ListAttachedUserPolicies'], `arn:aws:iam::${DEV}:user/chatops-bot`)) } }),
    user(DEV, 'reports-exporter', { attached: [READONLY], inline: { 'assume-analytics': doc(allow('sts:AssumeRole', `arn:aws:iam::${SHARED}:role/analytics-reader`)) } }),
  ],
  [
    {
      Path: '/',
      GroupName: 'ci',
      GroupId: 'AGPACIGROUPEXAMPLE01',
      Arn: `arn:aws:iam::${DEV}:group/ci`,
      GroupPolicyList: [{ PolicyName: 'ci-assume', PolicyDocument: doc(allow('sts:AssumeRole', [`arn:aws:iam::${SHARED}:role/deploy-hub`, `arn:aws:iam::${DEV}:role/ci-*`]), deny('sts:AssumeRole', `arn:aws:iam::${DEV}:role/ci-break-glass`)) }],
      AttachedManagedPolicies: [],
    },
  ],
  [
    role(DEV, 'ci-artifacts', trustAws(`arn:aws:iam::${DEV}:root`), { inline: { artifacts: doc(allow(['s3:PutObject', 's3:GetObject'], 'arn:aws:s3:::ci-artifacts-111111111111/*')) } }),
    // Look-alike: trusts the account and matches ci-* but the group denies it explicitly.
    role(DEV, 'ci-break-glass', trustAws(`arn:aws:iam::${DEV}:root`), { attached: [ADMIN] }),
    // Look-alike: names ci-deploy in trust but is MFA-gated: conditional, never certain for a key.
    role(DEV, 'dev-admin', trustAws(`arn:aws:iam::${DEV}:user/ci-deploy`, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { attached: [ADMIN] }),
    ...serviceRoles(DEV, 14),
  ],
  AWS_MANAGED,
);

const sharedGaad = gaad(
  [],
  [],
  [
    role(SHARED, 'deploy-hub', trustAws(`arn:aws:iam::${DEV}:root`), {
      inline: { 'assume-prod': doc(allow('sts:AssumeRole', `arn:aws:iam::${PROD}:role/prod-deployer`), allow(['cloudformation:*', 's3:*'], '*')) },
      tags: { owner: 'platform-team' },
    }),
    // Look-alike: trusts dev's account, but nobody in dev is allowed sts:AssumeRole on it.
    role(SHARED, 'audit-collector', trustAws(`arn:aws:iam::${DEV}:root`), { attached: [READONLY] }),
    role(SHARED, 'analytics-reader', trustAws(`arn:aws:iam::${DEV}:root`), { inline: { read: doc(allow(['athena:*', 's3:GetObject'], '*')) }, tags: { classification: 'restricted' } }),
    // A third party: the vendor's whole account may assume this role.
    role(SHARED, 'vendor-monitoring', trustAws(`arn:aws:iam::${VENDOR}:root`, { Condition: { StringEquals: { 'sts:ExternalId': 'acme-7781' } } }), { attached: [READONLY] }),
    ...serviceRoles(SHARED, 12),
  ],
  AWS_MANAGED,
);

const prodGaad = gaad(
  [],
  [],
  [
    role(PROD, 'prod-deployer', trustAws(`arn:aws:iam::${SHARED}:role/deploy-hub`), {
      inline: { deploy: doc(allow(['ecs:*', 'ecr:*', 'iam:PassRole'], '*'), allow('sts:AssumeRole', `arn:aws:iam::${PROD}:role/platform-admin`)) },
    }),
    role(PROD, 'platform-admin', trustAws([`arn:aws:iam::${PROD}:role/prod-deployer`, `arn:aws:iam::${PROD}:role/breakglass-operator`]), { attached: [ADMIN] }),
    role(PROD, 'payments-db-admin', trustAws(`arn:aws:iam::${PROD}:role/platform-admin`), { inline: { rds: doc(allow('rds:*', '*')) }, tags: { classification: 'restricted' } }),
    ...serviceRoles(PROD, 14),
  ],
  AWS_MANAGED,
);

mkdirSync(OUT, { recursive: true });
const write = (name: string, data: unknown) => writeFileSync(path.join(OUT, name), `${JSON.stringify(data, null, 2)}\n`);
write(`${DEV}-dev-authorization-details.json`, devGaad);
write(`${SHARED}-shared-authorization-details.json`, sharedGaad);
write(`${PROD}-prod-authorization-details.json`, prodGaad);
// Bare CLI output: names no account; leakpath places keys by user name or key id.
write(`${DEV}-dev-access-keys-ci-deploy.json`, { AccessKeyMetadata: [{ UserName: 'ci-deploy', AccessKeyId: ciDeployKey, Status: 'Active', CreateDate: '2024-06-02T09:00:00Z' }] });
write(`${DEV}-dev-access-keys-chatops-bot.json`, { AccessKeyMetadata: [{ UserName: 'chatops-bot', AccessKeyId: botKey, Status: 'Active', CreateDate: '2025-01-10T09:00:00Z' }] });
write(`${DEV}-dev-access-keys-reports-exporter.json`, { AccessKeyMetadata: [{ UserName: 'reports-exporter', AccessKeyId: reportsKey, Status: 'Active', CreateDate: '2025-05-10T09:00:00Z' }] });
// The documented envelope, naming the account explicitly.
write(`${DEV}-dev-access-keys-legacy-backup.envelope.json`, {
  leakpath: 'aws-cli/1',
  command: 'iam list-access-keys',
  parameters: { UserName: 'legacy-backup' },
  account: DEV,
  region: 'us-east-1',
  output: {
    AccessKeyMetadata: [
      { UserName: 'legacy-backup', AccessKeyId: backupKeyOld, Status: 'Inactive', CreateDate: '2021-02-01T09:00:00Z' },
      { UserName: 'legacy-backup', AccessKeyId: backupKey, Status: 'Active', CreateDate: '2022-02-01T09:00:00Z' },
    ],
  },
});
console.log(`wrote ${OUT}: ci-deploy key ${ciDeployKey}`);
