import type { AwsAccount, AwsInventory } from '../../../src/model/inventory/index.js';
import { accountFromAccessKeyId } from './account-from-key.js';
import type { AwsPart } from './index.js';

function emptyAccount(accountId: string): AwsAccount {
  return { accountId, users: [], groups: [], roles: [], policies: [], accessKeys: [] };
}

function mergeByKey<T>(into: T[], from: T[], key: (t: T) => string): void {
  const index = new Map(into.map((t, i) => [key(t), i]));
  for (const item of from) {
    const at = index.get(key(item));
    if (at === undefined) {
      index.set(key(item), into.length);
      into.push(item);
    } else {
      into[at] = item; // a later file describes the same object more recently
    }
  }
}

/**
 * Joins every AWS file of one ingest: several exports of one account become one account, and
 * access keys (whose listing names no account) are placed by explicit account, else by the
 * only account that has the user, else by the account encoded in the key id.
 */
export function mergeAwsParts(parts: readonly { file: string; part: AwsPart }[]): {
  inventory: AwsInventory;
  warnings: string[];
} {
  const accounts = new Map<string, AwsAccount>();
  const warnings: string[] = [];
  const account = (id: string) => {
    let a = accounts.get(id);
    if (!a) accounts.set(id, (a = emptyAccount(id)));
    return a;
  };

  for (const { part } of parts) {
    warnings.push(...part.warnings);
    for (const a of part.accounts) {
      const into = account(a.accountId);
      mergeByKey(into.users, a.users, (u) => u.arn);
      mergeByKey(into.groups, a.groups, (g) => g.arn);
      mergeByKey(into.roles, a.roles, (r) => r.arn);
      mergeByKey(into.policies, a.policies, (p) => p.arn);
      mergeByKey(into.accessKeys, a.accessKeys, (k) => k.accessKeyId);
    }
  }

  for (const { file, part } of parts) {
    for (const batch of part.keys) {
      for (const key of batch.keys) {
        const owners = [...accounts.values()].filter((a) => a.users.some((u) => u.name === key.userName));
        const encoded = accountFromAccessKeyId(key.accessKeyId);
        let target = batch.account;
        if (!target) {
          if (owners.length === 1) target = owners[0]!.accountId;
          else if (encoded && (owners.length === 0 || owners.some((o) => o.accountId === encoded))) target = encoded;
        }
        if (!target) {
          warnings.push(
            `${file}: access key ${key.accessKeyId} of user "${key.userName}" could not be placed in one account (users of that name in ${owners.map((o) => o.accountId).join(', ')}); wrap the file in an aws-cli/1 envelope with "account"`,
          );
          continue;
        }
        const into = account(target);
        if (!into.users.some((u) => u.name === key.userName)) {
          warnings.push(
            `${file}: access key ${key.accessKeyId} belongs to user "${key.userName}", who is not in any authorization-details export of account ${target}; its permissions are unknown (coverage gap)`,
          );
        }
        mergeByKey(into.accessKeys, [key], (k) => k.accessKeyId);
      }
    }
  }

  const sorted = [...accounts.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { inventory: { provider: 'aws', accounts: sorted }, warnings };
}
