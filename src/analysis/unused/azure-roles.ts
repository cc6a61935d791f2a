import type { AzureArmRoleDefinition } from '../../model/inventory/index.js';
import { BUILT_IN_ARM_ROLES } from '../azure/known.js';
import { allowsAction } from '../azure/permissions.js';

/**
 * Azure role arithmetic for narrowing proposals: whether one role allows nothing another does not,
 * how broad a role is, the narrowest shipped built-in role that still allows a set of used
 * operations, and the deepest scope that still covers them. Pure.
 *
 * Role definitions are patterns (`*`, `Microsoft.Compute/*`, `*\/read`) minus notActions, and
 * there is no catalogue of every ARM operation to enumerate, so containment is judged on probes:
 * every pattern of both roles (and of every shipped role) instantiated with a made-up operation,
 * and with the kinds of operation (`…/read`, `/write`, `/delete`, `/action`) a wildcard can stand for.
 */

const PROBE = 'leakpathprobe';
const SUFFIXES = [PROBE, `${PROBE}/read`, `${PROBE}/write`, `${PROBE}/delete`, `${PROBE}/action`, `${PROBE}/${PROBE}/read`];
const instances = (pattern: string) => (pattern.includes('*') ? SUFFIXES.map((s) => pattern.replace(/\*/g, s)) : [pattern]);
const patternsOf = (r: AzureArmRoleDefinition) => r.permissions.flatMap((p) => [...p.actions, ...p.notActions]);

/** A made-up read of any provider: allowed only by a role that reads everything (`*\/read`, `*`). */
export const ANY_READ = `Microsoft.${PROBE}/${PROBE}/read`;

/** Roles whose real definitions reach well beyond what leakpath ships of them: never proposed. */
const NOT_PROPOSED = new Set(['4f8fab4f-1852-4a58-a46a-8eaf358af14a' /* Avere Contributor: storage and network too */]);

/** Shipped built-in roles a proposal may name: control-plane only (the activity log sees no data action). */
export const CANDIDATE_ROLES: readonly AzureArmRoleDefinition[] = BUILT_IN_ARM_ROLES.filter((r) => !NOT_PROPOSED.has(r.id) && r.permissions.every((p) => p.dataActions.length === 0));

export const READER = BUILT_IN_ARM_ROLES.find((r) => r.roleName === 'Reader')!;

export const hasDataActions = (r: AzureArmRoleDefinition) => r.permissions.some((p) => p.dataActions.length > 0);

function probes(roles: readonly AzureArmRoleDefinition[], extra: readonly string[]): string[] {
  return [...new Set([...roles.flatMap(patternsOf), ...extra, ANY_READ].flatMap(instances))];
}

const WITHIN = new WeakMap<AzureArmRoleDefinition, WeakMap<AzureArmRoleDefinition, boolean>>();

/** `narrow` allows nothing (on the probes) that `wide` does not; data actions included. */
export function within(narrow: AzureArmRoleDefinition, wide: AzureArmRoleDefinition): boolean {
  // Role definitions are shared objects (the shipped table, one inventory's definitions): decided once per pair.
  const byWide = WITHIN.get(narrow) ?? WITHIN.set(narrow, new WeakMap()).get(narrow)!;
  const known = byWide.get(wide);
  if (known !== undefined) return known;
  const verdict = decideWithin(narrow, wide);
  byWide.set(wide, verdict);
  return verdict;
}

function decideWithin(narrow: AzureArmRoleDefinition, wide: AzureArmRoleDefinition): boolean {
  if (hasDataActions(narrow) && !hasDataActions(wide)) return false;
  if (hasDataActions(narrow)) return narrow.id === wide.id;
  return probes([narrow, wide, ...CANDIDATE_ROLES], []).every((q) => !allowsAction(narrow, q) || allowsAction(wide, q));
}

/** How much a role allows: the probes it allows (a coarse measure, used only to rank roles). */
export function breadth(role: AzureArmRoleDefinition, pool: readonly string[]): number {
  return pool.filter((q) => allowsAction(role, q)).length;
}

/**
 * The narrowest role that allows every used action and nothing `current` does not: a shipped
 * built-in role, or `current` itself when none is narrower. Ties keep `current`, then go by name.
 */
export function narrowestRole(current: AzureArmRoleDefinition, used: readonly string[]): AzureArmRoleDefinition {
  const pool = probes([current, ...CANDIDATE_ROLES], used);
  const fits = [current, ...CANDIDATE_ROLES.filter((r) => r.id !== current.id)].filter((r) => used.every((a) => allowsAction(r, a)) && (r === current || within(r, current)));
  const ranked = fits.map((r) => ({ r, n: breadth(r, pool) })).sort((a, b) => a.n - b.n || (a.r === current ? -1 : b.r === current ? 1 : a.r.roleName < b.r.roleName ? -1 : 1));
  // The current role is not among the fits only when it does not allow every used action itself.
  return ranked[0]?.r ?? current;
}

/**
 * Whether the first `n` parts of a lower-cased ARM id (split on `/`, a leading empty part) are a
 * scope a role can be assigned at: a subscription, a resource group, or a resource in one (child
 * resources included). Subscription-level resources (`/subscriptions/S/providers/…`) narrow to the
 * subscription only.
 */
function assignable(parts: readonly string[], n: number): boolean {
  if (parts[1] !== 'subscriptions') return false;
  if (n === 3) return true;
  if (parts[3] !== 'resourcegroups') return false;
  return n === 5 || (n >= 9 && n % 2 === 1 && parts[5] === 'providers');
}

/**
 * The deepest scope under `assigned` that covers every used scope: a resource when they all fall
 * under one that `exists` (a resource the inventory knows, so an assignment can be made on it),
 * else their resource group or subscription. `assigned` itself when nothing deeper covers them all.
 */
export function deepestScope(assigned: string, used: readonly string[], exists: (id: string) => boolean): string {
  const base = assigned.toLowerCase();
  const lists = used.map((s) => s.toLowerCase().replace(/\/+$/, '').split('/'));
  if (lists.length === 0) return base;
  const first = lists[0]!;
  let n = 0;
  while (n < first.length && lists.every((l) => l[n] === first[n])) n++;
  for (; n >= 3; n--) {
    if (!assignable(first, n)) continue;
    const scope = first.slice(0, n).join('/');
    if (n >= 9 && !exists(scope)) continue;
    if (scope === base || scope.startsWith(`${base}/`)) return scope;
  }
  return base;
}
