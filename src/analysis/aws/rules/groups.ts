import type { AwsAccount, AwsGroup } from '../../../model/inventory/index.js';
import { attackerContext, requestTimeKeys } from '../policy/attacker-context.js';
import { sourced } from '../policy/statements.js';
import type { AwsPrincipal, PolicyIndex } from '../principals.js';

/**
 * A group as the source of attack edges: "a user that joined this group", holding the group's
 * policies and nothing else. It is what a CAN_ADD_MEMBER edge leads to, so a path can go on
 * from the group with exactly the rights joining it gives. The joiner is unknown: no user name
 * for policy variables, principal tags unknown, and (like any leaked key) no MFA.
 */
export function groupPrincipal(account: AwsAccount, group: AwsGroup, policies: PolicyIndex, at: Date = new Date()): AwsPrincipal {
  const attached = group.attachedPolicies.map((policyArn) => ({ policyArn, holderArn: group.arn }));
  const context = { 'aws:PrincipalAccount': account.accountId, 'aws:PrincipalType': 'User', ...requestTimeKeys('account', at) };
  const scps = policies.org?.scpsFor(account.accountId, group.path);
  return {
    arn: group.arn,
    accountId: account.accountId,
    type: 'user',
    name: group.name,
    path: group.path,
    ...(policies.org ? { org: policies.org } : {}),
    ...(scps ? { scps } : {}),
    identity: [
      ...group.inlinePolicies.flatMap((p) => sourced(p.document, { type: 'identity-policy', source: `${group.arn} inline policy ${p.name}` })),
      ...attached.flatMap((a) => policies.statements(a.policyArn, a.holderArn)),
    ],
    groups: [group],
    attached,
    context,
    conditions: attackerContext(context, 'account'),
  };
}
