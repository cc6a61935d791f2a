import type { Evidence } from '../../../model/graph.js';
import { identityDecision, type AwsPrincipal } from '../principals.js';
import type { Decision } from '../policy/evaluate.js';

export interface TierZeroFinding {
  technique: string;
  reason: string;
  evidence: Evidence;
  conditional: boolean;
}

/** An action and a resource no real policy names: only full wildcards match them. */
const ANY_ACTION = 'leakpathprobe:AnyAction';
const ANY_RESOURCE = 'arn:leakpath:probe:::any';

function finding(technique: string, reason: string, d: Decision): TierZeroFinding {
  return {
    technique,
    reason,
    evidence: { summary: reason, refs: d.refs },
    conditional: d.conditional,
  };
}

/**
 * Admin-equivalent (docs/tier-zero.md): allowed every action on every resource, or able to grant
 * itself any policy — put/attach a policy on itself or on one of its groups, or write a new default
 * version of a policy attached to it. A permissions boundary caps self-grants unless the principal
 * can also remove its own boundary.
 */
export function tierZeroOf(p: AwsPrincipal): TierZeroFinding | undefined {
  const full = identityDecision(p, ANY_ACTION, ANY_RESOURCE);
  if (full.effect === 'allow') return finding('aws:iam:AdministratorAccess', 'allowed every action on every resource', full);

  const kind = p.type === 'user' ? 'User' : 'Role';
  if (p.boundary) {
    const lift = identityDecision(p, `iam:Delete${kind}PermissionsBoundary`, p.arn);
    if (lift.effect !== 'allow') return undefined;
  }

  const selfGrants: { technique: string; action: string; resource: string; reason: string }[] = [
    { technique: `aws:iam:Put${kind}Policy`, action: `iam:Put${kind}Policy`, resource: p.arn, reason: `can put an inline policy on itself (iam:Put${kind}Policy)` },
    { technique: `aws:iam:Attach${kind}Policy`, action: `iam:Attach${kind}Policy`, resource: p.arn, reason: `can attach any managed policy to itself (iam:Attach${kind}Policy)` },
    ...p.groups.flatMap((g) => [
      { technique: 'aws:iam:PutGroupPolicy', action: 'iam:PutGroupPolicy', resource: g.arn, reason: `can put an inline policy on its group ${g.name}` },
      { technique: 'aws:iam:AttachGroupPolicy', action: 'iam:AttachGroupPolicy', resource: g.arn, reason: `can attach any managed policy to its group ${g.name}` },
    ]),
    ...p.attached
      .filter((a) => !a.policyArn.startsWith('arn:aws:iam::aws:'))
      .map((a) => ({
        technique: 'aws:iam:CreatePolicyVersion',
        action: 'iam:CreatePolicyVersion',
        resource: a.policyArn,
        reason: `can write a new default version of ${a.policyArn}, attached to ${a.holderArn === p.arn ? 'itself' : a.holderArn}`,
      })),
  ];
  let conditionalHit: TierZeroFinding | undefined;
  for (const g of selfGrants) {
    const d = identityDecision(p, g.action, g.resource);
    if (d.effect !== 'allow') continue;
    const f = finding(g.technique, g.reason, d);
    if (!d.conditional) return f;
    conditionalHit ??= f;
  }
  return conditionalHit;
}
