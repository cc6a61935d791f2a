import type { Evidence, EvidenceRef } from '../../../model/graph.js';
import { ownStatements, type AwsPrincipal } from '../principals.js';
import { ANY_RESOURCE, decide } from './common.js';
import type { Decision } from '../policy/evaluate.js';
import { actionClassRepresentatives, mayAllowEveryAction } from '../policy/every-action.js';
import type { AwsManagedPolicy } from '../../../model/inventory/index.js';
import { adminVersion } from './rewrite.js';

export interface TierZeroFinding {
  technique: string;
  reason: string;
  evidence: Evidence;
  conditional: boolean;
  /** The text of the conditions a conditional finding hangs on. */
  conditions?: string;
}

function finding(technique: string, reason: string, d: Decision): TierZeroFinding {
  return {
    technique,
    reason,
    evidence: { summary: reason, refs: d.refs },
    conditional: d.conditional,
    ...(d.conditional && d.conditions.length ? { conditions: d.conditions.join(' AND ') } : {}),
  };
}

/**
 * Admin-equivalent (docs/tier-zero.md): allowed every action on every resource, or able to grant
 * itself any policy — put/attach a policy on itself or on one of its groups, write a new default
 * version of a policy attached to it, or restore an older admin version of one (`policyOf` gives
 * the versions). A permissions boundary caps self-grants unless the principal can also remove its
 * own boundary.
 */
export function tierZeroOf(p: AwsPrincipal, policyOf: (arn: string) => AwsManagedPolicy | undefined = () => undefined): TierZeroFinding | undefined {
  const everything = everyActionDecision(p);
  if (everything) return finding('aws:iam:AdministratorAccess', 'allowed every action on every resource', everything);

  const kind = p.type === 'user' ? 'User' : 'Role';
  if (p.boundary) {
    const lift = decide(p, `iam:Delete${kind}PermissionsBoundary`, p.arn);
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
    ...p.attached.flatMap((a) => {
      const version = a.policyArn.startsWith('arn:aws:iam::aws:') ? undefined : adminVersion(policyOf(a.policyArn));
      return version
        ? [{
            technique: 'aws:iam:SetDefaultPolicyVersion',
            action: 'iam:SetDefaultPolicyVersion',
            resource: a.policyArn,
            reason: `can make version ${version} of ${a.policyArn} (attached to ${a.holderArn === p.arn ? 'itself' : a.holderArn}), which allows everything, the default again`,
          }]
        : [];
    }),
  ];
  let conditionalHit: TierZeroFinding | undefined;
  for (const g of selfGrants) {
    const d = decide(p, g.action, g.resource);
    if (d.effect !== 'allow') continue;
    const f = finding(g.technique, g.reason, d);
    if (!d.conditional) return f;
    conditionalHit ??= f;
  }
  return conditionalHit;
}

/**
 * Whether the principal may make every catalogued action on every resource, with the statements
 * that together grant it (and the conditions, when some are unknown); undefined if some action is
 * not allowed. RCPs split the catalogue by service coverage; their statements are the same for
 * every covered service, so those of one (s3) stand for all.
 */
function everyActionDecision(p: AwsPrincipal): Decision | undefined {
  if (!mayAllowEveryAction(p.identity)) return undefined;
  const rcps = p.org?.rcpsFor(p.accountId, 's3', p.path)?.flatMap((l) => l.statements) ?? [];
  const refs = new Map<string, EvidenceRef>();
  const conditions = new Set<string>();
  for (const action of actionClassRepresentatives([...ownStatements(p), ...rcps])) {
    const d = decide(p, action, ANY_RESOURCE);
    if (d.effect !== 'allow') return undefined;
    for (const r of d.refs) refs.set(JSON.stringify(r), r);
    d.conditions.forEach((c) => conditions.add(c));
  }
  return { effect: 'allow', conditional: conditions.size > 0, conditions: [...conditions], refs: [...refs.values()] };
}
