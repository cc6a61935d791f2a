import type { TechniqueSpec } from '../types.js';

const IAM_EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';

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

interface Entry {
  title: string;
  general: string;
  precondition: string;
  abuse: string;
  opsec: string;
  fix: string;
  references: string[];
  mitre: string[];
  owaspNhi?: string[];
}

function technique(id: string, edgeKind: string, e: Entry): TechniqueSpec {
  return {
    id,
    provider: 'aws',
    edgeKind,
    title: e.title,
    docs: { general: e.general, precondition: e.precondition, abuse: e.abuse, opsec: e.opsec, fix: e.fix, references: e.references },
    tags: { owaspNhi: e.owaspNhi ?? ['NHI5'], mitre: e.mitre },
  };
}

const PASSROLE_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';
const CONFUSED_DEPUTY = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html';

/** PassRole to a new resource of a service that runs the attacker's code as the role. */
function passRole(id: string, service: string, actions: string, what: string, abuse: string, reference: string, mitre: string[]): TechniqueSpec {
  return technique(id, 'CAN_PASS_ROLE_TO', {
    title: `iam:PassRole + ${actions}`,
    general: `The caller creates ${what} running as a role it passes, and so obtains the role's permissions.`,
    precondition: `iam:PassRole on the role (iam:PassedToService ${service}), ${actions} on a resource name the caller may choose, and a role trust policy that lets ${service} assume it; trust conditions on aws:SourceAccount / aws:SourceArn are judged with the values the service sends for the new resource.`,
    abuse,
    opsec: `The create call, the PassRole authorization and the service's AssumeRole appear in CloudTrail; use of the role's credentials outside the service is a GuardDuty finding.`,
    fix: `Scope iam:PassRole to the roles each team needs and to the service (iam:PassedToService); keep roles that ${service} may assume least-privileged; pin service trusts to aws:SourceAccount and aws:SourceArn.`,
    references: [PASSROLE_DOC, reference, IAM_VULNERABLE, CONFUSED_DEPUTY],
    mitre,
  });
}

/** PassRole to an existing resource that then runs the attacker's code as the role. */
function passRoleExisting(id: string, service: string, actions: string, what: string, abuse: string, reference: string, mitre: string[]): TechniqueSpec {
  return technique(id, 'CAN_PASS_ROLE_TO', {
    title: `iam:PassRole + ${actions} on an existing ${what}`,
    general: `The caller gives a role it passes to an existing ${what} and makes it run the caller's code, and so obtains the role's permissions.`,
    precondition: `iam:PassRole on the role (iam:PassedToService ${service}), ${actions} on the ${what} (its tags count for aws:ResourceTag conditions), and a role trust policy that lets ${service} assume it. When the input lists no ${what}s for the account, leakpath assumes one exists and marks the edge conditional, saying so; when the listing was read and is empty, there is no edge.`,
    abuse,
    opsec: `The update call and the PassRole authorization appear in CloudTrail; the ${what}'s owners see its role change.`,
    fix: `Scope iam:PassRole to the roles each team needs and to the service (iam:PassedToService); scope ${actions} to the resources a team owns.`,
    references: [PASSROLE_DOC, reference, 'https://pathfinding.cloud/'],
    mitre,
  });
}

/** Running code on existing compute that runs as a role. */
function existing(id: string, action: string, what: string, abuse: string, state: string, reference: string, mitre: string[]): TechniqueSpec {
  return technique(id, 'CAN_EXECUTE_AS', {
    title: `${action} on an existing ${what}`,
    general: `The caller runs its own code on an existing ${what} that runs as a role, and so obtains the role's permissions.`,
    precondition: `${action} allowed on the ${what}; the ${what} exists and runs as the role${state}. When the input lists no resources of that kind for the account, leakpath assumes one may run as any role that trusts the service (with an instance profile, for EC2) and marks the edge conditional, saying so.`,
    abuse,
    opsec: `${action} in CloudTrail; the role's credentials used from an unexpected network are a GuardDuty finding.`,
    fix: `Scope ${action} to the resources a team owns (resource ARNs or aws:ResourceTag conditions); keep the role of shared compute least-privileged.`,
    references: [reference, IAM_VULNERABLE, 'https://pathfinding.cloud/'],
    mitre,
  });
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
        'The caller obtains temporary credentials of the role. Same account: a trust statement naming the caller\'s ARN, or `*`, suffices; one naming the account (root or id) also needs the caller\'s own Allow of sts:AssumeRole. Cross account: both sides must allow. A trust open to every AWS account (`*` with no condition pinning the caller\'s account or organization) gets an edge from the node "any AWS account" (`aws:any-account`): anyone who opens an account can assume the role.',
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
  passRole('aws:lambda:CreateFunction+InvokeFunction', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:InvokeFunction', 'a Lambda function', 'Create a function with the role whose code returns or uses its credentials, then invoke it.', 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html', ['T1648', 'T1098.003']),
  passRole('aws:lambda:CreateFunction+CreateEventSourceMapping', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:CreateEventSourceMapping', 'a Lambda function triggered by an event source', 'Create a function with the role and map a DynamoDB stream, Kinesis stream or SQS queue to it; writing to the source runs the function. Needs an event source that exists or can be created (stated as an assumption).', 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html', ['T1648']),
  passRole('aws:lambda:CreateFunction+AddPermission', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:AddPermission', 'a Lambda function whose resource policy it controls', 'Create a function with the role, add a resource-policy statement letting an attacker-held principal invoke it, and invoke it from there.', 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html', ['T1648']),
  passRole('aws:ec2:RunInstances', 'ec2.amazonaws.com', 'ec2:RunInstances (with ec2:InstanceProfile)', 'an EC2 instance', 'Launch an instance with the role\'s instance profile (or a new profile with iam:CreateInstanceProfile + iam:AddRoleToInstanceProfile) and user data that sends the metadata credentials out, or log in to it.', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html', ['T1578.002', 'T1552.005']),
  passRole('aws:cloudformation:CreateStack', 'cloudformation.amazonaws.com', 'cloudformation:CreateStack (with cloudformation:RoleArn)', 'a CloudFormation stack', 'Create a stack with the role as service role and a template that creates, for example, an IAM user with admin rights and an access key returned as an output.', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html', ['T1578', 'T1098']),
  passRole('aws:cloudformation:CreateChangeSet+ExecuteChangeSet', 'cloudformation.amazonaws.com', 'cloudformation:CreateChangeSet and cloudformation:ExecuteChangeSet', 'a CloudFormation change set', 'Create a change set (for a new or existing stack) with the role as service role and execute it.', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html', ['T1578', 'T1098']),
  passRole('aws:glue:CreateDevEndpoint', 'glue.amazonaws.com', 'glue:CreateDevEndpoint', 'a Glue development endpoint', 'Create a development endpoint with the role and your SSH public key, SSH in and read the role\'s credentials.', 'https://docs.aws.amazon.com/glue/latest/dg/dev-endpoint.html', ['T1578', 'T1021.004']),
  passRole('aws:glue:CreateJob+StartJobRun', 'glue.amazonaws.com', 'glue:CreateJob and glue:StartJobRun (or glue:CreateTrigger)', 'a Glue job', 'Create a Python shell job with the role running your script and start it (directly or by a trigger).', 'https://docs.aws.amazon.com/glue/latest/dg/add-job.html', ['T1648']),
  passRole('aws:codebuild:CreateProject+StartBuild', 'codebuild.amazonaws.com', 'codebuild:CreateProject and codebuild:StartBuild (or StartBuildBatch)', 'a CodeBuild project', 'Create a project with the role as service role and a buildspec that uses its credentials, then start a build.', 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html', ['T1648']),
  passRole('aws:sagemaker:CreateNotebookInstance', 'sagemaker.amazonaws.com', 'sagemaker:CreateNotebookInstance and sagemaker:CreatePresignedNotebookInstanceUrl', 'a SageMaker notebook instance', 'Create a notebook instance with the role, open it through a presigned URL and use its terminal.', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1578']),
  passRole('aws:sagemaker:CreateTrainingJob', 'sagemaker.amazonaws.com', 'sagemaker:CreateTrainingJob', 'a SageMaker training job', 'Start a training job with the role and a container image you control (an assumption: SageMaker must be able to pull it).', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1648']),
  passRole('aws:sagemaker:CreateProcessingJob', 'sagemaker.amazonaws.com', 'sagemaker:CreateProcessingJob', 'a SageMaker processing job', 'Start a processing job with the role and a container image you control (an assumption: SageMaker must be able to pull it).', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1648']),
  passRole('aws:datapipeline:CreatePipeline', 'datapipeline.amazonaws.com', 'datapipeline:CreatePipeline, PutPipelineDefinition and ActivatePipeline', 'an AWS Data Pipeline', 'Create a pipeline with the role as pipeline role and a ShellCommandActivity, define and activate it.', 'https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html', ['T1648']),
  passRole('aws:ecs:RegisterTaskDefinition+RunTask', 'ecs-tasks.amazonaws.com', 'ecs:RegisterTaskDefinition and ecs:RunTask (or StartTask / CreateService)', 'an ECS task', 'Register a task definition with the role as task role and a container that reads the task credentials, then run it on a cluster (assumed to exist).', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html', ['T1610', 'T1552.005']),
  passRole('aws:ec2:RequestSpotInstances', 'ec2.amazonaws.com', 'ec2:RequestSpotInstances', 'a Spot EC2 instance', 'Request a Spot instance with the role\'s instance profile (create one and add the role when there is none) and user data that sends the metadata credentials out.', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestSpotInstances.html', ['T1578.002', 'T1552.005']),
  passRole('aws:autoscaling:CreateLaunchConfiguration+CreateAutoScalingGroup', 'ec2.amazonaws.com', 'autoscaling:CreateLaunchConfiguration and autoscaling:CreateAutoScalingGroup', 'an Auto Scaling group of EC2 instances', 'Create a launch configuration with the role\'s instance profile and your user data, then an Auto Scaling group of one instance from it. Needs the Auto Scaling service-linked role and an account still allowed to create launch configurations (both assumed).', 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html', ['T1578.002', 'T1552.005']),
  passRole('aws:apprunner:CreateService', 'tasks.apprunner.amazonaws.com', 'apprunner:CreateService', 'an App Runner service', 'Create a service with the role as instance role from a public image (or a source repository with a start command) that uses the role\'s credentials.', 'https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html', ['T1648']),
  passRole('aws:bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore.amazonaws.com', 'bedrock-agentcore:CreateCodeInterpreter, StartCodeInterpreterSession and InvokeCodeInterpreter', 'a Bedrock AgentCore code interpreter', 'Create a custom code interpreter with the role as execution role, start a session and invoke it with code that calls AWS with the role\'s credentials.', 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/code-interpreter-tool.html', ['T1648']),
  passRoleExisting('aws:ec2:AssociateIamInstanceProfile', 'ec2.amazonaws.com', 'ec2:AssociateIamInstanceProfile (or ReplaceIamInstanceProfileAssociation, with ec2:NewInstanceProfile)', 'EC2 instance', 'Associate the role\'s instance profile with an instance you can run code on (or replace its current association), then read the credentials from instance metadata. Reaching the instance (SSH, SSM) is stated as an assumption.', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html', ['T1098', 'T1552.005']),
  passRoleExisting('aws:iam:AddRoleToInstanceProfile', 'ec2.amazonaws.com', 'iam:AddRoleToInstanceProfile', 'instance profile in use by a running EC2 instance', 'Add the role to an empty instance profile that an instance you can run code on uses (or, with iam:RemoveRoleFromInstanceProfile, swap out its role), then read the role\'s credentials from the instance metadata. Which instances use which profiles is not in the input yet: the edge is conditional and says so.', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html', ['T1098', 'T1552.005']),
  passRoleExisting('aws:glue:UpdateJob+StartJobRun', 'glue.amazonaws.com', 'glue:UpdateJob and glue:StartJobRun', 'Glue job', 'Update the job\'s Role and ScriptLocation to the role and your script, then start a run.', 'https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateJob.html', ['T1648']),
  passRoleExisting('aws:codebuild:UpdateProject+StartBuild', 'codebuild.amazonaws.com', 'codebuild:UpdateProject and codebuild:StartBuild (or StartBuildBatch)', 'CodeBuild project', 'Update the project\'s serviceRole to the role, then start a build whose buildspec uses its credentials.', 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProject.html', ['T1648']),
  existing('aws:lambda:UpdateFunctionCode', 'lambda:UpdateFunctionCode', 'Lambda function', 'Replace the function\'s code with code that uses its role, then invoke it (lambda:InvokeFunction) or wait for its triggers (stated as an assumption when the caller cannot invoke).', '', 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html', ['T1648', 'T1525']),
  existing('aws:lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionConfiguration', 'Lambda function', 'Add a layer you control (or an AWS_LAMBDA_EXEC_WRAPPER) so your code runs with the function\'s role on its next invocation.', '', 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html', ['T1648', 'T1525']),
  existing('aws:glue:UpdateDevEndpoint', 'glue:UpdateDevEndpoint', 'Glue development endpoint', 'Add your SSH public key to the endpoint, SSH in and read the role\'s credentials.', '', 'https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateDevEndpoint.html', ['T1021.004', 'T1098.004']),
  existing('aws:ssm:SendCommand', 'ssm:SendCommand', 'EC2 instance', 'Run AWS-RunShellScript on the instance to read the instance-profile credentials from instance metadata.', ' through its instance profile and is managed by SSM (props.ssmManaged; unknown = conditional)', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command.html', ['T1651', 'T1552.005']),
  existing('aws:ssm:StartSession', 'ssm:StartSession', 'EC2 instance', 'Open a Session Manager shell on the instance and read the instance-profile credentials.', ' through its instance profile and is managed by SSM (props.ssmManaged; unknown = conditional)', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html', ['T1651', 'T1552.005']),
  existing('aws:ec2-instance-connect:SendSSHPublicKey', 'ec2-instance-connect:SendSSHPublicKey', 'EC2 instance', 'Push a one-time SSH key, log in within 60 seconds and read the instance-profile credentials. Needs a network path to SSH and the Instance Connect agent: always conditional.', ' through its instance profile', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-eic.html', ['T1021.004', 'T1552.005']),
  existing('aws:codebuild:StartBuild', 'codebuild:StartBuild', 'CodeBuild project', 'Start a build with `--buildspec-override` running your commands with the project\'s service role.', '', 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html', ['T1648']),
  existing('aws:sagemaker:CreatePresignedNotebookInstanceUrl', 'sagemaker:CreatePresignedNotebookInstanceUrl', 'SageMaker notebook instance', 'Create a presigned URL for the notebook, open its terminal and use the role\'s credentials.', '', 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html', ['T1651']),
  existing('aws:cloudformation:UpdateStack', 'cloudformation:UpdateStack', 'CloudFormation stack', 'Update the stack with a template that creates resources (an admin user and key) as the stack\'s service role.', ' as its service role', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html', ['T1578', 'T1098']),
  existing('aws:ec2:ModifyInstanceAttribute', 'ec2:StopInstances, ec2:ModifyInstanceAttribute (userData) and ec2:StartInstances', 'EC2 instance', 'Stop the instance, set its user data to a cloud-init script that runs at every boot (e.g. a `#cloud-boothook` that sends the instance-profile credentials out), and start it.', ' through its instance profile', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html', ['T1578', 'T1552.005']),
  existing('aws:ec2:CreateLaunchTemplateVersion+ModifyLaunchTemplate', 'ec2:CreateLaunchTemplateVersion and ec2:ModifyLaunchTemplate', 'EC2 launch template', 'Add a template version that keeps the instance profile but carries your user data, make it the default version, and wait for (or cause) the Auto Scaling group that uses the template to launch an instance. Whether a group uses the template is not in the input: always conditional.', ' through the instance profile it names, and an Auto Scaling group launches from it', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyLaunchTemplate.html', ['T1578', 'T1552.005']),
  existing('aws:sagemaker:UpdateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance, UpdateNotebookInstanceLifecycleConfig and StartNotebookInstance', 'SageMaker notebook instance', 'Stop the notebook, replace the OnStart script of its lifecycle configuration with one that uses the role, and start it again.', '', 'https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-lifecycle-config.html', ['T1648', 'T1578']),
  existing('aws:ecs:ExecuteCommand', 'ecs:ExecuteCommand', 'ECS task', '`aws ecs execute-command --interactive --command /bin/sh` into the task and read the task role credentials from the container credentials endpoint. The task must run with ECS Exec enabled, which the input does not say: always conditional.', ' as its task role', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html', ['T1609', 'T1552.005']),
  existing('aws:apprunner:UpdateService', 'apprunner:UpdateService', 'App Runner service', 'Update the service to an image (or start command) you control; the new instances run with the service\'s instance role.', ' as its instance role', 'https://docs.aws.amazon.com/apprunner/latest/api/API_UpdateService.html', ['T1648', 'T1525']),
  ...secretReads(),
  technique('aws:secret:StoredIn', 'EXPOSES', {
    title: 'A credential stored in a readable place',
    general: 'The input saw an access key id in the location (an environment variable, a build variable, a stack parameter): whoever reads the location holds that key. STORED_IN records the fact; EXPOSES is its walkable direction.',
    precondition: 'The collector recorded the key id found in a value (values themselves are never kept) and the key is in the inventory.',
    abuse: 'Read the location (CAN_READ) and use the key.',
    opsec: 'Use of the key is logged under its user.',
    fix: 'Rotate the key; move the workload to its role\'s own credentials or to Secrets Manager.',
    references: ['https://owasp.org/www-project-non-human-identities-top-10/2025/'],
    mitre: ['T1552.001'],
    owaspNhi: ['NHI2', 'NHI7'],
  }),
  ...dataAccess(),
  ...prerequisites(),
];

/**
 * Changes made before another technique, not edges of their own: they appear in the
 * `evidence.prerequisites` of the edges they enable (src/analysis/aws/state-changes.ts).
 */
function prerequisites(): TechniqueSpec[] {
  return [
    technique('aws:abac:RetagResource', 'prerequisite', {
      title: 'Retag a resource to satisfy a tag condition (ABAC bypass)',
      general: 'A policy that grants or denies by `aws:ResourceTag/<key>` (or a service\'s `<service>:ResourceTag/<key>`) is only as strong as the right to change that tag. A principal that may tag or untag the resource (iam:TagUser/UntagUser, iam:TagRole/UntagRole, ec2:CreateTags/DeleteTags, secretsmanager:TagResource, lambda:TagResource, ssm:AddTagsToResource, kms:TagResource…) puts it on whichever side of the condition it likes: it adds the tag an Allow asks for, or removes the tag a Deny (or a StringNotEquals Allow) keys on. leakpath tries each tag key a caller\'s policies (or the resource\'s policy) test, set to each value they name, to any other value, or removed, one key at a time; an edge that holds only after the change carries it in `evidence.prerequisites`. When the principal that can retag is not the one the tag condition constrains, the edge runs from the retagger, through the principal it can become (CloudGoat iam_privesc_by_ec2: the user deletes a tag, then assumes the role the tag condition was holding back).',
      precondition: 'The tagging action allowed on the resource as it is tagged now, for the key and value (`aws:RequestTag/<key>`, `aws:TagKeys`), with no Deny; and the rule\'s other requests allowed once the tag has changed.',
      abuse: '`aws iam tag-user --user-name <u> --tags Key=developer,Value=true`, `aws ec2 delete-tags --resources <i-…> --tags Key=Name`, then the technique the tag condition was guarding (CloudGoat iam_privesc_by_key_rotation, iam_privesc_by_ec2).',
      opsec: 'Tag changes are management events in CloudTrail (TagUser, CreateTags, DeleteTags…), rarely alerted on.',
      fix: 'Whoever is constrained by a tag must not be able to change it: deny tagging actions on the keys used for access control (condition on `aws:TagKeys`), or allow them only with `aws:RequestTag` values that grant nothing; protect tag keys with an SCP or tag policy.',
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html',
        'https://github.com/RhinoSecurityLabs/cloudgoat',
      ],
      mitre: ['T1098', 'T1078.004'],
    }),
    technique('aws:iam:EnableMFADevice', 'prerequisite', {
      title: 'Enrol an MFA device to satisfy an MFA condition',
      general: 'A leaked access key carries no MFA, so `aws:MultiFactorAuthPresent` conditions stop it, unless the attacker can add an MFA device of its own to the user (iam:CreateVirtualMFADevice and iam:EnableMFADevice; a user may hold up to eight) and then take a session with it (sts:GetSessionToken or sts:AssumeRole with the device\'s code). The usual "manage your own MFA" policy allows exactly that without MFA, so users can enrol in the first place. leakpath re-runs the user\'s rules with MFA present where some policy tests MFA, and credits the gained edges to whoever can enrol the device: the user itself, or a principal that can also become the user (CloudGoat iam_privesc_by_key_rotation).',
      precondition: 'iam:CreateVirtualMFADevice on an `mfa/<name>` ARN and iam:EnableMFADevice on the user, allowed without MFA; a role trust or policy that allows with MFA what it refuses without.',
      abuse: '`aws iam create-virtual-mfa-device --virtual-mfa-device-name x --outfile qr.png --bootstrap-method QRCodePNG`, `aws iam enable-mfa-device --user-name <u> --serial-number <arn> --authentication-code1 … --authentication-code2 …`, then `aws sts assume-role … --serial-number <arn> --token-code …`.',
      opsec: 'CreateVirtualMFADevice and EnableMFADevice in CloudTrail; an extra device on a user is visible in the console.',
      fix: 'Do not rely on MFA conditions to protect what a user with access keys must not reach: a key that can enrol a device satisfies them. Give long-term keys no iam:EnableMFADevice (scope self-service enrolment to console users, or leave it to an identity provider), and never allow EnableMFADevice on other users.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html', 'https://github.com/RhinoSecurityLabs/cloudgoat'],
      mitre: ['T1556.006', 'T1098'],
    }),
  ];
}

function secretReads(): TechniqueSpec[] {
  const read = (id: string, action: string, what: string, abuse: string, fix: string, ref: string): TechniqueSpec =>
    technique(id, 'CAN_READ', {
      title: `Read ${what}`,
      general: `The caller reads ${what}, where credentials live.`,
      precondition: `${action} allowed by the identity policies and the resource policy when there is one, no explicit Deny; for a value encrypted with a customer KMS key named by ARN, kms:Decrypt on it too (the key policy counts).`,
      abuse,
      opsec: `${action} in CloudTrail.`,
      fix,
      references: [ref, 'https://owasp.org/www-project-non-human-identities-top-10/2025/'],
      mitre: ['T1555.006', 'T1552'],
      owaspNhi: ['NHI2', 'NHI5'],
    });
  return [
    read('aws:secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue', 'a Secrets Manager secret', '`aws secretsmanager get-secret-value --secret-id <arn>`.', 'Scope GetSecretValue to the workloads that use the secret; add a resource policy that denies everyone else.', 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access.html'),
    read('aws:ssm:GetParameter', 'ssm:GetParameter (or GetParameters)', 'an SSM parameter', '`aws ssm get-parameter --name <name> --with-decryption`.', 'Scope parameter reads by path; use SecureString with a customer key whose policy limits decryption.', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html'),
    read('aws:lambda:GetFunctionConfiguration', 'lambda:GetFunctionConfiguration (or GetFunction)', 'the environment of a Lambda function', '`aws lambda get-function-configuration --function-name <fn>` prints the environment variables.', 'Keep credentials out of function environments (use the function role, or Secrets Manager at run time); restrict configuration reads.', 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html'),
    read('aws:codebuild:BatchGetProjects', 'codebuild:BatchGetProjects', 'the environment of a CodeBuild project', '`aws codebuild batch-get-projects --names <project>` prints PLAINTEXT environment variables.', 'Use PARAMETER_STORE or SECRETS_MANAGER variable types instead of PLAINTEXT for credentials.', 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html'),
    technique('aws:secretsmanager:PutResourcePolicy', 'CAN_READ', {
      title: 'Rewrite a secret\'s resource policy, then read it',
      general: 'The caller cannot read the secret as its policies stand, but may replace its resource policy (secretsmanager:PutResourcePolicy) with one that lets it read; for a secret under a customer KMS key it cannot use, also the key policy (kms:PutKeyPolicy). Drawn only where the plain read is not allowed; HAS_ACCESS (permissions management) records the same power on the data store.',
      precondition: 'secretsmanager:PutResourcePolicy on the secret; secretsmanager:GetSecretValue allowed under a resource policy naming the caller, i.e. no Deny in the caller\'s identity policies, boundary or SCPs; kms:Decrypt on the customer key, as it stands or after kms:PutKeyPolicy. An IAM group cannot be named in a policy, so only users and roles get the edge.',
      abuse: '`aws secretsmanager put-resource-policy --secret-id <arn> --resource-policy <policy allowing you GetSecretValue>` (and `aws kms put-key-policy` when needed), then `get-secret-value`.',
      opsec: 'PutResourcePolicy (and PutKeyPolicy) in CloudTrail; the replaced policy drops every earlier grant, which breaks consumers and is noticed.',
      fix: 'Keep secretsmanager:PutResourcePolicy and kms:PutKeyPolicy with administrators; deny them in an SCP or boundary for workloads.',
      references: ['https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html', 'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html', 'https://pathfinding.cloud/'],
      mitre: ['T1098', 'T1555.006'],
      owaspNhi: ['NHI2', 'NHI5'],
    }),
  ];
}

function dataAccess(): TechniqueSpec[] {
  const level = (id: string, name: string, what: string, examples: string): TechniqueSpec =>
    technique(id, 'HAS_ACCESS', {
      title: `${name} access to a data store`,
      general: `The caller has ${what} on a crown-jewel data resource (S3 bucket, KMS key, secret, DynamoDB table, RDS snapshot, SQS queue, SNS topic). The edge names the highest level held.`,
      precondition: `A representative action of the level (${examples}) allowed by identity and resource policies, no explicit Deny; KMS key policies must allow the caller (or delegate to IAM).`,
      abuse: 'Use the access directly with the service\'s API.',
      opsec: 'Data-plane calls are logged only when CloudTrail data events are enabled for the resource.',
      fix: 'Scope data access to the workloads that need it and keep permissions management with administrators; add resource policies that deny everyone else.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html'],
      mitre: name === 'Read' ? ['T1530'] : name === 'Write' ? ['T1485', 'T1565'] : ['T1098', 'T1530'],
    });
  return [
    level('aws:data:Read', 'Read', 'read access', 's3:GetObject, kms:Decrypt, secretsmanager:GetSecretValue, dynamodb:Scan, rds:RestoreDBInstanceFromDBSnapshot, sqs:ReceiveMessage, sns:Subscribe'),
    level('aws:data:Write', 'Write', 'write access (change or destroy)', 's3:PutObject, kms:ScheduleKeyDeletion, secretsmanager:PutSecretValue, dynamodb:PutItem, rds:DeleteDBSnapshot, sqs:SendMessage, sns:Publish'),
    level('aws:data:PermissionsManagement', 'Permissions management', 'permissions-management access (rewrite who may access it, hence read and write too)', 's3:PutBucketPolicy, kms:PutKeyPolicy, secretsmanager:PutResourcePolicy, dynamodb:PutResourcePolicy, rds:ModifyDBSnapshotAttribute, sqs:SetQueueAttributes, sns:SetTopicAttributes'),
  ];
}
