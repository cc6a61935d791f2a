/**
 * Builders for AWS export JSON in the exact shape the CLI prints (get-account-authorization-details,
 * list-access-keys), so tests and the demo estate describe estates briefly and parse for real.
 */
type Doc = { Version: string; Statement: object[] };

export const doc = (...Statement: object[]): Doc => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
export const trustAws = (principal: string | string[], extra: object = {}) =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
export const trustService = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const fakeId = (prefix: string, name: string) => `${prefix}${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}EXMP`;
const named = (entries: Record<string, object> | undefined) =>
  Object.entries(entries ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
const attachments = (arns: string[] | undefined) => (arns ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn }));
const tagList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export interface PrincipalOpts {
  inline?: Record<string, object>;
  attached?: string[];
  tags?: Record<string, string>;
  boundary?: string;
  path?: string;
}

export function role(account: string, name: string, trust: object, opts: PrincipalOpts = {}) {
  const p = opts.path ?? '/';
  return {
    Path: p,
    RoleName: name,
    RoleId: fakeId('AROA', name),
    Arn: `arn:aws:iam::${account}:role${p}${name}`,
    CreateDate: '2025-03-01T10:00:00Z',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: named(opts.inline),
    AttachedManagedPolicies: attachments(opts.attached),
    Tags: tagList(opts.tags),
    ...(opts.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: opts.boundary } } : {}),
  };
}

export function user(account: string, name: string, opts: PrincipalOpts & { groups?: string[] } = {}) {
  return {
    Path: '/',
    UserName: name,
    UserId: fakeId('AIDA', name),
    Arn: `arn:aws:iam::${account}:user/${name}`,
    CreateDate: '2024-06-01T10:00:00Z',
    GroupList: opts.groups ?? [],
    UserPolicyList: named(opts.inline),
    AttachedManagedPolicies: attachments(opts.attached),
    Tags: tagList(opts.tags),
    ...(opts.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: opts.boundary } } : {}),
  };
}

export function group(account: string, name: string, opts: { inline?: Record<string, object>; attached?: string[] } = {}) {
  return {
    Path: '/',
    GroupName: name,
    GroupId: fakeId('AGPA', name),
    Arn: `arn:aws:iam::${account}:group/${name}`,
    GroupPolicyList: named(opts.inline),
    AttachedManagedPolicies: attachments(opts.attached),
  };
}

export function managed(name: string, document: object, account = 'aws', extraVersions: { id: string; document: object }[] = []) {
  const arn = account === 'aws' ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${account}:policy/${name}`;
  return {
    PolicyName: name,
    PolicyId: fakeId('ANPA', name),
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [
      { Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' },
      ...extraVersions.map((v) => ({ Document: v.document, VersionId: v.id, IsDefaultVersion: false, CreateDate: '2023-01-01T00:00:00Z' })),
    ],
  };
}

export const gaad = (parts: { users?: object[]; groups?: object[]; roles?: object[]; policies?: object[] }) => ({
  UserDetailList: parts.users ?? [],
  GroupDetailList: parts.groups ?? [],
  RoleDetailList: parts.roles ?? [],
  Policies: parts.policies ?? [managed('AdministratorAccess', doc(allow('*')))],
});

export const accessKeys = (userName: string, ...keys: { id: string; status?: 'Active' | 'Inactive' }[]) => ({
  AccessKeyMetadata: keys.map((k) => ({ UserName: userName, AccessKeyId: k.id, Status: k.status ?? 'Active', CreateDate: '2024-06-02T09:00:00Z' })),
});

/**
 * A CLI output in the `aws-cli/1` envelope (docs/aws-offline-format.md), for account 111111111111
 * in eu-west-1 unless `scope` says otherwise (a scope without an account tests placement).
 */
export const envelope = (command: string, output: unknown, parameters: object = {}, scope: object = { account: '111111111111', region: 'eu-west-1' }) => ({
  leakpath: 'aws-cli/1',
  command,
  parameters,
  ...scope,
  output,
});
