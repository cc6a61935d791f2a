import type { GraphEdge } from '../../../model/graph.js';
import type { EvidenceRef } from '../../../model/graph.js';
import type { AwsResource, AwsRole } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { ActionIndex, attackEdge, best, candidateArns, existingTargets, grant, keys, layer, NO_KEYS, NOTHING_LISTED, resourceTags, type ExistingTarget, type Grant, type Listing, type Listings, type RequestKeys } from './common.js';
import { NO_DECISION } from '../policy/evaluate.js';
import { serviceTrust, trustSourceArns } from './service-trust.js';
import { clockOf } from '../policy/attacker-context.js';

/** What a step's request carries besides the principal's own keys. */
export interface StepContext {
  role: AwsRole;
  newArn: string;
  profileArn?: string;
}

/** One request that makes a step: an action, and what it names when that is not the new resource. */
export interface Request {
  action: string;
  /** A fixed ARN (e.g. `*` for actions without resource types). */
  on?: (account: string, ctx: StepContext) => string;
  /**
   * Another resource the request names (a trigger, a job queue, an ECS service): every ARN of
   * this shape the principal's policies make room for is tried, like the new resource's name.
   */
  named?: (account: string) => string;
  /**
   * The named resource must already exist and is an inventory type: listed ones are named, an
   * empty full listing leaves nothing to name, and without a listing one is assumed, on condition.
   */
  existing?: { type: string; what: string };
  keys?: (ctx: StepContext) => Record<string, string>;
}

export interface Step {
  /** Any one of these will do; a bare action takes the step's `on` / `named` / `keys`. */
  anyOf: (string | Request)[];
  on?: Request['on'];
  named?: Request['named'];
  existing?: Request['existing'];
  keys?: Request['keys'];
}

/** A further role the same request passes (EMR service role, Data Pipeline pipeline role). */
export interface ExtraPass {
  /** Service principal that role must trust. */
  service: string;
  /** iam:PassedToService for it, when it differs from `service`. */
  passedTo?: string;
  /** What the role is, for the evidence ("EMR service role"). */
  what: string;
  /** It reaches instances only through an instance profile (which must exist). */
  instanceProfile?: boolean;
}

export interface PassRoleTechnique {
  id: string;
  /** Service principal the passed role must trust. */
  service: string;
  /**
   * The iam:PassedToService value the service sends for the role, when it is not `service`
   * (EMR names ec2.amazonaws.com for the instance role it hands to EC2).
   */
  passedTo?: string;
  /** Every ARN the new resource could have in the account; `*` when the actions take no resource. */
  shape: (account: string) => string;
  steps: Step[];
  /** EC2: the role reaches an instance only through an instance profile. */
  instanceProfile?: boolean;
  /** Further roles the request passes; any role of the account that fits will do. */
  extraPasses?: ExtraPass[];
  /**
   * The request gives the role to an existing resource of this inventory type instead of a new
   * one: which resources exist is then a fact of the input (AwsAccount.collected) or assumed.
   */
  existing?: {
    type: string;
    what: string;
    /** Whether a listed resource can be used at all (a deregistered definition, a terminated application cannot). */
    usable?: (r: AwsResource) => boolean;
  };
  /** What the attacker does, for the evidence summary. */
  how: string;
  assumptions?: string[];
}

/** Every action a step accepts. */
export const stepActions = (s: Step): string[] => s.anyOf.map((a) => (typeof a === 'string' ? a : a.action));


/** Instance profiles a RunInstances request could name for the role: existing ones, or a new one. */
function profileOptions(p: AwsPrincipal, role: AwsRole): { arn: string; grants: Grant[] }[] {
  if (role.instanceProfiles.length > 0) return role.instanceProfiles.map((arn) => ({ arn, grants: [] }));
  const arn = `arn:aws:iam::${role.arn.split(':')[4]}:instance-profile/x`;
  return [{ arn, grants: [grant(p, 'iam:CreateInstanceProfile', arn), grant(p, 'iam:AddRoleToInstanceProfile', arn)] }];
}

const requestOf = (a: string | Request, s: Step): Request =>
  typeof a !== 'string'
    ? a
    : { action: a, ...(s.on ? { on: s.on } : {}), ...(s.named ? { named: s.named } : {}), ...(s.existing ? { existing: s.existing } : {}), ...(s.keys ? { keys: s.keys } : {}) };

/** Whether the request names the new (or existing) resource the technique is about. */
const namesTarget = (q: Request) => !q.on && !q.named;

/** The decisions on one request, one per resource name it could carry. */
function requestGrants(p: AwsPrincipal, q: Request, account: string, ctx: StepContext, listing: Listings, r?: AwsResource): Grant[] {
  const tags = r && namesTarget(q) ? resourceTags(r.tags) : NO_KEYS;
  const extra = q.keys ? layer(keys(q.keys(ctx)), tags) : tags === NO_KEYS ? undefined : tags;
  if (q.named && q.existing) return existingNamed(p, q as Request & Required<Pick<Request, 'named' | 'existing'>>, account, listing, extra);
  const resources = q.named ? candidateArns(p, [q.action], q.named(account)) : [q.on ? q.on(account, ctx) : ctx.newArn];
  return resources.map((resource) => grant(p, q.action, resource, extra));
}

/**
 * A request naming an existing resource of an inventory type: the listed ones (cited); with no
 * full listing, also any the policies admit, on the condition that one exists. The condition and
 * the citation ride on the decision, so every edge built from the grant carries them.
 */
function existingNamed(p: AwsPrincipal, q: Request & Required<Pick<Request, 'named' | 'existing'>>, account: string, listing: Listings, extra?: RequestKeys): Grant[] {
  const kind = { type: q.existing.type, what: `${q.existing.what} the caller may name`, shape: q.named(account) };
  const { complete, known } = listing(q.existing.type);
  if (complete && known.length === 0) return [{ action: q.action, resource: `(no ${q.existing.what} listed)`, decision: NO_DECISION }];
  return existingTargets(p, [q.action], listing(q.existing.type), kind).map(({ arn, r, condition }) => {
    const g = grant(p, q.action, arn, r ? (extra ? layer(extra, resourceTags(r.tags)) : resourceTags(r.tags)) : extra);
    const refs = r ? [...g.decision.refs, { type: 'inventory' as const, source: arn, detail: `existing ${q.existing.what}` }] : g.decision.refs;
    const conditions = condition ? [...g.decision.conditions, condition] : g.decision.conditions;
    return { ...g, decision: { ...g.decision, refs, conditions, conditional: g.decision.conditional || condition !== undefined } };
  });
}

function stepGrant(p: AwsPrincipal, step: Step, account: string, ctx: StepContext, listing: Listings, r?: AwsResource): Grant {
  const options = step.anyOf.flatMap((a) => requestGrants(p, requestOf(a, step), account, ctx, listing, r));
  return best(options.map((g) => ({ grants: [g] })))?.grants[0] ?? options[0]!;
}

interface ExtraChoice {
  grants: Grant[];
  /** The role passed, when the account's roles showed one. */
  role?: AwsRole;
  conditions: string[];
}

/**
 * Ways to satisfy one further pass of the request: any role of the account that trusts its
 * service (for the new resource) and that the principal may pass. Without the account's roles,
 * the passed role itself is tried, and otherwise such a role is taken to exist, conditionally.
 */
function extraPassChoices(p: AwsPrincipal, x: ExtraPass, newArn: string, target: AwsRole, roles: readonly AwsRole[] | undefined): ExtraChoice[] {
  const account = p.accountId;
  const passKeys = keys({ 'iam:PassedToService': x.passedTo ?? x.service });
  const fits = (c: AwsRole) => !c.path.startsWith('/aws-service-role/') && !(x.instanceProfile && c.instanceProfiles.length === 0);
  const choices: ExtraChoice[] = (roles ?? [target]).filter(fits).map((c) => ({
    grants: [
      grant(p, 'iam:PassRole', c.arn, passKeys),
      { action: `sts:AssumeRole by ${x.service}`, resource: c.arn, decision: serviceTrust(c, x.service, account, newArn, p.org, clockOf(p.context)) },
    ],
    role: c,
    conditions: [],
  }));
  if (roles || best(choices)) return choices;
  const condition = `a role trusting ${x.service} exists that can serve as ${x.what} (the account's roles were not given to this rule)`;
  return candidateArns(p, ['iam:PassRole'], `arn:aws:iam::${account}:role/*`)
    .filter((arn) => arn !== target.arn)
    .map((arn) => ({ grants: [grant(p, 'iam:PassRole', arn, passKeys)], conditions: [condition] }));
}

/**
 * CAN_PASS_ROLE_TO: the principal passes a role to a new resource of a service that then runs the
 * attacker's code as the role. Needs iam:PassRole on the role (with iam:PassedToService), every
 * service step on one resource name the attacker picks, a trust that lets the service assume
 * the role for that resource, and for every further role the request passes, one that fits.
 * `roles` are the account's roles, to pick those further roles from.
 */
export function passRoleEdge(
  p: AwsPrincipal,
  role: AwsRole,
  t: PassRoleTechnique,
  index: ActionIndex,
  existing: Listing = { known: [], complete: false },
  roles?: readonly AwsRole[],
  listing: Listings = NOTHING_LISTED,
): GraphEdge | undefined {
  if (!index.may(p, 'iam:PassRole') || !t.steps.every((s) => stepActions(s).some((a) => index.may(p, a)))) return undefined;
  const account = p.accountId;
  const newActions = t.steps.flatMap((s) => s.anyOf.map((a) => requestOf(a, s)).filter(namesTarget).map((q) => q.action));
  const pass = grant(p, 'iam:PassRole', role.arn, keys({ 'iam:PassedToService': t.passedTo ?? t.service }));
  if (pass.decision.effect !== 'allow') return undefined;

  type Option = { grants: Grant[]; trustsBy: string; refs: EvidenceRef[]; conditions: string[]; extras: { role?: AwsRole; what: string }[] };
  const options: Option[] = [];
  const targets = targetsOf(p, role, t, newActions, existing);
  const candidates = targets.map((x) => x.arn);
  for (const { arn: newArn, r, condition } of targets) {
    const trust: Grant = { action: `sts:AssumeRole by ${t.service}`, resource: role.arn, decision: serviceTrust(role, t.service, account, newArn, p.org, clockOf(p.context)) };
    if (trust.decision.effect !== 'allow') continue;
    const extras = (t.extraPasses ?? []).map((x) => ({ x, chosen: best(extraPassChoices(p, x, newArn, role, roles)) }));
    if (extras.some((e) => !e.chosen)) continue;
    const profiles = t.instanceProfile ? profileOptions(p, role) : [{ arn: undefined, grants: [] as Grant[] }];
    for (const profile of profiles) {
      const ctx: StepContext = { role, newArn, ...(profile.arn ? { profileArn: profile.arn } : {}) };
      options.push({
        grants: [pass, ...profile.grants, ...t.steps.map((s) => stepGrant(p, s, account, ctx, listing, r)), trust, ...extras.flatMap((e) => e.chosen!.grants)],
        trustsBy: newArn,
        refs: r ? [{ type: 'inventory', source: r.arn, detail: `existing ${t.existing?.what ?? r.type}` }] : [],
        conditions: [...(condition ? [condition] : []), ...extras.flatMap((e) => e.chosen!.conditions)],
        extras: extras.map((e) => ({ ...(e.chosen!.role ? { role: e.chosen!.role } : {}), what: e.x.what })),
      });
    }
  }
  const chosen = best(options);
  if (!chosen) return undefined;
  const assumptions = [...(t.assumptions ?? [])];
  if (t.instanceProfile && role.instanceProfiles.length === 0) assumptions.push('the role has no instance profile: the attacker creates one and adds the role to it');
  // The first candidate is any name at all; another one means the policies pin the name.
  if (!t.existing && chosen.trustsBy !== candidates[0]) assumptions.push(`the attacker names the new resource to fit the policies, e.g. ${chosen.trustsBy}`);
  const also = chosen.extras.map((e) => (e.role ? `, with ${e.role.name === role.name ? 'it' : e.role.name} also passed as ${e.what},` : `, with a ${e.what} also passed,`)).join('');
  return attackEdge({
    kind: 'CAN_PASS_ROLE_TO',
    technique: t.id,
    source: p.arn,
    target: role.arn,
    summary: `passes ${role.name} (trusting ${t.service})${also} and ${t.how}`,
    grants: chosen.grants,
    refs: chosen.refs,
    assumptions,
    conditions: chosen.conditions,
  });
}

/**
 * Resources the request may name: for a new one, the names the attacker may pick; for an existing
 * one, those the input lists and, unless the listing was read in full, any other the policies
 * allow, on the condition that it exists.
 */
function targetsOf(
  p: AwsPrincipal,
  role: AwsRole,
  t: PassRoleTechnique,
  actions: readonly string[],
  existing: Listing,
): ExistingTarget[] {
  const account = p.accountId;
  if (!t.existing) return candidateArns(p, actions, t.shape(account), trustSourceArns(role)).map((arn) => ({ arn }));
  const usable = { known: existing.known.filter((r) => t.existing!.usable?.(r) ?? true), complete: existing.complete };
  return existingTargets(p, actions, usable, { type: t.existing.type, what: t.existing.what, shape: t.shape(account) });
}
