import { edgeId, type GraphEdge } from '../../../model/graph.js';
import type { AwsRole } from '../../../model/inventory/index.js';
import type { ConditionContext } from '../policy/conditions.js';
import type { Decision } from '../policy/evaluate.js';
import { matchAction } from '../policy/match.js';
import { principalMatch, type Caller } from '../policy/principal-match.js';
import { asList, conditionText, sourced, truthOf } from '../policy/statements.js';

const TECHNIQUE = 'aws:sts:AssumeRole';

/**
 * CAN_ASSUME from a caller to a role. The trust policy must admit the caller; unless it names the
 * caller's own ARN in the same account, the caller's identity policies must also allow
 * sts:AssumeRole on the role. An explicit Deny on either side removes the edge; conditions that
 * are false for the attacker's request drop their statement, unknown ones make the edge conditional.
 *
 * `identity` is the caller's own decision on sts:AssumeRole for this role, or undefined for an
 * account outside the inventory, whose own policies cannot be read.
 */
export function assumeRoleEdge(
  caller: Caller,
  callerConditions: ConditionContext,
  role: AwsRole,
  roleAccount: string,
  identity: Decision | undefined,
): GraphEdge | undefined {
  const trust = sourced(role.trustPolicy, { type: 'trust-policy', source: `${role.arn} trust policy` })
    .filter((s) => s.statement.Action === undefined || asList(s.statement.Action).some((a) => matchAction(a, 'sts:AssumeRole')))
    .filter((s) => s.statement.Action !== undefined || !asList(s.statement.NotAction).some((a) => matchAction(a, 'sts:AssumeRole')))
    .map((s) => ({ s, match: principalMatch(s.statement, caller), truth: truthOf(s.statement, callerConditions) }))
    .filter((m) => m.match !== 'none' && m.truth !== 'false');
  const denies = trust.filter((m) => m.s.statement.Effect === 'Deny');
  if (denies.some((d) => d.truth === 'true')) return undefined;
  const allows = trust.filter((m) => m.s.statement.Effect === 'Allow');
  if (allows.length === 0) return undefined;
  if (identity?.effect === 'deny') return undefined;

  const sameAccount = caller.accountId === roleAccount;
  const byArn = allows.filter((a) => a.match === 'arn' && a.truth === 'true');
  const trustGrant = sameAccount && byArn.length > 0 ? byArn : allows;
  const namesCallerAlone = sameAccount && trustGrant.some((a) => a.match === 'arn');
  const assumptions: string[] = [];
  if (!namesCallerAlone) {
    if (identity === undefined) {
      assumptions.push(`account ${caller.accountId} is outside the inventory: assumed its administrators can allow themselves sts:AssumeRole`);
    } else if (identity.effect !== 'allow') {
      return undefined;
    }
  }

  const trustConditions = trustGrant.every((a) => a.truth === 'unknown') ? trustGrant.map((a) => conditionText(a.s.statement)!) : [];
  const denyConditions = denies.map((d) => `not (${conditionText(d.s.statement)})`);
  const identityConditions = !namesCallerAlone && identity ? identity.conditions : [];
  const conditions = [...trustConditions, ...denyConditions, ...identityConditions];

  const refs = [
    ...trustGrant.map((a) => ({ ...a.s.ref, detail: a.match === 'arn' ? `names ${caller.arn}` : `admits account ${caller.accountId}` })),
    ...(!namesCallerAlone && identity ? identity.refs : []),
  ];
  const how = namesCallerAlone
    ? 'the trust policy names the caller'
    : identity
      ? `the trust policy admits account ${caller.accountId} and the caller's own policies allow sts:AssumeRole`
      : `the trust policy admits account ${caller.accountId}`;
  return {
    id: edgeId('CAN_ASSUME', TECHNIQUE, caller.arn, role.arn),
    source: caller.arn,
    target: role.arn,
    kind: 'CAN_ASSUME',
    technique: TECHNIQUE,
    evidence: {
      summary: `${sameAccount ? '' : 'cross-account: '}${how}`,
      refs,
      ...(assumptions.length ? { assumptions } : {}),
    },
    conditional: conditions.length > 0,
    ...(conditions.length ? { conditions: conditions.join(' AND ') } : {}),
  };
}
