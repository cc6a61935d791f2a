import { edgeId, type EvidenceRef, type GraphEdge } from '../../../model/graph.js';
import type { AwsRole, PolicyStatement } from '../../../model/inventory/index.js';
import { attackerContext, requestTimeKeys } from '../policy/attacker-context.js';
import { authorize, requestPrincipalOf } from '../policy/authorize.js';
import type { ConditionContext, KeyValue } from '../policy/conditions.js';
import { matchAction } from '../policy/match.js';
import type { OrgControls } from '../policy/org.js';
import { matchRequestPrincipal, namedSessions, type MatchKind, type RequestPrincipal } from '../policy/principal-match.js';
import { asList, sourced, truthOf } from '../policy/statements.js';
import { identityDecision, type AwsPrincipal } from '../principals.js';

const TECHNIQUE = 'aws:sts:AssumeRole';
const ACTION = 'sts:AssumeRole';

/** Node id of "any AWS account": whoever signs up for one can assume a role open to all. */
export const ANY_ACCOUNT = 'aws:any-account';
/** The attacker's own account: a placeholder that no policy names. */
const ANY_ACCOUNT_ID = '000000000000';
/** Cites the Allow an outside account's administrators can give themselves; never shown. */
const OWN_ALLOW_SOURCE = 'leakpath: the outside account grants itself sts:AssumeRole';

/**
 * CAN_ASSUME from a caller to a role, decided by the full evaluator: the trust policy (which must
 * name the caller even in the same account: by ARN alone, or by account together with the caller's
 * own Allow; cross-account always with it), the caller's permissions boundary and session policy,
 * SCPs on the caller (not in the management account, not for service-linked roles), RCPs on the
 * role, and every Deny. `Principal: "*"` (and an Allow with NotPrincipal) names the caller itself.
 */
export function assumeRoleEdge(caller: AwsPrincipal, role: AwsRole, roleAccount: string, assumptions: readonly string[] = []): GraphEdge | undefined {
  const sameAccount = caller.accountId === roleAccount;
  // Unless the trust names the caller itself in its own account, AWS needs the caller's own Allow
  // too. Most candidates lack it, and the memoised identity verdict says so far more cheaply than
  // the full evaluation (it is 'none' only where the identity side fails whatever the request).
  if (!(sameAccount && namesCaller(role, caller)) && identityDecision(caller, ACTION, role.arn).effect !== 'allow') return undefined;
  const d = authorize({ principal: caller, action: ACTION, resource: role.arn, resourceAccount: roleAccount, resourcePolicy: role.trustPolicy, resourceTags: role.tags });
  if (d.effect !== 'allow') return undefined;

  const trustSource = `${role.arn} trust policy`;
  const trust = trustStatements(role, trustSource);
  const who = requestPrincipalOf(caller);
  const kinds = new Set<MatchKind>();
  let everyone = false;
  const refs: EvidenceRef[] = [];
  for (const r of d.refs) {
    if (r.source === OWN_ALLOW_SOURCE) continue;
    const s = r.type === 'trust-policy' && r.source === trustSource && r.statement !== undefined ? trust.get(r.statement) : undefined;
    if (!s) {
      refs.push(r);
      continue;
    }
    const kind = matchRequestPrincipal(s, who);
    kinds.add(kind);
    const wildcard = kind === 'direct' && admitsEveryone(s);
    everyone ||= wildcard;
    refs.push({ ...r, detail: trustDetail(kind, wildcard, s, caller) });
  }

  const sessions = [...trust.values()].flatMap((s) => (s.Effect === 'Allow' ? namedSessions(s, who) : []));
  const trustSays = everyone
    ? 'the trust policy admits every AWS principal'
    : kinds.has('direct') || kinds.has('role')
      ? 'the trust policy names the caller'
      : kinds.has('session')
        ? `the trust policy names a session of the caller's role: assume ${caller.name} with RoleSessionName "${sessions[0]?.session}" first`
        : kinds.has('unknown-session')
          ? `the trust policy names a session of the caller's role, "${sessions[0]?.session}"`
          : `the trust policy admits account ${caller.accountId}`;
  const readOwnAllow = refs.some((r) => r.type === 'identity-policy');
  const how = readOwnAllow ? `${trustSays} and the caller's own policies allow ${ACTION}` : trustSays;
  const all = [...new Set([...assumptions, ...d.assumptions])];
  return {
    id: edgeId('CAN_ASSUME', TECHNIQUE, caller.arn, role.arn),
    source: caller.arn,
    target: role.arn,
    kind: 'CAN_ASSUME',
    technique: TECHNIQUE,
    evidence: { summary: `${sameAccount ? '' : 'cross-account: '}${how}`, refs, ...(all.length ? { assumptions: all } : {}) },
    conditional: d.conditional,
    ...(d.conditions.length ? { conditions: d.conditions.join(' AND ') } : {}),
  };
}

const trustByRole = new WeakMap<AwsRole, Map<string, PolicyStatement>>();

/** A role's trust statements by citation, built once per role rather than once per caller. */
function trustStatements(role: AwsRole, trustSource: string): Map<string, PolicyStatement> {
  const known = trustByRole.get(role);
  if (known) return known;
  const trust = new Map<string, PolicyStatement>();
  for (const s of sourced(role.trustPolicy, { type: 'trust-policy', source: trustSource })) trust.set(s.ref.statement!, s.statement);
  trustByRole.set(role, trust);
  return trust;
}

function namesCaller(role: AwsRole, caller: AwsPrincipal): boolean {
  const who = requestPrincipalOf(caller);
  return role.trustPolicy.Statement.some((s) => s.Effect === 'Allow' && matchRequestPrincipal(s, who) !== 'account' && matchRequestPrincipal(s, who) !== 'none');
}

function admitsEveryone(s: PolicyStatement): boolean {
  if (s.NotPrincipal !== undefined) return true;
  return s.Principal === '*' || (s.Principal !== undefined && Object.values(s.Principal).some((v) => asList(v).includes('*')));
}

function trustDetail(kind: MatchKind, wildcard: boolean, s: PolicyStatement, caller: AwsPrincipal): string {
  if (wildcard) return s.NotPrincipal !== undefined ? 'admits every principal that NotPrincipal does not list' : 'admits every principal ("*")';
  if (kind === 'account') return `admits account ${caller.accountId}`;
  if (kind === 'session' || kind === 'unknown-session') {
    const named = namedSessions(s, requestPrincipalOf(caller)).map((x) => `"${x.session}"`).join(' or ');
    return kind === 'session'
      ? `names session ${named} of ${caller.arn}: whoever assumes it with sts:AssumeRole chooses that RoleSessionName`
      : `names session ${named} of ${caller.arn}, whose sessions are not all made by sts:AssumeRole`;
  }
  return `names ${caller.arn}`;
}

const ownAllow = () => sourced({ Statement: [{ Effect: 'Allow', Action: ACTION, Resource: '*' }] }, { type: 'identity-policy', source: OWN_ALLOW_SOURCE });

/**
 * An account outside the inventory that a trust names, standing for whoever administers it: its
 * own policies cannot be read, so they are assumed to allow what its administrators want.
 */
export function outsideAccountCaller(accountId: string, org?: OrgControls, at: Date = new Date()): AwsPrincipal {
  const context = { 'aws:PrincipalAccount': accountId, ...requestTimeKeys('account', at) };
  return {
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    type: 'user',
    name: `account ${accountId}`,
    identity: ownAllow(),
    groups: [],
    attached: [],
    context,
    conditions: attackerContext(context, 'account'),
    ...(org ? { org } : {}),
  };
}

/** The last analysis time's any-account context: one analysis asks it of every trust statement. */
let anyAccountLast: { time: number; context: ConditionContext } | undefined;
function anyAccountConditions(at: Date): ConditionContext {
  if (anyAccountLast?.time !== at.getTime()) anyAccountLast = { time: at.getTime(), context: buildAnyAccountConditions(at) };
  return anyAccountLast.context;
}

/**
 * What a request from an account the attacker opens for the purpose carries. Its principal is the
 * attacker's to name, tag and protect with MFA (so MFA is present), its account is none a policy
 * names, and it is outside the inventory's organization: either in no organization or in the
 * attacker's own. Anything else (source IP, external id…) stays unknown.
 */
function buildAnyAccountConditions(at: Date): ConditionContext {
  const base = attackerContext(anyAccountVars(at), 'account');
  const outsideOrg: KeyValue[] = [null, ['o-leakpathnone']];
  const own: Record<string, readonly KeyValue[] | undefined> = {
    'aws:multifactorauthpresent': [['true']],
    'aws:multifactorauthage': undefined,
    'aws:principalorgid': outsideOrg,
    'aws:principalorgpaths': [null, ['o-leakpathnone/r-leakpathnone/']],
  };
  return (key) => {
    const k = key.toLowerCase();
    return k in own ? own[k] : base(k);
  };
}

const anyAccountVars = (at: Date) => ({ 'aws:PrincipalAccount': ANY_ACCOUNT_ID, ...requestTimeKeys('account', at) });
const ANY_WHO: RequestPrincipal = { kind: 'user', arn: ANY_ACCOUNT, accountId: ANY_ACCOUNT_ID };

/** The caller behind the "any AWS account" node. The role's organization still applies its RCPs. */
export function anyAccountCaller(org?: OrgControls, at: Date = new Date()): AwsPrincipal {
  return {
    arn: ANY_ACCOUNT,
    accountId: ANY_ACCOUNT_ID,
    type: 'user',
    name: 'any AWS account',
    identity: ownAllow(),
    groups: [],
    attached: [],
    context: anyAccountVars(at),
    conditions: anyAccountConditions(at),
    ...(org ? { org } : {}),
  };
}

/**
 * Whether a trust statement lets any AWS account in: an Allow of sts:AssumeRole naming every
 * principal (`*`, `{"AWS": "*"}`, or NotPrincipal) whose condition, if any, does not pin the
 * caller to an account or organization (Cloudsplaining's AssumableByAnyPrincipal).
 */
export function admitsAnyAccount(s: PolicyStatement, at: Date = new Date()): boolean {
  if (s.Effect !== 'Allow') return false;
  const acts = s.Action !== undefined ? asList(s.Action).some((a) => matchAction(a, ACTION)) : !asList(s.NotAction).some((a) => matchAction(a, ACTION));
  return acts && matchRequestPrincipal(s, ANY_WHO) === 'direct' && truthOf(s, anyAccountConditions(at)) !== 'false';
}

export const opensToAnyAccount = (role: AwsRole, at: Date = new Date()) => role.trustPolicy.Statement.some((s) => admitsAnyAccount(s, at));
