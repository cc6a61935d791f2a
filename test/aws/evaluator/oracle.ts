/**
 * Runs one generated case through leakpath's evaluator and through @cloud-copilot/iam-simulate
 * (AGPL, devDependency, used here only as a test oracle), with the same policies and the same
 * fully known request context.
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { AwsOrganization, PolicyDocument } from '../../../src/model/inventory/index.js';
import type { AwsPrincipal } from '../../../src/analysis/aws/principals.js';
import { authorize } from '../../../src/analysis/aws/policy/authorize.js';
import type { ConditionContext, KeyValue } from '../../../src/analysis/aws/policy/conditions.js';
import { rcpSupported } from '../../../src/analysis/aws/policy/iam-data.js';
import { OrgControls } from '../../../src/analysis/aws/policy/org.js';
import { sourced } from '../../../src/analysis/aws/policy/statements.js';
import { A, B, MGMT, OU, ROOT, type Case, type Json } from './generate.js';

export type Verdict = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

const RCP_FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** The principal-derived keys AWS puts in the request, on top of the generated ones. */
export function requestContext(c: Case): Record<string, string | string[]> {
  return {
    ...c.context,
    'aws:PrincipalArn': c.principal.arn,
    'aws:PrincipalAccount': A,
    ...(c.principal.type === 'user' ? { 'aws:username': 'alice' } : {}),
  };
}

function knownContext(ctx: Record<string, string | string[]>): ConditionContext {
  const map = new Map<string, KeyValue[]>(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), [Array.isArray(v) ? v : [v]]]));
  return (key) => map.get(key.toLowerCase()) ?? [null];
}

function organization(c: Case): AwsOrganization | undefined {
  if (!c.scps && !c.rcps) return undefined;
  const levels = [
    ...(c.scps ?? []).map((l) => ({ ...l, type: 'SERVICE_CONTROL_POLICY' as const })),
    ...(c.rcps ?? []).map((l) => ({ ...l, type: 'RESOURCE_CONTROL_POLICY' as const })),
  ];
  return {
    id: 'o-exampleorg',
    managementAccountId: MGMT,
    parents: { [A]: OU, [B]: OU, [OU]: ROOT, [MGMT]: ROOT },
    policies: levels.flatMap((l) =>
      l.policies.map((document, i) => ({
        id: `p-${l.type[0]}-${l.target}-${i}`,
        arn: `arn:aws:organizations::${MGMT}:policy/o-exampleorg/${l.target}/${i}`,
        name: `${l.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'}-${l.target}-${i}`,
        type: l.type,
        document: document as unknown as PolicyDocument,
        targets: [l.target],
      })),
    ),
  };
}

export function principalOf(c: Case): AwsPrincipal {
  const org = organization(c);
  const controls = org ? new OrgControls(org) : undefined;
  const ctx = requestContext(c);
  const scps = controls?.scpsFor(A, '/');
  return {
    arn: c.principal.arn,
    accountId: A,
    type: c.principal.type,
    name: c.principal.arn.split('/').pop()!,
    path: '/',
    identity: c.identity.flatMap((d, i) => sourced(d as unknown as PolicyDocument, { type: 'identity-policy', source: `identity-${i}` })),
    ...(c.boundary ? { boundary: sourced(c.boundary as unknown as PolicyDocument, { type: 'permissions-boundary', source: 'boundary' }), boundaryArn: 'boundary' } : {}),
    ...(c.principal.sessionName ? { sessionName: c.principal.sessionName } : {}),
    ...(scps ? { scps } : {}),
    ...(controls ? { org: controls } : {}),
    groups: [],
    attached: [],
    context: Object.fromEntries(Object.entries(ctx).filter((e): e is [string, string] => typeof e[1] === 'string')),
    conditions: knownContext(ctx),
  };
}

export function ours(c: Case) {
  const d = authorize({
    principal: principalOf(c),
    action: c.action,
    resource: c.resource,
    resourceAccount: c.resourceAccount,
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy as unknown as PolicyDocument } : {}),
  });
  const verdict: Verdict = d.effect === 'allow' ? 'Allowed' : d.effect === 'deny' ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
  return { verdict, decision: d };
}

const named = (prefix: string, docs: Json[]) => docs.map((policy, i) => ({ name: `${prefix}-${i}`, policy }));

export function oracle(c: Case): Verdict {
  const service = c.action.split(':')[0]!;
  const rcpApplies = c.rcps && rcpSupported(service) && c.resourceAccount !== MGMT;
  return runUnsafeSimulation(
    {
      request: {
        principal: c.principal.sessionArn ?? c.principal.arn,
        action: c.action,
        resource: { resource: c.resource, accountId: c.resourceAccount },
        contextVariables: requestContext(c),
      },
      identityPolicies: named('identity', c.identity),
      serviceControlPolicies: (c.scps ?? []).map((l) => ({ orgIdentifier: l.target, policies: named(`scp-${l.target}`, l.policies) })),
      resourceControlPolicies: rcpApplies
        ? c.rcps!.map((l) => ({ orgIdentifier: l.target, policies: named(`rcp-${l.target}`, [RCP_FULL_ACCESS, ...l.policies]) }))
        : [],
      // The unsafe entry point names only pre-validated resource policies; this is that shape.
      ...(c.resourcePolicy ? { resourcePolicy: { __validated: true, policyDocument: c.resourcePolicy, metadata: { name: 'resource-policy' }, errors: [] } } : {}),
      ...(c.boundary ? { permissionBoundaryPolicies: named('boundary', [c.boundary]) } : {}),
    },
    {},
  );
}
