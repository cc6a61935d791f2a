import type { EdgeKindSpec } from './types.js';

/**
 * Every edge kind in the graph. Direction always follows the attacker: whoever controls the
 * source can obtain the target (for base facts, the natural direction of the relation).
 */
export const EDGE_KINDS: readonly EdgeKindSpec[] = [
  {
    kind: 'AUTHENTICATES_AS',
    layer: 'attack',
    traversable: true,
    from: 'Credential',
    to: 'Identity',
    docs: {
      general: 'The credential signs requests as the identity: holding it is being that identity.',
      precondition: 'The credential is active (not disabled, not expired).',
      abuse: 'Configure the leaked credential in an SDK or CLI and act as the identity.',
      opsec: 'Calls are logged under the identity with the credential id (CloudTrail `accessKeyId`, Entra sign-in logs).',
      fix: 'Revoke or rotate the credential; prefer short-lived, federated credentials to long-term keys.',
      references: ['https://owasp.org/www-project-non-human-identities-top-10/2025/'],
    },
  },
  {
    kind: 'MEMBER_OF',
    layer: 'base',
    traversable: false,
    from: 'Identity',
    to: 'Identity',
    docs: {
      general: 'The identity is a member of a group and inherits its policies.',
      precondition: 'Group membership in the inventory.',
      abuse: 'Not walked: the group policies are already folded into the member\'s own capabilities.',
      fix: 'Remove the membership or reduce the group\'s policies.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html'],
    },
  },
  {
    kind: 'TRUSTS',
    layer: 'base',
    traversable: false,
    from: 'Identity',
    to: 'Identity',
    docs: {
      general: 'A role\'s trust policy names a principal (data, not yet a capability).',
      precondition: 'An Allow statement in the trust policy naming the principal, its account or `*`.',
      abuse: 'Not walked: CAN_ASSUME is the evaluated edge, taking the caller\'s own permissions and denies into account.',
      fix: 'Narrow the trust policy to the principals that need it.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html'],
    },
  },
  {
    kind: 'CAN_ASSUME',
    layer: 'attack',
    traversable: true,
    from: 'Identity',
    to: 'Identity',
    docs: {
      general: 'The source may obtain a session as the target role.',
      precondition:
        'The role\'s trust policy allows the source (by ARN, or by account together with the source\'s own Allow of the assume action), and no explicit Deny applies.',
      abuse: '`aws sts assume-role --role-arn <target> --role-session-name x` with the source\'s credentials.',
      opsec: 'An `AssumeRole` event in CloudTrail of the target account, naming the source principal.',
      fix: 'Remove the source from the trust policy, or deny the assume action in the source\'s policies.',
      references: ['https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'],
    },
  },
];

export function edgeKindSpec(kind: string): EdgeKindSpec | undefined {
  return EDGE_KINDS.find((e) => e.kind === kind);
}

export const TRAVERSABLE_EDGE_KINDS: ReadonlySet<string> = new Set(
  EDGE_KINDS.filter((e) => e.traversable).map((e) => e.kind),
);
