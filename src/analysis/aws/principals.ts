import type { EvidenceRef } from '../../model/graph.js';
import type { AwsAccount, AwsGroup, AwsInventory, AwsManagedPolicy, PolicyDocument } from '../../model/inventory/index.js';
import { NO_DECISION, statementApplies, type Decision } from './policy/evaluate.js';
import { indexOf } from './policy/statement-index.js';
import { asList, sourced, type SourcedStatement } from './policy/statements.js';
import type { RequestContext } from './policy/variables.js';
import type { ConditionContext } from './policy/conditions.js';
import { attackerContext, requestTimeKeys } from './policy/attacker-context.js';
import { OrgControls, type ControlLevel } from './policy/org.js';
import { principalDecision } from './policy/authorize.js';

/** An IAM user or role with every statement that applies to it, resolved once. */
export interface AwsPrincipal {
  arn: string;
  accountId: string;
  type: 'user' | 'role';
  name: string;
  /** IAM path; `/aws-service-role/` marks a service-linked role. */
  path?: string;
  identity: SourcedStatement[];
  boundary?: SourcedStatement[];
  boundaryArn?: string;
  /** The session policy of the attacker's session, when known (AssumeRole Policy/PolicyArns), cited as `session-policy`. */
  session?: SourcedStatement[];
  /** The role session name, when known; resource policies may name a session ARN. */
  sessionName?: string;
  /**
   * Every session of the role is made by sts:AssumeRole (its trust admits AWS principals only, no
   * service or identity provider), whose caller picks the RoleSessionName: the attacker holding a
   * session of it named it as it pleased.
   */
  choosesSessionName?: boolean;
  /** SCP levels (root first) that cap this principal; undefined when none apply. */
  scps?: ControlLevel[];
  /** The organization's controls, for RCPs on the resources this principal reaches. */
  org?: OrgControls;
  groups: AwsGroup[];
  /** Managed policies in force on the principal, with who holds the attachment (itself or a group). */
  attached: { policyArn: string; holderArn: string }[];
  context: RequestContext;
  conditions: ConditionContext;
}

/**
 * AWS managed policies are often missing from exports filtered to local policies. The one that
 * decides most verdicts is known by heart; any other missing policy is a reported coverage gap.
 */
const WELL_KNOWN: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
};

export class PolicyIndex {
  private readonly byArn = new Map<string, AwsManagedPolicy>();
  readonly missing = new Set<string>();
  /** SCPs and RCPs, when the inventory has the organization. */
  readonly org?: OrgControls;

  constructor(inventory: AwsInventory) {
    for (const account of inventory.accounts) for (const p of account.policies) this.byArn.set(p.arn, p);
    if (inventory.organization) this.org = new OrgControls(inventory.organization);
  }

  get(arn: string): AwsManagedPolicy | undefined {
    return this.byArn.get(arn);
  }

  /** The default version's document: only it is in force. */
  defaultDocument(arn: string): PolicyDocument | undefined {
    const policy = this.byArn.get(arn);
    const version = policy?.versions.find((v) => v.isDefault) ?? policy?.versions.find((v) => v.versionId === policy.defaultVersionId);
    if (version) return version.document;
    if (WELL_KNOWN[arn]) return WELL_KNOWN[arn];
    this.missing.add(arn);
    return undefined;
  }

  statements(arn: string, holder: string): SourcedStatement[] {
    const doc = this.defaultDocument(arn);
    return doc ? sourced(doc, { type: 'identity-policy', source: arn, detail: `attached to ${holder}` }) : [];
  }
}

function inline(holderArn: string, policies: { name: string; document: PolicyDocument }[], type: EvidenceRef['type']) {
  return policies.flatMap((p) => sourced(p.document, { type, source: `${holderArn} inline policy ${p.name}` }));
}

/** The account's users and roles, as the attacker would use them at `at` (the analysis time). */
export function principalsOf(account: AwsAccount, policies: PolicyIndex, at: Date = new Date()): AwsPrincipal[] {
  const groupsByName = new Map(account.groups.map((g) => [g.name, g]));
  const out: AwsPrincipal[] = [];
  const boundaryOf = (arn?: string) =>
    arn
      ? (() => {
          const doc = policies.defaultDocument(arn);
          return doc ? sourced(doc, { type: 'permissions-boundary', source: arn }) : [];
        })()
      : undefined;

  const org = policies.org;
  const orgPath = org?.orgPath(account.accountId);
  // Known only for member accounts: an account outside this organization may be in another one.
  const orgKeys = org && orgPath ? { 'aws:PrincipalOrgID': org.org.id, 'aws:PrincipalOrgPaths': orgPath } : {};
  const withConditions = (p: Omit<AwsPrincipal, 'conditions' | 'scps' | 'org'>): AwsPrincipal => {
    const context = { ...p.context, ...orgKeys, ...requestTimeKeys(p.type, at) };
    return {
      ...p,
      context,
      conditions: attackerContext(context, p.type),
      ...(org ? { org } : {}),
      ...(org?.scpsFor(account.accountId, p.path) ? { scps: org.scpsFor(account.accountId, p.path) } : {}),
    };
  };
  for (const user of account.users) {
    const groups = user.groups.map((n) => groupsByName.get(n)).filter((g): g is AwsGroup => g !== undefined);
    const attached = [
      ...user.attachedPolicies.map((policyArn) => ({ policyArn, holderArn: user.arn })),
      ...groups.flatMap((g) => g.attachedPolicies.map((policyArn) => ({ policyArn, holderArn: g.arn }))),
    ];
    out.push(withConditions({
      arn: user.arn,
      accountId: account.accountId,
      type: 'user',
      name: user.name,
      path: user.path,
      identity: [
        ...inline(user.arn, user.inlinePolicies, 'identity-policy'),
        ...groups.flatMap((g) => inline(g.arn, g.inlinePolicies, 'identity-policy')),
        ...attached.flatMap((a) => policies.statements(a.policyArn, a.holderArn)),
      ],
      boundary: boundaryOf(user.permissionsBoundary),
      boundaryArn: user.permissionsBoundary,
      groups,
      attached,
      context: {
        'aws:username': user.name,
        'aws:userid': user.id,
        'aws:PrincipalArn': user.arn,
        'aws:PrincipalAccount': account.accountId,
        'aws:PrincipalType': 'User',
        ...Object.fromEntries(Object.entries(user.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
      },
    }));
  }
  for (const role of account.roles) {
    const attached = role.attachedPolicies.map((policyArn) => ({ policyArn, holderArn: role.arn }));
    out.push(withConditions({
      arn: role.arn,
      accountId: account.accountId,
      type: 'role',
      name: role.name,
      path: role.path,
      identity: [
        ...inline(role.arn, role.inlinePolicies, 'identity-policy'),
        ...attached.flatMap((a) => policies.statements(a.policyArn, a.holderArn)),
      ],
      boundary: boundaryOf(role.permissionsBoundary),
      boundaryArn: role.permissionsBoundary,
      ...(onlyAssumeRole(role.trustPolicy) ? { choosesSessionName: true } : {}),
      groups: [],
      attached,
      context: {
        'aws:PrincipalArn': role.arn,
        'aws:PrincipalAccount': account.accountId,
        'aws:PrincipalType': 'AssumedRole',
        ...Object.fromEntries(Object.entries(role.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
      },
    }));
  }
  return out;
}

/**
 * Whether a role's sessions can only come from sts:AssumeRole by AWS principals: every Allow of its
 * trust names AWS principals only (no Service, Federated or NotPrincipal) and no SAML/web-identity action.
 */
function onlyAssumeRole(trust: PolicyDocument): boolean {
  return trust.Statement.every((s) => {
    if (s.Effect !== 'Allow') return true;
    if (s.NotPrincipal !== undefined || s.Principal === undefined) return false;
    if (s.Principal !== '*' && Object.keys(s.Principal).some((k) => k !== 'AWS')) return false;
    return s.Action === undefined || asList(s.Action).every((a) => !/^sts:assumerolewith/i.test(a) && a !== '*' && a.toLowerCase() !== 'sts:*');
  });
}

/**
 * What the principal's own policies say about a request: identity policies, capped by the
 * permissions boundary and the session policy when there are any (each must also allow; any Deny
 * denies). Organization policies and resource policies are not consulted: `authorize` does that.
 */
export function identityDecision(principal: AwsPrincipal, action: string, resource: string): Decision {
  if (!identityMayAllow(principal, action, resource)) return NO_DECISION;
  return principalDecision(principal, action, resource);
}

/**
 * Whether some identity Allow names the action and the resource, conditions aside: a necessary
 * condition for any grant, and far cheaper than a decision. Most (caller, role) pairs fail here.
 */
function identityMayAllow(p: AwsPrincipal, action: string, resource: string): boolean {
  const request = { action, resource, context: p.context, conditions: p.conditions };
  return indexOf(p.identity)
    .forAction(action)
    .some((s) => s.statement.Effect === 'Allow' && statementApplies(s, request));
}

/** The statement lists that decide the principal's own requests: identity, boundary, session, each SCP level. */
export function statementLayers(p: AwsPrincipal): readonly (readonly SourcedStatement[])[] {
  return [p.identity, p.boundary ?? [], p.session ?? [], ...(p.scps ?? []).map((l) => l.statements)];
}

/** Every statement that decides the principal's own requests, whatever its layer. */
export function ownStatements(p: AwsPrincipal): readonly SourcedStatement[] {
  let all = ownMemo.get(p);
  if (!all) ownMemo.set(p, (all = statementLayers(p).flat()));
  return all;
}

// Principals are not changed once built (a session is a new object): their flat list is built once.
const ownMemo = new WeakMap<AwsPrincipal, readonly SourcedStatement[]>();
