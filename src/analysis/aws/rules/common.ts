import { edgeId, type EvidenceRef, type GraphEdge } from '../../../model/graph.js';
import type { AwsResource, AwsRole } from '../../../model/inventory/index.js';
import type { ConditionContext, KeyValue } from '../policy/conditions.js';
import type { Decision } from '../policy/evaluate.js';
import { matchAction, matchResource } from '../policy/match.js';
import { asList } from '../policy/statements.js';
import { substituteVariables } from '../policy/variables.js';
import type { AwsPrincipal } from '../principals.js';
import { authorize, resourceTagKeys } from '../policy/authorize.js';
import { indexOf } from '../policy/statement-index.js';

/** Condition keys a particular request carries, on top of what the principal's requests carry. */
export type RequestKeys = ConditionContext;

export const NO_KEYS: RequestKeys = () => undefined;

/** Fixed request keys, matched case-insensitively like every condition key. */
export function keys(values: Record<string, string | string[] | null>): RequestKeys {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), [v === null ? null : asList(v)] as KeyValue[]]));
  return (key) => lower.get(key.toLowerCase());
}

/** `aws:ResourceTag/*` of an existing resource (the evaluator's own reading of them). */
export const resourceTags = resourceTagKeys;

export function layer(...layers: RequestKeys[]): RequestKeys {
  return (key) => {
    for (const l of layers) {
      const v = l(key);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/**
 * The decision on one request of the principal, carrying extra condition keys: identity policies,
 * boundary, session policy and SCPs. Resource policies are the caller's business (`authorize`
 * with `resourcePolicy`), since most targets here (IAM principals, new resources) have none.
 */
export function decide(p: AwsPrincipal, action: string, resource: string, extra: RequestKeys = NO_KEYS): Decision {
  return authorize({ principal: p, action, resource, ...(extra === NO_KEYS ? {} : { keys: extra }) });
}

/**
 * The decision on a request to an inventory resource: its resource policy and tags count too.
 * `account` is the inventory account that holds the resource: S3 ARNs name none, and without it a
 * bucket of another account would be judged by the same-account rules.
 */
export function decideOn(p: AwsPrincipal, action: string, r: AwsResource, account: string, resource = r.arn): Decision {
  return authorize({ principal: p, action, resource, resourceAccount: account, resourceTags: r.tags, ...(r.policy ? { resourcePolicy: r.policy } : {}) });
}

export const allowed = (d: Decision) => d.effect === 'allow';

/**
 * Whether any Allow statement of the principal could grant the action at all (resources and
 * conditions aside). Cheap, memoised, and the first filter before any per-target evaluation:
 * most principals can rule themselves out of most techniques this way.
 */
export class ActionIndex {
  // A Map, not a WeakMap: the index lives as long as one analysis, and `may` is its hottest lookup.
  private readonly memo = new Map<AwsPrincipal, Map<string, boolean>>();

  may(p: AwsPrincipal, action: string): boolean {
    let m = this.memo.get(p);
    if (!m) this.memo.set(p, (m = new Map()));
    let hit = m.get(action);
    if (hit === undefined) {
      // Through the statement index: only statements that can name the action's service are matched
      // (a scan of every statement was the top self-time of the dense bench: huge legacy policies).
      hit = indexOf(p.identity).forAction(action).some((s) => s.statement.Effect === 'Allow');
      m.set(action, hit);
    }
    return hit;
  }

  mayAll(p: AwsPrincipal, actions: readonly string[]): boolean {
    return actions.every((a) => this.may(p, a));
  }
}

/** One permission an edge rests on: the request and the principal's decision on it. */
export interface Grant {
  action: string;
  resource: string;
  decision: Decision;
}

export function grant(p: AwsPrincipal, action: string, resource: string, extra?: RequestKeys): Grant {
  return { action, resource, decision: decide(p, action, resource, extra) };
}

/** Statements that granted each permission, each labelled with the action it granted. */
export function grantRefs(grants: readonly Grant[]): EvidenceRef[] {
  return grants.flatMap((g) =>
    g.decision.refs.map((r) => ({ ...r, detail: r.detail ? `${g.action} on ${g.resource}; ${r.detail}` : `${g.action} on ${g.resource}` })),
  );
}

export interface EdgeInput {
  kind: string;
  technique: string;
  source: string;
  target: string;
  summary: string;
  grants: readonly Grant[];
  refs?: EvidenceRef[];
  assumptions?: string[];
  /** Unsettled facts besides policy conditions (e.g. "an instance running as R exists"). */
  conditions?: string[];
}

export function attackEdge(e: EdgeInput): GraphEdge {
  const conditions = [...new Set([...e.grants.flatMap((g) => g.decision.conditions), ...(e.conditions ?? [])])];
  // authorize() says what it took for granted (e.g. a default KMS key policy); keep that too.
  const fromDecisions = e.grants.flatMap((g) => (g.decision as { assumptions?: string[] }).assumptions ?? []);
  const assumptions = [...new Set([...(e.assumptions ?? []), ...fromDecisions])];
  return {
    id: edgeId(e.kind, e.technique, e.source, e.target),
    source: e.source,
    target: e.target,
    kind: e.kind,
    technique: e.technique,
    evidence: { summary: e.summary, refs: [...grantRefs(e.grants), ...(e.refs ?? [])], ...(assumptions.length ? { assumptions } : {}) },
    conditional: conditions.length > 0 || e.grants.some((g) => g.decision.conditional),
    ...(conditions.length ? { conditions: conditions.join(' AND ') } : {}),
  };
}

/** Prefers the option that rests on no condition; otherwise the first that holds at all. */
export function best<T extends { grants: readonly Grant[] }>(options: readonly T[]): T | undefined {
  const ok = options.filter((o) => o.grants.every((g) => allowed(g.decision)));
  return ok.find((o) => o.grants.every((g) => !g.decision.conditional)) ?? ok[0];
}

/** Replaces wildcards with a plain character: one concrete ARN the pattern admits. */
const fill = (pattern: string) => pattern.replace(/[*?]/g, 'x');

/**
 * ARNs an attacker may give a resource it creates (or, for an unlisted existing resource, ARNs
 * it may have). `shape` admits every legal ARN of the kind in the account; the principal's own
 * Allow patterns for the actions, filled in, are the names its policies make room for, so a
 * policy scoped to `function:dev-*` is judged on `function:dev-x`, not on a name it excludes.
 */
export function candidateArns(p: AwsPrincipal, actions: readonly string[], shape: string, more: readonly string[] = []): string[] {
  if (shape === '*') return ['*'];
  const out = new Set<string>([fill(shape)]);
  const consider = (pattern: string) => {
    const value = substituteVariables(pattern, p.context);
    if (value === undefined || value === '*') return;
    const arn = fill(value);
    if (matchResource(shape, arn)) out.add(arn);
  };
  for (const s of p.identity) {
    if (s.statement.Effect !== 'Allow' || s.statement.Action === undefined) continue;
    if (!asList(s.statement.Action).some((a) => actions.some((action) => matchAction(a, action)))) continue;
    asList(s.statement.Resource).forEach(consider);
  }
  more.forEach(consider);
  return [...out];
}

export function isServiceLinked(role: AwsRole): boolean {
  return role.path.startsWith('/aws-service-role/');
}

/**
 * A resource only a grant on every resource matches (`*`, or a NotResource of real ARNs): the
 * resource of "allowed every action on every resource" (policy/every-action.ts decides the actions).
 */
export const ANY_RESOURCE = 'arn:leakpath:probe:::any';

/** What the inventory holds of a type, and whether its listing was read in full. */
export interface Listing {
  known: readonly AwsResource[];
  complete: boolean;
}

/** The account's listings by inventory type. */
export type Listings = (type: string) => Listing;

export const NOTHING_LISTED: Listings = () => ({ known: [], complete: false });

/** An existing resource a request may name: listed (`r`), or assumed to exist (`condition`). */
export interface ExistingTarget {
  arn: string;
  r?: AwsResource;
  condition?: string;
}

/**
 * Existing resources of a type that a request may name: the listed ones and, unless the listing
 * was read in full (then they are all there are), any ARN of `shape` the caller's policies for
 * `actions` admit, on the condition that such a resource exists. `what` names it in that condition.
 */
export function existingTargets(p: AwsPrincipal, actions: readonly string[], listing: Listing, kind: { type: string; what: string; shape: string }): ExistingTarget[] {
  const condition = `at least one ${kind.what} exists (no listing of ${kind.type} resources of account ${p.accountId} was read)`;
  return [
    ...listing.known.map((r) => ({ arn: r.arn, r })),
    ...(listing.complete ? [] : candidateArns(p, actions, kind.shape).map((arn) => ({ arn, condition }))),
  ];
}
