import type { TechniqueSpec } from '../types.js';

const IAM_EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';

/**
 * Self-escalation: the principal can grant itself any policy, so it is admin-equivalent.
 * These mark a node tier zero (edgeKind 'tier-zero') rather than adding an edge.
 */
function selfGrant(action: string, target: string, how: string): TechniqueSpec {
  return {
    id: `aws:iam:${action}`,
    provider: 'aws',
    edgeKind: 'tier-zero',
    title: `${action} on ${target}`,
    docs: {
      general: `The principal may call iam:${action} on ${target}, so it can give itself any permission: it is admin-equivalent (tier zero).`,
      precondition: `An Allow of iam:${action} whose Resource matches ${target}, with no explicit Deny and no permissions boundary capping the result.`,
      abuse: how,
      opsec: `An iam:${action} event in CloudTrail; IAM changes are commonly alerted on.`,
      fix: `Remove iam:${action} from the principal's policies, or scope its Resource away from ${target}; attach a permissions boundary that denies IAM writes.`,
      references: [RHINO, IAM_VULNERABLE],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1098', 'T1078.004'] },
  };
}

export const AWS_TECHNIQUES: readonly TechniqueSpec[] = [
  {
    id: 'aws:iam:GroupMembership',
    provider: 'aws',
    edgeKind: 'MEMBER_OF',
    title: 'IAM user in an IAM group (fact)',
    docs: {
      general: 'The user inherits the group\'s inline and attached policies; leakpath folds them into the user\'s capabilities.',
      precondition: 'GroupList of the user in get-account-authorization-details.',
      abuse: 'None by itself; it explains where a capability came from.',
      fix: 'Remove the user from groups it does not need.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html'],
    },
    tags: { owaspNhi: [], mitre: [] },
  },
  {
    id: 'aws:iam:TrustPolicy',
    provider: 'aws',
    edgeKind: 'TRUSTS',
    title: 'Role trust policy names a principal (fact)',
    docs: {
      general: 'An Allow statement of the role\'s trust policy names the principal or its account.',
      precondition: 'AssumeRolePolicyDocument of the role.',
      abuse: 'None by itself; CAN_ASSUME is the evaluated edge.',
      fix: 'Trust only the principals that need the role.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html'],
    },
    tags: { owaspNhi: [], mitre: [] },
  },
  {
    id: 'aws:iam:AccessKey',
    provider: 'aws',
    edgeKind: 'AUTHENTICATES_AS',
    title: 'IAM access key signs as its user',
    docs: {
      general: 'A long-term access key (AKIA…) authenticates as the IAM user it belongs to.',
      precondition: 'The key is Active. Inactive keys get no edge.',
      abuse: 'Export AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and call any API the user may call.',
      opsec: 'CloudTrail records the key id on every call; GuardDuty flags use from unusual networks.',
      fix: 'Deactivate and delete the key; move the workload to a role with short-lived credentials.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
    },
    tags: { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1078.004', 'T1552'] },
  },
  {
    id: 'aws:sts:AssumeRole',
    provider: 'aws',
    edgeKind: 'CAN_ASSUME',
    title: 'Assume a role whose trust policy admits the caller',
    docs: {
      general:
        'The caller obtains temporary credentials of the role. Same account: a trust statement naming the caller\'s ARN suffices; one naming the account (root or id) or `*` also needs the caller\'s own Allow of sts:AssumeRole. Cross account: both sides must allow.',
      precondition:
        'A trust policy Allow for sts:AssumeRole matching the caller; where required, an identity-policy Allow of sts:AssumeRole on the role; no explicit Deny in either; the caller\'s permissions boundary, if any, allows it.',
      abuse: '`aws sts assume-role --role-arn <role> --role-session-name <name>`, then use the returned credentials.',
      opsec: 'AssumeRole is logged in CloudTrail of both accounts; the session name is attacker-chosen and visible.',
      fix: 'Trust specific principals rather than whole accounts; add conditions (sts:ExternalId, aws:PrincipalOrgID); deny sts:AssumeRole on roles the caller does not need.',
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
        IAM_EVAL,
      ],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1550.001', 'T1078.004'] },
  },
  {
    id: 'aws:iam:AdministratorAccess',
    provider: 'aws',
    edgeKind: 'tier-zero',
    title: 'Allowed every action on every resource',
    docs: {
      general: 'An effective, unconditional Allow of `*` on `*` (e.g. the AdministratorAccess managed policy): the principal is admin-equivalent.',
      precondition: 'A statement whose Action (or NotAction) and Resource (or NotResource) cover every action and resource, without conditions, not capped by a Deny or a permissions boundary.',
      abuse: 'Anything in the account: create users and keys, read every secret, change every trust policy.',
      fix: 'Replace full-admin grants with task-scoped policies; keep admin on a few human roles behind MFA.',
      references: ['https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html'],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1078.004'] },
  },
  selfGrant('PutUserPolicy', 'itself (an IAM user)', 'Put an inline policy `{"Effect":"Allow","Action":"*","Resource":"*"}` on your own user.'),
  selfGrant('AttachUserPolicy', 'itself (an IAM user)', 'Attach arn:aws:iam::aws:policy/AdministratorAccess to your own user.'),
  selfGrant('PutRolePolicy', 'its own role', 'From a session of the role, put an admin inline policy on the role.'),
  selfGrant('AttachRolePolicy', 'its own role', 'From a session of the role, attach AdministratorAccess to the role.'),
  selfGrant('PutGroupPolicy', 'a group it belongs to', 'Put an admin inline policy on one of your groups.'),
  selfGrant('AttachGroupPolicy', 'a group it belongs to', 'Attach AdministratorAccess to one of your groups.'),
  selfGrant('CreatePolicyVersion', 'a customer managed policy attached to it', 'Create a new default version (`--set-as-default`) of an attached policy that allows `*` on `*`.'),
];
