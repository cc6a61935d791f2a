import type {
  AwsAccount,
  InlinePolicy,
  PolicyDocument,
  PolicyStatement,
} from '../../../src/model/inventory/index.js';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { gaadSchema } from './schema.js';

type RawDocument = { Statement: PolicyStatement | PolicyStatement[] } & Omit<PolicyDocument, 'Statement'>;

export function normaliseDocument(doc: RawDocument): PolicyDocument {
  return { ...doc, Statement: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement] };
}

export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

function tags(list: { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(list.map((t) => [t.Key, t.Value]));
}

function inlinePolicies(list: { PolicyName: string; PolicyDocument: RawDocument }[]): InlinePolicy[] {
  return list.map((p) => ({ name: p.PolicyName, document: normaliseDocument(p.PolicyDocument) }));
}

export function looksLikeGaad(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  return ['UserDetailList', 'RoleDetailList', 'GroupDetailList'].some((k) => k in json);
}

/** `aws iam get-account-authorization-details` → one account's principals and policies. */
export function parseGaad(json: unknown, file: string, accountHint?: string): AwsAccount {
  const gaad = parseOrThrow(gaadSchema, json, file, 'get-account-authorization-details output');
  const principalArns = [...gaad.UserDetailList, ...gaad.RoleDetailList, ...gaad.GroupDetailList].map((p) => p.Arn);
  const accounts = new Set(principalArns.map(accountOfArn).filter((a): a is string => a !== undefined));
  if (accountHint) accounts.add(accountHint);
  if (accounts.size === 0) {
    throw new InputError(file, 'UserDetailList/RoleDetailList/GroupDetailList', 'expected at least one principal ARN naming the account (or an envelope with "account")');
  }
  if (accounts.size > 1) {
    throw new InputError(file, '', `expected the principals of one account, found ${[...accounts].sort().join(', ')}`);
  }
  const accountId = [...accounts][0]!;

  return {
    accountId,
    users: gaad.UserDetailList.map((u) => ({
      arn: u.Arn,
      name: u.UserName,
      id: u.UserId,
      path: u.Path,
      groups: u.GroupList,
      inlinePolicies: inlinePolicies(u.UserPolicyList),
      attachedPolicies: u.AttachedManagedPolicies.map((p) => p.PolicyArn),
      permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn,
      tags: tags(u.Tags),
    })),
    groups: gaad.GroupDetailList.map((g) => ({
      arn: g.Arn,
      name: g.GroupName,
      id: g.GroupId,
      path: g.Path,
      inlinePolicies: inlinePolicies(g.GroupPolicyList),
      attachedPolicies: g.AttachedManagedPolicies.map((p) => p.PolicyArn),
    })),
    roles: gaad.RoleDetailList.map((r) => ({
      arn: r.Arn,
      name: r.RoleName,
      id: r.RoleId,
      path: r.Path,
      trustPolicy: normaliseDocument(r.AssumeRolePolicyDocument),
      inlinePolicies: inlinePolicies(r.RolePolicyList),
      attachedPolicies: r.AttachedManagedPolicies.map((p) => p.PolicyArn),
      permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn,
      instanceProfiles: r.InstanceProfileList.map((p) => p.Arn),
      tags: tags(r.Tags),
      lastUsed: r.RoleLastUsed?.LastUsedDate,
    })),
    policies: gaad.Policies.map((p) => ({
      arn: p.Arn,
      name: p.PolicyName ?? p.Arn.split('/').pop()!,
      defaultVersionId: p.DefaultVersionId,
      versions: p.PolicyVersionList.map((v) => ({
        versionId: v.VersionId,
        isDefault: v.IsDefaultVersion,
        document: normaliseDocument(v.Document),
        createDate: v.CreateDate,
      })),
    })),
    accessKeys: [],
  };
}
