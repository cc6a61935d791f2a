// `leakpath collect aws` against moto server, a real AWS API emulator: the estate is seeded through
// the AWS APIs, collected by the real CLI code (SDK clients, credential chain, AWS_ENDPOINT_URL),
// and checked in the inventory and the attack graph. No SDK mocks.
import { randomInt, randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateSecretCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  DeregisterJobDefinitionCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { BedrockAgentCoreControlClient, CreateAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CodeDeployClient,
  CreateApplicationCommand as CreateDeployApplicationCommand,
  CreateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { CreateApplicationCommand as CreateEmrApplicationCommand, EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import {
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { ingest } from '../../../src/ingest/ingest.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { SnapshotStore } from '../../../src/store/store.js';
import { tempDir } from '../../helpers/cli.js';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
// Fake values shaped like real ones, so that leakpath's detectors fire; they must appear nowhere.
const FAKE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE9x';
const FAKE_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_DB_PASSWORD = 'moto-db-password-5f0c2b';
const FAKE_USER_DATA_SECRET = 'bOoTsCrIpTsEcReT/K7MDENG/bPxRfiCYzEXAMP2';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

let endpoint: string;
const savedEnv = { ...process.env };
const timings: Record<string, number> = {};

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = Math.round(performance.now() - t0);
  }
}

/**
 * Credentials for a fresh account of its own: moto maps an assumed role's session to the role's
 * account, so this file's estate never mixes with other files' fixtures on the shared server.
 */
async function freshAccount(
  as: Creds = { accessKeyId: 'testing', secretAccessKey: 'testing' },
  account = String(randomInt(100000000000, 999999999999)),
) {
  const sts = new STSClient({ endpoint, region: REGION, credentials: as });
  const r = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'seed',
    }),
  );
  const c = r.Credentials!;
  return {
    account,
    creds: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    },
  };
}

const client = <T>(Ctor: new (cfg: object) => T, credentials: Creds, extra: object = {}) =>
  new Ctor({ endpoint, region: REGION, credentials, ...extra });

interface Seeded {
  home: string;
  member: string;
  creds: Creds;
  bucket: string;
  instanceId: string;
  ruleArn: string;
  keyId: string;
  arn: (kind: string, name: string, account?: string) => string;
  compute: SeededCompute;
  sets: SeededSetsAndPools;
  userData: SeededUserData;
}

/** Instances whose user data exports a user's access key: as a plain script, and gzip-compressed. */
interface SeededUserData {
  keyId: string;
  plain: string;
  gzip: string;
  /** The user data as sent, base64: a raw file holding it would hold the secret. */
  encoded: string[];
}

async function seedUserData(creds: Creds): Promise<SeededUserData> {
  const iam = client(IAMClient, creds);
  await iam.send(new CreateUserCommand({ UserName: 'provisioner' }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'provisioner' }));
  const keyId = key.AccessKey!.AccessKeyId!;
  await iam.send(new CreateUserCommand({ UserName: 'ud-reader' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'ud-reader',
      PolicyName: 'describe',
      PolicyDocument: doc({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeInstanceAttribute'], Resource: '*' }),
    }),
  );
  const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${keyId}\nexport AWS_SECRET_ACCESS_KEY=${FAKE_USER_DATA_SECRET}\n`;
  const ec2 = client(EC2Client, creds);
  const encoded = [Buffer.from(script), gzipSync(script)].map((b) => b.toString('base64'));
  const launch = async (UserData: string) => {
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-03cf127a', MinCount: 1, MaxCount: 1, UserData }));
    return run.Instances![0]!.InstanceId!;
  };
  return { keyId, plain: await launch(encoded[0]!), gzip: await launch(encoded[1]!), encoded };
}

interface SeededCompute {
  jobDefinition: string;
  retiredJobDefinition: string;
  jobQueue: string;
  runtime: string;
  gatedRuntime: string;
  taskDefinition: string;
  retiredTaskDefinition: string;
  cluster: string;
}

interface SeededSetsAndPools {
  stackSetId: string;
  emrApplication: string;
  openPool: string;
  closedPool: string;
}

const TRUST_COGNITO_UNAUTHENTICATED = (poolId: string) =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
    },
  });

/**
 * A self-managed stack set deploying to the member account (administration role here, execution
 * role there), an EMR Serverless application, Cognito identity pools with and without
 * unauthenticated identities, and a CodeDeploy deployment group; with users allowed to act on them.
 */
async function seedSetsAndPools(
  creds: Creds,
  memberCreds: Creds,
  member: string,
  arn: Seeded['arn'],
): Promise<SeededSetsAndPools> {
  const iam = client(IAMClient, creds);
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'stackset-admin',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Service: 'cloudformation.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'stackset-admin',
      PolicyName: 'assume-execution',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/stackset-exec' }),
    }),
  );
  const memberIam = client(IAMClient, memberCreds);
  await memberIam.send(
    new CreateRoleCommand({
      RoleName: 'stackset-exec',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: arn('role', 'stackset-admin') },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await memberIam.send(new AttachRolePolicyCommand({ RoleName: 'stackset-exec', PolicyArn: ADMIN }));
  await iam.send(new CreateUserCommand({ UserName: 'stackset-operator' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'stackset-operator',
      PolicyName: 'update-stack-sets',
      PolicyDocument: doc(
        { Effect: 'Allow', Action: 'cloudformation:UpdateStackSet', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: arn('role', 'stackset-admin') },
      ),
    }),
  );
  const cfn = client(CloudFormationClient, creds);
  const set = await cfn.send(
    new CreateStackSetCommand({
      StackSetName: 'baseline',
      // A resource with no name of its own: moto names a set's stacks with characters topics refuse.
      TemplateBody: JSON.stringify({ Resources: { Wait: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }),
      AdministrationRoleARN: arn('role', 'stackset-admin'),
      ExecutionRoleName: 'stackset-exec',
      PermissionModel: 'SELF_MANAGED',
    }),
  );
  await cfn.send(
    new CreateStackInstancesCommand({ StackSetName: 'baseline', Accounts: [member], Regions: [REGION] }),
  );

  const emr = await client(EMRServerlessClient, creds).send(
    new CreateEmrApplicationCommand({
      name: 'spark',
      releaseLabel: 'emr-7.0.0',
      type: 'SPARK',
      tags: { team: 'data' },
    }),
  );

  const cognito = client(CognitoIdentityClient, creds);
  const pool = (IdentityPoolName: string, open: boolean) =>
    cognito.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName,
        AllowUnauthenticatedIdentities: open,
        AllowClassicFlow: open,
      }),
    );
  const openPool = (await pool('guests', true)).IdentityPoolId!;
  const closedPool = (await pool('members', false)).IdentityPoolId!;
  for (const [RoleName, poolId] of [
    ['guest-admin', openPool],
    ['member-admin', closedPool],
  ] as const) {
    await iam.send(
      new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_COGNITO_UNAUTHENTICATED(poolId) }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: ADMIN }));
  }
  await iam.send(new CreateUserCommand({ UserName: 'pool-admin' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'pool-admin',
      PolicyName: 'set-pool-roles',
      PolicyDocument: doc(
        { Effect: 'Allow', Action: 'cognito-identity:SetIdentityPoolRoles', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      ),
    }),
  );

  const deploy = client(CodeDeployClient, creds);
  await deploy.send(new CreateDeployApplicationCommand({ applicationName: 'web', computePlatform: 'Server' }));
  await deploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'web',
      deploymentGroupName: 'prod',
      serviceRoleArn: arn('role', 'deploy'),
      ec2TagFilters: [{ Key: 'app', Value: 'web', Type: 'KEY_AND_VALUE' }],
    }),
  );

  return { stackSetId: set.StackSetId!, emrApplication: emr.arn!, openPool, closedPool };
}

/** A role with admin rights that the given service may assume. */
async function adminRoleFor(iam: IAMClient, RoleName: string, service: string) {
  await iam.send(
    new CreateRoleCommand({
      RoleName,
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: ADMIN }));
}

/**
 * Compute whose role an existing-compute technique borrows: a Batch job definition running as an
 * admin role and a user who may submit jobs; a deregistered definition whose role must stay out of
 * reach; AgentCore runtimes taking IAM and JWT callers.
 */
async function seedCompute(creds: Creds, arn: Seeded['arn']): Promise<SeededCompute> {
  const iam = client(IAMClient, creds);
  await adminRoleFor(iam, 'batch-admin', 'ecs-tasks.amazonaws.com');
  await adminRoleFor(iam, 'batch-retired', 'ecs-tasks.amazonaws.com');
  await adminRoleFor(iam, 'batch-service', 'batch.amazonaws.com');
  await adminRoleFor(iam, 'tasks-idle', 'ecs-tasks.amazonaws.com');
  await adminRoleFor(iam, 'agent-admin', 'bedrock-agentcore.amazonaws.com');
  await adminRoleFor(iam, 'task-admin', 'ecs-tasks.amazonaws.com');
  await iam.send(new CreateUserCommand({ UserName: 'submitter' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'submitter',
      PolicyName: 'submit-jobs',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'batch:SubmitJob', Resource: '*' }),
    }),
  );

  const batch = client(BatchClient, creds);
  const ce = await batch.send(
    new CreateComputeEnvironmentCommand({
      computeEnvironmentName: 'unmanaged',
      type: 'UNMANAGED',
      serviceRole: arn('role', 'batch-service'),
    }),
  );
  const queue = await batch.send(
    new CreateJobQueueCommand({
      jobQueueName: 'jobs',
      priority: 1,
      state: 'ENABLED',
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce.computeEnvironmentArn! }],
    }),
  );
  const container = (role: string) => ({
    image: 'busybox',
    command: ['true'],
    jobRoleArn: arn('role', role),
    resourceRequirements: [
      { type: 'VCPU' as const, value: '1' },
      { type: 'MEMORY' as const, value: '512' },
    ],
    environment: [{ name: 'DB_PASSWORD', value: FAKE_DB_PASSWORD }],
  });
  const def = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: 'etl',
      type: 'container',
      containerProperties: container('batch-admin'),
      tags: { team: 'data' },
    }),
  );
  const retired = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: 'old-etl',
      type: 'container',
      containerProperties: container('batch-retired'),
    }),
  );
  await batch.send(new DeregisterJobDefinitionCommand({ jobDefinition: retired.jobDefinitionArn }));

  const agentcore = client(BedrockAgentCoreControlClient, creds);
  const runtime = (agentRuntimeName: string, extra: object) =>
    agentcore.send(
      new CreateAgentRuntimeCommand({
        agentRuntimeName,
        agentRuntimeArtifact: { containerConfiguration: { containerUri: 'agent.example/agent:latest' } },
        roleArn: arn('role', 'agent-admin'),
        networkConfiguration: { networkMode: 'PUBLIC' },
        ...extra,
      }),
    );
  const open = await runtime('open_agent', { environmentVariables: { API_TOKEN: FAKE_SECRET_KEY } });
  const gated = await runtime('gated_agent', {
    authorizerConfiguration: {
      customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' },
    },
  });
  const ecs = client(ECSClient, creds);
  const task = (family: string) =>
    ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        taskRoleArn: arn('role', 'task-admin'),
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'app', image: 'busybox', environment: [{ name: 'DB_PASSWORD', value: FAKE_DB_PASSWORD }] },
        ],
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
  const taskDef = (await task('worker')).taskDefinition!.taskDefinitionArn!;
  const retiredTask = (await task('old-worker')).taskDefinition!.taskDefinitionArn!;
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: retiredTask }));
  const cluster = await ecs.send(
    new CreateClusterCommand({ clusterName: 'prod', tags: [{ key: 'env', value: 'prod' }] }),
  );

  return {
    taskDefinition: taskDef,
    retiredTaskDefinition: retiredTask,
    cluster: cluster.cluster!.clusterArn!,
    jobDefinition: def.jobDefinitionArn!,
    retiredJobDefinition: retired.jobDefinitionArn!,
    jobQueue: queue.jobQueueArn!,
    runtime: open.agentRuntimeArn!,
    gatedRuntime: gated.agentRuntimeArn!,
  };
}

async function seed(): Promise<Seeded> {
  const { account: home, creds } = await freshAccount();
  const arn = (kind: string, name: string, account = home) => `arn:aws:iam::${account}:${kind}/${name}`;
  const iam = client(IAMClient, creds);

  // ci-deployer --(access key)--> may assume deploy (admin); alice has a console password.
  await iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: randomUUID() }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'assume-deploy',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'deploy') }),
    }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'ci-deployer', PolicyArn: Policy!.Arn! }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'deploy',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: arn('user', 'ci-deployer') },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deploy', PolicyArn: ADMIN }));

  // Compute that runs as roles: an instance through its profile, a function with secrets in its environment.
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'web',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  await iam.send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'fn-role',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    }),
  );

  const ec2 = client(EC2Client, creds);
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'ssh-open', Description: 'ssh from anywhere' }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-03cf127a',
      MinCount: 1,
      MaxCount: 1,
      IamInstanceProfile: { Name: 'web-profile' },
      SecurityGroupIds: [sg.GroupId!],
    }),
  );
  const instanceId = run.Instances![0]!.InstanceId!;

  const lambda = client(LambdaClient, creds);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'billing-sync',
      Runtime: 'python3.12',
      Role: arn('role', 'fn-role'),
      Handler: 'app.handler',
      Code: { ZipFile: EMPTY_ZIP },
      Environment: {
        Variables: {
          AWS_ACCESS_KEY_ID: FAKE_KEY_ID,
          AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
          TABLE: 'invoices',
        },
      },
    }),
  );
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'billing-sync',
      StatementId: 's3-invoke',
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
    }),
  );

  // A second region: regional services are read in every region asked for.
  await new SecretsManagerClient({ endpoint, region: OTHER_REGION, credentials: creds }).send(
    new CreateSecretCommand({ Name: 'eu/api-key', SecretString: FAKE_DB_PASSWORD }),
  );
  const sm = client(SecretsManagerClient, creds);
  const secret = await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: FAKE_DB_PASSWORD }));
  await sm.send(
    new PutResourcePolicyCommand({
      SecretId: secret.ARN,
      ResourcePolicy: doc({
        Effect: 'Allow',
        Principal: { AWS: arn('role', 'web') },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    }),
  );

  const bucket = `reports-${home}`;
  const s3 = client(S3Client, creds, { forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
      }),
    }),
  );

  // More compute that runs as a role, a trigger, and data with resource policies.
  await client(CodeBuildClient, creds).send(
    new CreateProjectCommand({
      name: 'builder',
      source: { type: 'S3', location: `${bucket}/src.zip` },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [{ name: 'DB_PASSWORD', value: FAKE_DB_PASSWORD, type: 'PLAINTEXT' }],
      },
      serviceRole: arn('role', 'fn-role'),
    }),
  );
  const events = client(EventBridgeClient, creds);
  const rule = await events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'rate(1 day)' }));
  await events.send(
    new PutTargetsCommand({
      Rule: 'nightly',
      Targets: [
        {
          Id: 'fn',
          Arn: `arn:aws:lambda:${REGION}:${home}:function:billing-sync`,
          Input: JSON.stringify({ password: FAKE_DB_PASSWORD }),
        },
      ],
    }),
  );
  await client(SQSClient, creds).send(
    new CreateQueueCommand({
      QueueName: 'jobs',
      Attributes: {
        Policy: doc({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }),
      },
    }),
  );
  const key = await client(KMSClient, creds).send(new CreateKeyCommand({}));
  await client(CloudFormationClient, creds).send(
    new CreateStackCommand({
      StackName: 'app',
      RoleARN: arn('role', 'deploy'),
      TemplateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }),
    }),
  );

  // An organization: this account manages it; a member account trusts the deploy role; an SCP.
  const org = client(OrganizationsClient, creds);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const created = await org.send(
    new CreateAccountCommand({ AccountName: 'prod', Email: `prod-${home}@example.com` }),
  );
  const member = created.CreateAccountStatus!.AccountId!;
  const scp = await org.send(
    new CreateOrgPolicyCommand({
      Name: 'deny-leave',
      Description: 'no leaving',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }),
    }),
  );
  await org.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: member }));
  const memberCreds = (await freshAccount(creds, member)).creds;
  const memberIam = client(IAMClient, memberCreds);
  await memberIam.send(
    new CreateRoleCommand({
      RoleName: 'audit',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: arn('role', 'deploy') },
        Action: 'sts:AssumeRole',
      }),
    }),
  );

  return {
    home,
    member,
    creds,
    bucket,
    instanceId,
    arn,
    ruleArn: rule.RuleArn!,
    keyId: key.KeyMetadata!.KeyId!,
    compute: await seedCompute(creds, arn),
    sets: await seedSetsAndPools(creds, memberCreds, member, arn),
    userData: await seedUserData(creds),
  };
}

/** Runs the CLI in-process with the standard credential chain fed from the environment. */
async function cli(args: string[], env: Record<string, string>): Promise<number> {
  Object.assign(process.env, env);
  return main(['node', 'leakpath', ...args]);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('collect aws against moto server', () => {
  let s: Seeded;
  let store: string;
  let raw: string;
  let exitCode: number;

  beforeAll(async () => {
    endpoint = inject('moto').endpoint;
    s = await timed('seed', seed);
    const dir = tempDir();
    store = path.join(dir, 'store');
    raw = path.join(dir, 'raw');
    exitCode = await timed('collect', () =>
      // Few attempts: moto answers requests it does not implement with HTTP 500, which the SDK retries.
      cli(
        [
          '--store',
          store,
          'collect',
          'aws',
          '--assume-role',
          'OrganizationAccountAccessRole',
          '--save-raw',
          raw,
          '--regions',
          `${REGION},${OTHER_REGION}`,
          '--max-attempts',
          '3',
        ],
        {
          AWS_ENDPOINT_URL: endpoint,
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: s.creds.accessKeyId,
          AWS_SECRET_ACCESS_KEY: s.creds.secretAccessKey,
          AWS_SESSION_TOKEN: s.creds.sessionToken!,
        },
      ),
    );
  });

  afterAll(() => {
    process.env = savedEnv;
    console.log(`collect aws against moto: ${JSON.stringify(timings)} ms`);
  });

  it('exits 0 and writes a collect snapshot covering both accounts', async () => {
    expect(exitCode).toBe(0);
    const snap = await new SnapshotStore(store).read();
    expect(snap.run.kind).toBe('collect');
    const inv = snap.inventories[0] as AwsInventory;
    expect(inv.accounts.map((a) => a.accountId)).toEqual([s.home, s.member].sort());
  });

  it('finds the access key, the role it can assume, and the cross-account hop', async () => {
    const { graph } = await new SnapshotStore(store).read();
    const key = graph.nodes.find(
      (n) => n.type === 'aws:iam:access-key' && n.props.userName === 'ci-deployer',
    );
    expect(key).toBeDefined();
    const edge = (kind: string, source: string, target: string) =>
      graph.edges.find((e) => e.kind === kind && e.source === source && e.target === target);
    expect(edge('AUTHENTICATES_AS', key!.id, s.arn('user', 'ci-deployer'))).toBeDefined();
    expect(edge('CAN_ASSUME', s.arn('user', 'ci-deployer'), s.arn('role', 'deploy'))).toBeDefined();
    expect(edge('CAN_ASSUME', s.arn('role', 'deploy'), s.arn('role', 'audit', s.member))).toBeDefined();
    expect(graph.nodes.find((n) => n.id === s.arn('role', 'deploy'))?.tierZero).toBeDefined();
  });

  it('records compute, secrets, buckets, passwords and the organization in the inventory', async () => {
    const inv = (await new SnapshotStore(store).read()).inventories[0] as AwsInventory;
    const home = inv.accounts.find((a) => a.accountId === s.home)!;
    const res = (type: string) => (home.resources ?? []).filter((r) => r.type === type);

    const fn = res('lambda:function').find((r) => r.name === 'billing-sync');
    expect(fn).toMatchObject({
      runsAs: s.arn('role', 'fn-role'),
      props: {
        environmentVariableNames: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'TABLE'],
        credentialIds: [FAKE_KEY_ID],
      },
    });
    expect(fn?.props.secretEnvironmentVariableNames).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(fn?.policy?.Statement[0]).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: { Service: 's3.amazonaws.com' },
    });

    const instance = res('ec2:instance').find((r) => r.props.instanceId === s.instanceId);
    expect(instance).toMatchObject({ runsAs: s.arn('role', 'web'), props: { internetIngress: ['tcp/22'] } });

    expect(res('secretsmanager:secret').find((r) => r.name === 'eu/api-key')?.region).toBe(OTHER_REGION);
    const secret = res('secretsmanager:secret').find((r) => r.name === 'prod/db');
    expect(secret?.policy?.Statement[0]).toMatchObject({ Action: 'secretsmanager:GetSecretValue' });
    expect(res('s3:bucket').find((r) => r.name === s.bucket)?.policy?.Statement[0]).toMatchObject({
      Principal: '*',
    });

    expect(fn?.props.triggers).toEqual([s.ruleArn]);
    expect(res('codebuild:project').find((r) => r.name === 'builder')).toMatchObject({
      runsAs: s.arn('role', 'fn-role'),
      props: { environmentVariableNames: ['DB_PASSWORD'], secretEnvironmentVariableNames: ['DB_PASSWORD'] },
    });
    expect(res('cloudformation:stack').find((r) => r.name === 'app')?.runsAs).toBe(s.arn('role', 'deploy'));
    expect(res('events:rule').find((r) => r.arn === s.ruleArn)?.props.targetArns).toEqual([fn!.arn]);
    expect(res('sqs:queue').find((r) => r.name === 'jobs')?.policy?.Statement[0]).toMatchObject({
      Action: 'sqs:SendMessage',
    });
    expect(res('kms:key').find((r) => r.name === s.keyId)?.policy?.Statement.length).toBeGreaterThan(0);

    expect(home.users.find((u) => u.name === 'alice')?.hasLoginProfile).toBe(true);
    expect(home.users.find((u) => u.name === 'ci-deployer')?.hasLoginProfile).toBe(false);

    expect(inv.organization).toMatchObject({ managementAccountId: s.home });
    expect(inv.organization?.accounts?.map((a) => a.id).sort()).toEqual([s.home, s.member].sort());
    const scp = inv.organization?.policies.find((p) => p.name === 'deny-leave');
    expect(scp).toMatchObject({ type: 'SERVICE_CONTROL_POLICY', targets: [s.member] });
    expect(inv.organization?.parents[s.member]).toMatch(/^r-/);
  });

  it('reads Batch job definitions and queues: an active definition running as an admin role gives SubmitJob', async () => {
    const { graph, inventories } = await new SnapshotStore(store).read();
    const home = (inventories[0] as AwsInventory).accounts.find((a) => a.accountId === s.home)!;
    const byArn = (arn: string) => home.resources?.find((r) => r.arn === arn);
    expect(byArn(s.compute.jobDefinition)).toMatchObject({
      type: 'batch:job-definition',
      name: 'etl:1',
      runsAs: s.arn('role', 'batch-admin'),
      tags: { team: 'data' },
      props: { status: 'ACTIVE' },
    });
    expect(byArn(s.compute.retiredJobDefinition)?.props.status).toBe('INACTIVE');
    expect(byArn(s.compute.jobQueue)).toMatchObject({ type: 'batch:job-queue', name: 'jobs' });
    expect(home.collected).toEqual(expect.arrayContaining(['batch:job-definition', 'batch:job-queue']));

    const submit = (role: string) =>
      graph.edges.find(
        (e) =>
          e.technique === 'aws:batch:SubmitJob' &&
          e.source === s.arn('user', 'submitter') &&
          e.target === s.arn('role', role),
      );
    expect(submit('batch-admin')).toBeDefined();
    // The listing is complete: a deregistered definition's role, or a role no definition runs as, is out of reach.
    expect(submit('batch-retired')).toBeUndefined();
    expect(submit('tasks-idle')).toBeUndefined();
  });

  it('reads AgentCore runtimes with their role and whether they take IAM or JWT callers', async () => {
    const inv = (await new SnapshotStore(store).read()).inventories[0] as AwsInventory;
    const home = inv.accounts.find((a) => a.accountId === s.home)!;
    const byArn = (arn: string) => home.resources?.find((r) => r.arn === arn);
    expect(byArn(s.compute.runtime)).toMatchObject({
      type: 'bedrock-agentcore:runtime',
      name: 'open_agent',
      runsAs: s.arn('role', 'agent-admin'),
      props: { inboundAuth: 'iam' },
    });
    expect(byArn(s.compute.gatedRuntime)?.props.inboundAuth).toBe('jwt');
    expect(home.collected).toEqual(expect.arrayContaining(['bedrock-agentcore:runtime']));
  });

  it('reads ECS task definitions (active revisions, with their task role) and clusters', async () => {
    const inv = (await new SnapshotStore(store).read()).inventories[0] as AwsInventory;
    const home = inv.accounts.find((a) => a.accountId === s.home)!;
    const byArn = (arn: string) => home.resources?.find((r) => r.arn === arn);
    expect(byArn(s.compute.taskDefinition)).toMatchObject({
      type: 'ecs:task-definition',
      name: 'worker:1',
      runsAs: s.arn('role', 'task-admin'),
      tags: { team: 'web' },
      props: { status: 'ACTIVE', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' },
    });
    // Only ACTIVE revisions can be run, and only those are listed.
    expect(byArn(s.compute.retiredTaskDefinition)).toBeUndefined();
    expect(byArn(s.compute.cluster)).toMatchObject({ type: 'ecs:cluster', name: 'prod', tags: { env: 'prod' } });
    expect(home.collected).toEqual(expect.arrayContaining(['ecs:task-definition', 'ecs:cluster']));
  });

  it('reads self-managed stack sets with their roles and instances: UpdateStackSet reaches the execution role', async () => {
    const { graph, inventories } = await new SnapshotStore(store).read();
    const home = (inventories[0] as AwsInventory).accounts.find((a) => a.accountId === s.home)!;
    const set = home.resources?.find((r) => r.type === 'cloudformation:stackset' && r.name === 'baseline');
    expect(set).toMatchObject({
      props: {
        stackSetId: s.sets.stackSetId,
        administrationRoleArn: s.arn('role', 'stackset-admin'),
        executionRoleName: 'stackset-exec',
        permissionModel: 'SELF_MANAGED',
        instanceAccounts: [s.member],
        instanceRegions: [REGION],
      },
    });
    expect(home.collected).toEqual(expect.arrayContaining(['cloudformation:stackset']));
    const update = graph.edges.find(
      (e) =>
        e.technique === 'aws:cloudformation:UpdateStackSet' &&
        e.source === s.arn('user', 'stackset-operator') &&
        e.target === s.arn('role', 'stackset-exec', s.member),
    );
    // Settled by what was read: the stack set, its administration role and its instance in the member account.
    expect(update?.evidence.refs?.some((r) => r.source === set!.arn)).toBe(true);
    expect(update?.conditions).toBeUndefined();
  });

  it('reads EMR Serverless applications and CodeDeploy deployment groups', async () => {
    const inv = (await new SnapshotStore(store).read()).inventories[0] as AwsInventory;
    const home = inv.accounts.find((a) => a.accountId === s.home)!;
    expect(home.resources?.find((r) => r.arn === s.sets.emrApplication)).toMatchObject({
      type: 'emr-serverless:application',
      name: 'spark',
      props: { applicationType: expect.stringMatching(/^spark$/i), releaseLabel: 'emr-7.0.0' },
      // Only get-application carries the tags.
      tags: { team: 'data' },
    });
    expect(home.collected).toEqual(expect.arrayContaining(['emr-serverless:application']));
    expect(home.resources?.find((r) => r.type === 'codedeploy:deployment-group')).toMatchObject({
      name: 'web/prod',
      region: REGION,
      props: { serviceRoleArn: s.arn('role', 'deploy'), ec2TagFilters: ['app=web'] },
    });
  });

  it('reads Cognito identity pools: a role trusting an open pool is exposed by SetIdentityPoolRoles, a closed one is not', async () => {
    const { graph, inventories } = await new SnapshotStore(store).read();
    const home = (inventories[0] as AwsInventory).accounts.find((a) => a.accountId === s.home)!;
    const pool = (id: string) =>
      home.resources?.find((r) => r.type === 'cognito-identity:identitypool' && r.props.identityPoolId === id);
    // moto keeps no AllowClassicFlow: the open pool reads as enhanced-flow only.
    expect(pool(s.sets.openPool)?.props.allowUnauthenticatedIdentities).toBe(true);
    expect(pool(s.sets.closedPool)?.props.allowUnauthenticatedIdentities).toBe(false);
    const exposes = (role: string) =>
      graph.edges.find(
        (e) =>
          e.technique === 'aws:cognito-identity:SetIdentityPoolRoles' &&
          e.source === s.arn('user', 'pool-admin') &&
          e.target === s.arn('role', role),
      );
    // The pool read live settles that it takes unauthenticated identities; only the flow is left open.
    const open = exposes('guest-admin');
    expect(open?.evidence.refs.some((r) => r.source === pool(s.sets.openPool)!.arn)).toBe(true);
    expect(open?.conditions ?? '').not.toMatch(/allows unauthenticated identities|exists/);
    expect(exposes('member-admin')).toBeUndefined();
  });

  it('reads instance user data, plain and gzip-compressed: a key exported there is exposed to whoever may read it', async () => {
    const { graph, inventories } = await new SnapshotStore(store).read();
    const home = (inventories[0] as AwsInventory).accounts.find((a) => a.accountId === s.home)!;
    const keyNode = `aws:access-key:${s.userData.keyId}`;
    for (const id of [s.userData.plain, s.userData.gzip]) {
      const instance = (home.resources ?? []).find((r) => r.props.instanceId === id);
      expect(instance?.props).toMatchObject({ credentialIds: [s.userData.keyId], userDataSecretKinds: ['AWS secret access key'] });
      const location = `${instance!.arn}#user-data`;
      const edge = (kind: string, source: string, target: string) =>
        graph.edges.find((e) => e.kind === kind && e.source === source && e.target === target);
      expect(edge('CAN_READ', s.arn('user', 'ud-reader'), location)?.technique).toBe('aws:ec2:DescribeInstanceAttribute');
      expect(edge('EXPOSES', location, keyNode)).toBeDefined();
      expect(edge('AUTHENTICATES_AS', keyNode, s.arn('user', 'provisioner'))).toBeDefined();
      expect(edge('CAN_READ', s.arn('user', 'alice'), location)).toBeUndefined();
    }
    // The instance launched without user data is read too, and holds nothing.
    const web = (home.resources ?? []).find((r) => r.props.instanceId === s.instanceId);
    expect(web?.props).toMatchObject({ credentialIds: [], userDataSecretKinds: [] });
  });

  it('records which resource types the listings of each account covered, empty ones included', async () => {
    const inv = (await new SnapshotStore(store).read()).inventories[0] as AwsInventory;
    const listed = ['cloudformation:stack', 'codebuild:project', 'ec2:instance', 'lambda:function', 's3:bucket', 'secretsmanager:secret'];
    for (const account of inv.accounts) expect(account.collected).toEqual(expect.arrayContaining(listed));
    // The member account runs no function: its listing, read empty, still counts.
    const member = inv.accounts.find((a) => a.accountId === s.member)!;
    expect((member.resources ?? []).some((r) => r.type === 'lambda:function')).toBe(false);
  });

  it('records every failed request as a coverage gap and goes on', async () => {
    const snap = await new SnapshotStore(store).read();
    const failed = [];
    for (const file of await filesUnder(raw)) {
      const env = JSON.parse(await readFile(file, 'utf8')) as { command: string; error?: { code: string } };
      if (
        env.error &&
        ![
          'NoSuchEntity',
          'NoSuchBucketPolicy',
          'ResourceNotFoundException',
          'AWSOrganizationsNotInUseException',
        ].includes(env.error.code)
      ) {
        failed.push(path.relative(raw, file));
      }
    }
    for (const f of failed)
      expect(snap.run.warnings.some((w) => w.includes(f) && w.includes('coverage gap'))).toBe(true);
  });

  it('a failed listing the parsers do not read (CodeDeploy applications, identity pools) is a coverage gap of the run', async () => {
    const again = path.join(tempDir(), 'store');
    const down = 'http://127.0.0.1:9';
    try {
      const code = await cli(['--store', again, 'collect', 'aws', '--regions', REGION, '--max-attempts', '1'], {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ENDPOINT_URL_CODEDEPLOY: down,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY: down,
        AWS_ACCESS_KEY_ID: s.creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s.creds.secretAccessKey,
        AWS_SESSION_TOKEN: s.creds.sessionToken!,
      });
      expect(code).toBe(0);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CODEDEPLOY;
      delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY;
    }
    const snap = await new SnapshotStore(again).read();
    for (const command of ['deploy list-applications', 'cognito-identity list-identity-pools'])
      expect(snap.run.warnings.some((w) => w.includes(command) && w.includes('coverage gap'))).toBe(true);
    const home = (snap.inventories[0] as AwsInventory).accounts.find((a) => a.accountId === s.home)!;
    expect(home.resources?.some((r) => r.type === 'codedeploy:deployment-group')).toBe(false);
    expect(home.resources?.some((r) => r.type === 'batch:job-definition')).toBe(true);
  });

  it('--save-raw then ingest builds the same graph', async () => {
    const again = path.join(tempDir(), 'store');
    await timed('ingest of --save-raw', () => ingest([raw], again));
    const live = await new SnapshotStore(store).read();
    const replayed = await new SnapshotStore(again).read();
    expect(replayed.graph).toEqual(live.graph);
    expect(replayed.inventories).toEqual(live.inventories);
  });

  it('writes no secret value to the store or the raw files', async () => {
    for (const file of [...(await filesUnder(store)), ...(await filesUnder(raw))]) {
      const text = await readFile(file, 'utf8');
      for (const secret of [FAKE_SECRET_KEY, FAKE_DB_PASSWORD, FAKE_USER_DATA_SECRET, ...s.userData.encoded])
        expect(text.includes(secret), `${file} holds a secret value`).toBe(false);
    }
  });

  it('exits 3 when the endpoint is down, leaving the store untouched', async () => {
    const before = await readFile(path.join(store, 'index.json'), 'utf8');
    const code = await cli(['--store', store, 'collect', 'aws'], {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: '',
    });
    expect(code).toBe(3);
    expect(await readFile(path.join(store, 'index.json'), 'utf8')).toBe(before);
  });

  it('exits 3 without credentials, before any request', async () => {
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete process.env[k];
    const nowhere = path.join(tempDir(), 'none');
    // No instance metadata lookup, no profile files: the chain has nothing to offer.
    const code = await cli(['--store', store, 'collect', 'aws'], {
      AWS_ENDPOINT_URL: endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: nowhere,
      AWS_SHARED_CREDENTIALS_FILE: nowhere,
    });
    expect(code).toBe(3);
  });
});
