import type { EvidenceRef } from '../../model/graph.js';
import type { AwsAccount, AwsGroup, AwsInventory, AwsManagedPolicy, PolicyDocument } from '../../model/inventory/index.js';
import { evaluateStatements, type Decision, type Request } from './policy/evaluate.js';
import { sourced, type SourcedStatement } from './policy/statements.js';
import type { RequestContext } from './policy/variables.js';
import type { ConditionContext } from './policy/conditions.js';
import { attackerContext } from './policy/attacker-context.js';

/** An IAM user or role with every statement that applies to it, resolved once. */
export interface AwsPrincipal {
  arn: string;
  accountId: string;
  type: 'user' | 'role';
  name: string;
  identity: SourcedStatement[];
  boundary?: SourcedStatement[];
  boundaryArn?: string;
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

  constructor(inventory: AwsInventory) {
    for (const account of inventory.accounts) for (const p of account.policies) this.byArn.set(p.arn, p);
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

export function principalsOf(account: AwsAccount, policies: PolicyIndex): AwsPrincipal[] {
  const groupsByName = new Map(account.groups.map((g) => [g.name, g]));
  const out: AwsPrincipal[] = [];
  const boundaryOf = (arn?: string) =>
    arn
      ? (() => {
          const doc = policies.defaultDocument(arn);
          return doc ? sourced(doc, { type: 'permissions-boundary', source: arn }) : [];
        })()
      : undefined;

  const withConditions = (p: Omit<AwsPrincipal, 'conditions'>): AwsPrincipal => ({ ...p, conditions: attackerContext(p.context, p.type) });
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
      identity: [
        ...inline(role.arn, role.inlinePolicies, 'identity-policy'),
        ...attached.flatMap((a) => policies.statements(a.policyArn, a.holderArn)),
      ],
      boundary: boundaryOf(role.permissionsBoundary),
      boundaryArn: role.permissionsBoundary,
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
 * What the principal's own policies say about a request: identity policies, capped by the
 * permissions boundary when there is one (the boundary must also allow; its Deny also denies).
 */
export function identityDecision(principal: AwsPrincipal, action: string, resource: string): Decision {
  const request: Request = { action, resource, context: principal.context, conditions: principal.conditions };
  const identity = evaluateStatements(principal.identity, request);
  if (identity.effect !== 'allow' || !principal.boundary) return identity;
  const boundary = evaluateStatements(principal.boundary, request);
  if (boundary.effect === 'deny') return boundary;
  if (boundary.effect === 'none') {
    return { effect: 'none', conditional: false, conditions: [], refs: [{ type: 'permissions-boundary', source: principal.boundaryArn!, detail: `does not allow ${action}` }] };
  }
  return {
    effect: 'allow',
    conditional: identity.conditional || boundary.conditional,
    conditions: [...identity.conditions, ...boundary.conditions],
    refs: [...identity.refs, ...boundary.refs],
  };
}
