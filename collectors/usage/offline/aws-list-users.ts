import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { CredentialUsage, UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, type UsagePart } from './part.js';

/**
 * `aws iam list-users` and `aws iam get-user`: the only outputs that carry `PasswordLastUsed`, the
 * last console sign-in with the user's password (GAAD does not). Absent, it means the user has no
 * password or has not signed in with it since IAM began tracking (October 2014): the analysis tells
 * the two apart with `get-login-profile`. Each user's password becomes usage of
 * `aws:console-password:<user ARN>`.
 */

const user = z
  .object({
    UserName: z.string().min(1),
    Arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:user\//, 'the ARN of an IAM user'),
    PasswordLastUsed: z
      .string()
      .refine((s) => isoTime(s) !== undefined, 'an ISO 8601 time')
      .nullish(),
  })
  .loose();

const listSchema = z.object({ Users: z.array(user), IsTruncated: z.boolean().optional() }).loose();
const getSchema = z.object({ User: user }).loose();

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const userLike = (x: unknown) => isObj(x) && typeof x.UserName === 'string' && typeof x.Arn === 'string' && 'UserId' in x;

export const looksLikeListUsers = (json: unknown) => isObj(json) && Array.isArray(json.Users) && json.Users.length > 0 && userLike(json.Users[0]);
export const looksLikeGetUser = (json: unknown) => isObj(json) && userLike(json.User);

export const consolePasswordId = (userArn: string) => `aws:console-password:${userArn}`;

export function parseListUsers(json: unknown, file: string): UsagePart {
  const users = isObj(json) && 'User' in json ? [parseOrThrow(getSchema, json, file, 'an `aws iam get-user` output').User] : parseOrThrow(listSchema, json, file, 'an `aws iam list-users` output').Users;
  const source: UsageSourceRef = { kind: 'aws-list-users', file };
  const credentials: CredentialUsage[] = users.map((u) => {
    const lastUsed = isoTime(u.PasswordLastUsed);
    return { nodeId: consolePasswordId(u.Arn), subject: { provider: 'aws', arn: u.Arn }, ...(lastUsed ? { lastUsed } : {}), detail: 'console password', source };
  });
  const truncated = isObj(json) && json.IsTruncated === true;
  return { identities: [], credentials, sources: [source], warnings: truncated ? [`${file}: the list-users output is truncated (IsTruncated): export every page (the AWS CLI does unless --max-items is given)`] : [] };
}
