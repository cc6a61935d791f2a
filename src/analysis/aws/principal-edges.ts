import { pushTo } from '../../model/append.js';
import type { GraphEdge } from '../../model/graph.js';
import type { AwsAccount, AwsResource, AwsRole } from '../../model/inventory/index.js';
import type { AwsPrincipal } from './principals.js';
import { isServiceLinked, type ActionIndex, type Listings } from './rules/common.js';
import { createAccessKeyEdge, loginProfileEdges, updateAssumeRolePolicyEdge } from './rules/takeover.js';
import { passRoleEdge } from './rules/pass-role.js';
import { PASS_ROLE_TECHNIQUES } from './rules/pass-role-techniques.js';
import { existingComputeEdge } from './rules/existing-compute.js';
import { EXISTING_COMPUTE_TECHNIQUES } from './rules/existing-compute-techniques.js';
import { trustedServices } from './rules/service-trust.js';
import { resolveDeploymentGroups } from './rules/deployment-targets.js';
import { appendAll } from '../../model/append.js';

const byService = new WeakMap<AwsAccount, Map<string, AwsRole[]>>();

export function rolesTrusting(account: AwsAccount, service: string): AwsRole[] {
  let m = byService.get(account);
  if (!m) {
    m = new Map();
    for (const r of account.roles) for (const s of trustedServices(r)) pushTo(m, s, r);
    byService.set(account, m);
  }
  return m.get(service) ?? [];
}

/**
 * The account's resources by type, deployment groups resolved against the instances they target,
 * and whether each type's listing was read in full: what every rule on existing resources reads.
 */
export function listingsFrom(resources: readonly AwsResource[], collected: readonly string[] = []): Listings {
  const byType = new Map<string, AwsResource[]>();
  for (const r of resolveDeploymentGroups(resources)) pushTo(byType, r.type, r);
  const complete = new Set(collected);
  return (type) => ({ known: byType.get(type) ?? [], complete: complete.has(type) });
}

const listingsMemo = new WeakMap<AwsAccount, Listings>();

/** The account's listings, built once: every principal's rules read the same ones. */
export function listingsOf(account: AwsAccount): Listings {
  let l = listingsMemo.get(account);
  if (!l) listingsMemo.set(account, (l = listingsFrom(account.resources ?? [], account.collected)));
  return l;
}

const keysMemo = new WeakMap<AwsAccount, Map<string, AwsAccount['accessKeys']>>();

/** The account's access keys by user name, grouped once (a filter per user per caller was quadratic). */
function keysByUser(account: AwsAccount): Map<string, AwsAccount['accessKeys']> {
  let m = keysMemo.get(account);
  if (!m) {
    m = new Map();
    for (const k of account.accessKeys) pushTo(m, k.userName, k);
    keysMemo.set(account, m);
  }
  return m;
}

const computeMemo = new WeakMap<AwsAccount, Map<string, Set<AwsRole>>>();

/**
 * Roles an existing-compute technique can run as in the account: those listed resources run as,
 * and, without a full listing, every role trusting its service. The same for every caller, so
 * built once per account and technique rather than once per caller.
 */
function computeRoles(account: AwsAccount, t: (typeof EXISTING_COMPUTE_TECHNIQUES)[number], listing: Listings): Set<AwsRole> {
  let m = computeMemo.get(account);
  if (!m) computeMemo.set(account, (m = new Map()));
  let roles = m.get(t.id);
  if (!roles) {
    const { known, complete } = listing(t.type);
    const runAs = new Set(known.map((r) => r.runsAs));
    roles = new Set(account.roles.filter((r) => runAs.has(r.arn)));
    if (!complete) for (const r of rolesTrusting(account, t.service)) roles.add(r);
    m.set(t.id, roles);
  }
  return roles;
}

/** Takeover, PassRole and existing-compute edges from one principal to principals of its account. */
/** `rest`: the roles a PassRole technique still pairs the caller with, where a hub decides the others (src/analysis/aws/fold). */
export function principalEdges(p: AwsPrincipal, account: AwsAccount, index: ActionIndex, rest?: (caller: AwsPrincipal, technique: string) => readonly AwsRole[] | undefined): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const keysOf = (name: string) => keysByUser(account).get(name) ?? [];
  if (index.may(p, 'iam:CreateAccessKey')) {
    for (const u of account.users) {
      const e = createAccessKeyEdge(p, u, keysOf(u.name));
      if (e) edges.push(e);
    }
  }
  if (index.may(p, 'iam:CreateLoginProfile') || index.may(p, 'iam:UpdateLoginProfile')) {
    for (const u of account.users) appendAll(edges, loginProfileEdges(p, u));
  }
  if (index.may(p, 'iam:UpdateAssumeRolePolicy')) {
    for (const r of account.roles) {
      const e = updateAssumeRolePolicyEdge(p, r);
      if (e) edges.push(e);
    }
  }
  const listing = listingsOf(account);
  for (const t of PASS_ROLE_TECHNIQUES) {
    const existing = t.existing ? listing(t.existing.type) : undefined;
    for (const r of rest?.(p, t.id) ?? rolesTrusting(account, t.service)) {
      if (r.arn === p.arn || isServiceLinked(r)) continue;
      const e = passRoleEdge(p, r, t, index, existing, account.roles, listing);
      if (e) edges.push(e);
    }
  }
  for (const t of EXISTING_COMPUTE_TECHNIQUES) {
    if (!t.steps.every((s) => s.anyOf.some((a) => index.may(p, a)))) continue;
    const { known, complete } = listing(t.type);
    for (const r of computeRoles(account, t, listing)) {
      if (r.arn === p.arn) continue;
      const e = existingComputeEdge(p, r, t, known, complete, index, listing);
      if (e) edges.push(e);
    }
  }
  return edges;
}
