import type { PolicyStatement } from '../../../model/inventory/index.js';
import { asList } from './statements.js';

function awsPrincipals(p: PolicyStatement['Principal']): string[] | '*' {
  if (p === undefined) return [];
  if (p === '*') return '*';
  const aws = asList(p.AWS);
  return aws.includes('*') ? '*' : aws;
}

/** Account ids a statement names through AWS principals (for external-account nodes). */
export function namedAccounts(statement: PolicyStatement): string[] {
  const named = awsPrincipals(statement.Principal);
  if (named === '*') return [];
  return named
    .map((v) => (/^\d{12}$/.test(v) ? v : /^arn:aws[\w-]*:iam::(\d{12}):/.exec(v)?.[1]))
    .filter((a): a is string => a !== undefined);
}

/**
 * Who makes a request, as resource policies see it: an IAM user, a session of an IAM role (the
 * session name is attacker-chosen when the attacker assumes the role, fixed otherwise, and often
 * unknown), an AWS service principal acting on someone's behalf, or a web-identity / SAML caller
 * named by its identity provider (`Federated`), as in AssumeRoleWithWebIdentity.
 * `choosesSessionName`: every session of the role is made by sts:AssumeRole, whose caller picks the
 * RoleSessionName, so the attacker holding a session of it named it as it pleased.
 */
export type RequestPrincipal =
  | { kind: 'user'; arn: string; accountId: string; bounded?: boolean }
  | { kind: 'role'; arn: string; accountId: string; sessionName?: string; choosesSessionName?: boolean; bounded?: boolean }
  | { kind: 'service'; service: string }
  | { kind: 'federated'; provider: string };

/**
 * How a statement's Principal/NotPrincipal names the request principal, as AWS's evaluation logic
 * needs it:
 * - `direct`: the principal itself — a user ARN, a role session ARN, `*`, a service, or an
 *   Allow/Deny with NotPrincipal that does not exclude it. Suffices alone in the same account.
 * - `role`: the role ARN of a role session. Suffices alone in the same account, but a permissions
 *   boundary or session policy still caps it.
 * - `account`: the caller's account. Delegates to the account's own policies.
 * - `session`: a role session ARN with the caller's role, whose session name the attacker chooses
 *   (RoleSessionName): as `direct`, once the attacker names its session so (`namedSessions`).
 * - `unknown-session`: a role session ARN with the right role and a session name the data cannot
 *   confirm; decided by the session name (see `sessionCondition`).
 */
export type MatchKind = 'direct' | 'role' | 'session' | 'account' | 'unknown-session' | 'none';

const ORDER: MatchKind[] = ['direct', 'role', 'session', 'unknown-session', 'account', 'none'];

const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const SESSION = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function matchAwsValue(value: string, p: RequestPrincipal): MatchKind {
  if (value === '*') return 'direct';
  if (p.kind === 'service' || p.kind === 'federated') return 'none';
  if (value === p.accountId || ACCOUNT_ROOT.exec(value)?.[1] === p.accountId) return 'account';
  if (value === p.arn) return p.kind === 'role' ? 'role' : 'direct';
  const session = SESSION.exec(value);
  if (session && p.kind === 'role' && session[1] === p.accountId && session[2] === lastSegment(p.arn)) {
    if (p.sessionName !== undefined) return p.sessionName === session[3] ? 'direct' : 'none';
    return p.choosesSessionName ? 'session' : 'unknown-session';
  }
  return 'none';
}

function principalKinds(block: PolicyStatement['Principal'], p: RequestPrincipal): Set<MatchKind> {
  const kinds = new Set<MatchKind>();
  if (block === undefined) return kinds;
  if (block === '*') return kinds.add('direct');
  for (const [type, values] of Object.entries(block)) {
    for (const v of asList(values)) {
      if (type === 'AWS') kinds.add(matchAwsValue(v, p));
      else if (type === 'Service') kinds.add(v === '*' || (p.kind === 'service' && v === p.service) ? 'direct' : 'none');
      else if (type === 'Federated') kinds.add(v === '*' || (p.kind === 'federated' && v === p.provider) ? 'direct' : 'none');
      else kinds.add(v === '*' ? 'direct' : 'none');
    }
  }
  return kinds;
}

/** How a resource-policy statement names the request principal (see MatchKind). */
export function matchRequestPrincipal(statement: PolicyStatement, p: RequestPrincipal): MatchKind {
  if (statement.NotPrincipal !== undefined) {
    // AWS: a Deny with NotPrincipal always denies a principal that has a permissions boundary.
    if (statement.Effect === 'Deny' && (p.kind === 'user' || p.kind === 'role') && p.bounded) return 'direct';
    // Excluded if any listed value names it at any level (itself, its role, its account). A listed
    // session is decided by the session name, even one the attacker chooses: which name serves
    // depends on the statement's effect and on the other statements, so it stays a condition.
    const excluded = principalKinds(statement.NotPrincipal, p);
    if (excluded.has('direct') || excluded.has('role') || excluded.has('account')) return 'none';
    return excluded.has('unknown-session') || excluded.has('session') ? 'unknown-session' : 'direct';
  }
  const kinds = principalKinds(statement.Principal, p);
  return ORDER.find((k) => kinds.has(k)) ?? 'none';
}

/** The session ARNs (role and session name) of the caller's role that the statement names. */
export function namedSessions(statement: PolicyStatement, p: RequestPrincipal): { arn: string; role: string; session: string }[] {
  const block = statement.Principal ?? statement.NotPrincipal;
  const values = block && block !== '*' ? asList(block.AWS) : [];
  return values
    .filter((v) => {
      const kind = matchAwsValue(v, p);
      return kind === 'session' || kind === 'unknown-session';
    })
    .map((arn) => {
      const m = SESSION.exec(arn)!;
      return { arn, role: m[2]!, session: m[3]! };
    });
}

/** The session ARNs of the principal's role that the statement names, as condition text. */
export function sessionCondition(statement: PolicyStatement, p: RequestPrincipal): string {
  const sessions = namedSessions(statement, p);
  const verb = statement.NotPrincipal !== undefined ? 'is not' : 'is';
  const names = sessions.map((s) => `"${s.session}"`).join(' or ');
  return `the caller's session of role ${sessions[0]?.role ?? '?'} ${verb} named ${names} (${sessions.map((s) => s.arn).join(', ')}): its RoleSessionName when assumed with sts:AssumeRole, else set by whoever issued it`;
}
