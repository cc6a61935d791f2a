import { pushTo } from '../../model/append.js';
import type { GraphEdge } from '../../model/graph.js';
import { composeThroughHub, isHubId } from '../../model/hubs.js';
import type { AwsAccount, AwsInventory, AwsResource, AwsRole, AwsUser, PolicyStatement } from '../../model/inventory/index.js';
import { ownStatements, type AwsPrincipal } from './principals.js';
import { listingsFrom, principalEdges, rolesTrusting } from './principal-edges.js';
import { namedAccounts } from './policy/principal-match.js';
import { asList } from './policy/statements.js';
import { assumeRoleEdge } from './rules/assume-role.js';
import { attackEdge, isServiceLinked, type ActionIndex, type Grant } from './rules/common.js';
import { dataAccessEdges } from './rules/data-access.js';
import { existingComputeEdge } from './rules/existing-compute.js';
import { EXISTING_COMPUTE_TECHNIQUES } from './rules/existing-compute-techniques.js';
import { mfaEnrolmentGrants, testsMfa, withMfa } from './rules/mfa.js';
import { passRoleEdge } from './rules/pass-role.js';
import { PASS_ROLE_TECHNIQUES } from './rules/pass-role-techniques.js';
import { mayRetag, principalTagCandidates, principalTestedTags, testedTagsFor, testsResourceTags, retagGrant, retagsFor, retagsOf, sessionTagGrant, sessionTagsOf, taggingOf, withPrincipalTags, type Retag, type Taggable } from './rules/retag.js';
import { pathOf, reachFrom, type ReachStep } from './rules/rewrite.js';
import { secretReadEdges } from './rules/secrets.js';
import { stackSetEdges, updateStackSetEdges } from './rules/stack-sets.js';
import { cognitoEdges } from './rules/cognito.js';
import { createAccessKeyEdge, loginProfileEdges, updateAssumeRolePolicyEdge } from './rules/takeover.js';
import { appendAll } from '../../model/append.js';

/** The statements that decide the principal's own requests, bare. */
const statementsOf = (x: AwsPrincipal): PolicyStatement[] => ownStatements(x).map((s) => s.statement);
/**
 * Edges that exist only after the attacker changes some state first: retags a resource so that a
 * tag condition (ABAC) lets it through, or enrols an MFA device so that an MFA condition does.
 * Each change is tried by re-running the rules on the changed world for one principal X; edges X
 * then has that it lacked (or had only conditionally) are credited to whoever can make the change:
 * X itself, or a principal Y that can make it and can also become X. In the second case the edge
 * runs from Y, with the way to X in its evidence, as rewrite edges do.
 */

export const RETAG_TECHNIQUE = 'aws:abac:RetagResource';
export const MFA_TECHNIQUE = 'aws:iam:EnableMFADevice';
export const SESSION_TAG_TECHNIQUE = 'aws:sts:TagSession';

interface Change {
  technique: string;
  summary: string;
  /** The requests whoever makes the change needs, for one would-be changer; undefined if refused. */
  grantsFor: (changer: AwsPrincipal) => Grant[] | undefined;
  /** Principals that might make it: the cheap filter before grantsFor. */
  changers: readonly AwsPrincipal[];
}

export interface StateChangeInput {
  inventory: AwsInventory;
  /** The caller model of every principal (and joinable group), for rules that follow roles. */
  principalOf: (arn: string) => AwsPrincipal | undefined;
  /** Principals that are sources of edges (not already admin). */
  actors: readonly AwsPrincipal[];
  /** Every edge found so far: what X has without the change, and how Y reaches X. */
  edges: readonly GraphEdge[];
  index: ActionIndex;
}

/** At most this many rounds of crediting: a change can open the way to the next change's changer. */
const MAX_ROUNDS = 4;

export function stateChangeEdges(input: StateChangeInput): GraphEdge[] {
  const { inventory, actors, index } = input;
  const world: World = { inventory, index, principalOf: input.principalOf };
  const before = bySource(input.edges);
  let now = before;
  const reaches = new Map<string, Map<string, ReachStep>>();
  const reachOf = (y: AwsPrincipal) => {
    let r = reaches.get(y.arn);
    if (!r) reaches.set(y.arn, (r = reachFrom(y.arn, (n) => [...(now.get(n)?.values() ?? [])])));
    return r;
  };

  // Who can assume each role now: the callers that may choose its session's tags.
  const actorByArn = new Map(actors.map((p) => [p.arn, p]));
  const assumedBy = new Map<string, AwsPrincipal[]>();
  // A hub's callers assume each of its roles (src/model/hubs.ts).
  const hubsOf = new Map<string, string[]>();
  for (const e of input.edges) {
    if (e.kind === 'CAN_ASSUME' && isHubId(e.source)) pushTo(hubsOf, e.target, e.source);
    const caller = e.kind === 'CAN_ASSUME' ? actorByArn.get(e.source) : undefined;
    if (caller) pushTo(assumedBy, e.target, caller);
  }
  const assumers = (role: string) => [...(assumedBy.get(role) ?? []), ...(hubsOf.get(role) ?? []).flatMap((h) => assumedBy.get(h) ?? [])];

  // Every change worth trying for every principal; what it gains is computed once, on demand.
  const tries: Try[] = [];
  const byAccount = new Map<string, AwsPrincipal[]>();
  for (const p of actors) pushTo(byAccount, p.accountId, p);
  for (const account of inventory.accounts) {
    const local = byAccount.get(account.accountId) ?? [];
    if (local.length > 0) appendAll(tries, retagTries(account, local, index), principalTagTries(account, local, world, assumers), mfaTries(account, local, world));
  }

  const out: GraphEdge[] = [];
  const credited = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh: GraphEdge[] = [];
    for (const t of tries) {
      for (const y of t.change.changers) {
        const via = y.arn === t.x.arn ? undefined : reachOf(y).get(t.x.arn);
        if (y.arn !== t.x.arn && !via) continue;
        const key = `${t.key}|${y.arn}`;
        if (credited.has(key)) continue;
        credited.add(key);
        const grants = t.change.grantsFor(y);
        if (!grants) continue;
        t.gained ??= gained(unfolded(before, t.x.arn), t.variant());
        for (const e of t.gained) fresh.push(composed(y, t.x, t.change, grants, e, via));
      }
    }
    if (fresh.length === 0) break;
    appendAll(out, fresh);
    now = bySource([...input.edges, ...out]);
    // Only the reach of changers that can get to a source of a new edge can have grown.
    const sources = new Set(fresh.map((e) => e.source));
    for (const [y, reach] of reaches) if (sources.has(y) || [...sources].some((s) => reach.has(s))) reaches.delete(y);
  }
  return out;
}

/** What every variant is run against. */
interface World {
  inventory: AwsInventory;
  index: ActionIndex;
  principalOf: (arn: string) => AwsPrincipal | undefined;
}

/** One change tried for one principal X, and what X gains by it (computed once, when needed). */
interface Try {
  key: string;
  x: AwsPrincipal;
  change: Change;
  variant: () => GraphEdge[];
  gained?: GraphEdge[];
}

function bySource(edges: readonly GraphEdge[]): Map<string, Map<string, GraphEdge>> {
  const out = new Map<string, Map<string, GraphEdge>>();
  for (const e of edges) {
    let m = out.get(e.source);
    if (!m) out.set(e.source, (m = new Map()));
    m.set(e.id, e);
  }
  return out;
}

/** X's edges with those through hubs as the edges they stand for: what a variant, which pairs, is compared with. */
function unfolded(edges: Map<string, Map<string, GraphEdge>>, x: string): Map<string, GraphEdge> | undefined {
  const own = edges.get(x);
  if (!own || ![...own.values()].some((e) => isHubId(e.target))) return own;
  const out = new Map(own);
  for (const e of own.values()) {
    if (!isHubId(e.target)) continue;
    for (const o of edges.get(e.target)?.values() ?? []) {
      const c = composeThroughHub(e, o);
      if (c && !out.has(c.id)) out.set(c.id, c);
    }
  }
  return out;
}

/** Edges X has in the changed world that it lacked, or had only conditionally, before. */
function gained(had: Map<string, GraphEdge> | undefined, variant: readonly GraphEdge[]): GraphEdge[] {
  return variant.filter((e) => {
    const prior = had?.get(e.id);
    return !prior || (prior.conditional && !e.conditional);
  });
}

/** Retaggings of the account's users, roles and resources that some local actor may tag or untag. */
function retagTries(account: AwsAccount, local: readonly AwsPrincipal[], index: ActionIndex): Try[] {
  const rolesByArn = new Map(account.roles.map((r) => [r.arn, r]));
  // `actions`: the requests the variant makes on the object, when they are few and known.
  const objects: { object: Taggable; actions?: readonly string[]; variant: (x: AwsPrincipal, tags: Record<string, string>) => GraphEdge[] }[] = [
    ...account.users.map((u) => ({ object: u, actions: USER_ACTIONS, variant: (x: AwsPrincipal, tags: Record<string, string>) => userVariant(x, account, { ...u, tags }, index) })),
    ...account.roles.filter((r) => !isServiceLinked(r)).map((r) => ({ object: { ...r, policy: r.trustPolicy }, actions: ROLE_ACTIONS, variant: (x: AwsPrincipal, tags: Record<string, string>) => roleVariant(x, account, { ...r, tags }, index) })),
    ...(account.resources ?? []).map((r) => ({ object: r, variant: (x: AwsPrincipal, tags: Record<string, string>) => resourceVariant(x, account, { ...r, tags }, rolesByArn, index) })),
  ];
  const out: Try[] = [];
  const taggers = new Map<object, AwsPrincipal[]>();
  const testingMemo = new Map<readonly string[] | undefined, AwsPrincipal[]>();
  const testing = (actions: readonly string[] | undefined) => {
    let xs = testingMemo.get(actions);
    if (!xs) testingMemo.set(actions, (xs = local.filter((x) => (actions ? testedTagsFor(x, actions) : principalTestedTags(x)).size > 0)));
    return xs;
  };
  for (const { object, actions, variant } of objects) {
    const t = taggingOf(object.arn);
    if (!t) continue;
    let changers = taggers.get(t);
    if (!changers) taggers.set(t, (changers = local.filter((y) => index.may(y, t.tag) || index.may(y, t.untag))));
    if (changers.length === 0) continue;
    // Most principals test no tag the object's rules ask about: skip them unless its policy does.
    const candidates = (object.policy?.Statement ?? []).some(testsResourceTags) ? local : testing(actions);
    for (const x of candidates) {
      for (const retag of retagsFor(x, object, actions)) {
        out.push({
          key: `retag|${x.arn}|${object.arn}|${retag.key}|${retag.value}`,
          x,
          change: oneRequestChange(RETAG_TECHNIQUE, retag, changers, (y) => retagGrant(y, retag, account.accountId)),
          variant: () => variant(x, retag.tags),
        });
      }
    }
  }
  return out;
}

/**
 * Retaggings of the account's principals themselves, for conditions on `aws:PrincipalTag/<key>`
 * anywhere (their own policies, role trusts, resource policies) or policies that compare a
 * resource's tag with the caller's (`${aws:PrincipalTag/<key>}`).
 */
function principalTagTries(account: AwsAccount, local: readonly AwsPrincipal[], world: World, assumers: (role: string) => AwsPrincipal[]): Try[] {
  const { inventory, index } = world;
  const taggers = (action: string, untag: string) => local.filter((y) => index.may(y, action) || index.may(y, untag));
  const userTaggers = taggers('iam:TagUser', 'iam:UntagUser');
  const roleTaggers = taggers('iam:TagRole', 'iam:UntagRole');
  const shared = [...taggedTrusts(inventory), ...(account.resources ?? []).flatMap((r) => r.policy?.Statement ?? []).filter(namesPrincipalTags)];
  const values = new Map<string, Set<string>>();
  for (const o of [...account.users, ...account.roles, ...(account.resources ?? [])]) {
    for (const [k, v] of Object.entries(o.tags)) values.set(k.toLowerCase(), (values.get(k.toLowerCase()) ?? new Set()).add(v));
  }
  const tagValues = (key: string) => [...(values.get(key.toLowerCase()) ?? [])];
  const sharedCandidates = principalTagCandidates(shared, tagValues);
  const rolesByArn = new Map(account.roles.map((r) => [r.arn, r]));
  const tagsOf = new Map<string, Record<string, string>>([...account.users, ...account.roles].map((p) => [p.arn, p.tags]));
  const out: Try[] = [];
  for (const x of local) {
    const tags = tagsOf.get(x.arn);
    const changers = x.type === 'user' ? userTaggers : roleTaggers;
    const role = rolesByArn.get(x.arn);
    const callers = role ? assumers(role.arn) : [];
    if (!tags || (changers.length === 0 && callers.length === 0)) continue;
    const candidates = mergeCandidates(principalTagCandidates(statementsOf(x), tagValues), sharedCandidates);
    if (candidates.size === 0) continue;
    const object = { arn: x.arn, name: x.name, tags };
    const variant = (retag: Retag) => () => everythingOf(withPrincipalTags(x, retag.tags), account, world, testsPrincipalTag(retag.key));
    if (changers.length > 0) {
      for (const retag of retagsOf(object, candidates)) {
        out.push({ key: `principal-tag|${x.arn}|${retag.key}|${retag.value}`, x, change: oneRequestChange(RETAG_TECHNIQUE, retag, changers, (y) => retagGrant(y, retag, account.accountId)), variant: variant(retag) });
      }
    }
    // A session's tags are the caller's choice where the trust allows sts:TagSession.
    if (role && callers.length > 0) {
      for (const retag of sessionTagsOf(object, candidates)) {
        out.push({ key: `session-tag|${x.arn}|${retag.key}|${retag.value}`, x, change: oneRequestChange(SESSION_TAG_TECHNIQUE, retag, callers, (y) => sessionTagGrant(y, role, retag, account.accountId)), variant: variant(retag) });
      }
    }
  }
  return out;
}

/** MFA enrolment on the account's users, where some policy tests MFA and some actor may enrol. */
function mfaTries(account: AwsAccount, local: readonly AwsPrincipal[], world: World): Try[] {
  const { inventory, index } = world;
  const enrollers = local.filter((y) => index.may(y, 'iam:EnableMFADevice') && index.may(y, 'iam:CreateVirtualMFADevice'));
  if (enrollers.length === 0) return [];
  const trustsTestMfa = inventory.accounts.some((a) => a.roles.some((r) => testsMfa(r.trustPolicy.Statement)));
  const out: Try[] = [];
  for (const u of account.users) {
    const x = local.find((p) => p.arn === u.arn);
    if (!x) continue;
    if (!trustsTestMfa && !testsMfa(statementsOf(x))) continue;
    out.push({
      key: `mfa|${u.arn}`,
      x,
      change: {
        technique: MFA_TECHNIQUE,
        summary: `enrols a virtual MFA device on ${u.name} (iam:CreateVirtualMFADevice, iam:EnableMFADevice) and signs in with it`,
        grantsFor: (y) => mfaEnrolmentGrants(y, u, account.accountId),
        changers: enrollers,
      },
      variant: () => everythingOf(withMfa(x), account, world, testsMfa),
    });
  }
  return out;
}

const keysOf = (account: AwsAccount, user: string) => account.accessKeys.filter((k) => k.userName === user);

/** A change made by one request (a tagging request, an AssumeRole with session tags). */
function oneRequestChange(technique: string, retag: Retag, changers: readonly AwsPrincipal[], request: (y: AwsPrincipal) => Grant): Change {
  return {
    technique,
    summary: retag.summary,
    grantsFor: (y) => {
      const g = request(y);
      return mayRetag(g) ? [g] : undefined;
    },
    changers,
  };
}

const USER_ACTIONS = ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];
const ROLE_ACTIONS = ['sts:AssumeRole', 'iam:UpdateAssumeRolePolicy'];

function userVariant(x: AwsPrincipal, account: AwsAccount, u: AwsUser, index: ActionIndex): GraphEdge[] {
  const e = index.may(x, 'iam:CreateAccessKey') ? createAccessKeyEdge(x, u, keysOf(account, u.name)) : undefined;
  const login = index.may(x, 'iam:CreateLoginProfile') || index.may(x, 'iam:UpdateLoginProfile') ? loginProfileEdges(x, u) : [];
  return [...(e ? [e] : []), ...login];
}

function roleVariant(x: AwsPrincipal, account: AwsAccount, r: AwsRole, index: ActionIndex): GraphEdge[] {
  if (x.arn === r.arn) return [];
  const assume = mayAdmit(r, x) ? assumeRoleEdge(x, r, account.accountId) : undefined;
  const rewrite = index.may(x, 'iam:UpdateAssumeRolePolicy') ? updateAssumeRolePolicyEdge(x, r) : undefined;
  return [assume, rewrite].filter((e): e is GraphEdge => e !== undefined);
}

/** Every rule that looks at one resource, run on the account with that resource changed. */
function resourceVariant(x: AwsPrincipal, account: AwsAccount, changed: AwsResource, rolesByArn: Map<string, AwsRole>, index: ActionIndex): GraphEdge[] {
  const resources = (account.resources ?? []).map((r) => (r.arn === changed.arn ? changed : r));
  const listing = listingsFrom(resources, account.collected);
  const { known: ofType, complete } = listing(changed.type);
  const out: GraphEdge[] = [];
  const role = changed.runsAs ? rolesByArn.get(changed.runsAs) : undefined;
  if (role && role.arn !== x.arn) {
    for (const t of EXISTING_COMPUTE_TECHNIQUES) {
      if (t.type !== changed.type) continue;
      const e = existingComputeEdge(x, role, t, ofType, complete, index, listing);
      if (e) out.push(e);
    }
  }
  for (const t of PASS_ROLE_TECHNIQUES) {
    if (t.existing?.type !== changed.type) continue;
    for (const r of rolesTrusting(account, t.service)) {
      if (r.arn === x.arn || isServiceLinked(r)) continue;
      const e = passRoleEdge(x, r, t, index, { known: ofType, complete }, account.roles, listing);
      if (e) out.push(e);
    }
  }
  appendAll(out, secretReadEdges(x, account.accountId, resources, index), dataAccessEdges(x, account.accountId, resources, index));
  return out;
}

function mergeCandidates(a: Map<string, Set<string>>, b: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map([...a].map(([k, v]) => [k, new Set(v)]));
  for (const [k, v] of b) out.set(k, new Set([...(out.get(k) ?? []), ...v]));
  return out;
}

/**
 * Every edge of a principal whose own requests changed (MFA, its tags). Only policies that test
 * what changed can decide differently: unless the principal's own do, only the role trusts and
 * resource policies that test it are worth re-running.
 */
function everythingOf(x: AwsPrincipal, account: AwsAccount, world: World, tests: (statements: readonly PolicyStatement[]) => boolean): GraphEdge[] {
  const { inventory, index, principalOf } = world;
  const full = tests(statementsOf(x));
  const out: GraphEdge[] = [];
  for (const a of inventory.accounts) {
    for (const r of a.roles) {
      if ((!full && !tests(r.trustPolicy.Statement)) || !mayAdmit(r, x)) continue;
      const e = assumeRoleEdge(x, r, a.accountId);
      if (e) out.push(e);
    }
  }
  const resources = account.resources ?? [];
  if (full) {
    appendAll(out, principalEdges(x, account, index), cognitoEdges(x, account, index));
    appendAll(out, stackSetEdges(x, inventory.accounts, principalOf, index), updateStackSetEdges(x, inventory.accounts, principalOf, index));
  }
  if (full || resources.some((r) => r.policy && tests(r.policy.Statement))) {
    appendAll(out, secretReadEdges(x, account.accountId, resources, index), dataAccessEdges(x, account.accountId, resources, index));
  }
  return out;
}

/** Cheap bound: a trust can admit X only if some Allow names everyone, X, or X's account. */
function mayAdmit(role: AwsRole, x: AwsPrincipal): boolean {
  return role.trustPolicy.Statement.some((s) => {
    if (s.Effect !== 'Allow') return false;
    if (s.NotPrincipal !== undefined || s.Principal === '*') return true;
    const named = asList(s.Principal?.AWS);
    return named.includes('*') || named.includes(x.arn) || namedAccounts(s).includes(x.accountId);
  });
}

const lowered = new WeakMap<PolicyStatement, string>();
const loweredText = (s: PolicyStatement) => {
  let text = lowered.get(s);
  if (text === undefined) lowered.set(s, (text = JSON.stringify(s).toLowerCase()));
  return text;
};
const namesPrincipalTags = (s: PolicyStatement) => loweredText(s).includes('aws:principaltag/');

const trustMemo = new WeakMap<AwsInventory, PolicyStatement[]>();
/** The role trust statements of the whole inventory that name a principal tag at all (few). */
function taggedTrusts(inventory: AwsInventory): PolicyStatement[] {
  let out = trustMemo.get(inventory);
  if (!out) trustMemo.set(inventory, (out = inventory.accounts.flatMap((a) => a.roles.flatMap((r) => r.trustPolicy.Statement)).filter(namesPrincipalTags)));
  return out;
}
/** Whether statements name `aws:PrincipalTag/<key>`, as a condition key or a variable. */
function testsPrincipalTag(key: string): (statements: readonly PolicyStatement[]) => boolean {
  const needle = `aws:principaltag/${key.toLowerCase()}`;
  return (statements) =>
    statements.some((s) => loweredText(s).includes(needle));
}

/**
 * The gained edge as the changer's: from X itself, after the change; or from Y, which makes the
 * change and then becomes X (the path and its conditions carry over).
 */
function composed(y: AwsPrincipal, x: AwsPrincipal, change: Change, grants: Grant[], e: GraphEdge, via: ReachStep | undefined): GraphEdge {
  const path = via ? pathOf(via) : [];
  const hops = path.map((p) => `${p.technique} → ${p.target}`).join(', ');
  const asX = via ? `, then as ${x.name} (reached by ${hops})` : ', then';
  const base = attackEdge({
    kind: e.kind,
    technique: e.technique,
    source: y.arn,
    target: e.target,
    summary: `${change.summary}${asX} ${e.evidence.summary}`,
    grants,
    refs: [...path.flatMap((p) => p.evidence.refs), ...e.evidence.refs],
    assumptions: [...path.flatMap((p) => p.evidence.assumptions ?? []), ...(e.evidence.assumptions ?? [])],
    conditions: [...path, e].filter((p) => p.conditional).map((p) => p.conditions ?? `conditional ${p.technique}`),
  });
  const prerequisite = { technique: change.technique, summary: change.summary, by: y.arn };
  // Changes the way to X needed come first.
  const prerequisites = [...path.flatMap((p) => p.evidence.prerequisites ?? []), ...(e.evidence.prerequisites ?? []), prerequisite];
  return { ...base, evidence: { ...base.evidence, prerequisites } };
}

/**
 * One edge per id: an edge gained by a change may have the id of one found without it (same
 * technique, source and target) but hold where that one was only conditional.
 */
export function mergeEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  const byId = new Map<string, GraphEdge>();
  for (const e of edges) {
    const prior = byId.get(e.id);
    if (!prior || (prior.conditional && !e.conditional)) byId.set(e.id, e);
  }
  return [...byId.values()];
}
