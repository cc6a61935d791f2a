/**
 * Writes test/fixtures/aws/pathfinding/: an AWS estate with one case per privilege-escalation path
 * of DataDog's pathfinding.cloud catalogue (86 AWS paths) and leakpath's own look-alikes.
 * Reconstructed by us from the public list of paths (their ids, the actions each needs and what it
 * leads to); no file of that project is used or copied. Each case is an IAM user with one access
 * key and the fewest permissions its path needs; the targets are roles with AdministratorAccess
 * that trust the right service (with an instance profile where EC2 runs them), or existing
 * resources running as such a role, written in the output shapes of the AWS CLI commands leakpath
 * parses (aws-cli/1 envelopes): Lambda, EC2 and SSM, CloudFormation stacks and self-managed stack
 * sets (with their instances), CodeBuild, SageMaker notebooks, Batch job definitions and queues,
 * AgentCore code interpreters, browsers and runtimes, ECS task definitions and clusters, EMR
 * Serverless applications and Cognito identity pools. Listings are whole, so the input decides
 * whether a resource exists; resource types leakpath has no parser for (or whose parser cannot
 * name the role) are left out: leakpath then assumes one exists, and the case says the path is
 * conditional. Account 234567890123 holds the paths; the StackSet execution roles live in
 * 345678901234; 456789012345 holds look-alikes whose complete listings hold nothing usable (no job
 * queue, only a deregistered task definition).
 * `cases.expected` says, per case, what `blast <key>` must find: tier zero by which technique and
 * whether conditionally, or nothing (a look-alike). Every path is modelled: none is skipped.
 * Deterministic: run it again and nothing changes.
 *   node --import tsx scripts/make-pathfinding-estate.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/aws/pathfinding');
const A = '234567890123';
const B = '345678901234';
// Look-alikes whose listings must be complete and hold nothing usable live in an account of their own.
const C = '456789012345';
const OTHER = '999999999999';
const REGION = 'us-east-1';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const iam = (kind: string, name: string, account = A) => `arn:aws:iam::${account}:${kind}/${name}`;
const role = (name: string, account = A) => iam('role', name, account);
const userArn = (name: string) => iam('user', name);

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const trust = (Principal: Record<string, string>, extra: Statement = {}) => doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
const service = (s: string) => trust({ Service: s });
const passedTo = (svc: string, Resource: string | string[] = '*') => allow('iam:PassRole', Resource, { Condition: { StringEquals: { 'iam:PassedToService': svc } } });
const pass = (...roles: string[]) => allow('iam:PassRole', roles.map((r) => role(r)));

type Expect = 'tier-zero' | 'not-tier-zero';
interface Case {
  id: string;
  user: string;
  key: string;
  expect: Expect;
  technique?: string;
  conditional?: boolean;
  note: string;
}

let serial = 0;
const id = (prefix: string) => `${prefix}${(++serial).toString(36).toUpperCase().padStart(16, 'F')}`;
const gaad: Record<string, { users: object[]; groups: object[]; roles: object[]; policies: object[] }> = {
  [A]: { users: [], groups: [], roles: [], policies: [] },
  [B]: { users: [], groups: [], roles: [], policies: [] },
  [C]: { users: [], groups: [], roles: [], policies: [] },
};
const keyFiles: Record<string, { account: string; ids: string[] }> = {};
const loginProfiles: Record<string, boolean> = {};
const cases: Case[] = [];
const named = (list: Record<string, object> = {}) => Object.entries(list).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
const attachedList = (arns: string[] = []) => arns.map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn }));

function addPolicy(name: string, document: object): string {
  gaad[A]!.policies.push({
    PolicyName: name, PolicyId: id('ANPA'), Arn: iam('policy', name), Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true,
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2025-03-01T09:00:00Z' }],
  });
  return iam('policy', name);
}

function addUser(name: string, opts: { inline?: Record<string, object>; attached?: string[]; groups?: string[]; keys?: number; account?: string } = {}): string | undefined {
  const account = opts.account ?? A;
  gaad[account]!.users.push({
    Path: '/', UserName: name, UserId: id('AIDA'), Arn: iam('user', name, account), CreateDate: '2025-03-01T09:00:00Z',
    GroupList: opts.groups ?? [], UserPolicyList: named(opts.inline), AttachedManagedPolicies: attachedList(opts.attached), Tags: [],
  });
  const count = opts.keys ?? 1;
  if (count === 0) return undefined;
  keyFiles[name] = { account, ids: Array.from({ length: count }, () => id('AKIA')) };
  return keyFiles[name]!.ids[0];
}

function addGroup(name: string, opts: { inline?: Record<string, object>; attached?: string[] } = {}): void {
  gaad[A]!.groups.push({
    Path: '/', GroupName: name, GroupId: id('AGPA'), Arn: iam('group', name), CreateDate: '2025-03-01T09:00:00Z',
    GroupPolicyList: named(opts.inline), AttachedManagedPolicies: attachedList(opts.attached),
  });
}

function addRole(name: string, trustPolicy: object, opts: { admin?: boolean; inline?: Record<string, object>; attached?: string[]; profile?: boolean; account?: string } = {}): string {
  const account = opts.account ?? A;
  gaad[account]!.roles.push({
    Path: '/', RoleName: name, RoleId: id('AROA'), Arn: role(name, account), CreateDate: '2025-03-01T09:00:00Z',
    AssumeRolePolicyDocument: trustPolicy,
    InstanceProfileList: opts.profile
      ? [{ Path: '/', InstanceProfileName: name, InstanceProfileId: id('AIPA'), Arn: iam('instance-profile', name, account), CreateDate: '2025-03-01T09:00:00Z', Roles: [] }]
      : [],
    RolePolicyList: named(opts.inline),
    AttachedManagedPolicies: attachedList([...(opts.admin ? [ADMIN] : []), ...(opts.attached ?? [])]),
    Tags: [],
    RoleLastUsed: {},
  });
  return role(name, account);
}

/** One case: a user `pf-<id>` with one key and the given statements as its only policy. */
function user(caseId: string, statements: Statement[], expect: Omit<Case, 'id' | 'user' | 'key'>, opts: { groups?: string[]; attached?: string[]; account?: string } = {}): void {
  const name = `pf-${caseId}`;
  const key = addUser(name, { inline: statements.length ? { [caseId]: doc(...statements) } : {}, ...opts })!;
  cases.push({ id: caseId, user: name, key, ...expect });
}
const reaches = (technique: string, conditional: boolean, note: string) => ({ expect: 'tier-zero' as const, technique, conditional, note });
const lookAlike = (note: string) => ({ expect: 'not-tier-zero' as const, note });

// --- What the paths lead to --------------------------------------------------------------------------
const ADMIN_ROLES: [string, string, boolean?][] = [
  ['pf-lambda-admin', 'lambda.amazonaws.com'],
  ['pf-ec2-admin', 'ec2.amazonaws.com', true],
  ['pf-cloudformation-admin', 'cloudformation.amazonaws.com'],
  ['pf-glue-admin', 'glue.amazonaws.com'],
  ['pf-codebuild-admin', 'codebuild.amazonaws.com'],
  ['pf-sagemaker-admin', 'sagemaker.amazonaws.com'],
  ['pf-ecs-task-admin', 'ecs-tasks.amazonaws.com'],
  ['pf-apprunner-admin', 'tasks.apprunner.amazonaws.com'],
  ['pf-agentcore-admin', 'bedrock-agentcore.amazonaws.com'],
  ['pf-braket-admin', 'braket.amazonaws.com'],
  ['pf-emr-serverless-admin', 'emr-serverless.amazonaws.com'],
  // The catalogue says ec2.amazonaws.com; AWS's GameLift documentation has the role trust GameLift.
  ['pf-gamelift-admin', 'gamelift.amazonaws.com'],
  ['pf-flink-admin', 'kinesisanalytics.amazonaws.com'],
  ['pf-omics-admin', 'omics.amazonaws.com'],
  ['pf-ssm-automation-admin', 'ssm.amazonaws.com'],
];
for (const [name, svc, profile] of ADMIN_ROLES) addRole(name, service(svc), { admin: true, profile: profile ?? false });
// Roles a request passes besides the one it escalates to: they need no rights of their own.
addRole('pf-datapipeline-role', service('datapipeline.amazonaws.com'));
addRole('pf-emr-service-role', service('elasticmapreduce.amazonaws.com'));
// Cognito: the unauthenticated identities of one pool may assume the role with a web identity.
// The open pool allows unauthenticated identities and the classic flow; the closed one neither.
const POOL = `${REGION}:0f0e0d0c-0b0a-4909-8807-060504030201`;
const CLOSED_POOL = `${REGION}:0f0e0d0c-0b0a-4909-8807-060504030202`;
const unauthenticatedOf = (pool: string) => doc({
  Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': pool }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
});
addRole('pf-cognito-admin', unauthenticatedOf(POOL), { admin: true });
addRole('pf-cognito-closed-admin', unauthenticatedOf(CLOSED_POOL), { admin: true });
// Self-managed StackSets: the administration role here, the execution role in the other account.
const EXECUTION = 'AWSCloudFormationStackSetExecutionRole';
addRole('pf-stackset-administration', service('cloudformation.amazonaws.com'), { inline: { assume: doc(allow('sts:AssumeRole', role(EXECUTION, B))) } });
addRole(EXECUTION, trust({ AWS: role('pf-stackset-administration') }), { admin: true, account: B });
// A second administration role, and an execution role that trusts the first one, not it.
const OTHER_EXECUTION = 'pf-other-execution';
addRole('pf-stackset-other-administration', service('cloudformation.amazonaws.com'), { inline: { assume: doc(allow('sts:AssumeRole', [role(EXECUTION, B), role(OTHER_EXECUTION, B)])) } });
addRole(OTHER_EXECUTION, trust({ AWS: role('pf-stackset-administration') }), { admin: true, account: B });
// Account C: an admin ECS task role, for look-alikes whose listings hold nothing usable.
addRole('pf-c-ecs-task-admin', service('ecs-tasks.amazonaws.com'), { admin: true, account: C });
// An admin role nobody in the account is trusted by: only rewriting its trust opens it.
addRole('pf-trust-admin', trust({ AWS: `arn:aws:iam::${OTHER}:root` }), { admin: true });
// Admin users and group that the credential and membership paths lead to.
addUser('pf-admin-one-key', { attached: [ADMIN] });
addUser('pf-admin-two-keys', { attached: [ADMIN], keys: 2 });
addUser('pf-admin-no-console', { attached: [ADMIN], keys: 0 });
addUser('pf-admin-console', { attached: [ADMIN], keys: 0 });
loginProfiles['pf-admin-no-console'] = false;
loginProfiles['pf-admin-console'] = true;
addGroup('pf-admins', { attached: [ADMIN] });
addGroup('pf-readers', { inline: { read: doc(allow(['s3:GetObject', 's3:ListBucket'])) } });
// Look-alike targets: harmless roles trusting the same services, and admin roles out of reach.
const harmless = { logs: doc(allow(['logs:CreateLogStream', 'logs:PutLogEvents'])) };
for (const [name, svc] of [
  ['pf-lambda-harmless', 'lambda.amazonaws.com'],
  ['pf-codebuild-harmless', 'codebuild.amazonaws.com'],
  ['pf-cloudformation-harmless', 'cloudformation.amazonaws.com'],
  ['pf-sagemaker-harmless', 'sagemaker.amazonaws.com'],
  ['pf-ecs-task-harmless', 'ecs-tasks.amazonaws.com'],
] as const) addRole(name, service(svc), { inline: harmless });
addRole('pf-sagemaker-pinned-admin', trust({ Service: 'sagemaker.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': OTHER } } }), { admin: true });
addRole('pf-ec2-admin-no-profile', service('ec2.amazonaws.com'), { admin: true });

// --- Existing resources, in the CLI's output shapes ------------------------------------------------
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${A}:function:${name}`;
const instanceArn = (iid: string) => `arn:aws:ec2:${REGION}:${A}:instance/${iid}`;
const stackArn = (name: string, uuid: string) => `arn:aws:cloudformation:${REGION}:${A}:stack/${name}/${uuid}`;
const projectArn = (name: string) => `arn:aws:codebuild:${REGION}:${A}:project/${name}`;
const notebookArn = (name: string) => `arn:aws:sagemaker:${REGION}:${A}:notebook-instance/${name}`;
const functions = [
  { FunctionName: 'pf-admin-fn', FunctionArn: fnArn('pf-admin-fn'), Role: role('pf-lambda-admin'), Runtime: 'python3.12', Handler: 'app.handler', PackageType: 'Zip' },
  { FunctionName: 'pf-harmless-fn', FunctionArn: fnArn('pf-harmless-fn'), Role: role('pf-lambda-harmless'), Runtime: 'python3.12', Handler: 'app.handler', PackageType: 'Zip' },
];
const MANAGED = 'i-0a1b2c3d4e5f60001';
const UNMANAGED = 'i-0a1b2c3d4e5f60002';
const instance = (InstanceId: string, name: string) => ({
  InstanceId, State: { Name: 'running' }, Placement: { AvailabilityZone: `${REGION}a` },
  IamInstanceProfile: { Arn: iam('instance-profile', 'pf-ec2-admin'), Id: id('AIPA') }, SecurityGroups: [], Tags: [{ Key: 'Name', Value: name }],
});
const STACK_UUID = '1b2c3d4e-0000-4000-8000-00000000a001';
const HARMLESS_STACK_UUID = '1b2c3d4e-0000-4000-8000-00000000a002';
const stacks = [
  { StackId: stackArn('pf-admin-stack', STACK_UUID), StackName: 'pf-admin-stack', RoleARN: role('pf-cloudformation-admin'), StackStatus: 'CREATE_COMPLETE', Capabilities: ['CAPABILITY_IAM'], Parameters: [], Tags: [] },
  { StackId: stackArn('pf-harmless-stack', HARMLESS_STACK_UUID), StackName: 'pf-harmless-stack', RoleARN: role('pf-cloudformation-harmless'), StackStatus: 'CREATE_COMPLETE', Capabilities: [], Parameters: [], Tags: [] },
];
const projects = [
  { name: 'pf-admin-build', arn: projectArn('pf-admin-build'), serviceRole: role('pf-codebuild-admin'), source: { type: 'NO_SOURCE' }, environment: { environmentVariables: [] }, tags: [] },
  { name: 'pf-harmless-build', arn: projectArn('pf-harmless-build'), serviceRole: role('pf-codebuild-harmless'), source: { type: 'NO_SOURCE' }, environment: { environmentVariables: [] }, tags: [] },
];
const notebook = (name: string, roleName: string) => ({
  NotebookInstanceArn: notebookArn(name), NotebookInstanceName: name, RoleArn: role(roleName), NotebookInstanceStatus: 'InService', DirectInternetAccess: 'Enabled', RootAccess: 'Enabled',
});
const notebooks = [notebook('pf-admin-notebook', 'pf-sagemaker-admin'), notebook('pf-harmless-notebook', 'pf-sagemaker-harmless')];

// Batch: a job definition running as the admin role and an enabled queue; in account C the
// queue listing is complete and empty.
const batchArn = (kind: string, name: string, account = A) => `arn:aws:batch:${REGION}:${account}:${kind}/${name}`;
const jobDefinitions = [{
  jobDefinitionName: 'pf-admin-job', jobDefinitionArn: batchArn('job-definition', 'pf-admin-job:1'), revision: 1, status: 'ACTIVE', type: 'container',
  parameters: {}, containerProperties: { image: 'public.ecr.aws/amazonlinux/amazonlinux:2023', command: ['echo', 'ok'], jobRoleArn: role('pf-ecs-task-admin'), resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }], environment: [] },
  platformCapabilities: ['EC2'], tags: {}, containerOrchestrationType: 'ECS',
}];
const jobQueues = [{
  jobQueueName: 'pf-jobs', jobQueueArn: batchArn('job-queue', 'pf-jobs'), state: 'ENABLED', status: 'VALID', statusReason: 'JobQueue Healthy', priority: 1,
  computeEnvironmentOrder: [{ order: 1, computeEnvironment: batchArn('compute-environment', 'pf-ce') }], tags: {},
}];

// AgentCore: a custom code interpreter, browser and IAM-authorized runtime running as the admin
// role, a runtime behind a custom JWT authorizer (no SigV4 callers), and AWS's own interpreter.
const agentcoreArn = (kind: string, resourceId: string, account = A) => `arn:aws:bedrock-agentcore:${REGION}:${account}:${kind}/${resourceId}`;
const interpreter = { codeInterpreterId: 'pf_admin_interpreter-a1B2c3D4e5', codeInterpreterArn: agentcoreArn('code-interpreter-custom', 'pf_admin_interpreter-a1B2c3D4e5'), name: 'pf_admin_interpreter',
  executionRoleArn: role('pf-agentcore-admin'), networkConfiguration: { networkMode: 'PUBLIC' }, status: 'READY', createdAt: '2025-09-01T09:00:00Z', lastUpdatedAt: '2025-09-01T09:00:00Z' };
const awsInterpreter = { codeInterpreterId: 'aws.codeinterpreter.v1', codeInterpreterArn: agentcoreArn('code-interpreter', 'aws.codeinterpreter.v1', 'aws'), name: 'aws.codeinterpreter.v1',
  status: 'READY', createdAt: '2025-07-01T00:00:00Z', lastUpdatedAt: '2025-07-01T00:00:00Z' };
const browser = { browserId: 'pf_admin_browser-f6G7h8J9k0', browserArn: agentcoreArn('browser-custom', 'pf_admin_browser-f6G7h8J9k0'), name: 'pf_admin_browser',
  executionRoleArn: role('pf-agentcore-admin'), networkConfiguration: { networkMode: 'PUBLIC' }, status: 'READY', createdAt: '2025-09-01T09:00:00Z', lastUpdatedAt: '2025-09-01T09:00:00Z' };
const runtime = (name: string, runtimeId: string, jwt: boolean) => ({
  agentRuntimeArn: agentcoreArn('runtime', runtimeId), agentRuntimeName: name, agentRuntimeId: runtimeId, agentRuntimeVersion: '1',
  createdAt: '2025-09-01T09:00:00Z', lastUpdatedAt: '2025-09-01T09:00:00Z', roleArn: role('pf-agentcore-admin'),
  networkConfiguration: { networkMode: 'PUBLIC' }, protocolConfiguration: { serverProtocol: 'HTTP' },
  agentRuntimeArtifact: { containerConfiguration: { containerUri: `${A}.dkr.ecr.${REGION}.amazonaws.com/${name}:latest` } }, status: 'READY',
  ...(jwt ? { authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', allowedClients: ['pf-client'] } } } : {}),
});
const runtimes = [runtime('pf_admin_runtime', 'pf_admin_runtime-Lm3Np4Qr5s', false), runtime('pf_jwt_runtime', 'pf_jwt_runtime-Tu6Vw7Xy8z', true)];

// ECS: one ACTIVE task definition (harmless task role; EC2 and Fargate) that RunTask / StartTask
// can override, and a cluster. In account C the only definition is a deregistered one.
const taskDefinitionArn = (family: string, revision: number, account = A) => `arn:aws:ecs:${REGION}:${account}:task-definition/${family}:${revision}`;
const taskDefinition = (family: string, revision: number, status: string, roleArn: string, account = A) => ({
  taskDefinition: {
    taskDefinitionArn: taskDefinitionArn(family, revision, account), family, revision, status, taskRoleArn: roleArn, executionRoleArn: roleArn, networkMode: 'awsvpc',
    containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/amazonlinux/amazonlinux:2023', cpu: 256, memory: 512, essential: true, command: ['sleep', '3600'], environment: [] }],
    requiresCompatibilities: ['EC2', 'FARGATE'], compatibilities: ['EC2', 'FARGATE'], cpu: '256', memory: '512',
    registeredAt: '2025-06-01T09:00:00Z', ...(status === 'INACTIVE' ? { deregisteredAt: '2025-08-01T09:00:00Z' } : {}),
  },
  tags: [],
});
const worker = taskDefinition('pf-worker', 3, 'ACTIVE', role('pf-ecs-task-harmless'));
const retired = taskDefinition('pf-retired', 2, 'INACTIVE', role('pf-c-ecs-task-admin', C), C);
const CLUSTER = `arn:aws:ecs:${REGION}:${A}:cluster/pf-cluster`;

// Self-managed stack sets, administered from A with instances in B: one administered by
// pf-stackset-administration (which the execution role trusts), one by a role it does not trust.
const stackSet = (name: string, uuid: string, admin: string, execution: string) => ({
  StackSetName: name, StackSetId: `${name}:${uuid}`, Description: '', Status: 'ACTIVE', Parameters: [], Capabilities: ['CAPABILITY_NAMED_IAM'], Tags: [],
  StackSetARN: `arn:aws:cloudformation:${REGION}:${A}:stackset/${name}:${uuid}`, AdministrationRoleARN: role(admin), ExecutionRoleName: execution,
  StackSetDriftDetectionDetails: { DriftStatus: 'NOT_CHECKED', DriftDetectionStatus: 'COMPLETED', TotalStackInstancesCount: 0, DriftedStackInstancesCount: 0, InSyncStackInstancesCount: 0, InProgressStackInstancesCount: 0, FailedStackInstancesCount: 0 },
  PermissionModel: 'SELF_MANAGED', ManagedExecution: { Active: false },
});
const stackSets = [
  stackSet('pf-admin-set', '6a7b8c9d-0000-4000-8000-00000000b001', 'pf-stackset-administration', EXECUTION),
  stackSet('pf-other-set', '6a7b8c9d-0000-4000-8000-00000000b002', 'pf-stackset-other-administration', OTHER_EXECUTION),
];
const stackSetArn = (name: string) => stackSets.find((x) => x.StackSetName === name)!.StackSetARN;

// EMR Serverless: the only application is terminated, so no existing one can take a job run.
const EMR_APP = '00fpfterminated01';
const emrApplications = [{
  id: EMR_APP, name: 'pf-terminated-app', arn: `arn:aws:emr-serverless:${REGION}:${A}:/applications/${EMR_APP}`, releaseLabel: 'emr-7.2.0', type: 'Spark',
  state: 'TERMINATED', stateDetails: 'Terminated by user', createdAt: '2025-05-01T09:00:00Z', updatedAt: '2025-06-01T09:00:00Z', architecture: 'X86_64',
}];

// Cognito identity pools, described one by one (a pool listing is never complete).
const identityPools = [
  { IdentityPoolId: POOL, IdentityPoolName: 'pf_open_pool', AllowUnauthenticatedIdentities: true, AllowClassicFlow: true, IdentityPoolTags: {} },
  { IdentityPoolId: CLOSED_POOL, IdentityPoolName: 'pf_closed_pool', AllowUnauthenticatedIdentities: false, AllowClassicFlow: false, IdentityPoolTags: {} },
];

// Paths that create a resource and then use it are scoped to new names, so that the listed
// resources above (which the same rights would also reach) do not stand in for the technique.
const anyRegion = (arn: string) => arn.replace(REGION, '*');
const NEW_PROJECTS = anyRegion(projectArn('pf-new-*'));
const NEW_JOB_DEFINITIONS = anyRegion(batchArn('job-definition', 'pf-new-*'));
const NEW_TASK_DEFINITIONS = anyRegion(`arn:aws:ecs:${REGION}:${A}:task-definition/pf-new-*`);
const newAgentCore = (kind: string) => anyRegion(agentcoreArn(kind, 'pf_new_*'));

// --- The 86 paths --------------------------------------------------------------------------------------
// Not in the input (no parser yet, or one that cannot settle the role): App Runner services,
// CodeDeploy groups, launch templates, running ECS tasks, Glue jobs. leakpath assumes one runs as
// an admin role, so those paths are conditional.
const NO_LISTING = 'the resource type is not in the input: leakpath assumes one running as the role exists';

user('apprunner-001', [pass('pf-apprunner-admin'), allow('apprunner:CreateService')], reaches('aws:apprunner:CreateService', false, 'new App Runner service with the admin instance role'));
user('apprunner-002', [allow('apprunner:UpdateService')], reaches('aws:apprunner:UpdateService', true, `repoint an existing service; ${NO_LISTING}`));

user('batch-001', [pass('pf-ecs-task-admin'), allow('batch:RegisterJobDefinition'), allow('batch:SubmitJob', [NEW_JOB_DEFINITIONS, anyRegion(batchArn('job-queue', '*'))])],
  reaches('aws:batch:RegisterJobDefinition+SubmitJob', false, 'new job definition with the admin job role, submitted to the listed queue'));
user('batch-002', [allow('batch:SubmitJob')], reaches('aws:batch:SubmitJob', true, 'submit the listed admin job definition to the listed queue with a command override; whether the image runs an overridden command is never settled by the input'));
user('batch-003', [pass('pf-ecs-task-admin'), allow(['batch:CreateComputeEnvironment', 'batch:CreateJobQueue', 'batch:RegisterJobDefinition', 'batch:SubmitJob'], ['compute-environment', 'job-queue', 'job-definition'].map((k) => anyRegion(batchArn(k, 'pf-new-*'))))],
  reaches('aws:batch:CreateComputeEnvironment+CreateJobQueue+RegisterJobDefinition+SubmitJob', false, 'compute environment, queue and job definition from scratch; the admin role also serves as execution role'));

const AGENTCORE = 'bedrock-agentcore';
const ac = (actions: string[], Resource: string | string[] = '*') => allow(actions.map((a) => `${AGENTCORE}:${a}`), Resource);
const NEW_RUNTIMES = newAgentCore('runtime');
user('bedrock-001', [pass('pf-agentcore-admin'), ac(['CreateCodeInterpreter', 'StartCodeInterpreterSession', 'InvokeCodeInterpreter'], newAgentCore('code-interpreter-custom'))],
  reaches('aws:bedrock-agentcore:CreateCodeInterpreter', false, 'new code interpreter with the admin execution role'));
user('bedrock-002', [ac(['StartCodeInterpreterSession', 'InvokeCodeInterpreter'])], reaches('aws:bedrock-agentcore:InvokeCodeInterpreter', false, 'code in the listed custom interpreter whose execution role is admin'));
user('bedrock-003', [pass('pf-agentcore-admin'), ac(['CreateAgentRuntime', 'CreateAgentRuntimeEndpoint', 'InvokeAgentRuntimeCommand'], NEW_RUNTIMES), ac(['CreateWorkloadIdentity'])],
  reaches('aws:bedrock-agentcore:CreateAgentRuntime', false, 'new agent runtime with the admin execution role, shell command in it'));
user('bedrock-004', [ac(['InvokeAgentRuntimeCommand'])], reaches('aws:bedrock-agentcore:InvokeAgentRuntimeCommand', false, 'shell command in the listed runtime that takes IAM callers and runs as admin'));
user('bedrock-005', [pass('pf-agentcore-admin'), ac(['CreateAgentRuntime', 'CreateAgentRuntimeEndpoint', 'GetAgentRuntime', 'InvokeAgentRuntimeCommand'], NEW_RUNTIMES), ac(['CreateHarness', 'CreateWorkloadIdentity', 'GetHarness'])],
  reaches('aws:bedrock-agentcore:CreateAgentRuntime', false, 'new harness (it provisions a runtime) with the admin execution role; the runtime technique covers it'));
user('bedrock-006', [pass('pf-agentcore-admin'), ac(['CreateBrowser', 'StartBrowserSession', 'ConnectBrowserAutomationStream'], newAgentCore('browser-custom'))],
  reaches('aws:bedrock-agentcore:CreateBrowser', false, 'new custom browser with the admin execution role, driven over CDP'));
user('bedrock-007', [ac(['StartBrowserSession', 'ConnectBrowserAutomationStream'])], reaches('aws:bedrock-agentcore:StartBrowserSession', false, 'the listed custom browser whose execution role is admin'));

user('braket-001', [pass('pf-braket-admin'), allow('braket:CreateJob')], reaches('aws:braket:CreateJob', false, 'hybrid job running as the admin role'));

user('cloudformation-001', [pass('pf-cloudformation-admin'), allow('cloudformation:CreateStack')], reaches('aws:cloudformation:CreateStack', false, 'new stack with the admin service role'));
user('cloudformation-002', [allow('cloudformation:UpdateStack')], reaches('aws:cloudformation:UpdateStack', false, 'update the listed stack whose service role is admin'));
user('cloudformation-003', [pass('pf-stackset-administration'), allow(['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'])],
  reaches('aws:cloudformation:CreateStackSet+CreateStackInstances', false, `new self-managed StackSet; the execution role in account ${B} is admin`));
user('cloudformation-004', [pass('pf-stackset-administration'), allow('cloudformation:UpdateStackSet')],
  reaches('aws:cloudformation:UpdateStackSet', false, `update the listed self-managed stack set, passing its administration role again; its instance in account ${B} runs as the admin execution role`));
user('cloudformation-005', [allow(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'])], reaches('aws:cloudformation:ExecuteChangeSet', false, 'change set on the listed stack, keeping its admin service role (no PassRole)'));

user('codebuild-001', [pass('pf-codebuild-admin'), allow(['codebuild:CreateProject', 'codebuild:StartBuild'], NEW_PROJECTS)], reaches('aws:codebuild:CreateProject+StartBuild', false, 'new project with the admin service role'));
user('codebuild-002', [allow('codebuild:StartBuild')], reaches('aws:codebuild:StartBuild', false, 'buildspec override on the listed admin project'));
user('codebuild-003', [allow('codebuild:StartBuildBatch')], reaches('aws:codebuild:StartBuild', false, 'batch build with a buildspec override on the listed admin project'));
user('codebuild-004', [pass('pf-codebuild-admin'), allow(['codebuild:CreateProject', 'codebuild:StartBuildBatch'], NEW_PROJECTS)], reaches('aws:codebuild:CreateProject+StartBuild', false, 'new batch project with the admin service role'));

user('codedeploy-001', [allow(['codedeploy:RegisterApplicationRevision', 'codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig'])],
  reaches('aws:codedeploy:CreateDeployment', true, `deployment to an EC2 group whose instances hold the admin profile; ${NO_LISTING}, and the agent is never settled by the input`));

user('cognitoidentity-001', [pass('pf-cognito-admin'), allow('cognito-identity:SetIdentityPoolRoles')],
  reaches('aws:cognito-identity:SetIdentityPoolRoles', false, 'admin role as the unauthenticated role of the described pool its trust names, which allows unauthenticated identities and the classic flow'));

user('datapipeline-001', [pass('pf-ec2-admin', 'pf-datapipeline-role'), allow(['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'])],
  reaches('aws:datapipeline:CreatePipeline', false, 'pipeline whose Ec2Resource runs as the admin instance role, with a pipeline role also passed'));

user('ec2-001', [pass('pf-ec2-admin'), allow('ec2:RunInstances')], reaches('aws:ec2:RunInstances', false, 'new instance with the admin instance profile'));
user('ec2-002', [allow(['ec2:StopInstances', 'ec2:ModifyInstanceAttribute', 'ec2:StartInstances'])], reaches('aws:ec2:ModifyInstanceAttribute', false, 'new user data on the listed admin instance'));
user('ec2-003', [pass('pf-ec2-admin'), allow('ec2:RequestSpotInstances')], reaches('aws:ec2:RequestSpotInstances', false, 'Spot instance with the admin instance profile'));
user('ec2-004', [allow(['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'])], reaches('aws:ec2:CreateLaunchTemplateVersion+ModifyLaunchTemplate', true, `new default launch template version; ${NO_LISTING}, and what launches from it is never settled`));
user('ec2-005', [allow(['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'])], reaches('aws:ec2:CreateLaunchTemplateVersion+ModifyLaunchTemplate', true, 'same permissions as ec2-004 (the catalogue lists it twice, from $Default)'));

user('ecs-001', [pass('pf-ecs-task-admin'), allow(['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'])], reaches('aws:ecs:RegisterTaskDefinition+RunTask', false, 'new cluster, task definition with the admin task role, and a service'));
user('ecs-002', [pass('pf-ecs-task-admin'), allow(['ecs:CreateCluster', 'ecs:RegisterTaskDefinition']), allow('ecs:RunTask', NEW_TASK_DEFINITIONS)], reaches('aws:ecs:RegisterTaskDefinition+RunTask', false, 'new cluster, task definition, RunTask'));
user('ecs-003', [pass('pf-ecs-task-admin'), allow(['ecs:RegisterTaskDefinition', 'ecs:CreateService'])], reaches('aws:ecs:RegisterTaskDefinition+RunTask', false, 'task definition and a service on an existing cluster'));
user('ecs-004', [pass('pf-ecs-task-admin'), allow('ecs:RegisterTaskDefinition'), allow('ecs:RunTask', NEW_TASK_DEFINITIONS)], reaches('aws:ecs:RegisterTaskDefinition+RunTask', false, 'task definition, RunTask on an existing cluster'));
user('ecs-005', [pass('pf-ecs-task-admin'), allow('ecs:RegisterTaskDefinition'), allow('ecs:StartTask', NEW_TASK_DEFINITIONS)], reaches('aws:ecs:RegisterTaskDefinition+RunTask', false, 'task definition, StartTask on a container instance'));
user('ecs-006', [allow(['ecs:ExecuteCommand', 'ecs:DescribeTasks'])], reaches('aws:ecs:ExecuteCommand', true, `ECS Exec into a running task with the admin task role; running tasks are not in the input (task definitions are): leakpath assumes one running as the role, with Exec enabled`));
user('ecs-007', [pass('pf-ecs-task-admin'), allow(['ecs:RegisterContainerInstance', 'ecs:StartTask'])],
  reaches('aws:ecs:StartTask', false, 'StartTask of the listed EC2-compatible task definition with a task-role override; the caller registers its own host as the container instance, which the StartTask edge assumes exists either way'));
user('ecs-008', [pass('pf-ecs-task-admin'), allow('ecs:RunTask')], reaches('aws:ecs:RunTask', false, 'RunTask of the listed task definition (harmless task role) overriding taskRoleArn with the admin role'));
user('ecs-009', [pass('pf-ecs-task-admin'), allow('ecs:StartTask')], reaches('aws:ecs:StartTask', false, 'StartTask of the listed EC2-compatible task definition on a container instance, overriding taskRoleArn with the admin role'));

user('emr-001', [pass('pf-ec2-admin', 'pf-emr-service-role'), allow('elasticmapreduce:RunJobFlow')], reaches('aws:elasticmapreduce:RunJobFlow', false, 'EMR cluster whose instances run as the admin JobFlowRole, with a service role also passed'));
user('emrserverless-001', [pass('pf-emr-serverless-admin'), allow(['emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'])],
  reaches('aws:emr-serverless:CreateApplication+StartJobRun', false, 'Serverless application and job run with the admin execution role (the only listed application is terminated, so none can stand in)'));
user('gamelift-001', [pass('pf-gamelift-admin'), allow(['gamelift:CreateBuild', 'gamelift:RequestUploadCredentials', 'gamelift:CreateFleet'])], reaches('aws:gamelift:CreateBuild+CreateFleet', false, 'build and fleet with the admin instance role (trusting gamelift, as AWS documents; the catalogue says ec2)'));

user('glue-001', [pass('pf-glue-admin'), allow('glue:CreateDevEndpoint')], reaches('aws:glue:CreateDevEndpoint', false, 'dev endpoint with the admin role'));
user('glue-003', [pass('pf-glue-admin'), allow(['glue:CreateJob', 'glue:StartJobRun'])], reaches('aws:glue:CreateJob+StartJobRun', false, 'new job, started'));
user('glue-004', [pass('pf-glue-admin'), allow(['glue:CreateJob', 'glue:CreateTrigger'])], reaches('aws:glue:CreateJob+StartJobRun', false, 'new job, started by a new trigger'));
user('glue-005', [pass('pf-glue-admin'), allow(['glue:UpdateJob', 'glue:StartJobRun'])], reaches('aws:glue:UpdateJob+StartJobRun', true, 'admin role and script on an existing job; Glue jobs are not in the input, so one is assumed to exist'));
user('glue-006', [pass('pf-glue-admin'), allow(['glue:UpdateJob', 'glue:CreateTrigger'])], reaches('aws:glue:UpdateJob+StartJobRun', true, 'as glue-005, started by a trigger'));
user('glue-007', [pass('pf-glue-admin'), allow(['glue:CreateSession', 'glue:RunStatement'])], reaches('aws:glue:CreateSession+RunStatement', false, 'interactive session with the admin role'));

// IAM: rewrites of oneself are tier-zero marks on the caller (or on the role it assumes).
{
  const policy = addPolicy('pf-iam-001-policy', doc(allow('iam:CreatePolicyVersion', iam('policy', 'pf-iam-001-policy'))));
  user('iam-001', [], reaches('aws:iam:CreatePolicyVersion', false, 'new default version of the managed policy attached to itself'), { attached: [policy] });
}
user('iam-002', [allow('iam:CreateAccessKey', userArn('pf-admin-one-key'))], reaches('aws:iam:CreateAccessKey', false, 'access key for an admin user with one key'));
user('iam-003', [allow(['iam:DeleteAccessKey', 'iam:CreateAccessKey'], userArn('pf-admin-two-keys'))], reaches('aws:iam:CreateAccessKey', false, 'delete one of the two keys of an admin user, create another'));
user('iam-004', [allow('iam:CreateLoginProfile', userArn('pf-admin-no-console'))], reaches('aws:iam:CreateLoginProfile', false, 'console password for an admin user without one (get-login-profile: NoSuchEntity)'));
{
  addRole('pf-iam-005-role', trust({ AWS: userArn('pf-iam-005') }), { inline: { self: doc(allow('iam:PutRolePolicy', role('pf-iam-005-role'))) } });
  user('iam-005', [allow('sts:AssumeRole', role('pf-iam-005-role'))], reaches('aws:iam:PutRolePolicy', false, 'the role it assumes may put an inline policy on itself'));
}
user('iam-006', [allow('iam:UpdateLoginProfile', userArn('pf-admin-console'))], reaches('aws:iam:UpdateLoginProfile', false, 'reset the console password of an admin user'));
user('iam-007', [allow('iam:PutUserPolicy', userArn('pf-iam-007'))], reaches('aws:iam:PutUserPolicy', false, 'inline policy on itself'));
user('iam-008', [allow('iam:AttachUserPolicy', userArn('pf-iam-008'))], reaches('aws:iam:AttachUserPolicy', false, 'managed policy on itself'));
{
  addRole('pf-iam-009-role', trust({ AWS: userArn('pf-iam-009') }), { inline: { self: doc(allow('iam:AttachRolePolicy', role('pf-iam-009-role'))) } });
  user('iam-009', [allow('sts:AssumeRole', role('pf-iam-009-role'))], reaches('aws:iam:AttachRolePolicy', false, 'the role it assumes may attach a managed policy to itself'));
}
addGroup('pf-iam-010-group');
user('iam-010', [allow('iam:AttachGroupPolicy', iam('group', 'pf-iam-010-group'))], reaches('aws:iam:AttachGroupPolicy', false, 'managed policy on its own group'), { groups: ['pf-iam-010-group'] });
addGroup('pf-iam-011-group');
user('iam-011', [allow('iam:PutGroupPolicy', iam('group', 'pf-iam-011-group'))], reaches('aws:iam:PutGroupPolicy', false, 'inline policy on its own group'), { groups: ['pf-iam-011-group'] });
user('iam-012', [allow('iam:UpdateAssumeRolePolicy', role('pf-trust-admin'))], reaches('aws:iam:UpdateAssumeRolePolicy', false, 'rewrite the trust of an admin role to name itself'));
user('iam-013', [allow('iam:AddUserToGroup', iam('group', 'pf-admins'))], reaches('aws:iam:AddUserToGroup', false, 'join the admin group'));
// Two-step chains: leakpath composes the rewrite of another principal with the way to become it.
const chainRole = (caseId: string, trusted: boolean, attached: string[] = []) =>
  addRole(`pf-${caseId}-target`, trust({ AWS: trusted ? userArn(`pf-${caseId}`) : `arn:aws:iam::${OTHER}:root` }), { inline: harmless, attached });
const chainUser = (caseId: string) => addUser(`pf-${caseId}-target`, { inline: harmless, keys: 0 });
const composed = (technique: string, how: string) => reaches(technique, false, `${how} (composed: rewrite + the way to become it)`);
chainRole('iam-014', true);
user('iam-014', [allow(['iam:AttachRolePolicy', 'sts:AssumeRole'], role('pf-iam-014-target'))], composed('aws:iam:AttachRolePolicy', 'attach admin to a role that trusts it, assume it'));
chainUser('iam-015');
user('iam-015', [allow(['iam:AttachUserPolicy', 'iam:CreateAccessKey'], userArn('pf-iam-015-target'))], composed('aws:iam:AttachUserPolicy', 'attach admin to another user, create its key'));
{
  const policy = addPolicy('pf-iam-016-policy', doc(allow('logs:PutLogEvents')));
  chainRole('iam-016', true, [policy]);
  user('iam-016', [allow('iam:CreatePolicyVersion', policy), allow('sts:AssumeRole', role('pf-iam-016-target'))], composed('aws:iam:CreatePolicyVersion', 'new default version of the policy of a role that trusts it, assume it'));
}
chainRole('iam-017', true);
user('iam-017', [allow(['iam:PutRolePolicy', 'sts:AssumeRole'], role('pf-iam-017-target'))], composed('aws:iam:PutRolePolicy', 'inline admin on a role that trusts it, assume it'));
chainUser('iam-018');
user('iam-018', [allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], userArn('pf-iam-018-target'))], composed('aws:iam:PutUserPolicy', 'inline admin on another user, create its key'));
chainRole('iam-019', false);
user('iam-019', [allow(['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], role('pf-iam-019-target'))], composed('aws:iam:AttachRolePolicy', 'attach admin to a role and rewrite its trust'));
{
  const policy = addPolicy('pf-iam-020-policy', doc(allow('logs:PutLogEvents')));
  chainRole('iam-020', false, [policy]);
  user('iam-020', [allow('iam:CreatePolicyVersion', policy), allow('iam:UpdateAssumeRolePolicy', role('pf-iam-020-target'))], composed('aws:iam:CreatePolicyVersion', 'new default version of a role\'s policy and rewrite its trust'));
}
chainRole('iam-021', false);
user('iam-021', [allow(['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], role('pf-iam-021-target'))], composed('aws:iam:PutRolePolicy', 'inline admin on a role and rewrite its trust'));

user('imagebuilder-001', [pass('pf-ec2-admin'), allow(['imagebuilder:CreateComponent', 'imagebuilder:CreateImageRecipe', 'imagebuilder:CreateInfrastructureConfiguration', 'imagebuilder:CreateImage'])],
  reaches('aws:imagebuilder:CreateImage', false, 'image build whose instance runs with the admin instance profile'));
user('kinesisanalytics-001', [pass('pf-flink-admin'), allow(['kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'])], reaches('aws:kinesisanalytics:CreateApplication+StartApplication', false, 'Flink application with the admin execution role'));

user('lambda-001', [pass('pf-lambda-admin'), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])], reaches('aws:lambda:CreateFunction+InvokeFunction', false, 'new function with the admin role, invoked'));
user('lambda-002', [pass('pf-lambda-admin'), allow(['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'])], reaches('aws:lambda:CreateFunction+CreateEventSourceMapping', false, 'new function triggered by an event source (assumed: an assumption, not a condition)'));
user('lambda-003', [allow('lambda:UpdateFunctionCode')], reaches('aws:lambda:UpdateFunctionCode', false, 'new code in the listed admin function, run by its own callers (an assumption)'));
user('lambda-004', [allow(['lambda:UpdateFunctionCode', 'lambda:InvokeFunction'])], reaches('aws:lambda:UpdateFunctionCode', false, 'new code in the listed admin function, invoked'));
user('lambda-005', [allow(['lambda:UpdateFunctionCode', 'lambda:AddPermission'])], reaches('aws:lambda:UpdateFunctionCode', false, 'new code in the listed admin function, invoked after granting itself the right'));
user('lambda-006', [pass('pf-lambda-admin'), allow(['lambda:CreateFunction', 'lambda:AddPermission'])], reaches('aws:lambda:CreateFunction+AddPermission', false, 'new function with the admin role, invoke right granted to itself'));

user('omics-001', [pass('pf-omics-admin'), allow(['omics:CreateWorkflow', 'omics:StartRun', 's3:GetObject'])], reaches('aws:omics:CreateWorkflow+StartRun', false, 'workflow run with the admin service role'));

user('sagemaker-001', [pass('pf-sagemaker-admin'), allow(['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'], notebookArn('pf-new-*'))], reaches('aws:sagemaker:CreateNotebookInstance', false, 'notebook with the admin role, opened'));
user('sagemaker-002', [pass('pf-sagemaker-admin'), allow('sagemaker:CreateTrainingJob')], reaches('aws:sagemaker:CreateTrainingJob', false, 'training job with the admin role'));
user('sagemaker-004', [allow('sagemaker:CreatePresignedNotebookInstanceUrl')], reaches('aws:sagemaker:CreatePresignedNotebookInstanceUrl', false, 'presigned URL to the listed admin notebook'));
user('sagemaker-005', [allow(['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance'])],
  reaches('aws:sagemaker:UpdateNotebookInstance', false, 'new lifecycle configuration on the listed admin notebook, restarted'));

user('ssm-001', [allow('ssm:StartSession')], reaches('aws:ssm:StartSession', false, 'Session Manager shell on the listed, SSM-managed admin instance'));
user('ssm-002', [allow('ssm:SendCommand')], reaches('aws:ssm:SendCommand', false, 'Run Command on the listed, SSM-managed admin instance'));
user('ssm-003', [pass('pf-ssm-automation-admin'), allow(['ssm:CreateDocument', 'ssm:StartAutomationExecution'])], reaches('aws:ssm:CreateDocument+StartAutomationExecution', false, 'Automation runbook run as the admin AutomationAssumeRole'));

addRole('pf-sts-001-admin', trust({ AWS: userArn('pf-sts-001') }), { admin: true });
user('sts-001', [allow('sts:AssumeRole', role('pf-sts-001-admin'))], reaches('aws:sts:AssumeRole', false, 'assume an admin role whose trust names it'));

// --- Look-alikes: the same permissions minus what makes them work ---------------------------------------
user('la-lambda-no-passrole', [allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])], lookAlike('lambda-001 without iam:PassRole'));
user('la-lambda-harmless-role', [pass('pf-lambda-harmless'), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])], lookAlike('lambda-001 with PassRole only on a harmless Lambda role'));
user('la-ec2-passed-to-lambda', [passedTo('lambda.amazonaws.com'), allow('ec2:RunInstances')], lookAlike('ec2-001 with PassRole limited by iam:PassedToService to Lambda'));
user('la-ec2-no-profile', [pass('pf-ec2-admin-no-profile'), allow('ec2:RunInstances')], lookAlike('ec2-001 on an admin EC2 role without an instance profile, and no right to create one'));
user('la-glue-role-trusts-lambda', [pass('pf-lambda-admin'), allow(['glue:CreateJob', 'glue:StartJobRun'])], lookAlike('glue-003 where the only admin role it may pass trusts Lambda, not Glue'));
user('la-cloudformation-create-denied', [pass('pf-cloudformation-admin'), allow('cloudformation:CreateStack'), deny('cloudformation:CreateStack')], lookAlike('cloudformation-001 with CreateStack explicitly denied'));
user('la-cloudformation-update-harmless', [allow('cloudformation:UpdateStack', stackArn('pf-harmless-stack', '*'))], lookAlike('cloudformation-002 on the listed stack whose service role is harmless'));
user('la-codebuild-harmless-role', [pass('pf-codebuild-harmless'), allow(['codebuild:CreateProject', 'codebuild:StartBuild'], NEW_PROJECTS)], lookAlike('codebuild-001 with PassRole only on a harmless CodeBuild role'));
user('la-codebuild-start-harmless', [allow('codebuild:StartBuild', projectArn('pf-harmless-build'))], lookAlike('codebuild-002 on the listed project whose service role is harmless'));
user('la-sagemaker-trust-other-account', [pass('pf-sagemaker-pinned-admin'), allow('sagemaker:CreateTrainingJob')], lookAlike('sagemaker-002 where the admin role trusts SageMaker only for another account (aws:SourceAccount)'));
user('la-sagemaker-presigned-harmless', [allow('sagemaker:CreatePresignedNotebookInstanceUrl', notebookArn('pf-harmless-notebook'))], lookAlike('sagemaker-004 on the listed notebook whose role is harmless'));
user('la-ecs-no-run', [pass('pf-ecs-task-admin'), allow('ecs:RegisterTaskDefinition')], lookAlike('ecs-004 without RunTask, StartTask or CreateService'));
user('la-lambda-update-harmless-fn', [allow(['lambda:UpdateFunctionCode', 'lambda:InvokeFunction'], fnArn('pf-harmless-fn'))], lookAlike('lambda-004 on the listed function that runs as a harmless role'));
user('la-ec2-modify-no-stop', [allow(['ec2:ModifyInstanceAttribute', 'ec2:StartInstances'])], lookAlike('ec2-002 without StopInstances (user data is read only at boot)'));
user('la-ssm-unmanaged-instance', [allow('ssm:SendCommand', [instanceArn(UNMANAGED), `arn:aws:ssm:*::document/AWS-RunShellScript`])], lookAlike('ssm-002 on an admin instance the SSM listing shows is not managed'));
user('la-emr-no-service-role', [pass('pf-ec2-admin'), allow('elasticmapreduce:RunJobFlow')], lookAlike('emr-001 without PassRole on any EMR service role'));
user('la-stackset-no-instances', [pass('pf-stackset-administration'), allow('cloudformation:CreateStackSet')], lookAlike('cloudformation-003 without CreateStackInstances'));
user('la-cognito-passed-to-lambda', [passedTo('lambda.amazonaws.com', role('pf-cognito-admin')), allow('cognito-identity:SetIdentityPoolRoles')], lookAlike('cognitoidentity-001 with PassRole limited to Lambda'));
user('la-apprunner-role-trusts-ecs', [pass('pf-ecs-task-admin'), allow('apprunner:CreateService')], lookAlike('apprunner-001 where the admin role it may pass trusts ECS tasks, not App Runner'));
user('la-createkey-two-keys', [allow('iam:CreateAccessKey', userArn('pf-admin-two-keys'))], lookAlike('iam-003 without DeleteAccessKey: the admin user already has two keys'));
user('la-createloginprofile-has-console', [allow('iam:CreateLoginProfile', userArn('pf-admin-console'))], lookAlike('iam-004 on an admin user that already has a console password (UpdateLoginProfile not allowed)'));
user('la-join-readers', [allow('iam:AddUserToGroup', iam('group', 'pf-readers'))], lookAlike('iam-013 on a read-only group'));
chainRole('la-attach-unreachable', false);
user('la-attach-unreachable', [allow('iam:AttachRolePolicy', role('pf-la-attach-unreachable-target'))], lookAlike('iam-014 without a way to become the role (no AssumeRole in its trust, no UpdateAssumeRolePolicy)'));
user('la-update-trust-assume-denied', [allow('iam:UpdateAssumeRolePolicy', role('pf-trust-admin')), deny('sts:AssumeRole')], lookAlike('iam-012 with sts:AssumeRole explicitly denied'));
user('la-batch-no-queue', [allow('iam:PassRole', role('pf-c-ecs-task-admin', C)), allow(['batch:RegisterJobDefinition', 'batch:SubmitJob'])],
  lookAlike(`batch-001 in account ${C}, whose full job-queue listing holds no queue`), { account: C });
user('la-ecs-inactive-definition', [allow('iam:PassRole', role('pf-c-ecs-task-admin', C)), allow(['ecs:RunTask', 'ecs:StartTask'])],
  lookAlike(`ecs-008 / ecs-009 in account ${C}, whose only task definition is deregistered (INACTIVE)`), { account: C });
user('la-stackset-untrusted-administration', [pass('pf-stackset-other-administration'), allow('cloudformation:UpdateStackSet', stackSetArn('pf-other-set'))],
  lookAlike('cloudformation-004 on the listed stack set whose execution role trusts another administration role'));
user('la-cognito-closed-pool', [pass('pf-cognito-closed-admin'), allow('cognito-identity:SetIdentityPoolRoles')],
  lookAlike('cognitoidentity-001 on a described pool that allows no unauthenticated identities (UpdateIdentityPool not allowed)'));
user('la-emr-serverless-terminated', [pass('pf-emr-serverless-admin'), allow('emr-serverless:StartJobRun')], lookAlike('StartJobRun on an existing application, where the only listed application is terminated'));
user('la-agentcore-jwt-runtime', [ac(['InvokeAgentRuntimeCommand'], runtimes[1]!.agentRuntimeArn)], lookAlike('bedrock-004 on the listed admin runtime behind a custom JWT authorizer (no SigV4 callers)'));
addUser('pf-harmless-user', { inline: harmless, keys: 0 });
user('la-put-other-user', [allow('iam:PutUserPolicy', userArn('pf-harmless-user'))], lookAlike('iam-018 without CreateAccessKey: admin rights on a user it cannot become'));

// --- Files ---------------------------------------------------------------------------------------------
rmSync(OUT, { recursive: true, force: true });
for (const dir of ['iam', 'access-keys', 'login-profiles', 'resources']) mkdirSync(path.join(OUT, dir), { recursive: true });
const write = (file: string, json: unknown) => writeFileSync(path.join(OUT, file), `${JSON.stringify(json, null, 2)}\n`);
const envelope = (command: string, output: unknown, parameters: Record<string, unknown> = {}, account = A) => ({ leakpath: 'aws-cli/1', command, parameters, account, region: REGION, output });
const details = (account: string) => {
  const g = gaad[account]!;
  return { UserDetailList: g.users, GroupDetailList: g.groups, RoleDetailList: g.roles, Policies: g.policies };
};
write(`iam/authorization-details-${A}.json`, envelope('iam get-account-authorization-details', details(A)));
write(`iam/authorization-details-${B}.json`, envelope('iam get-account-authorization-details', details(B), {}, B));
write(`iam/authorization-details-${C}.json`, envelope('iam get-account-authorization-details', details(C), {}, C));
for (const [name, { account, ids }] of Object.entries(keyFiles)) {
  const output = { AccessKeyMetadata: ids.map((AccessKeyId) => ({ UserName: name, AccessKeyId, Status: 'Active', CreateDate: '2025-03-02T09:00:00Z' })) };
  write(`access-keys/${name}.json`, envelope('iam list-access-keys', output, { UserName: name }, account));
}
for (const [name, present] of Object.entries(loginProfiles)) {
  const file = `login-profiles/${name}.json`;
  if (present) write(file, envelope('iam get-login-profile', { LoginProfile: { UserName: name, CreateDate: '2025-03-02T09:00:00Z', PasswordResetRequired: false } }, { UserName: name }));
  else write(file, { leakpath: 'aws-cli/1', command: 'iam get-login-profile', parameters: { UserName: name }, account: A, region: REGION, error: { code: 'NoSuchEntity', message: `The user with name ${name} cannot be found.` } });
}
// Whole listings (no narrowing parameter): the account has no other resource of these types.
write('resources/lambda-list-functions.json', envelope('lambda list-functions', { Functions: functions }));
write('resources/ec2-describe-instances.json', envelope('ec2 describe-instances', {
  Reservations: [{ ReservationId: 'r-0a1b2c3d4e5f60001', OwnerId: A, Instances: [instance(MANAGED, 'pf-admin-managed'), instance(UNMANAGED, 'pf-admin-unmanaged')] }],
}));
write('resources/ssm-describe-instance-information.json', envelope('ssm describe-instance-information', {
  InstanceInformationList: [{ InstanceId: MANAGED, PingStatus: 'Online', PlatformType: 'Linux', ResourceType: 'EC2Instance' }],
}));
write('resources/cloudformation-describe-stacks.json', envelope('cloudformation describe-stacks', { Stacks: stacks }));
write('resources/codebuild-list-projects.json', envelope('codebuild list-projects', { projects: projects.map((p) => p.name) }));
write('resources/codebuild-batch-get-projects.json', envelope('codebuild batch-get-projects', { projects, projectsNotFound: [] }, { names: projects.map((p) => p.name) }));
write('resources/sagemaker-list-notebook-instances.json', envelope('sagemaker list-notebook-instances', {
  NotebookInstances: notebooks.map((n) => ({ NotebookInstanceArn: n.NotebookInstanceArn, NotebookInstanceName: n.NotebookInstanceName, NotebookInstanceStatus: n.NotebookInstanceStatus })),
}));
for (const n of notebooks) write(`resources/sagemaker-describe-notebook-instance-${n.NotebookInstanceName}.json`, envelope('sagemaker describe-notebook-instance', n, { NotebookInstanceName: n.NotebookInstanceName }));
write('resources/batch-describe-job-definitions.json', envelope('batch describe-job-definitions', { jobDefinitions }));
write('resources/batch-describe-job-queues.json', envelope('batch describe-job-queues', { jobQueues }));
write(`resources/batch-describe-job-queues-${C}.json`, envelope('batch describe-job-queues', { jobQueues: [] }, {}, C));
write('resources/agentcore-list-code-interpreters.json', envelope('bedrock-agentcore-control list-code-interpreters', {
  codeInterpreterSummaries: [interpreter, awsInterpreter].map(({ codeInterpreterId, codeInterpreterArn, name, status, createdAt, lastUpdatedAt }) => ({ codeInterpreterId, codeInterpreterArn, name, description: '', status, createdAt, lastUpdatedAt })),
}));
write(`resources/agentcore-get-code-interpreter-${interpreter.codeInterpreterId}.json`, envelope('bedrock-agentcore-control get-code-interpreter', interpreter, { codeInterpreterId: interpreter.codeInterpreterId }));
write('resources/agentcore-list-browsers.json', envelope('bedrock-agentcore-control list-browsers', {
  browserSummaries: [{ browserId: browser.browserId, browserArn: browser.browserArn, name: browser.name, description: '', status: browser.status, createdAt: browser.createdAt, lastUpdatedAt: browser.lastUpdatedAt }],
}));
write(`resources/agentcore-get-browser-${browser.browserId}.json`, envelope('bedrock-agentcore-control get-browser', browser, { browserId: browser.browserId }));
write('resources/agentcore-list-agent-runtimes.json', envelope('bedrock-agentcore-control list-agent-runtimes', {
  agentRuntimes: runtimes.map((r) => ({ agentRuntimeArn: r.agentRuntimeArn, agentRuntimeId: r.agentRuntimeId, agentRuntimeVersion: r.agentRuntimeVersion, agentRuntimeName: r.agentRuntimeName, description: '', lastUpdatedAt: r.lastUpdatedAt, status: r.status })),
}));
for (const r of runtimes) write(`resources/agentcore-get-agent-runtime-${r.agentRuntimeId}.json`, envelope('bedrock-agentcore-control get-agent-runtime', r, { agentRuntimeId: r.agentRuntimeId }));
write('resources/ecs-list-task-definitions.json', envelope('ecs list-task-definitions', { taskDefinitionArns: [worker.taskDefinition.taskDefinitionArn] }));
write('resources/ecs-describe-task-definition-pf-worker-3.json', envelope('ecs describe-task-definition', worker, { taskDefinition: worker.taskDefinition.taskDefinitionArn, include: ['TAGS'] }));
// ACTIVE revisions only: the deregistered one is read by its ARN.
write(`resources/ecs-list-task-definitions-${C}.json`, envelope('ecs list-task-definitions', { taskDefinitionArns: [] }, {}, C));
write(`resources/ecs-describe-task-definition-pf-retired-2-${C}.json`, envelope('ecs describe-task-definition', retired, { taskDefinition: retired.taskDefinition.taskDefinitionArn, include: ['TAGS'] }, C));
write('resources/ecs-list-clusters.json', envelope('ecs list-clusters', { clusterArns: [CLUSTER] }));
write('resources/ecs-describe-clusters.json', envelope('ecs describe-clusters', {
  clusters: [{ clusterArn: CLUSTER, clusterName: 'pf-cluster', status: 'ACTIVE', registeredContainerInstancesCount: 1, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0, statistics: [], tags: [], settings: [{ name: 'containerInsights', value: 'disabled' }], capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] }],
  failures: [],
}, { clusters: [CLUSTER], include: ['TAGS'] }));
write('resources/cloudformation-list-stack-sets.json', envelope('cloudformation list-stack-sets', {
  Summaries: stackSets.map((x) => ({ StackSetName: x.StackSetName, StackSetId: x.StackSetId, Description: x.Description, Status: x.Status, PermissionModel: x.PermissionModel, DriftStatus: 'NOT_CHECKED', ManagedExecution: x.ManagedExecution })),
}));
for (const x of stackSets) {
  write(`resources/cloudformation-describe-stack-set-${x.StackSetName}.json`, envelope('cloudformation describe-stack-set', { StackSet: x }, { StackSetName: x.StackSetId }));
  write(`resources/cloudformation-list-stack-instances-${x.StackSetName}.json`, envelope('cloudformation list-stack-instances', {
    Summaries: [{ StackSetId: x.StackSetId, Region: REGION, Account: B, StackId: `arn:aws:cloudformation:${REGION}:${B}:stack/StackSet-${x.StackSetName}-0001/${x.StackSetId.split(':')[1]}`, Status: 'CURRENT', StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' }, DriftStatus: 'NOT_CHECKED' }],
  }, { StackSetName: x.StackSetId }));
}
write('resources/emr-serverless-list-applications.json', envelope('emr-serverless list-applications', { applications: emrApplications }));
for (const p of identityPools) write(`resources/cognito-identity-describe-identity-pool-${p.IdentityPoolName}.json`, envelope('cognito-identity describe-identity-pool', p, { IdentityPoolId: p.IdentityPoolId }));
// Not .json: `leakpath ingest` on this directory reads every .json file as an export.
write('cases.expected', cases);
const count = (e: Expect) => cases.filter((c) => c.expect === e).length;
console.log(`${cases.length} cases (${count('tier-zero')} tier-zero, ${count('not-tier-zero')} look-alikes) → ${path.relative(process.cwd(), OUT)}`);
