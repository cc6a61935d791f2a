import type {
  AwsAccount,
  InlinePolicy,
  PolicyDocument,
  PolicyStatement,
} from '../../../src/model/inventory/index.js';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { gaadSchema, type GaadOutput } from './schema.js';

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

/**
 * `aws iam get-account-authorization-details` → the principals and policies of its account. Tools
 * merge several accounts' exports into one file (Cloudsplaining's example does): such a file is
 * split by the account in each ARN, with a warning; AWS managed policies (account `aws`) go to
 * every account that attaches them.
 */
export function parseGaad(json: unknown, file: string, accountHint?: string): { accounts: AwsAccount[]; warnings: string[] } {
  const gaad = parseOrThrow(gaadSchema, json, file, 'get-account-authorization-details output');
  const principalArns = [...gaad.UserDetailList, ...gaad.RoleDetailList, ...gaad.GroupDetailList].map((p) => p.Arn);
  const named = [...new Set(principalArns.map(accountOfArn).filter((a): a is string => a !== undefined))].sort();
  const accounts = named.length > 0 ? named : accountHint ? [accountHint] : [];
  if (accounts.length === 0) {
    throw new InputError(file, 'UserDetailList/RoleDetailList/GroupDetailList', 'expected at least one principal ARN naming the account (or an envelope with "account")');
  }
  const warnings: string[] = [];
  if (accounts.length > 1) {
    warnings.push(`${file}: the export holds the principals of ${accounts.length} accounts (${accounts.join(', ')}); split by the account in each ARN`);
  }
  if (accountHint && !accounts.includes(accountHint)) {
    warnings.push(`${file}: the envelope names account ${accountHint}, but the principals are in ${accounts.join(', ')}; placed by their ARNs`);
  }
  const only = accounts.length === 1 ? accounts[0] : undefined;
  const inAccount = (accountId: string) => (arn: string) => (accountOfArn(arn) ?? only) === accountId;
  return {
    accounts: accounts.map((accountId) => {
      const mine = inAccount(accountId);
      const slice = {
        ...gaad,
        UserDetailList: gaad.UserDetailList.filter((u) => mine(u.Arn)),
        GroupDetailList: gaad.GroupDetailList.filter((g) => mine(g.Arn)),
        RoleDetailList: gaad.RoleDetailList.filter((r) => mine(r.Arn)),
      };
      const attached = new Set([
        ...[...slice.UserDetailList, ...slice.GroupDetailList, ...slice.RoleDetailList].flatMap((p) => p.AttachedManagedPolicies.map((a) => a.PolicyArn)),
        ...[...slice.UserDetailList, ...slice.RoleDetailList].flatMap((p) => (p.PermissionsBoundary ? [p.PermissionsBoundary.PermissionsBoundaryArn] : [])),
      ]);
      // A policy of no account (AWS managed) belongs wherever it is used; in a one-account file, there.
      const policies = gaad.Policies.filter((p) => (accountOfArn(p.Arn) ? mine(p.Arn) : only !== undefined || attached.has(p.Arn)));
      return accountOf(accountId, { ...slice, Policies: policies });
    }),
    warnings,
  };
}

function accountOf(accountId: string, gaad: GaadOutput): AwsAccount {
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
