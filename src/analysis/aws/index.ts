import type { GraphEdge, TierZeroMark } from '../types.js';
import type { GraphNode } from '../../model/graph.js';
import type { AwsAccount, AwsInventory, AwsRole } from '../../model/inventory/index.js';
import { namedAccounts } from './policy/principal-match.js';
import { PolicyIndex, principalsOf, type AwsPrincipal } from './principals.js';
import { anyAccountCaller, assumeRoleEdge, opensToAnyAccount, outsideAccountCaller } from './rules/assume-role.js';
import { tierZeroOf } from './rules/tier-zero.js';
import { accountArn } from '../../build/aws.js';
import { asList } from './policy/statements.js';
import type { AnalysisResult } from '../types.js';
import { ActionIndex } from './rules/common.js';
import { groupPrincipal } from './rules/groups.js';
import { addUserToGroupEdge } from './rules/takeover.js';
import { principalEdges } from './principal-edges.js';
import { mergeEdges, stateChangeEdges } from './state-changes.js';
import { reachFrom, rewriteEdges, rewritesOf } from './rules/rewrite.js';
import { dataAccessEdges } from './rules/data-access.js';
import { secretReadEdges } from './rules/secrets.js';
import { stackSetEdges, updateStackSetEdges } from './rules/stack-sets.js';
import { cognitoEdges } from './rules/cognito.js';
import { sessionArnConditionWarnings } from './rules/session-arn-conditions.js';
import { appendAll, pushTo } from '../../model/append.js';
import { foldAssumeRole, NO_FOLD } from './fold/assume-role-hubs.js';
import { foldPassRole, NO_PASS_FOLD } from './fold/pass-role-hubs.js';

/**
 * AWS attack edges and tier-zero marks from an AWS inventory. Rules are pure functions of the
 * inventory; this function only pairs callers with targets, and pairs only candidates: a
 * principal is tried on a technique only when some Allow of its could grant every action the
 * technique needs, and PassRole techniques only on roles that trust the technique's service.
 *
 * Three phases, so that the middle one can run per account in worker threads (src/analysis/workers):
 * `prepareAws` (the caller models, the same in every thread), `accountPart` (the edges decided per
 * account: roles of the account as targets, principals of the account as callers) and `finishAws`
 * (what needs every edge: state changes and rewrites). In process, the middle phase runs for
 * every account in turn; the result is the same whichever thread ran which account.
 */
export function analyseAws(inventory: AwsInventory, at: Date = new Date(), options: { fold?: boolean } = {}): AnalysisResult {
  const ctx = prepareAws(inventory, at);
  const fold = options.fold !== false;
  return finishAws(ctx, inventory.accounts.map((a) => accountPart(ctx, a.accountId, fold)));
}

/** What every phase reads: the caller models, built alike in every thread from the same inventory. */
export interface AwsContext {
  inventory: AwsInventory;
  at: Date;
  policies: PolicyIndex;
  index: ActionIndex;
  known: Set<string>;
  tierZero: TierZeroMark[];
  accountOf: Map<string, AwsAccount>;
  /** Edges of joining a group (first: the groups one can join are sources of every other technique). */
  joinEdges: GraphEdge[];
  /** Sources of edges, in a fixed order: an account part names them by position. */
  actors: AwsPrincipal[];
  callers: AwsPrincipal[];
  byArn: Map<string, AwsPrincipal>;
  byAccount: Map<string, AwsPrincipal[]>;
  actorsByAccount: Map<string, AwsPrincipal[]>;
}

/** The caller models of every user, role and group, before anyone is judged admin. */
export interface AwsCallers {
  policies: PolicyIndex;
  principals: AwsPrincipal[];
  groups: AwsPrincipal[];
}

export function callersOf(inventory: AwsInventory, at: Date): AwsCallers {
  const policies = new PolicyIndex(inventory);
  const principals = inventory.accounts.flatMap((a) => principalsOf(a, policies, at));
  const groups = inventory.accounts.flatMap((a) => a.groups.map((g) => groupPrincipal(a, g, policies, at)));
  return { policies, principals, groups };
}

/** Tier-zero marks of the users, roles and groups of one account (all accounts when undefined), in the order they are listed. */
export function tierZeroMarks(c: AwsCallers, accountId?: string): TierZeroMark[] {
  const policyOf = (arn: string) => c.policies.get(arn);
  const out: TierZeroMark[] = [];
  for (const p of [...c.principals, ...c.groups]) {
    if (accountId !== undefined && p.accountId !== accountId) continue;
    const t0 = tierZeroOf(p, policyOf);
    if (t0) out.push({ nodeId: p.arn, ...t0 });
  }
  return out;
}

/**
 * The context every phase reads. `marks`: the tier-zero marks of every user, role and group when
 * already known (worker threads judge them per account, src/analysis/workers); else judged here.
 */
export function prepareAws(inventory: AwsInventory, at: Date, marks?: readonly TierZeroMark[], built?: AwsCallers): AwsContext {
  const c = built ?? callersOf(inventory, at);
  const { policies, principals, groups } = c;
  const known = new Set(inventory.accounts.map((a) => a.accountId));
  const index = new ActionIndex();

  // In the order one pass over principals, then groups, finds them, whichever thread judged them.
  const byNode = new Map((marks ?? tierZeroMarks(c)).map((m) => [m.nodeId, m]));
  const tierZero: TierZeroMark[] = [...principals, ...groups].flatMap((p) => byNode.get(p.arn) ?? []);
  // Admin-equivalent principals already reach everything in their account: no edges from them.
  const admin = new Set(tierZero.filter((m) => !m.conditional).map((m) => m.nodeId));
  for (const a of inventory.accounts) {
    tierZero.push({
      nodeId: accountArn(a.accountId),
      technique: 'aws:iam:AccountAdministrator',
      reason: `administrator of account ${a.accountId}`,
      evidence: { summary: `stands for full control of account ${a.accountId}: its root user, or any principal that can give itself every permission`, refs: [] },
      conditional: false,
    });
  }

  const accountOf = new Map(inventory.accounts.map((a) => [a.accountId, a]));
  const sources = (list: readonly AwsPrincipal[]) => list.filter((p) => !admin.has(p.arn));

  const joinEdges: GraphEdge[] = [];
  const joinable = new Set<string>();
  for (const p of sources(principals)) {
    if (!index.may(p, 'iam:AddUserToGroup')) continue;
    for (const g of accountOf.get(p.accountId)!.groups) {
      const e = addUserToGroupEdge(p, g);
      if (!e) continue;
      joinEdges.push(e);
      joinable.add(g.arn);
    }
  }
  const actors = sources([...principals, ...groups.filter((g) => joinable.has(g.arn))]);
  const callers = [...principals, ...actors.filter((a) => joinable.has(a.arn))];
  const byArn = new Map(callers.map((p) => [p.arn, p]));
  const byAccount = new Map<string, AwsPrincipal[]>();
  for (const p of callers) pushTo(byAccount, p.accountId, p);
  const actorsByAccount = new Map<string, AwsPrincipal[]>();
  for (const p of actors) pushTo(actorsByAccount, p.accountId, p);
  return { inventory, at, policies, index, known, tierZero, accountOf, joinEdges, actors, callers, byArn, byAccount, actorsByAccount };
}

/**
 * The edges one account decides: CAN_ASSUME into its roles (hubs included), and every edge whose
 * caller is one of its principals (PassRole hubs included). Plain data, so that it can come back
 * from a worker thread; `actors` holds per-actor lists by the actor's position in `ctx.actors`.
 */
export interface AccountPart {
  account: string;
  assumeNodes: GraphNode[];
  assumeFoldEdges: GraphEdge[];
  assumeEdges: GraphEdge[];
  passNodes: GraphNode[];
  passFoldEdges: GraphEdge[];
  actors: { at: number; own: GraphEdge[]; stackSets: GraphEdge[]; updateStackSets: GraphEdge[]; data: GraphEdge[] }[];
}

export function accountPart(ctx: AwsContext, accountId: string, fold: boolean): AccountPart {
  const { inventory, at, policies, index, known, callers, byArn, byAccount } = ctx;
  const account = ctx.accountOf.get(accountId)!;
  const assumeEdges: GraphEdge[] = [];
  const outside = new Map<string, AwsPrincipal>();
  const anyAccount = anyAccountCaller(policies.org, at);
  const roles = account.roles.map((role) => ({ role, account: accountId }));
  const assume = fold ? foldAssumeRole({ roles, byAccount, index }) : NO_FOLD;
  for (const role of account.roles) {
    for (const p of assume.rest(role.arn) ?? assumeCandidates(role, accountId, callers, byArn, byAccount, index)) {
      if (p.arn === role.arn || assume.covered(p.arn, role.arn)) continue;
      const edge = assumeRoleEdge(p, role, accountId);
      if (edge) assumeEdges.push(edge);
    }
    const external = new Set(role.trustPolicy.Statement.flatMap(namedAccounts).filter((a) => !known.has(a)));
    for (const other of external) {
      let caller = outside.get(other);
      if (!caller) outside.set(other, (caller = outsideAccountCaller(other, policies.org, at)));
      const edge = assumeRoleEdge(caller, role, accountId, [`account ${other} is outside the inventory: assumed its administrators can allow themselves sts:AssumeRole`]);
      if (edge) assumeEdges.push(edge);
    }
    if (opensToAnyAccount(role, at)) {
      const edge = assumeRoleEdge(anyAccount, role, accountId, ['anyone can open an AWS account and allow itself sts:AssumeRole']);
      if (edge) assumeEdges.push(edge);
    }
  }

  const passFold = fold ? foldPassRole({ accounts: [account], actorsByAccount: ctx.actorsByAccount, index, ...(policies.org ? { org: policies.org } : {}) }) : NO_PASS_FOLD;
  const actors: AccountPart['actors'] = [];
  ctx.actors.forEach((p, i) => {
    if (p.accountId !== accountId) return;
    const resources = account.resources ?? [];
    actors.push({
      at: i,
      own: principalEdges(p, account, index, passFold.rest),
      stackSets: [...stackSetEdges(p, inventory.accounts, (arn) => byArn.get(arn), index), ...cognitoEdges(p, account, index)],
      updateStackSets: updateStackSetEdges(p, inventory.accounts, (arn) => byArn.get(arn), index),
      data: [...secretReadEdges(p, accountId, resources, index), ...dataAccessEdges(p, accountId, resources, index)],
    });
  });
  return { account: accountId, assumeNodes: assume.nodes, assumeFoldEdges: assume.edges, assumeEdges, passNodes: passFold.nodes, passFoldEdges: passFold.edges, actors };
}

/** The parts of every account, in the order the inventory lists the accounts, joined as one pass would have found them; then what needs every edge. */
export function finishAws(ctx: AwsContext, parts: readonly AccountPart[]): AnalysisResult {
  const { inventory, index, actors, byArn, accountOf, policies } = ctx;
  const order = new Map(inventory.accounts.map((a, i) => [a.accountId, i]));
  const sorted = [...parts].sort((a, b) => order.get(a.account)! - order.get(b.account)!);
  const edges: GraphEdge[] = [...ctx.joinEdges];
  for (const p of sorted) appendAll(edges, p.assumeFoldEdges);
  for (const p of sorted) appendAll(edges, p.assumeEdges);
  for (const p of sorted) appendAll(edges, p.passFoldEdges);
  const perActor = new Array<AccountPart['actors'][number] | undefined>(actors.length);
  for (const p of sorted) for (const a of p.actors) perActor[a.at] = a;
  for (const a of perActor) if (a) appendAll(edges, a.own);
  for (const a of perActor) if (a) appendAll(edges, a.stackSets);
  for (const a of perActor) if (a) appendAll(edges, a.updateStackSets);
  for (const a of perActor) if (a) appendAll(edges, a.data);

  // Edges that need a change first (a retagged resource, an enrolled MFA device).
  const all = mergeEdges([...edges, ...stateChangeEdges({ inventory, principalOf: (arn) => byArn.get(arn), actors, edges, index })]);

  // Rewrites pay off only where the rewriter can also become the rewritten principal.
  const out = new Map<string, GraphEdge[]>();
  for (const e of all) {
    const list = out.get(e.source);
    if (list) list.push(e);
    else out.set(e.source, [e]);
  }
  const next = (n: string) => out.get(n) ?? [];
  const policyOf = (arn: string) => policies.get(arn);
  for (const p of actors) {
    const rewrites = rewritesOf(p, accountOf.get(p.accountId)!, policyOf, index);
    if (rewrites.length > 0) appendAll(all, rewriteEdges(p, rewrites, reachFrom(p.arn, next)));
  }

  const warnings = [
    ...[...policies.missing].sort().map(
      (arn) => `aws: managed policy ${arn} is attached but not in the export; its statements were not evaluated (coverage gap). Export with get-account-authorization-details without --filter to include it.`,
    ),
    ...inventory.accounts.flatMap(sessionArnConditionWarnings),
  ];
  return { nodes: [...sorted.flatMap((p) => p.assumeNodes), ...sorted.flatMap((p) => p.passNodes)], edges: all, tierZero: ctx.tierZero, warnings };
}

/**
 * Callers worth evaluating against a role's trust: those it names by ARN (which may need no Allow
 * of their own), every caller of the role's account when it names everyone (`*` names the caller
 * itself), and — where it names an account, or everyone for other accounts — those of that account
 * whose policies could allow sts:AssumeRole at all. Any other caller would be refused by authorize.
 */
function assumeCandidates(
  role: AwsRole,
  roleAccount: string,
  callers: readonly AwsPrincipal[],
  byArn: Map<string, AwsPrincipal>,
  byAccount: Map<string, AwsPrincipal[]>,
  index: ActionIndex,
): AwsPrincipal[] {
  const out = new Set<AwsPrincipal>();
  let everyone = false;
  const accounts = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow') continue;
    const named = s.NotPrincipal !== undefined ? '*' : s.Principal === '*' ? '*' : asList(s.Principal?.AWS);
    if (named === '*' || named.includes('*')) {
      everyone = true;
      continue;
    }
    for (const v of named) {
      const p = byArn.get(v) ?? sessionRole(v, callers);
      if (p) out.add(p);
    }
    for (const a of namedAccounts(s)) accounts.add(a);
  }
  if (everyone) for (const p of byAccount.get(roleAccount) ?? []) out.add(p);
  if (everyone) {
    for (const p of mayAssume(callers, index)) out.add(p);
  } else {
    for (const a of accounts) for (const p of mayAssume(byAccount.get(a) ?? [], index)) out.add(p);
  }
  return [...out];
}

const mayAssumeMemo = new WeakMap<readonly AwsPrincipal[], AwsPrincipal[]>();

/** The callers of a list whose own policies could allow sts:AssumeRole at all, found once per list (every role asks). */
function mayAssume(list: readonly AwsPrincipal[], index: ActionIndex): AwsPrincipal[] {
  let out = mayAssumeMemo.get(list);
  if (!out) mayAssumeMemo.set(list, (out = list.filter((p) => index.may(p, 'sts:AssumeRole'))));
  return out;
}

const SESSION_ARN = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/** The role whose session a trust names (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`; the role's path is not in it). */
function sessionRole(value: string, callers: readonly AwsPrincipal[]): AwsPrincipal | undefined {
  const m = SESSION_ARN.exec(value);
  return m ? callers.find((p) => p.type === 'role' && p.accountId === m[1] && p.name === m[2]) : undefined;
}
