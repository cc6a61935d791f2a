import type { GcpDenyPolicy, GcpDenyRule } from '../../model/inventory/gcp.js';
import { evaluateCondition, type ConditionContext } from './conditions.js';

/** Does a v2 principal identifier name an allow-policy member? `maybe` when the data cannot tell (group membership). */
type Match = 'yes' | 'maybe' | 'no';

const after = (s: string, prefix: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : undefined);

/**
 * v2 principal identifiers (deny policies) against v1 members (allow policies), per
 * cloud.google.com/iam/docs/principal-identifiers: a Google account, a group, a service account,
 * a Workspace / Cloud Identity customer, everyone, and workload identity principals and sets.
 */
export function principalMatches(principal: string, member: string): Match {
  if (principal.startsWith('deleted:')) return 'no';
  if (principal === 'principalSet://goog/public:all') return 'yes';
  const [kind, ...rest] = member.split(':');
  const who = rest.join(':').toLowerCase();
  const user = after(principal, 'principal://goog/subject/');
  if (user !== undefined) return kind === 'user' && who === user.toLowerCase() ? 'yes' : 'no';
  const sa = after(principal, 'principal://iam.googleapis.com/projects/-/serviceAccounts/');
  if (sa !== undefined) return kind === 'serviceAccount' && who === sa.toLowerCase() ? 'yes' : 'no';
  const group = after(principal, 'principalSet://goog/group/');
  if (group !== undefined) {
    if (kind === 'group') return who === group.toLowerCase() ? 'yes' : 'maybe';
    return kind === 'user' || kind === 'serviceAccount' ? 'maybe' : 'no';
  }
  if (principal.startsWith('principalSet://goog/cloudIdentityCustomerId/')) return kind === 'user' || kind === 'group' || kind === 'domain' ? 'maybe' : 'no';
  // Workload identity: the same identifier, or a member inside a set ending in /*.
  if (principal === member) return 'yes';
  if (principal.endsWith('/*') && (member.startsWith('principal://') || member.startsWith('principalSet://'))) {
    const pool = principal.slice(0, -1).replace(/^principalSet:\/\//, '');
    return member.replace(/^principal(Set)?:\/\//, '').startsWith(pool) ? 'yes' : 'no';
  }
  return 'no';
}

/** `iam.googleapis.com/serviceAccounts.getAccessToken` → `iam.serviceAccounts.getAccessToken`. */
export function v1Permission(denied: string): string {
  const slash = denied.indexOf('/');
  if (slash < 0) return denied;
  const service = denied.slice(0, slash).replace(/\.googleapis\.com$/, '');
  return `${service === 'cloudresourcemanager' ? 'resourcemanager' : service}.${denied.slice(slash + 1)}`;
}

function permissionIn(list: readonly string[], permission: string): boolean {
  return list.some((d) => {
    const p = v1Permission(d);
    if (!p.includes('*')) return p === permission;
    const [head, tail] = [p.slice(0, p.indexOf('*')), p.slice(p.indexOf('*') + 1)];
    return permission.startsWith(head) && permission.endsWith(tail) && permission.length >= head.length + tail.length;
  });
}

export interface DenyHit {
  policy: GcpDenyPolicy;
  rule: number;
}

export interface DenyOutcome {
  /** A rule that certainly denies: the grant is gone. */
  denied?: DenyHit;
  /** Rules that may deny (group membership, tag conditions): the grant stays, conditional on these. */
  maybe: string[];
}

export const denyName = (h: DenyHit) => `deny policy ${h.policy.displayName ? `"${h.policy.displayName}" ` : ''}${h.policy.name} rule ${h.rule + 1}`;

/**
 * Whether IAM deny policies attached along a target's chain take `permission` from `member`.
 * Deny wins over allow wherever it applies (cloud.google.com/iam/docs/deny-overview): a rule
 * applies when the member is a denied principal, not an exception, the permission is denied and
 * not excepted, and the denial condition (tags only) holds.
 */
export function denyOutcome(rules: readonly DenyHit[], member: string, permission: string, ctx: ConditionContext): DenyOutcome {
  const maybe: string[] = [];
  for (const hit of rules) {
    const r: GcpDenyRule = hit.policy.rules[hit.rule]!;
    if (!permissionIn(r.deniedPermissions, permission) || permissionIn(r.exceptionPermissions, permission)) continue;
    const who = r.deniedPrincipals.map((p) => principalMatches(p, member));
    const principal: Match = who.includes('yes') ? 'yes' : who.includes('maybe') ? 'maybe' : 'no';
    if (principal === 'no') continue;
    const except = r.exceptionPrincipals.map((p) => principalMatches(p, member));
    if (except.includes('yes')) continue;
    const condition = r.denialCondition ? evaluateCondition(r.denialCondition.expression, ctx) : true;
    if (condition === false) continue;
    if (principal === 'yes' && !except.includes('maybe') && condition === true) return { denied: hit, maybe };
    const why = [principal === 'maybe' ? 'if the member is among its denied principals' : '', except.includes('maybe') ? 'unless the member is among its exceptions' : '', condition === undefined ? `if ${r.denialCondition!.expression}` : ''].filter(Boolean).join(', ');
    maybe.push(`unless ${denyName(hit)} applies (${why})`);
  }
  return { maybe };
}
