import type { TechniqueSpec } from '../../types.js';
import { PASSROLE_DOC, technique } from './common.js';

/** Self-managed CloudFormation StackSets (src/analysis/aws/rules/stack-sets.ts). */
export const STACK_SET_TECHNIQUES: readonly TechniqueSpec[] = [
  technique('aws:cloudformation:CreateStackSet+CreateStackInstances', 'CAN_PASS_ROLE_TO', {
    title: 'iam:PassRole + cloudformation:CreateStackSet + CreateStackInstances (self-managed StackSet)',
    general:
      'A self-managed stack set uses two roles: an administration role in the caller\'s account, which CloudFormation assumes, and an execution role in each target account, which the administration role assumes and which creates the template\'s resources. The caller picks both (AdministrationRoleARN, ExecutionRoleName), so it obtains the permissions of any role, in its own or another account, that trusts an administration role it may pass. The edge leads to the execution role.',
    precondition:
      'iam:PassRole on the administration role (iam:PassedToService cloudformation.amazonaws.com); cloudformation:CreateStackSet (with cloudformation:RoleArn = the administration role) and cloudformation:CreateStackInstances on a stack-set name the caller may choose (an explicit Deny on the stack-set target or on the IAM resource types refuses it; Allows on them are cited); an administration role whose trust lets cloudformation.amazonaws.com assume it; and the execution role\'s trust admitting the administration role, with the administration role\'s own sts:AssumeRole Allow on it where AWS needs one (always across accounts), judged by the same evaluator as CAN_ASSUME. Every account of the input is a possible target.',
    abuse:
      'Create a stack set with the administration role, the execution role\'s name and a template that creates, for example, a role trusting an attacker principal or an IAM user with an access key in a stack output; create a stack instance in the execution role\'s account and region.',
    opsec:
      'CreateStackSet, CreateStackInstances and the PassRole authorization appear in CloudTrail of the administration account; the execution role\'s AssumeRole and the stack\'s resource creation appear in the target account.',
    fix: 'Scope iam:PassRole on StackSet administration roles to the people who run stack sets; let each administration role assume only the execution roles it needs (sts:AssumeRole Resource); make execution roles trust one administration role by ARN, not a whole account; prefer service-managed stack sets through AWS Organizations.',
    references: [PASSROLE_DOC, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html', 'https://pathfinding.cloud/'],
    mitre: ['T1578', 'T1098'],
  }),
  technique('aws:cloudformation:UpdateStackSet', 'CAN_PASS_ROLE_TO', {
    title: 'iam:PassRole + cloudformation:UpdateStackSet on an existing self-managed StackSet',
    general:
      'Updating a self-managed stack set with a new template reruns every stack instance: CloudFormation assumes the stack set\'s administration role, which assumes the execution role in each instance account, and the new template runs as the execution role there. The caller needs no new stack set, and the update may also name another execution role (ExecutionRoleName). pathfinding.cloud path cloudformation-004. The edge leads to the execution role.',
    precondition:
      'iam:PassRole on the stack set\'s administration role (iam:PassedToService cloudformation.amazonaws.com: a stack set with a custom administration role must be given it again on every update; whether omitting it for a stack set on the default role spares the PassRole check is not confirmed, so leakpath always requires it); cloudformation:UpdateStackSet on the stack set (cloudformation:RoleArn = the administration role; an explicit Deny on the stack-set target or on the IAM resource types refuses it); the administration role\'s trust letting cloudformation.amazonaws.com assume it; and the execution role\'s trust admitting the administration role, with its own sts:AssumeRole Allow where AWS needs one, judged by the same evaluator as CAN_ASSUME. Target accounts are those holding a stack instance (cloudformation list-stack-instances); another account needs cloudformation:CreateStackInstances as well. Stack sets come from the input (cloudformation describe-stack-set, list-stack-sets); when the account\'s listing was not read, a self-managed stack set with an instance in the target account is assumed and the edge is conditional. Service-managed stack sets are out of scope.',
    abuse:
      'Update the stack set (`aws cloudformation update-stack-set --administration-role-arn <its role> --template-body …`) with a template that creates, for example, a role trusting an attacker principal or an IAM user with an access key in a stack output; the update operation deploys it to every instance account and region.',
    opsec:
      'UpdateStackSet and the PassRole authorization appear in CloudTrail of the administration account; the execution role\'s AssumeRole and the resource changes appear in every instance account; the stack set\'s operation history shows the update.',
    fix: 'Scope cloudformation:UpdateStackSet and iam:PassRole on administration roles to the people who own each stack set; let each administration role assume only the execution roles it needs; keep execution roles to the resource types the stack set deploys; prefer service-managed stack sets through AWS Organizations with delegated administrators.',
    references: [PASSROLE_DOC, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStackSet.html', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html', 'https://pathfinding.cloud/'],
    mitre: ['T1578', 'T1098'],
  }),
];
