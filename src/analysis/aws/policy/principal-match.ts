import type { PolicyStatement } from '../../../model/inventory/index.js';
import { asList } from './statements.js';

export interface Caller {
  arn: string;
  accountId: string;
  type: 'user' | 'role' | 'account';
}

/**
 * How a resource-policy statement names the caller. `arn`: the caller itself, which alone
 * suffices in the same account; `account`: its account (root or id) or `*`, which also needs the
 * caller's own Allow.
 */
export type PrincipalMatch = 'arn' | 'account' | 'none';

function awsPrincipals(p: PolicyStatement['Principal']): string[] | '*' {
  if (p === undefined) return [];
  if (p === '*') return '*';
  const aws = asList(p.AWS);
  return aws.includes('*') ? '*' : aws;
}

function matchOne(value: string, caller: Caller): PrincipalMatch {
  if (value === caller.accountId || value === `arn:aws:iam::${caller.accountId}:root`) return 'account';
  if (caller.type === 'account') return 'none';
  // Role ARNs in a trust may carry a path; the caller ARN has it too, so compare whole ARNs.
  return value === caller.arn ? 'arn' : 'none';
}

export function principalMatch(statement: PolicyStatement, caller: Caller): PrincipalMatch {
  if (statement.NotPrincipal !== undefined) {
    const excluded = awsPrincipals(statement.NotPrincipal);
    if (excluded === '*') return 'none';
    return excluded.some((v) => matchOne(v, caller) !== 'none') ? 'none' : 'account';
  }
  const named = awsPrincipals(statement.Principal);
  if (named === '*') return 'account';
  let best: PrincipalMatch = 'none';
  for (const v of named) {
    const m = matchOne(v, caller);
    if (m === 'arn') return 'arn';
    if (m === 'account') best = 'account';
  }
  return best;
}

/** Account ids a statement names through AWS principals (for external-account nodes). */
export function namedAccounts(statement: PolicyStatement): string[] {
  const named = awsPrincipals(statement.Principal);
  if (named === '*') return [];
  return named
    .map((v) => (/^\d{12}$/.test(v) ? v : /^arn:aws[\w-]*:iam::(\d{12}):/.exec(v)?.[1]))
    .filter((a): a is string => a !== undefined);
}
