import { parseAccessKeys, looksLikeAccessKeys } from './access-keys.js';
import {
  BROWSER,
  CODE_INTERPRETER,
  RUNTIME,
  parseAgentCoreGet,
  parseAgentCoreList,
  parseJobDefinitions,
  parseJobQueues,
} from './batch-agentcore.js';
import {
  parseCodeBuildProjects,
  parseDescribeInstances,
  parseDevEndpoints,
  parseEventSourceMappings,
  parseGetFunction,
  parseInstanceInformation,
  parseLambdaPolicy,
  parseListFunctions,
  parseNotebookInstance,
  parseRules,
  parseRuleTargets,
  parseSecurityGroups,
  parseStacks,
} from './compute.js';
import {
  noLoginProfile,
  parseAttributes,
  parseBucketNotifications,
  parseBucketPolicy,
  parseDescribeTable,
  parseKeyPolicy,
  parseListBuckets,
  parseListSecrets,
  parseLoginProfile,
  parseSecretSubject,
  parseTablePolicy,
} from './data.js';
import { looksLikeGaad, parseGaad } from './gaad.js';
import { parseDescribeIdentityPool } from './cognito.js';
import { parseGetDeploymentGroup } from './codedeploy.js';
import { EMR_SERVERLESS_APPLICATION, parseGetApplication, parseListApplications } from './emr-serverless.js';
import { STACK_SET, parseDescribeStackSet, parseListStackInstances, parseListStackSets } from './stack-sets.js';
import { CLUSTER, TASK_DEFINITION, parseDescribeClusters, parseDescribeTaskDefinition, parseListClusters, parseListTaskDefinitions } from './ecs.js';
import {
  parseListKeys,
  parseListNotebookInstances,
  parseListProjects,
  parseListQueues,
  parseListTables,
  parseListTopics,
} from './listings.js';
import {
  parseDescribeOrganization,
  parseDescribePolicy,
  parseListAccounts,
  parseListChildren,
  parseListParents,
  parseListPolicies,
  parseListRoots,
  parseTargetsForPolicy,
} from './organizations.js';
import { part, type AwsPart, type CommandContext } from './part.js';
import { parseDescribeInstanceAttribute } from './user-data.js';

/**
 * Every AWS CLI output leakpath reads, keyed by "<service> <command>" as the envelope names it.
 * `bare` is the shape test for outputs that name their own subject and so can be read without an
 * envelope; `answers` lists error codes that are an answer rather than a failure (NoSuchEntity from
 * get-login-profile means "no console password").
 */
export interface AwsCommand {
  command: string;
  bare?: (json: object) => boolean;
  parse(output: unknown, ctx: CommandContext): AwsPart;
  answers?: { codes: readonly string[]; parse(ctx: CommandContext): AwsPart };
  /**
   * The resource type the output lists in full (for the account and region), unless one of the
   * `narrowing` request parameters was given.
   */
  lists?: { type: string; narrowing?: readonly string[] };
}

const has =
  (...keys: string[]) =>
  (json: object) =>
    keys.every((k) => k in json);
const arrayOf = (key: string, test: (item: Record<string, unknown>) => boolean) => (json: object) => {
  const list = (json as Record<string, unknown>)[key];
  return (
    Array.isArray(list) &&
    list.every((i) => typeof i === 'object' && i !== null && test(i as Record<string, unknown>))
  );
};
const startsWith = (value: unknown, prefix: string) => typeof value === 'string' && value.startsWith(prefix);
/** A resource-policy getter whose resource does not exist or has no policy: nothing to record. */
const noPolicy = (...codes: string[]) => ({ codes, parse: () => part() });
/** The account is in no organization: nothing to record, and nothing missing. */
const notInOrganization = noPolicy('AWSOrganizationsNotInUseException');

export const AWS_COMMANDS: readonly AwsCommand[] = [
  {
    command: 'iam get-account-authorization-details',
    bare: looksLikeGaad,
    parse: (output, ctx) => part(parseGaad(output, ctx.file, ctx.account)),
  },
  {
    command: 'iam list-access-keys',
    bare: looksLikeAccessKeys,
    parse: (output, ctx) => {
      const { keys, warnings } = parseAccessKeys(output, ctx.file);
      return part({ keys: [{ keys, account: ctx.account }], warnings });
    },
  },
  {
    command: 'iam get-login-profile',
    bare: has('LoginProfile'),
    parse: parseLoginProfile,
    answers: { codes: ['NoSuchEntity', 'NoSuchEntityException'], parse: noLoginProfile },
  },
  {
    command: 'lambda list-functions',
    bare: has('Functions'),
    parse: parseListFunctions,
    lists: { type: 'lambda:function', narrowing: ['MasterRegion'] },
  },
  {
    command: 'lambda get-function',
    bare: (j) =>
      has('Configuration')(j) &&
      startsWith((j as { Configuration?: { FunctionArn?: unknown } }).Configuration?.FunctionArn, 'arn:'),
    parse: parseGetFunction,
  },
  {
    command: 'lambda get-function-configuration',
    bare: (j) => has('FunctionArn', 'FunctionName')(j) && !('UUID' in j),
    parse: parseGetFunction,
  },
  {
    command: 'lambda list-event-source-mappings',
    bare: has('EventSourceMappings'),
    parse: parseEventSourceMappings,
  },
  { command: 'lambda get-policy', parse: parseLambdaPolicy, answers: noPolicy('ResourceNotFoundException') },
  {
    command: 'ec2 describe-instances',
    bare: has('Reservations'),
    parse: parseDescribeInstances,
    lists: { type: 'ec2:instance', narrowing: ['InstanceIds', 'Filters'] },
  },
  { command: 'ec2 describe-security-groups', bare: has('SecurityGroups'), parse: parseSecurityGroups },
  {
    command: 'ec2 describe-instance-attribute',
    bare: (j) => startsWith((j as { InstanceId?: unknown }).InstanceId, 'i-') && 'UserData' in j,
    parse: parseDescribeInstanceAttribute,
  },
  {
    command: 'ssm describe-instance-information',
    bare: has('InstanceInformationList'),
    parse: parseInstanceInformation,
  },
  {
    command: 'glue get-dev-endpoints',
    bare: has('DevEndpoints'),
    parse: parseDevEndpoints,
    lists: { type: 'glue:devendpoint' },
  },
  { command: 'glue get-dev-endpoint', bare: has('DevEndpoint'), parse: parseDevEndpoints },
  { command: 'codebuild batch-get-projects', bare: has('projects'), parse: parseCodeBuildProjects },
  {
    command: 'sagemaker describe-notebook-instance',
    bare: has('NotebookInstanceArn'),
    parse: parseNotebookInstance,
  },
  {
    command: 'cloudformation describe-stacks',
    bare: has('Stacks'),
    parse: parseStacks,
    lists: { type: 'cloudformation:stack', narrowing: ['StackName'] },
  },
  {
    command: 'batch describe-job-definitions',
    bare: has('jobDefinitions'),
    parse: parseJobDefinitions,
    lists: { type: 'batch:job-definition', narrowing: ['jobDefinitions', 'jobDefinitionName', 'status'] },
  },
  {
    command: 'batch describe-job-queues',
    bare: has('jobQueues'),
    parse: parseJobQueues,
    lists: { type: 'batch:job-queue', narrowing: ['jobQueues'] },
  },
  {
    command: 'bedrock-agentcore-control list-code-interpreters',
    bare: has('codeInterpreterSummaries'),
    parse: parseAgentCoreList(CODE_INTERPRETER),
    lists: { type: CODE_INTERPRETER.type, narrowing: ['type'] },
  },
  {
    command: 'bedrock-agentcore-control get-code-interpreter',
    bare: has('codeInterpreterArn', 'codeInterpreterId'),
    parse: parseAgentCoreGet(CODE_INTERPRETER),
  },
  {
    command: 'bedrock-agentcore-control list-browsers',
    bare: has('browserSummaries'),
    parse: parseAgentCoreList(BROWSER),
    lists: { type: BROWSER.type, narrowing: ['type'] },
  },
  {
    command: 'bedrock-agentcore-control get-browser',
    bare: has('browserArn', 'browserId'),
    parse: parseAgentCoreGet(BROWSER),
  },
  {
    command: 'bedrock-agentcore-control list-agent-runtimes',
    bare: has('agentRuntimes'),
    parse: parseAgentCoreList(RUNTIME),
    lists: { type: RUNTIME.type },
  },
  {
    command: 'bedrock-agentcore-control get-agent-runtime',
    bare: has('agentRuntimeArn', 'agentRuntimeId'),
    parse: parseAgentCoreGet(RUNTIME),
  },
  {
    command: 'ecs describe-task-definition',
    bare: (j) => startsWith((j as { taskDefinition?: { taskDefinitionArn?: unknown } }).taskDefinition?.taskDefinitionArn, 'arn:'),
    parse: parseDescribeTaskDefinition,
  },
  {
    command: 'ecs list-task-definitions',
    bare: has('taskDefinitionArns'),
    parse: parseListTaskDefinitions,
    lists: { type: TASK_DEFINITION, narrowing: ['familyPrefix', 'status'] },
  },
  { command: 'ecs list-clusters', bare: has('clusterArns'), parse: parseListClusters, lists: { type: CLUSTER } },
  {
    command: 'ecs describe-clusters',
    bare: arrayOf('clusters', (c) => startsWith(c.clusterArn, 'arn:')),
    parse: parseDescribeClusters,
  },
  {
    command: 'cloudformation describe-stack-set',
    bare: (j) => startsWith((j as { StackSet?: { StackSetARN?: unknown } }).StackSet?.StackSetARN, 'arn:'),
    parse: parseDescribeStackSet,
  },
  { command: 'cloudformation list-stack-instances', parse: parseListStackInstances },
  {
    command: 'cloudformation list-stack-sets',
    parse: parseListStackSets,
    lists: { type: STACK_SET, narrowing: ['Status', 'CallAs'] },
  },
  {
    command: 'emr-serverless list-applications',
    bare: arrayOf('applications', (a) => startsWith(a.arn, 'arn:') && String(a.arn).split(':')[2] === 'emr-serverless'),
    parse: parseListApplications,
    lists: { type: EMR_SERVERLESS_APPLICATION, narrowing: ['states'] },
  },
  {
    command: 'emr-serverless get-application',
    bare: (j) => {
      const a = (j as { application?: { arn?: unknown } }).application?.arn;
      return startsWith(a, 'arn:') && String(a).split(':')[2] === 'emr-serverless';
    },
    parse: parseGetApplication,
  },
  { command: 'cognito-identity describe-identity-pool', parse: parseDescribeIdentityPool },
  { command: 'deploy get-deployment-group', parse: parseGetDeploymentGroup },
  { command: 'events list-rules', bare: has('Rules'), parse: parseRules },
  { command: 'events list-targets-by-rule', parse: parseRuleTargets },
  {
    command: 'secretsmanager list-secrets',
    bare: has('SecretList'),
    parse: parseListSecrets,
    lists: { type: 'secretsmanager:secret', narrowing: ['Filters'] },
  },
  {
    command: 'secretsmanager get-resource-policy',
    bare: (j) =>
      startsWith((j as { ARN?: unknown }).ARN, 'arn:') &&
      String((j as { ARN: string }).ARN).split(':')[2] === 'secretsmanager',
    parse: parseSecretSubject,
    answers: noPolicy('ResourceNotFoundException'),
  },
  { command: 'secretsmanager describe-secret', parse: parseSecretSubject },
  {
    command: 's3api list-buckets',
    bare: has('Buckets'),
    parse: parseListBuckets,
    lists: { type: 's3:bucket', narrowing: ['Prefix', 'BucketRegion'] },
  },
  {
    command: 's3api get-bucket-policy',
    parse: parseBucketPolicy,
    answers: noPolicy('NoSuchBucketPolicy', 'NoSuchBucket'),
  },
  {
    command: 's3api get-bucket-notification-configuration',
    parse: parseBucketNotifications,
    answers: noPolicy('NoSuchBucket'),
  },
  { command: 'kms get-key-policy', parse: parseKeyPolicy, answers: noPolicy('NotFoundException') },
  {
    command: 'sqs get-queue-attributes',
    bare: (j) => startsWith((j as { Attributes?: { QueueArn?: unknown } }).Attributes?.QueueArn, 'arn:'),
    parse: (o, ctx) => parseAttributes(o, ctx, 'sqs'),
    answers: noPolicy('AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'),
  },
  {
    command: 'sns get-topic-attributes',
    bare: (j) => startsWith((j as { Attributes?: { TopicArn?: unknown } }).Attributes?.TopicArn, 'arn:'),
    parse: (o, ctx) => parseAttributes(o, ctx, 'sns'),
    answers: noPolicy('NotFound', 'NotFoundException'),
  },
  // Listings: envelope only, since their shapes are too generic to recognise bare.
  { command: 'codebuild list-projects', parse: parseListProjects, lists: { type: 'codebuild:project' } },
  {
    command: 'sagemaker list-notebook-instances',
    parse: parseListNotebookInstances,
    lists: {
      type: 'sagemaker:notebook',
      narrowing: [
        'NameContains',
        'StatusEquals',
        'CreationTimeBefore',
        'CreationTimeAfter',
        'LastModifiedTimeBefore',
        'LastModifiedTimeAfter',
        'NotebookInstanceLifecycleConfigNameContains',
        'DefaultCodeRepositoryContains',
        'AdditionalCodeRepositoryEquals',
      ],
    },
  },
  { command: 'kms list-keys', parse: parseListKeys, lists: { type: 'kms:key' } },
  {
    command: 'sqs list-queues',
    parse: parseListQueues,
    lists: { type: 'sqs:queue', narrowing: ['QueueNamePrefix'] },
  },
  { command: 'sns list-topics', parse: parseListTopics, lists: { type: 'sns:topic' } },
  { command: 'dynamodb list-tables', parse: parseListTables, lists: { type: 'dynamodb:table' } },
  { command: 'dynamodb describe-table', bare: has('Table'), parse: parseDescribeTable },
  {
    command: 'dynamodb get-resource-policy',
    parse: parseTablePolicy,
    answers: noPolicy('PolicyNotFoundException', 'ResourceNotFoundException'),
  },
  {
    command: 'organizations describe-organization',
    bare: has('Organization'),
    parse: parseDescribeOrganization,
    answers: notInOrganization,
  },
  {
    command: 'organizations list-accounts',
    bare: has('Accounts'),
    parse: parseListAccounts,
    answers: notInOrganization,
  },
  { command: 'organizations list-accounts-for-parent', parse: parseListAccounts, answers: notInOrganization },
  {
    command: 'organizations list-roots',
    bare: has('Roots'),
    parse: parseListRoots,
    answers: notInOrganization,
  },
  { command: 'organizations list-parents', parse: parseListParents, answers: notInOrganization },
  { command: 'organizations list-children', parse: parseListChildren, answers: notInOrganization },
  {
    command: 'organizations list-policies',
    bare: arrayOf(
      'Policies',
      (p) => startsWith(p.Arn, 'arn:') && String(p.Arn).split(':')[2] === 'organizations',
    ),
    parse: parseListPolicies,
    answers: notInOrganization,
  },
  { command: 'organizations list-policies-for-target', parse: parseListPolicies, answers: notInOrganization },
  {
    command: 'organizations describe-policy',
    bare: (j) =>
      typeof (j as { Policy?: unknown }).Policy === 'object' &&
      has('PolicySummary')((j as { Policy: object }).Policy ?? {}),
    parse: parseDescribePolicy,
    answers: notInOrganization,
  },
  {
    command: 'organizations list-targets-for-policy',
    parse: parseTargetsForPolicy,
    answers: notInOrganization,
  },
];

export const COMMANDS_BY_NAME: ReadonlyMap<string, AwsCommand> = new Map(
  AWS_COMMANDS.map((c) => [c.command, c]),
);
