import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsResource, AwsRole, PolicyDocument } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { authorize } from '../policy/authorize.js';
import { ActionIndex, allowed, attackEdge, best, candidateArns, decideOn, existingTargets, grant, keys, NOTHING_LISTED, resourceTags, type Grant, type Listing, type Listings } from './common.js';
import { trustedServices } from './service-trust.js';

export interface Step {
  anyOf: string[];
  /** The compute resource by default; or another ARN the request also names (an SSM document). */
  on?: (account: string) => string;
  /**
   * Another existing resource the request names (a Batch job queue): a listed one, or, when the
   * listing of its type was not read, any the caller's policies admit, assumed to exist.
   */
  names?: { type: string; what: string; shape: (account: string) => string };
}


export interface ExistingComputeTechnique {
  id: string;
  /** Inventory resource type (AwsResource.type). */
  type: string;
  /** What the resource is, for evidence. */
  what: string;
  /** Service principal the role of such a resource trusts: how candidates are found when unlisted. */
  service: string;
  /** Every ARN such a resource could have in the account. */
  shape: (account: string) => string;
  steps: Step[];
  /** Unlisted EC2 instances can only run as roles that have an instance profile. */
  instanceProfile?: boolean;
  /** A resource state the technique needs; `undefined` when the input does not say. */
  state?: { holds: (r: AwsResource) => boolean | undefined; text: string };
  /** What else must hold that no input settles. */
  unsettled?: string;
  how: string;
  /**
   * Optional extra permission that spares the attacker an assumption (invoking the function
   * itself). `rewrite` is a permission that adds a resource-policy statement granting `action`
   * to whoever calls it (lambda:AddPermission): the caller may name itself and then invoke.
   */
  helper?: { action: string; otherwise: string; rewrite?: { action: string; keys: (p: AwsPrincipal) => Record<string, string> } };
}


function stepGrant(p: AwsPrincipal, step: Step, arn: string, r?: AwsResource): Grant {
  const extra = r && !step.on ? resourceTags(r.tags) : undefined;
  const options = step.anyOf.map((action) => grant(p, action, step.on ? step.on(p.accountId) : arn, extra));
  return best(options.map((g) => ({ grants: [g] })))?.grants[0] ?? options[0]!;
}

interface Option {
  grants: Grant[];
  refs: EvidenceRef[];
  conditions: string[];
  assumptions: string[];
}

const NO_OPTION: Option = { grants: [], refs: [], conditions: [], assumptions: [] };

/**
 * The grant for a step that names another existing resource: a listed one the caller may name,
 * else (the listing unread) one its policies admit, assumed to exist. Undefined when none will do.
 */
function namedGrant(p: AwsPrincipal, step: Step & { names: NonNullable<Step['names']> }, listing: Listing): Option | undefined {
  const { type, what, shape } = step.names;
  const options: Option[] = existingTargets(p, step.anyOf, listing, { type, what: `${what} the caller may name`, shape: shape(p.accountId) }).map(({ arn, r, condition }) => ({
    ...NO_OPTION,
    grants: [stepGrant(p, { anyOf: step.anyOf }, arn, r)],
    ...(r ? { refs: [{ type: 'inventory' as const, source: arn, detail: `existing ${what}` }] } : {}),
    ...(condition ? { conditions: [condition] } : {}),
  }));
  return best(options.filter((o) => o.conditions.length === 0)) ?? best(options);
}

/** A resource policy with one more statement: what lambda:AddPermission naming the caller leaves. */
function withStatementFor(policy: PolicyDocument | undefined, p: AwsPrincipal, action: string, arn: string): PolicyDocument {
  const added = { Effect: 'Allow' as const, Principal: { AWS: p.arn }, Action: action, Resource: arn };
  return { Version: '2012-10-17', Statement: [...(policy?.Statement ?? []), added] };
}

/**
 * The helper action reached by first writing a resource-policy statement that grants it to the
 * caller. The helper is then judged under that policy, so an identity-policy, boundary or SCP
 * Deny still stops it, and within the account the new statement alone suffices.
 */
function helperByStatement(p: AwsPrincipal, t: ExistingComputeTechnique, arn: string, r: AwsResource | undefined, index: ActionIndex): Grant[] | undefined {
  const rewrite = t.helper?.rewrite;
  if (!t.helper || !rewrite || !index.may(p, rewrite.action)) return undefined;
  const target: AwsResource = r ?? { arn, type: t.type, name: arn, tags: {}, props: {} };
  const put: Grant = {
    action: rewrite.action,
    resource: arn,
    decision: authorize({ principal: p, action: rewrite.action, resource: arn, resourceAccount: p.accountId, resourceTags: target.tags, keys: keys(rewrite.keys(p)), ...(target.policy ? { resourcePolicy: target.policy } : {}) }),
  };
  const after = { ...target, policy: withStatementFor(target.policy, p, t.helper.action, arn) };
  const use: Grant = { action: `${t.helper.action} (after ${rewrite.action} names the caller)`, resource: arn, decision: decideOn(p, t.helper.action, after, p.accountId) };
  const grants = [put, use];
  return grants.every((g) => allowed(g.decision) && !g.decision.conditional) ? grants : undefined;
}

/**
 * Policy for compute the input may not list. `known` are the resources of the type the inventory
 * has; `complete` says the account's listing of the type was read (AwsAccount.collected), so they
 * are all there are: a role with no listed resource behind it gets no edge. Otherwise a resource
 * running as any role that trusts the service is also assumed to exist, and an edge resting on
 * that is conditional on it, saying so. Finding some resources of a type (through a trigger, an
 * SSM registration) proves nothing about the others. `listing` answers the same for the other
 * resources a request names (a job queue).
 */
export function existingComputeEdge(
  p: AwsPrincipal,
  role: AwsRole,
  t: ExistingComputeTechnique,
  known: readonly AwsResource[],
  complete: boolean,
  index: ActionIndex,
  listing: Listings = NOTHING_LISTED,
): GraphEdge | undefined {
  if (!t.steps.every((s) => s.anyOf.some((a) => index.may(p, a)))) return undefined;
  const named: Option[] = [];
  for (const s of t.steps) {
    if (!s.names) continue;
    const o = namedGrant(p, { ...s, names: s.names }, listing(s.names.type));
    if (!o) return undefined;
    named.push(o);
  }
  const own = t.steps.filter((s) => !s.names);
  const helper = (arn: string, r?: AwsResource): Option => {
    if (!t.helper) return NO_OPTION;
    const g = grant(p, t.helper.action, arn, r ? resourceTags(r.tags) : undefined);
    if (allowed(g.decision) && !g.decision.conditional) return { ...NO_OPTION, grants: [g] };
    const byStatement = helperByStatement(p, t, arn, r, index);
    if (byStatement) return { ...NO_OPTION, grants: byStatement };
    // Triggers the input lists (event source mappings, rules, notifications) run the new code too.
    const triggers = Array.isArray(r?.props.triggers) ? r.props.triggers : [];
    if (triggers.length > 0) return { ...NO_OPTION, refs: [{ type: 'inventory' as const, source: arn, detail: `invoked by ${triggers.join(', ')}` }] };
    return { ...NO_OPTION, assumptions: [t.helper.otherwise] };
  };
  const option = (arn: string, r: AwsResource | undefined, base: Omit<Option, 'grants' | 'assumptions'>): Option => {
    const parts = [helper(arn, r), ...named];
    return {
      grants: [...own.map((s) => stepGrant(p, s, arn, r)), ...parts.flatMap((o) => o.grants)],
      refs: [...base.refs, ...parts.flatMap((o) => o.refs)],
      conditions: [...base.conditions, ...parts.flatMap((o) => o.conditions)],
      assumptions: parts.flatMap((o) => o.assumptions),
    };
  };
  const options: Option[] = [];
  for (const r of known) {
    if (r.runsAs !== role.arn) continue;
    const state = t.state?.holds(r);
    if (state === false) continue;
    options.push(
      option(r.arn, r, {
        refs: [
          { type: 'inventory', source: r.arn, detail: `${t.what} running as ${role.arn}` },
          // Resources through which it holds the role (a deployment group's target instances).
          ...(Array.isArray(r.props.runsAsVia) ? r.props.runsAsVia.map((via) => ({ type: 'inventory' as const, source: via, detail: `targeted by ${r.name}, runs as ${role.arn}` })) : []),
        ],
        conditions: state === undefined && t.state ? [`${t.state.text} (the input does not say)`] : [],
      }),
    );
  }
  const assumable = !complete && trustedServices(role).includes(t.service) && !(t.instanceProfile && role.instanceProfiles.length === 0);
  if (assumable) {
    const actions = own.filter((s) => !s.on).flatMap((s) => s.anyOf);
    for (const arn of candidateArns(p, actions, t.shape(p.accountId))) {
      options.push(
        option(arn, undefined, {
          refs: [],
          conditions: [`${article(t.what)} ${t.what} running as ${role.name} exists${t.state ? ` and ${t.state.text}` : ''} (no listing of ${t.type} resources of account ${p.accountId} was read)`],
        }),
      );
    }
  }
  const chosen = best(options);
  if (!chosen) return undefined;
  return attackEdge({
    kind: 'CAN_EXECUTE_AS',
    technique: t.id,
    source: p.arn,
    target: role.arn,
    summary: `${t.how} (${role.name})`,
    grants: chosen.grants,
    refs: chosen.refs,
    assumptions: chosen.assumptions,
    conditions: [...chosen.conditions, ...(t.unsettled ? [t.unsettled] : [])],
  });
}

/** "an EC2 instance", "a Lambda function": initialisms read letter by letter. */
function article(noun: string): string {
  return /^(?:[AEIOU]|EC2|ECS|S3|SSM|RDS|SNS|SQS)/.test(noun) ? 'an' : 'a';
}
