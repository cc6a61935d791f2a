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
];
