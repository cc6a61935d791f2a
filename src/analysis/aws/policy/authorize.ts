import type { EvidenceRef } from '../../../model/graph.js';
import type { PolicyDocument } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import type { ConditionContext, KeyValue } from './conditions.js';
import { denyText, matchStatements, type Decision, type Hit, type Hits, type Request } from './evaluate.js';
import type { ControlLevel, OrgControls } from './org.js';
import { matchRequestPrincipal, sessionCondition, type RequestPrincipal } from './principal-match.js';
import { conditionText, sourced, type SourcedStatement } from './statements.js';
import type { RequestContext } from './variables.js';
import { appendAll } from '../../../model/append.js';

/**
 * AWS's authorization decision for one request, layer by layer, as the evaluation-logic
 * documentation describes it: an explicit Deny anywhere wins; every SCP level must allow; the
 * identity side (identity policies, capped by the permissions boundary and session policy) and the
 * resource policy combine by the same-account / cross-account rules; RCPs can only deny.
 */

/**
 * Condition keys the request carries besides the principal's own, as a rule knows them: a string
 * or list = present with that value, `null` = absent, `undefined` = present or not, the data
 * cannot say. Keys not listed fall back to the principal's attacker context.
 */
export type RequestKeys = Record<string, string | string[] | null | undefined>;

/**
 * An AWS service acting as a principal (a service assuming its role, a service calling a resource),
 * or, with `federated`, a web-identity caller named by its identity provider (`service` is then the
 * provider, e.g. cognito-identity.amazonaws.com) that has no identity policies of its own.
 */
export interface ServiceCaller {
  service: string;
  federated?: boolean;
  org?: OrgControls;
}

export interface AuthorizeRequest {
  principal: AwsPrincipal | ServiceCaller;
  action: string;
  resource: string;
  /** The account owning the resource; defaults to the ARN's account field, else the principal's. */
  resourceAccount?: string;
  /** The resource's policy (bucket, key, secret, queue… policy, or a role's trust policy). */
  resourcePolicy?: PolicyDocument | readonly SourcedStatement[];
  /** Evidence source for the resource policy; defaults to "<resource> trust policy" / "… resource policy". */
  resourcePolicySource?: string;
  /** Request keys the rule knows: iam:PassedToService, aws:SourceArn… */
  context?: RequestKeys;
  /**
   * More request keys, as a lookup consulted before the caller's own: for keys with several
   * possible worlds, or layered by a rule, which the `context` record cannot express.
   */
  keys?: ConditionContext;
  /**
   * The tags of an existing resource, for `aws:ResourceTag/<key>` and `<service>:ResourceTag/<key>`.
   * Inventories list a resource's tags in full, so a tag not given here is known to be absent.
   */
  resourceTags?: Record<string, string>;
}

export interface Authorization extends Decision {
  /** Facts taken for granted because the input could not settle them. */
  assumptions: string[];
}

// ---------------------------------------------------------------------------------------------
// The decision proper: a pure function of which statements count.

/** A statement that applies, with the text to cite when its truth is unknown. */
interface TextHit extends Hit {
  text?: string;
}

interface ResourceHit extends TextHit {
  kind: 'direct' | 'role' | 'account';
}

interface Layered {
  allows: TextHit[];
  denies: TextHit[];
  /** Names the layer in a "does not allow" citation (boundary ARN, SCP target…). */
  blocker?: EvidenceRef;
}

interface Facts {
  caller: 'user' | 'role' | 'service';
  sameAccount: boolean;
  /** Role trust and KMS key policies must name the caller even in the same account. */
  explicit: boolean;
  identity: Layered;
  boundary?: Layered;
  session?: Layered;
  scp?: Layered[];
  rcp?: Layered[];
  resource?: { allows: ResourceHit[]; denies: ResourceHit[] };
}

interface Outcome {
  allowed: boolean;
  grants: TextHit[];
  blockers: EvidenceRef[];
}

type Mode = 'optimistic' | 'pessimistic';

/**
 * AWS's verdict when each statement of unknown truth counts as the mode says: optimistic counts
 * unknown Allows and ignores unknown Denies, pessimistic the reverse. The verdict is monotone in
 * Allows and antitone in Denies, so optimistic bounds it from above and pessimistic from below.
 */
function decide(f: Facts, mode: Mode): Outcome {
  const allowCounts = (h: Hit) => h.sure || mode === 'optimistic';
  const denyCounts = (h: Hit) => h.sure || mode === 'pessimistic';
  const layers = [f.identity, f.boundary, f.session, ...(f.scp ?? []), ...(f.rcp ?? []), f.resource];
  if (layers.some((l) => l?.denies.some(denyCounts))) return { allowed: false, grants: [], blockers: [] };

  const allowsOf = (l: Layered | undefined) => (l ? l.allows.filter(allowCounts) : []);
  const blockers: EvidenceRef[] = [];
  const capped = (l: Layered | undefined) => {
    if (!l) return { ok: true, grants: [] as TextHit[] };
    const grants = preferSure(allowsOf(l));
    if (grants.length === 0 && l.blocker) blockers.push(l.blocker);
    return { ok: grants.length > 0, grants };
  };

  const boundary = capped(f.boundary);
  const session = capped(f.session);
  const capsOk = boundary.ok && session.ok;
  const identityGrants = preferSure(allowsOf(f.identity));
  const identitySide = f.caller !== 'service' && identityGrants.length > 0 && capsOk;
  const viaIdentity = [...identityGrants, ...boundary.grants, ...session.grants];

  const resourceAllows = f.resource ? (f.resource.allows.filter(allowCounts) as ResourceHit[]) : [];
  const ofKind = (...kinds: ResourceHit['kind'][]) => preferSure(resourceAllows.filter((h) => kinds.includes(h.kind)));
  const direct = ofKind('direct');
  const viaRole = capsOk ? ofKind('role') : [];
  const viaResource = direct.length > 0 ? direct : viaRole.length > 0 ? [...viaRole, ...boundary.grants, ...session.grants] : [];

  let core: TextHit[] | undefined;
  if (f.caller === 'service') {
    core = direct.length > 0 ? direct : undefined;
  } else if (!f.sameAccount) {
    const accountOrBetter = ofKind('direct', 'role', 'account');
    core = identitySide && accountOrBetter.length > 0 ? [...accountOrBetter, ...viaIdentity] : undefined;
  } else if (f.explicit) {
    const account = ofKind('account');
    core = viaResource.length > 0 ? viaResource : identitySide && account.length > 0 ? [...account, ...viaIdentity] : undefined;
  } else {
    core = identitySide ? viaIdentity : viaResource.length > 0 ? viaResource : undefined;
  }
  if (!core) return { allowed: false, grants: [], blockers };

  const scpGrants: TextHit[] = [];
  for (const level of f.scp ?? []) {
    const grants = preferSure(allowsOf(level));
    if (grants.length === 0) return { allowed: false, grants: [], blockers: level.blocker ? [level.blocker] : [] };
    appendAll(scpGrants, grants);
  }
  return { allowed: true, grants: [...core, ...scpGrants], blockers: [] };
}

/** Cite the statements that surely hold when there are some; the unknown ones are then moot. */
function preferSure<T extends Hit>(hits: T[]): T[] {
  const sure = hits.filter((h) => h.sure);
  return sure.length > 0 ? sure : hits;
}

function allDenies(f: Facts): TextHit[] {
  return [f.identity, f.boundary, f.session, ...(f.scp ?? []), ...(f.rcp ?? []), f.resource].flatMap((l) => l?.denies ?? []);
}

/** Unknown Allows of one layer are alternatives: any one of them suffices. */
function grantConditions(grants: TextHit[]): string[] {
  const byLayer = new Map<string, string[]>();
  for (const g of grants) {
    if (g.sure) continue;
    const key = `${g.s.ref.type}|${g.s.ref.source}`;
    byLayer.set(key, [...(byLayer.get(key) ?? []), g.text ?? conditionText(g.s.statement) ?? '']);
  }
  return [...byLayer.values()].map((alts) => (alts.length === 1 ? alts[0]! : alts.map((a) => `(${a})`).join(' OR ')));
}

function verdict(f: Facts): Decision {
  const sureDenies = allDenies(f).filter((d) => d.sure);
  if (sureDenies.length > 0) return { effect: 'deny', conditional: false, conditions: [], refs: sureDenies.map((d) => d.s.ref) };
  const best = decide(f, 'optimistic');
  if (!best.allowed) return { effect: 'none', conditional: false, conditions: [], refs: best.blockers };
  const worst = decide(f, 'pessimistic');
  if (worst.allowed) return { effect: 'allow', conditional: false, conditions: [], refs: worst.grants.map((g) => g.s.ref) };
  const conditions = [...grantConditions(best.grants), ...allDenies(f).map((d) => denyText(d, d.text))];
  return { effect: 'allow', conditional: true, conditions, refs: best.grants.map((g) => g.s.ref) };
}

// ---------------------------------------------------------------------------------------------
// Gathering the facts.

const withText = (hits: Hits): Layered => ({ allows: hits.allows, denies: hits.denies });

const isAwsPrincipal = (p: AwsPrincipal | ServiceCaller): p is AwsPrincipal => 'arn' in p;

function requestFor(principal: AwsPrincipal | undefined, action: string, resource: string, keys: RequestKeys | undefined, base: ConditionContext): Request {
  const extra = new Map<string, readonly KeyValue[] | undefined>();
  const vars: RequestContext = { ...(principal?.context ?? {}) };
  for (const [k, v] of Object.entries(keys ?? {})) {
    extra.set(k.toLowerCase(), v === undefined ? undefined : v === null ? [null] : [Array.isArray(v) ? v : [v]]);
    vars[k] = typeof v === 'string' ? v : undefined;
  }
  const conditions: ConditionContext = (key) => {
    const k = key.toLowerCase();
    return extra.has(k) ? extra.get(k) : base(k);
  };
  return { action, resource, context: vars, conditions };
}

/**
 * `aws:ResourceTag/*` (and a service's own `<svc>:ResourceTag/*`) of an existing resource.
 * Inventories list a resource's tags in full, so a tag not given is known to be absent; any other
 * key is left to the next layer (undefined).
 */
export function resourceTagKeys(tags: Record<string, string>): ConditionContext {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  return (key) => {
    const m = /^[a-z0-9-]+:resourcetag\/(.+)$/i.exec(key);
    if (!m) return undefined;
    const v = lower.get(m[1]!.toLowerCase());
    return v === undefined ? [null] : [[v]];
  };
}

function withResourceTags(base: ConditionContext, tags: Record<string, string>): ConditionContext {
  const tagKeys = resourceTagKeys(tags);
  return (key) => tagKeys(key) ?? base(key);
}

function levelsOf(levels: ControlLevel[] | undefined, request: Request): Layered[] | undefined {
  return levels?.map((level) => ({
    ...withText(matchStatements(level.statements, request)),
    blocker: { type: level.statements[0]!.ref.type, source: level.statements[0]!.ref.source, detail: `no policy attached to ${level.target} allows ${request.action}` },
  }));
}

function principalLayers(p: AwsPrincipal, request: Request, withScp: boolean): Pick<Facts, 'identity' | 'boundary' | 'session' | 'scp'> {
  return {
    identity: withText(matchStatements(p.identity, request)),
    ...(p.boundary
      ? { boundary: { ...withText(matchStatements(p.boundary, request)), blocker: { type: 'permissions-boundary', source: p.boundaryArn ?? 'permissions boundary', detail: `does not allow ${request.action}` } } }
      : {}),
    ...(p.session ? { session: { ...withText(matchStatements(p.session, request)), blocker: { type: 'session-policy', source: 'session policy', detail: `does not allow ${request.action}` } } } : {}),
    ...(withScp && p.scps ? { scp: levelsOf(p.scps, request) } : {}),
  };
}

const memo = new WeakMap<AwsPrincipal, Map<string, Decision>>();

/**
 * What the principal's own policies allow: identity policies capped by the permissions boundary
 * and the session policy. Memoised per principal: rules ask the same question of many targets.
 */
export function principalDecision(p: AwsPrincipal, action: string, resource: string): Decision {
  let cache = memo.get(p);
  if (!cache) memo.set(p, (cache = new Map()));
  const key = `${action}\u0000${resource}`;
  let d = cache.get(key);
  if (!d) {
    const request: Request = { action, resource, context: p.context, conditions: p.conditions };
    d = verdict({ caller: p.type, sameAccount: true, explicit: false, ...principalLayers(p, request, false) });
    cache.set(key, d);
  }
  return d;
}

const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext)$/i;

/** Role trust policies and KMS key policies are the resource policies that must name the caller. */
function requiresExplicitGrant(action: string, resource: string): boolean {
  return (TRUST_ACTION.test(action) && /^arn:aws[\w-]*:iam::\d{12}:role\//.test(resource)) || (/^kms:/i.test(action) && /:key\//.test(resource));
}

const arnField = (arn: string, i: number) => (arn.startsWith('arn:') ? arn.split(':')[i] : undefined);

/**
 * Sourced statements of a resource policy, built once per document and citation: the same trust
 * policy is asked about by every candidate caller, and a fresh list per request would also rebuild
 * its statement index each time (the top hot spot on dense estates).
 */
const sourcedPolicies = new WeakMap<PolicyDocument, Map<string, readonly SourcedStatement[]>>();

function resourceSourced(req: AuthorizeRequest, explicit: boolean): readonly SourcedStatement[] | undefined {
  const policy = req.resourcePolicy;
  if (!policy) return undefined;
  if (Array.isArray(policy)) return policy as readonly SourcedStatement[];
  const trust = explicit && TRUST_ACTION.test(req.action);
  const source = req.resourcePolicySource ?? `${req.resource} ${trust ? 'trust policy' : 'resource policy'}`;
  const type = trust ? 'trust-policy' : 'resource-policy';
  const doc = policy as PolicyDocument;
  let byCitation = sourcedPolicies.get(doc);
  if (!byCitation) sourcedPolicies.set(doc, (byCitation = new Map()));
  const key = `${type}\u0000${source}`;
  let list = byCitation.get(key);
  if (!list) byCitation.set(key, (list = sourced(doc, { type, source })));
  return list;
}

function resourceHits(statements: readonly SourcedStatement[], request: Request, who: RequestPrincipal): Facts['resource'] {
  const out: NonNullable<Facts['resource']> = { allows: [], denies: [] };
  const hits = matchStatements(statements, request);
  for (const h of [...hits.allows, ...hits.denies]) {
    const kind = matchRequestPrincipal(h.s.statement, who);
    if (kind === 'none') continue;
    const cond = conditionText(h.s.statement);
    const text = kind === 'unknown-session' ? [sessionCondition(h.s.statement, who), ...(cond && !h.sure ? [cond] : [])].join(' AND ') : cond;
    // A session the attacker names as the policy wants is the principal itself.
    const as = kind === 'unknown-session' || kind === 'session' ? 'direct' : kind;
    const hit: ResourceHit = { s: h.s, sure: h.sure && kind !== 'unknown-session', kind: as, ...(text ? { text } : {}) };
    (h.s.statement.Effect === 'Deny' ? out.denies : out.allows).push(hit);
  }
  return out;
}

function resourceKeys(req: AuthorizeRequest, resourceAccount: string, org: OrgControls | undefined): RequestKeys {
  const keys: RequestKeys = { 'aws:ResourceAccount': resourceAccount };
  const path = org?.orgPath(resourceAccount);
  if (org && path) Object.assign(keys, { 'aws:ResourceOrgID': org.org.id, 'aws:ResourceOrgPaths': [path] });
  return { ...keys, ...req.context };
}

function serviceContext(caller: ServiceCaller): ConditionContext {
  const known: Record<string, KeyValue[]> = {
    'aws:principalisawsservice': [[caller.federated ? 'false' : 'true']],
    'aws:principalservicename': caller.federated ? [null] : [[caller.service]],
    'aws:principalarn': [null],
    'aws:principalaccount': [null],
    'aws:multifactorauthpresent': [null],
    'aws:securetransport': [['true']],
  };
  return (key) => known[key.toLowerCase()];
}

/** An inventory principal as resource policies see it (see RequestPrincipal). */
export function requestPrincipalOf(p: AwsPrincipal): RequestPrincipal {
  const bounded = p.boundary !== undefined;
  if (p.type === 'user') return { kind: 'user', arn: p.arn, accountId: p.accountId, bounded };
  return {
    kind: 'role',
    arn: p.arn,
    accountId: p.accountId,
    bounded,
    ...(p.sessionName !== undefined ? { sessionName: p.sessionName } : {}),
    ...(p.choosesSessionName ? { choosesSessionName: true } : {}),
  };
}

/**
 * Whether the principal may perform the action on the resource, with every deciding statement
 * cited: Allows that grant (and the boundary, session and SCP Allows that let them through) when
 * allowed; the Denies when denied; the layer that lacks an Allow when implicitly denied.
 */
export function authorize(req: AuthorizeRequest): Authorization {
  const assumptions: string[] = [];
  const p = req.principal;
  const aws = isAwsPrincipal(p) ? p : undefined;
  const resourceAccount = req.resourceAccount ?? (arnField(req.resource, 4) || aws?.accountId);
  if (!resourceAccount) throw new Error(`authorize: the account owning ${req.resource} is unknown; pass resourceAccount`);
  if (!req.resourceAccount && !arnField(req.resource, 4)) assumptions.push(`${req.resource} assumed to be in account ${resourceAccount}, the caller's`);

  let explicit = requiresExplicitGrant(req.action, req.resource);
  if (explicit && !req.resourcePolicy && /^kms:/i.test(req.action)) {
    // Every key has a key policy; the default one delegates to IAM, as if there were none.
    explicit = false;
    assumptions.push(`the key policy of ${req.resource} is not in the data: assumed the default key policy, which lets IAM policies decide`);
  }

  const org = aws?.org ?? (p as ServiceCaller).org;
  const own = aws ? aws.conditions : serviceContext(p as ServiceCaller);
  const extra = req.keys;
  const callerKeys: ConditionContext = extra ? (key) => extra(key) ?? own(key) : own;
  const base = req.resourceTags ? withResourceTags(callerKeys, req.resourceTags) : callerKeys;
  const tagVars = Object.fromEntries(Object.entries(req.resourceTags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  const request = requestFor(aws, req.action, req.resource, { ...tagVars, ...resourceKeys(req, resourceAccount, org) }, base);
  const who: RequestPrincipal = aws
    ? requestPrincipalOf(aws)
    : (p as ServiceCaller).federated
      ? { kind: 'federated', provider: (p as ServiceCaller).service }
      : { kind: 'service', service: (p as ServiceCaller).service };

  const statements = resourceSourced(req, explicit);
  const service = req.action.slice(0, req.action.indexOf(':'));
  const rcp = levelsOf(org?.rcpsFor(resourceAccount, service, aws?.path), request);
  const facts: Facts = {
    caller: aws ? aws.type : 'service',
    sameAccount: aws?.accountId === resourceAccount,
    explicit,
    ...(aws ? principalLayers(aws, request, true) : { identity: { allows: [], denies: [] } }),
    ...(rcp ? { rcp } : {}),
    ...(statements ? { resource: resourceHits(statements, request, who) } : {}),
  };
  return { ...verdict(facts), assumptions };
}
