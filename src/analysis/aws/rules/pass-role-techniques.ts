import type { AwsResource } from '../../../model/inventory/index.js';
import type { PassRoleTechnique, Request } from './pass-role.js';

/**
 * The PassRole techniques as data: which service the passed role must trust, the requests that
 * make the attacker's code run as it, and what the evidence should say. The rule that judges
 * them is passRoleEdge (pass-role.ts); docs live in the catalogue (techniques/aws/pass-role.ts).
 */

/** Only ACTIVE revisions can be run; an unknown status is taken as usable. */
const activeDefinition = (r: AwsResource) => r.props.status === undefined || r.props.status === 'ACTIVE';
/** StartTask places tasks on container instances: the definition must be EC2-compatible. */
const runsOnEc2 = (r: AwsResource) => !Array.isArray(r.props.requiresCompatibilities) || r.props.requiresCompatibilities.includes('EC2');

const lambdaFn = (a: string) => `arn:aws:lambda:*:${a}:function:*`;
const sagemaker = (kind: string) => (a: string) => `arn:aws:sagemaker:*:${a}:${kind}/*`;
const agentcore = (kind: string) => (a: string) => `arn:aws:bedrock-agentcore:*:${a}:${kind}/*`;
// A trigger is a resource of its own: glue:CreateTrigger is authorized on it, not on the job it starts.
const glueTrigger: Request = { action: 'glue:CreateTrigger', named: (a) => `arn:aws:glue:*:${a}:trigger/*` };
const batchQueue = (a: string) => `arn:aws:batch:*:${a}:job-queue/*`;
const batchEnvironment = (a: string) => `arn:aws:batch:*:${a}:compute-environment/*`;

export const PASS_ROLE_TECHNIQUES: readonly PassRoleTechnique[] = [
  {
    id: 'aws:lambda:CreateFunction+InvokeFunction',
    service: 'lambda.amazonaws.com',
    shape: lambdaFn,
    steps: [{ anyOf: ['lambda:CreateFunction'] }, { anyOf: ['lambda:InvokeFunction'] }],
    how: 'creates a Lambda function running as the role and invokes it',
  },
  {
    id: 'aws:lambda:CreateFunction+CreateEventSourceMapping',
    service: 'lambda.amazonaws.com',
    shape: lambdaFn,
    steps: [
      { anyOf: ['lambda:CreateFunction'] },
      {
        anyOf: ['lambda:CreateEventSourceMapping'],
        on: (a) => `arn:aws:lambda:x:${a}:event-source-mapping:x`,
        keys: (c) => ({ 'lambda:FunctionArn': c.newArn }),
      },
    ],
    how: 'creates a Lambda function running as the role and has an event source (DynamoDB stream, Kinesis, SQS) trigger it',
    assumptions: ['an event source the function can be mapped to exists or can be created (e.g. dynamodb:CreateTable with a stream)'],
  },
  {
    id: 'aws:lambda:CreateFunction+AddPermission',
    service: 'lambda.amazonaws.com',
    shape: lambdaFn,
    steps: [{ anyOf: ['lambda:CreateFunction'] }, { anyOf: ['lambda:AddPermission'] }],
    how: 'creates a Lambda function running as the role and grants an attacker-held principal the right to invoke it',
  },
  {
    id: 'aws:ec2:RunInstances',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:ec2:*:${a}:instance/*`,
    steps: [{ anyOf: ['ec2:RunInstances'], keys: (c) => ({ 'ec2:InstanceProfile': c.profileArn ?? '' }) }],
    instanceProfile: true,
    how: 'launches an EC2 instance with the role\'s instance profile and reads its credentials from instance metadata (user data can send them out)',
  },
  {
    id: 'aws:cloudformation:CreateStack',
    service: 'cloudformation.amazonaws.com',
    shape: (a) => `arn:aws:cloudformation:*:${a}:stack/*`,
    steps: [{ anyOf: ['cloudformation:CreateStack'], keys: (c) => ({ 'cloudformation:RoleArn': c.role.arn }) }],
    how: 'creates a CloudFormation stack with the role as its service role; the template creates resources as the role (e.g. an admin user and key, exported as outputs)',
  },
  {
    id: 'aws:cloudformation:CreateChangeSet+ExecuteChangeSet',
    service: 'cloudformation.amazonaws.com',
    shape: (a) => `arn:aws:cloudformation:*:${a}:stack/*`,
    steps: [
      { anyOf: ['cloudformation:CreateChangeSet'], keys: (c) => ({ 'cloudformation:RoleArn': c.role.arn }) },
      { anyOf: ['cloudformation:ExecuteChangeSet'] },
    ],
    how: 'creates and executes a CloudFormation change set with the role as its service role',
  },
  {
    id: 'aws:glue:CreateDevEndpoint',
    service: 'glue.amazonaws.com',
    shape: (a) => `arn:aws:glue:*:${a}:devEndpoint/*`,
    steps: [{ anyOf: ['glue:CreateDevEndpoint'] }],
    how: 'creates a Glue development endpoint running as the role with the attacker\'s SSH key, logs in and reads the role\'s credentials',
  },
  {
    id: 'aws:glue:CreateJob+StartJobRun',
    service: 'glue.amazonaws.com',
    shape: (a) => `arn:aws:glue:*:${a}:job/*`,
    steps: [{ anyOf: ['glue:CreateJob'] }, { anyOf: ['glue:StartJobRun', glueTrigger] }],
    how: 'creates a Glue job running as the role with an attacker script and starts it (run or trigger)',
  },
  {
    id: 'aws:codebuild:CreateProject+StartBuild',
    service: 'codebuild.amazonaws.com',
    shape: (a) => `arn:aws:codebuild:*:${a}:project/*`,
    steps: [{ anyOf: ['codebuild:CreateProject'] }, { anyOf: ['codebuild:StartBuild', 'codebuild:StartBuildBatch'] }],
    how: 'creates a CodeBuild project with the role as its service role and an attacker buildspec, then starts a build',
  },
  {
    id: 'aws:sagemaker:CreateNotebookInstance',
    service: 'sagemaker.amazonaws.com',
    shape: sagemaker('notebook-instance'),
    steps: [{ anyOf: ['sagemaker:CreateNotebookInstance'] }, { anyOf: ['sagemaker:CreatePresignedNotebookInstanceUrl'] }],
    how: 'creates a SageMaker notebook instance running as the role and opens it with a presigned URL',
  },
  {
    id: 'aws:sagemaker:CreateTrainingJob',
    service: 'sagemaker.amazonaws.com',
    shape: sagemaker('training-job'),
    steps: [{ anyOf: ['sagemaker:CreateTrainingJob'] }],
    how: 'starts a SageMaker training job running as the role with an attacker container',
    assumptions: ['the attacker can supply a training image SageMaker may pull (e.g. from an ECR repository it controls)'],
  },
  {
    id: 'aws:sagemaker:CreateProcessingJob',
    service: 'sagemaker.amazonaws.com',
    shape: sagemaker('processing-job'),
    steps: [{ anyOf: ['sagemaker:CreateProcessingJob'] }],
    how: 'starts a SageMaker processing job running as the role with an attacker container',
    assumptions: ['the attacker can supply a processing image SageMaker may pull (e.g. from an ECR repository it controls)'],
  },
  {
    // The shell command runs on the pipeline's Ec2Resource, whose credentials are those of its
    // resourceRole (an EC2 instance profile role); the pipeline role only drives the service.
    id: 'aws:datapipeline:CreatePipeline',
    service: 'ec2.amazonaws.com',
    passedTo: 'datapipeline.amazonaws.com',
    shape: () => '*',
    steps: [{ anyOf: ['datapipeline:CreatePipeline'] }, { anyOf: ['datapipeline:PutPipelineDefinition'] }, { anyOf: ['datapipeline:ActivatePipeline'] }],
    instanceProfile: true,
    extraPasses: [{ service: 'datapipeline.amazonaws.com', what: 'pipeline role' }],
    how: 'creates and activates a Data Pipeline whose Ec2Resource runs as the role (resourceRole) with a ShellCommandActivity that uses its credentials',
    assumptions: [
      'Data Pipeline sends iam:PassedToService datapipeline.amazonaws.com for the resource role (not confirmed in the Service Authorization Reference)',
      'the account may still use AWS Data Pipeline (closed to new customers since 2024)',
    ],
  },
  {
    id: 'aws:ecs:RegisterTaskDefinition+RunTask',
    service: 'ecs-tasks.amazonaws.com',
    shape: (a) => `arn:aws:ecs:*:${a}:task-definition/*`,
    steps: [
      { anyOf: ['ecs:RegisterTaskDefinition'], on: () => '*' },
      {
        anyOf: [
          'ecs:RunTask',
          'ecs:StartTask',
          // A service is authorized on its own ARN, naming the task definition in ecs:task-definition.
          { action: 'ecs:CreateService', named: (a) => `arn:aws:ecs:*:${a}:service/*/*`, keys: (c) => ({ 'ecs:task-definition': c.newArn }) },
        ],
      },
    ],
    how: 'registers an ECS task definition with the role as task role and runs it; the container reads the role\'s credentials',
    assumptions: ['an ECS cluster with capacity exists (or Fargate and ecs:CreateCluster)'],
  },
  // RunTask and StartTask check iam:PassRole on the roles the task will have, overridden or the
  // definition's own: overriding taskRoleArn makes any passable role trusting ecs-tasks the task role.
  {
    id: 'aws:ecs:RunTask',
    service: 'ecs-tasks.amazonaws.com',
    shape: (a) => `arn:aws:ecs:*:${a}:task-definition/*`,
    steps: [{ anyOf: ['ecs:RunTask'] }],
    existing: { type: 'ecs:task-definition', what: 'ECS task definition', usable: activeDefinition },
    extraPasses: [{ service: 'ecs-tasks.amazonaws.com', what: 'task execution role (the definition\'s own, or an override)' }],
    how: 'runs an existing ECS task definition with the role as task role override (overrides.taskRoleArn) and a command override; the container reads the role\'s credentials',
    assumptions: [
      'the task definition is ACTIVE and its image runs an overridden command (containerOverrides.command)',
      'a cluster with capacity for the definition (Fargate, or registered container instances) and a subnet exist',
    ],
  },
  {
    id: 'aws:ecs:StartTask',
    service: 'ecs-tasks.amazonaws.com',
    shape: (a) => `arn:aws:ecs:*:${a}:task-definition/*`,
    steps: [{ anyOf: ['ecs:StartTask'] }],
    existing: { type: 'ecs:task-definition', what: 'ECS task definition', usable: (r) => activeDefinition(r) && runsOnEc2(r) },
    extraPasses: [{ service: 'ecs-tasks.amazonaws.com', what: 'task execution role (the definition\'s own, or an override)' }],
    how: 'starts an existing ECS task definition on a registered container instance with the role as task role override and a command override; the container reads the role\'s credentials',
    assumptions: [
      'the task definition is ACTIVE, EC2-compatible, and its image runs an overridden command (containerOverrides.command)',
      'a container instance registered in some cluster has room for the task',
    ],
  },
  {
    id: 'aws:ec2:RequestSpotInstances',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:ec2:*:${a}:spot-instances-request/*`,
    steps: [{ anyOf: ['ec2:RequestSpotInstances'] }],
    instanceProfile: true,
    how: 'requests a Spot instance with the role\'s instance profile and reads its credentials from instance metadata (user data can send them out)',
  },
  {
    id: 'aws:autoscaling:CreateLaunchConfiguration+CreateAutoScalingGroup',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:autoscaling:*:${a}:launchConfiguration:*:launchConfigurationName/*`,
    steps: [
      { anyOf: ['autoscaling:CreateLaunchConfiguration'] },
      { anyOf: ['autoscaling:CreateAutoScalingGroup'], on: (a) => `arn:aws:autoscaling:x:${a}:autoScalingGroup:x:autoScalingGroupName/x`, keys: (c) => ({ 'autoscaling:LaunchConfigurationName': c.newArn.split('/').pop()! }) },
    ],
    instanceProfile: true,
    how: 'creates a launch configuration with the role\'s instance profile and attacker user data, and an Auto Scaling group that launches it',
    assumptions: [
      'the Auto Scaling service-linked role exists (or the attacker may create it)',
      'the account may still create launch configurations (accounts created after 2023 may only use launch templates)',
    ],
  },
  {
    id: 'aws:ec2:AssociateIamInstanceProfile',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:ec2:*:${a}:instance/*`,
    steps: [{ anyOf: ['ec2:AssociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation'], keys: (c) => ({ 'ec2:NewInstanceProfile': c.profileArn ?? '' }) }],
    instanceProfile: true,
    existing: { type: 'ec2:instance', what: 'EC2 instance' },
    how: 'attaches (or swaps in) the role\'s instance profile on an existing instance and reads the credentials from its instance metadata',
    assumptions: ['the attacker can run code on the instance (SSH, SSM or user data; not evaluated)'],
  },
  {
    id: 'aws:iam:AddRoleToInstanceProfile',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:iam::${a}:instance-profile/*`,
    steps: [{ anyOf: ['iam:AddRoleToInstanceProfile'] }],
    existing: { type: 'iam:instance-profile', what: 'instance profile in use by a running EC2 instance' },
    how: 'adds the role to an instance profile that a running instance uses; the instance then serves the role\'s credentials from its metadata',
    assumptions: [
      'the instance profile holds no role yet (a profile holds one; removing the current one with iam:RemoveRoleFromInstanceProfile breaks the instance\'s own access)',
      'the attacker can run code on the instance (SSH, SSM or user data; not evaluated)',
    ],
  },
  {
    id: 'aws:glue:UpdateJob+StartJobRun',
    service: 'glue.amazonaws.com',
    shape: (a) => `arn:aws:glue:*:${a}:job/*`,
    steps: [{ anyOf: ['glue:UpdateJob'] }, { anyOf: ['glue:StartJobRun', glueTrigger] }],
    existing: { type: 'glue:job', what: 'Glue job' },
    how: 'sets the role and an attacker script on an existing Glue job and starts it (run or trigger)',
  },
  {
    id: 'aws:codebuild:UpdateProject+StartBuild',
    service: 'codebuild.amazonaws.com',
    shape: (a) => `arn:aws:codebuild:*:${a}:project/*`,
    steps: [{ anyOf: ['codebuild:UpdateProject'] }, { anyOf: ['codebuild:StartBuild', 'codebuild:StartBuildBatch'] }],
    existing: { type: 'codebuild:project', what: 'CodeBuild project' },
    how: 'makes the role the service role of an existing CodeBuild project and starts a build with an attacker buildspec',
  },
  {
    id: 'aws:apprunner:CreateService',
    service: 'tasks.apprunner.amazonaws.com',
    shape: (a) => `arn:aws:apprunner:*:${a}:service/*`,
    steps: [{ anyOf: ['apprunner:CreateService'] }],
    how: 'creates an App Runner service with the role as instance role and an attacker image or start command',
  },
  {
    id: 'aws:bedrock-agentcore:CreateCodeInterpreter',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: (a) => `arn:aws:bedrock-agentcore:*:${a}:code-interpreter-custom/*`,
    steps: [{ anyOf: ['bedrock-agentcore:CreateCodeInterpreter'] }, { anyOf: ['bedrock-agentcore:StartCodeInterpreterSession'] }, { anyOf: ['bedrock-agentcore:InvokeCodeInterpreter'] }],
    how: 'creates a Bedrock AgentCore code interpreter with the role as execution role, starts a session and runs code that uses the role\'s credentials',
  },
  {
    id: 'aws:batch:RegisterJobDefinition+SubmitJob',
    service: 'ecs-tasks.amazonaws.com',
    passedTo: 'batch.amazonaws.com',
    shape: (a) => `arn:aws:batch:*:${a}:job-definition/*`,
    // SubmitJob is authorized on both the job definition and the job queue it names.
    steps: [{ anyOf: ['batch:RegisterJobDefinition'] }, { anyOf: ['batch:SubmitJob'] }, { anyOf: ['batch:SubmitJob'], named: batchQueue, existing: { type: 'batch:job-queue', what: 'Batch job queue' } }],
    how: 'registers a Batch job definition with the role as job role and an attacker command, submits it to a job queue and reads the task credentials',
    assumptions: [
      'the job queue is ENABLED with a VALID compute environment',
      'Batch sends iam:PassedToService batch.amazonaws.com for the job role (not confirmed in the Service Authorization Reference)',
      'on Fargate the job definition also names an execution role the caller may pass (the role itself serves, it trusts ecs-tasks.amazonaws.com)',
    ],
  },
  {
    id: 'aws:batch:CreateComputeEnvironment+CreateJobQueue+RegisterJobDefinition+SubmitJob',
    service: 'ecs-tasks.amazonaws.com',
    passedTo: 'batch.amazonaws.com',
    shape: (a) => `arn:aws:batch:*:${a}:job-definition/*`,
    steps: [
      { anyOf: ['batch:CreateComputeEnvironment'], named: batchEnvironment },
      { anyOf: ['batch:CreateJobQueue'], named: batchQueue },
      { anyOf: ['batch:CreateJobQueue'], named: batchEnvironment },
      { anyOf: ['batch:RegisterJobDefinition'] },
      { anyOf: ['batch:SubmitJob'] },
      { anyOf: ['batch:SubmitJob'], named: batchQueue },
    ],
    // A Fargate job definition must name an execution role; any role trusting ECS tasks will do.
    extraPasses: [{ service: 'ecs-tasks.amazonaws.com', passedTo: 'batch.amazonaws.com', what: 'Fargate execution role' }],
    how: 'creates a Fargate compute environment and a job queue, registers a job definition with the role as job role and submits it',
    assumptions: [
      'the Batch service-linked role exists or may be created, and a subnet with outbound access exists',
      'Batch sends iam:PassedToService batch.amazonaws.com for the job and execution roles (not confirmed in the Service Authorization Reference)',
    ],
  },
  {
    id: 'aws:braket:CreateJob',
    service: 'braket.amazonaws.com',
    shape: (a) => `arn:aws:braket:*:${a}:job/*`,
    steps: [{ anyOf: ['braket:CreateJob'] }],
    how: 'creates an Amazon Braket hybrid job running as the role whose entry-point script uses its credentials',
    assumptions: ['an S3 location the role can read the script from and write the job output to exists'],
  },
  {
    id: 'aws:elasticmapreduce:RunJobFlow',
    service: 'ec2.amazonaws.com',
    shape: () => '*',
    steps: [{ anyOf: ['elasticmapreduce:RunJobFlow'] }],
    instanceProfile: true,
    // EMR pairs the instance role with ec2.amazonaws.com and the service role with its own name.
    extraPasses: [{ service: 'elasticmapreduce.amazonaws.com', what: 'EMR service role' }],
    how: 'launches an EMR cluster whose instances run as the role (JobFlowRole) with a step or bootstrap action that uses its credentials',
    assumptions: ['the EMR cleanup service-linked role exists or may be created, and a subnet exists'],
  },
  {
    id: 'aws:emr-serverless:CreateApplication+StartJobRun',
    service: 'emr-serverless.amazonaws.com',
    shape: (a) => `arn:aws:emr-serverless:*:${a}:/applications/*`,
    steps: [{ anyOf: ['emr-serverless:CreateApplication'] }, { anyOf: ['emr-serverless:StartJobRun'] }],
    how: 'creates an EMR Serverless application and starts a job run with the role as execution role and an attacker Spark script',
    assumptions: ['an S3 location the role can read the script from exists; the EMR Serverless service-linked role exists or may be created'],
  },
  {
    // The execution role is passed per job run, so an existing application is enough.
    id: 'aws:emr-serverless:StartJobRun',
    service: 'emr-serverless.amazonaws.com',
    shape: (a) => `arn:aws:emr-serverless:*:${a}:/applications/*`,
    steps: [{ anyOf: ['emr-serverless:StartJobRun'] }],
    existing: { type: 'emr-serverless:application', what: 'EMR Serverless application', usable: (r) => r.props.state !== 'TERMINATED' },
    how: 'starts a job run on an existing EMR Serverless application with the role as execution role and an attacker Spark script',
    assumptions: [
      'the application is not TERMINATED (a stopped one starts on demand unless auto-start was turned off)',
      'an S3 location the role can read the script from exists',
    ],
  },
  {
    id: 'aws:gamelift:CreateBuild+CreateFleet',
    service: 'gamelift.amazonaws.com',
    shape: (a) => `arn:aws:gamelift:*:${a}:fleet/*`,
    steps: [{ anyOf: ['gamelift:CreateBuild'], on: () => '*' }, { anyOf: ['gamelift:CreateFleet'] }],
    how: 'uploads a game server build and creates a GameLift fleet with the role as instance role; the build reads the role\'s credentials on the fleet instances',
    assumptions: ['the fleet shares the role\'s credentials with the build (InstanceRoleCredentialsProvider SHARED_CREDENTIAL_FILE, set by the attacker)'],
  },
  {
    id: 'aws:glue:CreateSession+RunStatement',
    service: 'glue.amazonaws.com',
    shape: (a) => `arn:aws:glue:*:${a}:session/*`,
    steps: [{ anyOf: ['glue:CreateSession'] }, { anyOf: ['glue:RunStatement'] }],
    how: 'creates a Glue interactive session running as the role and runs a statement that uses its credentials',
  },
  {
    id: 'aws:imagebuilder:CreateImage',
    service: 'ec2.amazonaws.com',
    shape: (a) => `arn:aws:imagebuilder:*:${a}:image/*`,
    steps: [
      { anyOf: ['imagebuilder:CreateImageRecipe'], named: (a) => `arn:aws:imagebuilder:*:${a}:image-recipe/*` },
      { anyOf: ['imagebuilder:CreateInfrastructureConfiguration'], named: (a) => `arn:aws:imagebuilder:*:${a}:infrastructure-configuration/*` },
      { anyOf: ['imagebuilder:CreateImage'] },
    ],
    instanceProfile: true,
    how: 'creates an Image Builder recipe (an attacker component or user data) and an infrastructure configuration with the role\'s instance profile, then builds an image; the build instance runs the attacker\'s code as the role',
    assumptions: [
      'the role can serve as an Image Builder build instance (Systems Manager agent permissions) and the Image Builder service-linked role exists or may be created',
      'the recipe runs attacker code through its user data override, or through a component the attacker creates (imagebuilder:CreateComponent, not evaluated)',
    ],
  },
  {
    id: 'aws:kinesisanalytics:CreateApplication+StartApplication',
    service: 'kinesisanalytics.amazonaws.com',
    shape: (a) => `arn:aws:kinesisanalytics:*:${a}:application/*`,
    steps: [{ anyOf: ['kinesisanalytics:CreateApplication'] }, { anyOf: ['kinesisanalytics:StartApplication'] }],
    how: 'creates a Managed Service for Apache Flink application with the role as service execution role and attacker code, and starts it',
    assumptions: ['an S3 location the role can read the application code from exists'],
  },
  {
    id: 'aws:omics:CreateWorkflow+StartRun',
    service: 'omics.amazonaws.com',
    shape: (a) => `arn:aws:omics:*:${a}:run/*`,
    steps: [
      { anyOf: ['omics:CreateWorkflow'], named: (a) => `arn:aws:omics:*:${a}:workflow/*` },
      { anyOf: ['omics:StartRun'] },
      { anyOf: ['omics:StartRun'], named: (a) => `arn:aws:omics:*:${a}:workflow/*` },
    ],
    how: 'creates a HealthOmics workflow and starts a run of it with the role as service role; its tasks use the role\'s credentials',
    assumptions: [
      'workflow tasks have no internet access: the role can write the results to S3 where the attacker reads them',
      'a private ECR image in the account that the role can pull holds the task code',
    ],
  },
  {
    id: 'aws:ssm:CreateDocument+StartAutomationExecution',
    service: 'ssm.amazonaws.com',
    // SSM assumes the role for the automation execution, and sends that ARN as aws:SourceArn.
    shape: (a) => `arn:aws:ssm:*:${a}:automation-execution/*`,
    steps: [
      { anyOf: ['ssm:CreateDocument'], named: (a) => `arn:aws:ssm:*:${a}:document/*` },
      { anyOf: ['ssm:StartAutomationExecution'], named: (a) => `arn:aws:ssm:*:${a}:automation-definition/*` },
    ],
    how: 'creates an Automation runbook with a script step and starts an execution of it with the role as AutomationAssumeRole',
  },
  {
    id: 'aws:bedrock-agentcore:CreateAgentRuntime',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: agentcore('runtime'),
    steps: [
      { anyOf: ['bedrock-agentcore:CreateAgentRuntime'] },
      { anyOf: ['bedrock-agentcore:CreateAgentRuntimeEndpoint'] },
      { anyOf: ['bedrock-agentcore:CreateWorkloadIdentity'], named: (a) => `arn:aws:bedrock-agentcore:*:${a}:workload-identity-directory/default/workload-identity/*` },
      { anyOf: ['bedrock-agentcore:InvokeAgentRuntimeCommand'] },
    ],
    how: 'creates a Bedrock AgentCore runtime (directly or through a harness) with the role as execution role and runs a shell command in it that uses the role\'s credentials',
    assumptions: ['the runtime runs an attacker container image or code artifact the role can fetch'],
  },
  {
    id: 'aws:bedrock-agentcore:CreateBrowser',
    service: 'bedrock-agentcore.amazonaws.com',
    shape: agentcore('browser-custom'),
    steps: [{ anyOf: ['bedrock-agentcore:CreateBrowser'] }, { anyOf: ['bedrock-agentcore:StartBrowserSession'] }, { anyOf: ['bedrock-agentcore:ConnectBrowserAutomationStream'] }],
    how: 'creates a Bedrock AgentCore custom browser with the role as execution role, starts a session and drives it over its automation stream to read the role\'s credentials from the sandbox metadata service',
  },
];
