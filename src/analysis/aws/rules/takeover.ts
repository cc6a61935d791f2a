import type { GraphEdge } from '../../../model/graph.js';
import type { AwsAccessKey, AwsGroup, AwsRole, AwsUser } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { allowed, attackEdge, grant, isServiceLinked, resourceTags } from './common.js';

/**
 * CAN_CREATE_CREDENTIAL via iam:CreateAccessKey: a new long-term key of the target user. A user
 * holds at most two keys (inactive ones count), so with two the attacker must delete one first.
 */
export function createAccessKeyEdge(p: AwsPrincipal, target: AwsUser, keys: readonly AwsAccessKey[]): GraphEdge | undefined {
  if (p.arn === target.arn) return undefined;
  const create = grant(p, 'iam:CreateAccessKey', target.arn, resourceTags(target.tags));
  if (!allowed(create.decision)) return undefined;
  const grants = [create];
  const assumptions: string[] = [];
  let summary = `creates a new access key for ${target.name}`;
  if (keys.length >= 2) {
    const del = grant(p, 'iam:DeleteAccessKey', target.arn, resourceTags(target.tags));
    if (!allowed(del.decision)) return undefined;
    grants.push(del);
    summary = `deletes one of the two access keys of ${target.name} (${keys.map((k) => k.accessKeyId).join(', ')}) and creates a new one`;
  } else if (keys.length === 0) {
    assumptions.push(`the input lists no access keys of ${target.name}: assumed it has fewer than two (otherwise iam:DeleteAccessKey is needed too)`);
  }
  return attackEdge({
    kind: 'CAN_CREATE_CREDENTIAL',
    technique: 'aws:iam:CreateAccessKey',
    source: p.arn,
    target: target.arn,
    summary,
    grants,
    refs: keys.length > 0 ? [{ type: 'inventory', source: 'iam list-access-keys', detail: `${target.name} has ${keys.length} access key(s)` }] : [],
    assumptions,
  });
}

/**
 * CAN_CREATE_CREDENTIAL via a console password: CreateLoginProfile when the user has none,
 * UpdateLoginProfile when it has one. When the input does not say, whichever the caller may do
 * is reported with that assumption.
 */
export function loginProfileEdges(p: AwsPrincipal, target: AwsUser): GraphEdge[] {
  if (p.arn === target.arn) return [];
  const out: GraphEdge[] = [];
  const variants = [
    { action: 'CreateLoginProfile', applies: target.hasLoginProfile !== true, needs: 'has no console password' },
    { action: 'UpdateLoginProfile', applies: target.hasLoginProfile !== false, needs: 'has a console password' },
  ];
  for (const v of variants) {
    if (!v.applies) continue;
    const g = grant(p, `iam:${v.action}`, target.arn, resourceTags(target.tags));
    if (!allowed(g.decision)) continue;
    const assumptions = ['the user has no MFA device (console sign-in would ask for it; the authorization details do not list MFA devices)'];
    if (target.hasLoginProfile === undefined) assumptions.unshift(`the input does not say whether ${target.name} has a console password: assumed it ${v.needs}`);
    out.push(
      attackEdge({
        kind: 'CAN_CREATE_CREDENTIAL',
        technique: `aws:iam:${v.action}`,
        source: p.arn,
        target: target.arn,
        summary: `sets a console password for ${target.name} and signs in as it`,
        grants: [g],
        refs: target.hasLoginProfile === undefined ? [] : [{ type: 'inventory', source: 'iam get-login-profile', detail: `${target.name} ${v.needs}` }],
        assumptions,
      }),
    );
  }
  return out;
}

/**
 * CAN_MODIFY_POLICY via iam:UpdateAssumeRolePolicy: the caller rewrites the role's trust to name
 * itself. A trust naming the caller's ARN needs no Allow of sts:AssumeRole in the same account,
 * but an explicit Deny of it still stops the caller.
 */
export function updateAssumeRolePolicyEdge(p: AwsPrincipal, role: AwsRole): GraphEdge | undefined {
  if (p.arn === role.arn || isServiceLinked(role)) return undefined;
  const update = grant(p, 'iam:UpdateAssumeRolePolicy', role.arn, resourceTags(role.tags));
  if (!allowed(update.decision)) return undefined;
  const assume = grant(p, 'sts:AssumeRole', role.arn, resourceTags(role.tags));
  if (assume.decision.effect === 'deny') return undefined;
  return attackEdge({
    kind: 'CAN_MODIFY_POLICY',
    technique: 'aws:iam:UpdateAssumeRolePolicy',
    source: p.arn,
    target: role.arn,
    summary: `rewrites the trust policy of ${role.name} to name itself, then assumes it`,
    grants: allowed(assume.decision) ? [update, assume] : [update],
  });
}

/**
 * CAN_ADD_MEMBER via iam:AddUserToGroup: a user adds itself to a group and gains its policies.
 * Only users can be members; a permissions boundary of the user would cap what the group grants,
 * and the group's node stands for the group's policies alone, so bounded users get no edge.
 */
export function addUserToGroupEdge(p: AwsPrincipal, group: AwsGroup): GraphEdge | undefined {
  if (p.type !== 'user' || p.boundary || p.groups.some((g) => g.arn === group.arn)) return undefined;
  const add = grant(p, 'iam:AddUserToGroup', group.arn);
  if (!allowed(add.decision)) return undefined;
  return attackEdge({
    kind: 'CAN_ADD_MEMBER',
    technique: 'aws:iam:AddUserToGroup',
    source: p.arn,
    target: group.arn,
    summary: `adds itself to group ${group.name} and gains the group's policies`,
    grants: [add],
  });
}
