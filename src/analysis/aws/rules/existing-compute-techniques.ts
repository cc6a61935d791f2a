import type { AwsResource } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import type { ExistingComputeTechnique } from './existing-compute.js';

/**
 * The existing-compute techniques as data: the resource type that runs as a role, the requests
 * that put the attacker's code on it, the state that must hold. The rule that judges them is
 * existingComputeEdge (existing-compute.ts); docs live in techniques/aws/existing-compute.ts.
 */

const ssmDocument = (name: string) => () => `arn:aws:ssm:x::document/${name}`;
const invokeFunction = {
  action: 'lambda:InvokeFunction',
  otherwise: 'the function is invoked by its own triggers or callers after the change',
  rewrite: { action: 'lambda:AddPermission', keys: (p: AwsPrincipal) => ({ 'lambda:Principal': p.arn }) },
};
const agentcore = (kind: string) => (a: string) => `arn:aws:bedrock-agentcore:*:${a}:${kind}/*`;
const knownBoolean = (key: string) => (r: AwsResource) => (typeof r.props[key] === 'boolean' ? (r.props[key] as boolean) : undefined);
const ssmManaged = { holds: (r: AwsResource) => (typeof r.props.ssmManaged === 'boolean' ? r.props.ssmManaged : undefined), text: 'the instance is managed by SSM' };

/** Resource kinds several techniques work on. */
const LAMBDA_FUNCTION = {
  type: 'lambda:function',
  what: 'Lambda function',
  service: 'lambda.amazonaws.com',
  shape: (a: string) => `arn:aws:lambda:*:${a}:function:*`,
} as const;
const EC2_INSTANCE = {
  type: 'ec2:instance',
  what: 'EC2 instance',
  service: 'ec2.amazonaws.com',
  shape: (a: string) => `arn:aws:ec2:*:${a}:instance/*`,
} as const;
const SAGEMAKER_NOTEBOOK = {
  type: 'sagemaker:notebook',
  what: 'SageMaker notebook instance',
  service: 'sagemaker.amazonaws.com',
  shape: (a: string) => `arn:aws:sagemaker:*:${a}:notebook-instance/*`,
} as const;
const CLOUDFORMATION_STACK = {
  type: 'cloudformation:stack',
  what: 'CloudFormation stack',
  service: 'cloudformation.amazonaws.com',
  shape: (a: string) => `arn:aws:cloudformation:*:${a}:stack/*`,
} as const;

export const EXISTING_COMPUTE_TECHNIQUES: readonly ExistingComputeTechnique[] = [
  {
    id: 'aws:lambda:UpdateFunctionCode',
    ...LAMBDA_FUNCTION,
    steps: [{ anyOf: ['lambda:UpdateFunctionCode'] }],
    how: 'replaces the code of a function running as the role',
    helper: invokeFunction,
  },
  {
    id: 'aws:lambda:UpdateFunctionConfiguration',
    ...LAMBDA_FUNCTION,
    steps: [{ anyOf: ['lambda:UpdateFunctionConfiguration'] }],
    how: 'adds an attacker layer (or an exec wrapper) to a function running as the role',
    helper: invokeFunction,
  },
  {
    id: 'aws:glue:UpdateDevEndpoint',
    type: 'glue:devendpoint',
    what: 'Glue development endpoint',
    service: 'glue.amazonaws.com',
    shape: (a) => `arn:aws:glue:*:${a}:devEndpoint/*`,
    steps: [{ anyOf: ['glue:UpdateDevEndpoint'] }],
    how: 'adds its SSH key to a Glue development endpoint running as the role and logs in',
  },
  {
    id: 'aws:ssm:SendCommand',
    ...EC2_INSTANCE,
    steps: [{ anyOf: ['ssm:SendCommand'] }, { anyOf: ['ssm:SendCommand'], on: ssmDocument('AWS-RunShellScript') }],
    instanceProfile: true,
    state: ssmManaged,
    how: 'runs a shell command on an SSM-managed instance whose instance profile holds the role and reads the role\'s credentials from instance metadata',
  },
  {
    id: 'aws:ssm:StartSession',
    ...EC2_INSTANCE,
    steps: [{ anyOf: ['ssm:StartSession'] }],
    instanceProfile: true,
    state: ssmManaged,
    how: 'opens a Session Manager shell on an SSM-managed instance whose instance profile holds the role',
  },
  {
    id: 'aws:ec2-instance-connect:SendSSHPublicKey',
    ...EC2_INSTANCE,
    steps: [{ anyOf: ['ec2-instance-connect:SendSSHPublicKey'] }],
    instanceProfile: true,
    unsettled: 'a network path to the instance\'s SSH port and an EC2 Instance Connect agent on it (not evaluated)',
    how: 'pushes a one-time SSH key to an instance whose instance profile holds the role, logs in and reads the role\'s credentials',
  },
  {
    id: 'aws:codebuild:StartBuild',
    type: 'codebuild:project',
    what: 'CodeBuild project',
    service: 'codebuild.amazonaws.com',
    shape: (a) => `arn:aws:codebuild:*:${a}:project/*`,
    steps: [{ anyOf: ['codebuild:StartBuild', 'codebuild:StartBuildBatch'] }],
    how: 'starts a build of a project running as the role with a buildspec override',
  },
  {
    id: 'aws:sagemaker:CreatePresignedNotebookInstanceUrl',
    ...SAGEMAKER_NOTEBOOK,
    steps: [{ anyOf: ['sagemaker:CreatePresignedNotebookInstanceUrl'] }],
    how: 'opens a notebook instance running as the role through a presigned URL and uses its terminal',
  },
  {
    id: 'aws:cloudformation:UpdateStack',
    ...CLOUDFORMATION_STACK,
    steps: [{ anyOf: ['cloudformation:UpdateStack'] }],
    how: 'updates a stack whose service role is the role with a template that creates resources as the role',
  },
  {
    id: 'aws:ec2:ModifyInstanceAttribute',
    ...EC2_INSTANCE,
    // User data is read only at boot, so the instance must be stopped first and started again.
    steps: [{ anyOf: ['ec2:StopInstances'] }, { anyOf: ['ec2:ModifyInstanceAttribute'] }, { anyOf: ['ec2:StartInstances'] }],
    instanceProfile: true,
    how: 'stops an instance whose instance profile holds the role, replaces its user data with a script run at every boot, and starts it again',
  },
  {
    id: 'aws:ec2:CreateLaunchTemplateVersion+ModifyLaunchTemplate',
    type: 'ec2:launch-template',
    what: 'EC2 launch template',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:ec2:*:${a}:launch-template/*`,
    steps: [{ anyOf: ['ec2:CreateLaunchTemplateVersion'] }, { anyOf: ['ec2:ModifyLaunchTemplate'] }],
    instanceProfile: true,
    unsettled: 'an Auto Scaling group (or fleet) launches instances from the template\'s default version after the change (groups are not evaluated)',
    how: 'adds a launch template version with attacker user data, keeping the template\'s instance profile, and makes it the default that the Auto Scaling group launches',
  },
  {
    id: 'aws:sagemaker:UpdateNotebookInstanceLifecycleConfig',
    ...SAGEMAKER_NOTEBOOK,
    steps: [
      { anyOf: ['sagemaker:StopNotebookInstance'] },
      { anyOf: ['sagemaker:UpdateNotebookInstanceLifecycleConfig'], on: (a) => `arn:aws:sagemaker:x:${a}:notebook-instance-lifecycle-config/x` },
      { anyOf: ['sagemaker:StartNotebookInstance'] },
    ],
    how: 'rewrites the on-start lifecycle script of a notebook instance running as the role and restarts the notebook',
  },
  {
    id: 'aws:ecs:ExecuteCommand',
    type: 'ecs:task',
    what: 'ECS task',
    service: 'ecs-tasks.amazonaws.com',
    shape: (a) => `arn:aws:ecs:*:${a}:task/*`,
    steps: [{ anyOf: ['ecs:ExecuteCommand'] }],
    state: { holds: knownBoolean('enableExecuteCommand'), text: 'the task runs with ECS Exec enabled (enableExecuteCommand)' },
    // The CLI reads the container runtime id with DescribeTasks to name the Session Manager target.
    helper: { action: 'ecs:DescribeTasks', otherwise: 'the attacker knows the task\'s container runtime id without ecs:DescribeTasks (the CLI reads it with DescribeTasks to open the session)' },
    how: 'opens a shell in a running ECS task whose task role is the role and reads the task credentials',
  },
  {
    id: 'aws:apprunner:UpdateService',
    type: 'apprunner:service',
    what: 'App Runner service',
    service: 'tasks.apprunner.amazonaws.com',
    shape: (a) => `arn:aws:apprunner:*:${a}:service/*`,
    steps: [{ anyOf: ['apprunner:UpdateService'] }],
    how: 'points an App Runner service whose instance role is the role at an attacker image or start command',
  },
  {
    id: 'aws:cloudformation:ExecuteChangeSet',
    ...CLOUDFORMATION_STACK,
    // An UPDATE change set that names no role keeps the stack's service role: no iam:PassRole.
    steps: [{ anyOf: ['cloudformation:CreateChangeSet'] }, { anyOf: ['cloudformation:ExecuteChangeSet'] }],
    how: 'creates a change set on a stack whose service role is the role, with a template that creates resources as the role, and executes it',
  },
  {
    id: 'aws:sagemaker:UpdateNotebookInstance',
    ...SAGEMAKER_NOTEBOOK,
    steps: [
      { anyOf: ['sagemaker:StopNotebookInstance'] },
      { anyOf: ['sagemaker:CreateNotebookInstanceLifecycleConfig'], on: (a) => `arn:aws:sagemaker:x:${a}:notebook-instance-lifecycle-config/x` },
      { anyOf: ['sagemaker:UpdateNotebookInstance'] },
      { anyOf: ['sagemaker:StartNotebookInstance'] },
    ],
    how: 'stops a notebook instance running as the role, attaches a new lifecycle configuration whose on-start script uses the role, and starts it again',
  },
  {
    id: 'aws:batch:SubmitJob',
    type: 'batch:job-definition',
    what: 'Batch job definition',
    service: 'ecs-tasks.amazonaws.com',
    shape: (a) => `arn:aws:batch:*:${a}:job-definition/*`,
    // SubmitJob is authorized on both the job definition and the job queue it names.
    steps: [
      { anyOf: ['batch:SubmitJob'] },
      { anyOf: ['batch:SubmitJob'], names: { type: 'batch:job-queue', what: 'Batch job queue', shape: (a) => `arn:aws:batch:*:${a}:job-queue/*` } },
    ],
    state: { holds: (r) => (typeof r.props.status === 'string' ? r.props.status === 'ACTIVE' : undefined), text: 'the job definition is ACTIVE' },
    unsettled: 'the job\'s image runs an overridden command (containerOverrides.command); the image itself cannot be changed at submission',
    how: 'submits a job of a definition whose job role is the role, overriding its command, and reads the task credentials',
  },
  {
    id: 'aws:bedrock-agentcore:InvokeCodeInterpreter',
    type: 'bedrock-agentcore:code-interpreter',
    what: 'AgentCore code interpreter',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: agentcore('code-interpreter-custom'),
    steps: [{ anyOf: ['bedrock-agentcore:StartCodeInterpreterSession'] }, { anyOf: ['bedrock-agentcore:InvokeCodeInterpreter'] }],
    how: 'starts a session on a custom code interpreter whose execution role is the role and runs code that reads the role\'s credentials',
  },
  {
    id: 'aws:bedrock-agentcore:InvokeAgentRuntimeCommand',
    type: 'bedrock-agentcore:runtime',
    what: 'AgentCore runtime',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: agentcore('runtime'),
    steps: [{ anyOf: ['bedrock-agentcore:InvokeAgentRuntimeCommand'] }],
    // A runtime with a custom JWT authorizer refuses SigV4 callers, whatever IAM allows.
    state: { holds: (r) => (r.props.inboundAuth === 'iam' ? true : r.props.inboundAuth === 'jwt' ? false : undefined), text: 'the runtime accepts IAM (SigV4) callers, not a custom JWT authorizer' },
    how: 'runs a shell command inside an AgentCore runtime whose execution role is the role and reads the role\'s credentials',
  },
  {
    id: 'aws:bedrock-agentcore:StartBrowserSession',
    type: 'bedrock-agentcore:browser',
    what: 'AgentCore browser',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: agentcore('browser-custom'),
    steps: [{ anyOf: ['bedrock-agentcore:StartBrowserSession'] }, { anyOf: ['bedrock-agentcore:ConnectBrowserAutomationStream'] }],
    how: 'starts a session on a custom browser whose execution role is the role and drives it over its automation stream to read the role\'s credentials from the sandbox metadata service',
  },
  {
    id: 'aws:codedeploy:CreateDeployment',
    type: 'codedeploy:deployment-group',
    what: 'CodeDeploy deployment group',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:codedeploy:*:${a}:deploymentgroup:*`,
    steps: [
      { anyOf: ['codedeploy:CreateDeployment'] },
      // The service reads the deployment configuration the request names; the built-in one always exists.
      { anyOf: ['codedeploy:GetDeploymentConfig'], on: (a) => `arn:aws:codedeploy:x:${a}:deploymentconfig:CodeDeployDefault.AllAtOnce` },
    ],
    instanceProfile: true,
    // Lambda and ECS deployment groups run no revision scripts on a host.
    state: { holds: (r) => (typeof r.props.computePlatform === 'string' ? r.props.computePlatform === 'Server' : undefined), text: 'the group deploys to EC2/on-premises instances (compute platform Server)' },
    unsettled: 'the CodeDeploy agent runs on the group\'s instances and can fetch the attacker\'s revision (from GitHub, or an S3 object the instance role may read)',
    how: 'deploys an attacker revision to a deployment group whose EC2 instances hold the role through their instance profile; its lifecycle hook scripts run as root and read the role\'s credentials',
  },
];
