import type { TechniqueSpec } from '../../types.js';
import { IAM_VULNERABLE, PASSROLE_DOC, CONFUSED_DEPUTY, technique } from './common.js';

/** What some PassRole techniques need said besides the common text. */
interface More {
  /** iam:PassedToService, when it is not the trusting service. */
  passedTo?: string;
  /** The pathfinding.cloud path id, for techniques that catalogue has and iam-vulnerable lacks. */
  path?: string;
  /** Further requirements (a second passed role, resources the request names). */
  extra?: string;
  /** What leakpath could not confirm in the Service Authorization Reference. */
  unverified?: string;
}

/** PassRole to a new resource of a service that runs the attacker's code as the role. */
function passRole(id: string, service: string, actions: string, what: string, abuse: string, reference: string, mitre: string[], more: More = {}): TechniqueSpec {
  return technique(id, 'CAN_PASS_ROLE_TO', {
    title: `iam:PassRole + ${actions}`,
    general: `The caller creates ${what} running as a role it passes, and so obtains the role's permissions.${more.path ? ` pathfinding.cloud path ${more.path}.` : ''}`,
    precondition: `iam:PassRole on the role (iam:PassedToService ${more.passedTo ?? service}), ${actions} on a resource name the caller may choose, and a role trust policy that lets ${service} assume it; trust conditions on aws:SourceAccount / aws:SourceArn are judged with the values the service sends for the new resource.${more.extra ? ` ${more.extra}` : ''}${more.unverified ? ` Not confirmed in the Service Authorization Reference (taken as stated): ${more.unverified}.` : ''}`,
    abuse,
    opsec: `The create call, the PassRole authorization and the service's AssumeRole appear in CloudTrail; use of the role's credentials outside the service is a GuardDuty finding.`,
    fix: `Scope iam:PassRole to the roles each team needs and to the service (iam:PassedToService); keep roles that ${service} may assume least-privileged; pin service trusts to aws:SourceAccount and aws:SourceArn.`,
    references: [PASSROLE_DOC, reference, more.path ? 'https://pathfinding.cloud/' : IAM_VULNERABLE, CONFUSED_DEPUTY],
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

/**
 * RunTask / StartTask of an existing ECS task definition with a task role override: ECS checks
 * iam:PassRole on every role the task will have, the override and the execution role alike.
 */
function ecsTaskOverride(id: string, action: string, abuse: string): TechniqueSpec {
  return technique(id, 'CAN_PASS_ROLE_TO', {
    title: `iam:PassRole + ${action} with a task role override on an existing task definition`,
    general: `The caller runs an ECS task definition that already exists with overrides: the role it passes becomes the task role (overrides.taskRoleArn) and a container command of its choosing reads the task credentials, so it obtains the role's permissions without registering a task definition. Run as is, the definition's own task role is passed the same way. pathfinding.cloud paths ecs-008 (RunTask) and ecs-009 (StartTask).`,
    precondition: `iam:PassRole on the role (iam:PassedToService ecs-tasks.amazonaws.com); ${action} on the task definition (its tags count for aws:ResourceTag conditions); a role trust policy that lets ecs-tasks.amazonaws.com assume it. ECS also checks iam:PassRole on the task execution role, the definition's own or one named in overrides.executionRoleArn: some role of the account trusting ecs-tasks.amazonaws.com that the caller may pass (named in the evidence; the override role itself will do). Task definitions come from the input (ecs describe-task-definition); when the account's listing (ecs list-task-definitions) was not read one is assumed to exist and the edge is conditional; an empty listing gives no edge. Not evaluated: that the definition is ACTIVE, that its image runs an overridden command, and the cluster (ecs:cluster condition) and capacity.`,
    abuse,
    opsec: `The ${action} call with its overrides and the PassRole authorization appear in CloudTrail; a task running with another task role than its definition's is visible in DescribeTasks (overrides); use of the credentials outside ECS is a GuardDuty finding.`,
    fix: `Scope iam:PassRole on roles trusting ecs-tasks.amazonaws.com to the task roles each team runs; scope ${action} to the team's task definitions and clusters (ecs:cluster); keep task roles least-privileged and pin their trust to aws:SourceAccount.`,
    references: [PASSROLE_DOC, 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html', 'https://pathfinding.cloud/'],
    mitre: ['T1610', 'T1552.005'],
  });
}

/** PassRole onto new or existing compute (src/analysis/aws/rules/pass-role.ts). */
export const PASS_ROLE_TECHNIQUES: readonly TechniqueSpec[] = [
  passRole('aws:lambda:CreateFunction+InvokeFunction', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:InvokeFunction', 'a Lambda function', 'Create a function with the role whose code returns or uses its credentials, then invoke it.', 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html', ['T1648', 'T1098.003']),
  passRole('aws:lambda:CreateFunction+CreateEventSourceMapping', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:CreateEventSourceMapping', 'a Lambda function triggered by an event source', 'Create a function with the role and map a DynamoDB stream, Kinesis stream or SQS queue to it; writing to the source runs the function. Needs an event source that exists or can be created (stated as an assumption).', 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html', ['T1648']),
  passRole('aws:lambda:CreateFunction+AddPermission', 'lambda.amazonaws.com', 'lambda:CreateFunction and lambda:AddPermission', 'a Lambda function whose resource policy it controls', 'Create a function with the role, add a resource-policy statement letting an attacker-held principal invoke it, and invoke it from there.', 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html', ['T1648']),
  passRole('aws:ec2:RunInstances', 'ec2.amazonaws.com', 'ec2:RunInstances (with ec2:InstanceProfile)', 'an EC2 instance', 'Launch an instance with the role\'s instance profile (or a new profile with iam:CreateInstanceProfile + iam:AddRoleToInstanceProfile) and user data that sends the metadata credentials out, or log in to it.', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html', ['T1578.002', 'T1552.005']),
  passRole('aws:cloudformation:CreateStack', 'cloudformation.amazonaws.com', 'cloudformation:CreateStack (with cloudformation:RoleArn)', 'a CloudFormation stack', 'Create a stack with the role as service role and a template that creates, for example, an IAM user with admin rights and an access key returned as an output.', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html', ['T1578', 'T1098']),
  passRole('aws:cloudformation:CreateChangeSet+ExecuteChangeSet', 'cloudformation.amazonaws.com', 'cloudformation:CreateChangeSet and cloudformation:ExecuteChangeSet', 'a CloudFormation change set', 'Create a change set (for a new or existing stack) with the role as service role and execute it.', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html', ['T1578', 'T1098']),
  passRole('aws:glue:CreateDevEndpoint', 'glue.amazonaws.com', 'glue:CreateDevEndpoint', 'a Glue development endpoint', 'Create a development endpoint with the role and your SSH public key, SSH in and read the role\'s credentials.', 'https://docs.aws.amazon.com/glue/latest/dg/dev-endpoint.html', ['T1578', 'T1021.004']),
  passRole('aws:glue:CreateJob+StartJobRun', 'glue.amazonaws.com', 'glue:CreateJob and glue:StartJobRun (or glue:CreateTrigger)', 'a Glue job', 'Create a Python shell job with the role running your script and start it: directly, or with a scheduled (or started) trigger. glue:CreateTrigger is judged on the trigger\'s own ARN (trigger/<name>), not on the job.', 'https://docs.aws.amazon.com/glue/latest/dg/add-job.html', ['T1648']),
  passRole('aws:codebuild:CreateProject+StartBuild', 'codebuild.amazonaws.com', 'codebuild:CreateProject and codebuild:StartBuild (or StartBuildBatch)', 'a CodeBuild project', 'Create a project with the role as service role and a buildspec that uses its credentials, then start a build.', 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html', ['T1648']),
  passRole('aws:sagemaker:CreateNotebookInstance', 'sagemaker.amazonaws.com', 'sagemaker:CreateNotebookInstance and sagemaker:CreatePresignedNotebookInstanceUrl', 'a SageMaker notebook instance', 'Create a notebook instance with the role, open it through a presigned URL and use its terminal.', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1578']),
  passRole('aws:sagemaker:CreateTrainingJob', 'sagemaker.amazonaws.com', 'sagemaker:CreateTrainingJob', 'a SageMaker training job', 'Start a training job with the role and a container image you control (an assumption: SageMaker must be able to pull it).', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1648']),
  passRole('aws:sagemaker:CreateProcessingJob', 'sagemaker.amazonaws.com', 'sagemaker:CreateProcessingJob', 'a SageMaker processing job', 'Start a processing job with the role and a container image you control (an assumption: SageMaker must be able to pull it).', 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html', ['T1648']),
  passRole('aws:datapipeline:CreatePipeline', 'ec2.amazonaws.com', 'datapipeline:CreatePipeline, PutPipelineDefinition and ActivatePipeline', 'an AWS Data Pipeline with an EC2 resource', 'Create a pipeline whose Ec2Resource has the role as resourceRole (through its instance profile) and a ShellCommandActivity that uses the instance credentials; define and activate it. The shell command runs on that instance with the resource role\'s credentials; the pipeline role (trusting datapipeline.amazonaws.com, also passed) only lets the service launch and drive the resource, so the edge leads to the resource role.', 'https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html', ['T1648'], {
    passedTo: 'datapipeline.amazonaws.com',
    extra: 'The role needs an instance profile (or the caller creates one). The same request passes a pipeline role: some role of the account trusting datapipeline.amazonaws.com that the caller may pass (named in the evidence).',
    unverified: 'the iam:PassedToService value Data Pipeline sends for the resource role (datapipeline.amazonaws.com is assumed)',
  }),
  passRole('aws:ecs:RegisterTaskDefinition+RunTask', 'ecs-tasks.amazonaws.com', 'ecs:RegisterTaskDefinition and ecs:RunTask (or StartTask / CreateService)', 'an ECS task', 'Register a task definition with the role as task role and a container that reads the task credentials, then run it on a cluster (assumed to exist): RunTask and StartTask are judged on the task definition, CreateService on the new service\'s ARN (service/<cluster>/<name>) with ecs:task-definition naming the definition.', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html', ['T1610', 'T1552.005']),
  passRole('aws:ec2:RequestSpotInstances', 'ec2.amazonaws.com', 'ec2:RequestSpotInstances', 'a Spot EC2 instance', 'Request a Spot instance with the role\'s instance profile (create one and add the role when there is none) and user data that sends the metadata credentials out.', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestSpotInstances.html', ['T1578.002', 'T1552.005']),
  passRole('aws:autoscaling:CreateLaunchConfiguration+CreateAutoScalingGroup', 'ec2.amazonaws.com', 'autoscaling:CreateLaunchConfiguration and autoscaling:CreateAutoScalingGroup', 'an Auto Scaling group of EC2 instances', 'Create a launch configuration with the role\'s instance profile and your user data, then an Auto Scaling group of one instance from it. Needs the Auto Scaling service-linked role and an account still allowed to create launch configurations (both assumed).', 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html', ['T1578.002', 'T1552.005']),
  passRole('aws:apprunner:CreateService', 'tasks.apprunner.amazonaws.com', 'apprunner:CreateService', 'an App Runner service', 'Create a service with the role as instance role from a public image (or a source repository with a start command) that uses the role\'s credentials.', 'https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html', ['T1648']),
  passRole('aws:bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore.amazonaws.com', 'bedrock-agentcore:CreateCodeInterpreter, StartCodeInterpreterSession and InvokeCodeInterpreter', 'a Bedrock AgentCore code interpreter', 'Create a custom code interpreter with the role as execution role, start a session and invoke it with code that calls AWS with the role\'s credentials.', 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/code-interpreter-tool.html', ['T1648']),
  passRole('aws:batch:RegisterJobDefinition+SubmitJob', 'ecs-tasks.amazonaws.com', 'batch:RegisterJobDefinition and batch:SubmitJob', 'an AWS Batch job', 'Register a container job definition with the role as jobRoleArn and a command that uses the task credentials, then submit it to an existing job queue. SubmitJob is judged on both the job definition and the job queue; that an ENABLED queue with a VALID compute environment exists is an assumption (queues are not in the input). On Fargate the definition also needs an execution role the caller may pass; the role itself serves.', 'https://docs.aws.amazon.com/batch/latest/APIReference/API_RegisterJobDefinition.html', ['T1610', 'T1552.005'], {
    passedTo: 'batch.amazonaws.com',
    path: 'batch-001',
    extra: 'A Batch job role is an ECS task role: it trusts ecs-tasks.amazonaws.com, not batch.amazonaws.com.',
    unverified: 'the iam:PassedToService value Batch sends for the job role (batch.amazonaws.com, the value the reference lists for Batch\'s other PassRole checks)',
  }),
  passRole('aws:batch:CreateComputeEnvironment+CreateJobQueue+RegisterJobDefinition+SubmitJob', 'ecs-tasks.amazonaws.com', 'batch:CreateComputeEnvironment, CreateJobQueue, RegisterJobDefinition and SubmitJob', 'an AWS Batch job on its own compute environment and queue', 'With no usable job queue, create a Fargate compute environment (the Batch service-linked role drives it) and a job queue on it, register a job definition with the role as job role and an execution role, and submit it. CreateJobQueue is judged on the new queue and on the compute environment it uses; SubmitJob on the definition and the queue.', 'https://docs.aws.amazon.com/batch/latest/APIReference/API_CreateComputeEnvironment.html', ['T1610', 'T1552.005'], {
    passedTo: 'batch.amazonaws.com',
    path: 'batch-003',
    extra: 'The job definition also passes an execution role: any role of the account trusting ecs-tasks.amazonaws.com that the caller may pass (often the role itself), named in the evidence.',
    unverified: 'the iam:PassedToService value Batch sends for job and execution roles (batch.amazonaws.com), and that CreateJobQueue is authorized on the compute environment as well as the queue',
  }),
  passRole('aws:braket:CreateJob', 'braket.amazonaws.com', 'braket:CreateJob', 'an Amazon Braket hybrid job', 'Create a hybrid job with the role as its role and an entry-point script (in S3 the role can read) that uses or sends out the job container\'s credentials.', 'https://docs.aws.amazon.com/braket/latest/APIReference/API_CreateJob.html', ['T1648'], {
    path: 'braket-001',
    unverified: 'that braket:CreateJob is authorized on the job ARN (job/<name>)',
  }),
  passRole('aws:elasticmapreduce:RunJobFlow', 'ec2.amazonaws.com', 'elasticmapreduce:RunJobFlow', 'an EMR cluster with instances', 'Launch a cluster with the role\'s instance profile as JobFlowRole and a command-runner step (or bootstrap action) that uses the instance credentials. The request also passes a service role trusting elasticmapreduce.amazonaws.com.', 'https://docs.aws.amazon.com/emr/latest/APIReference/API_RunJobFlow.html', ['T1578.002', 'T1552.005'], {
    path: 'emr-001',
    extra: 'The role needs an instance profile (or the caller creates one). The same request passes the EMR service role: some role of the account trusting elasticmapreduce.amazonaws.com that the caller may pass with iam:PassedToService elasticmapreduce.amazonaws.com (named in the evidence). EMR\'s managed policy pairs the instance role with ec2.amazonaws.com and the service role with elasticmapreduce.amazonaws.com. RunJobFlow takes no resource ARN.',
  }),
  passRole('aws:emr-serverless:CreateApplication+StartJobRun', 'emr-serverless.amazonaws.com', 'emr-serverless:CreateApplication and emr-serverless:StartJobRun', 'an EMR Serverless job run', 'Create a Spark application and start a job run with the role as executionRoleArn and an entry point (in S3 the role can read) that uses its credentials. The role is passed per job run, so an existing application does too: see aws:emr-serverless:StartJobRun.', 'https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html', ['T1648'], {
    path: 'emrserverless-001',
    unverified: 'that StartJobRun is authorized on the application ARN (/applications/<id>)',
  }),
  passRole('aws:gamelift:CreateBuild+CreateFleet', 'gamelift.amazonaws.com', 'gamelift:CreateBuild and gamelift:CreateFleet', 'a GameLift fleet', 'Upload a build (CreateBuild returns upload credentials; RequestUploadCredentials is an alternative) whose launch script reads the role\'s credentials, and create a fleet with the role as InstanceRoleArn and InstanceRoleCredentialsProvider SHARED_CREDENTIAL_FILE.', 'https://docs.aws.amazon.com/gamelift/latest/apireference/API_CreateFleet.html', ['T1648'], {
    path: 'gamelift-001',
    extra: 'AWS documents the GameLift instance role as trusting gamelift.amazonaws.com (pathfinding.cloud says ec2.amazonaws.com); leakpath judges the trust with gamelift.amazonaws.com.',
    unverified: 'the resource types of CreateBuild (none assumed) and CreateFleet (fleet/<id> assumed)',
  }),
  passRole('aws:glue:CreateSession+RunStatement', 'glue.amazonaws.com', 'glue:CreateSession and glue:RunStatement', 'a Glue interactive session', 'Create an interactive session with the role and run a Python statement in it that uses the session\'s credentials.', 'https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSession.html', ['T1648'], {
    path: 'glue-007',
    unverified: 'that both actions are authorized on the session ARN (session/<id>)',
  }),
  passRole('aws:imagebuilder:CreateImage', 'ec2.amazonaws.com', 'imagebuilder:CreateImageRecipe, CreateInfrastructureConfiguration and CreateImage', 'an EC2 Image Builder build instance', 'Create an image recipe whose user data override (or an own component, imagebuilder:CreateComponent) runs your code, an infrastructure configuration naming the role\'s instance profile, and build an image: the build instance runs your code with the role\'s credentials.', 'https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateImage.html', ['T1578.002', 'T1552.005'], {
    path: 'imagebuilder-001',
    extra: 'The role needs an instance profile (or the caller creates one). AWS\'s Image Builder managed policy passes build roles with iam:PassedToService ec2.amazonaws.com. The recipe and infrastructure configuration are judged on their own ARNs.',
    unverified: 'the resource types of CreateImageRecipe, CreateInfrastructureConfiguration and CreateImage, and that the user data override alone (without a custom component) runs attacker code',
  }),
  passRole('aws:kinesisanalytics:CreateApplication+StartApplication', 'kinesisanalytics.amazonaws.com', 'kinesisanalytics:CreateApplication and kinesisanalytics:StartApplication', 'a Managed Service for Apache Flink application', 'Create an application (the v2 API) with the role as ServiceExecutionRole and code in S3 the role can read, then start it; the code uses the role\'s credentials.', 'https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CreateApplication.html', ['T1648'], {
    path: 'kinesisanalytics-001',
    unverified: 'that both actions are authorized on the application ARN (application/<name>)',
  }),
  passRole('aws:omics:CreateWorkflow+StartRun', 'omics.amazonaws.com', 'omics:CreateWorkflow and omics:StartRun', 'an AWS HealthOmics workflow run', 'Create a private workflow whose task image (a private ECR image the role can pull) uses the role\'s credentials, and start a run with the role as service role. Tasks have no internet access: results leave through S3 the role can write and the caller can read (an assumption). StartRun is judged on the new run and on the workflow.', 'https://docs.aws.amazon.com/omics/latest/api/API_StartRun.html', ['T1648'], {
    path: 'omics-001',
    unverified: 'the resource types of CreateWorkflow (workflow/<id>) and StartRun (run/<id> and workflow/<id>; a run group may also apply)',
  }),
  passRole('aws:ssm:CreateDocument+StartAutomationExecution', 'ssm.amazonaws.com', 'ssm:CreateDocument and ssm:StartAutomationExecution', 'an SSM Automation execution', 'Create an Automation runbook with an aws:executeScript step and start it with the role as AutomationAssumeRole; the script runs with the role\'s credentials. CreateDocument is judged on the document, StartAutomationExecution on automation-definition/<name>; the role\'s trust is judged with aws:SourceArn of the automation execution (automation-execution/<id>), the ARN SSM sends.', 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html', ['T1648'], {
    path: 'ssm-003',
  }),
  passRole('aws:bedrock-agentcore:CreateAgentRuntime', 'bedrock-agentcore.amazonaws.com', 'bedrock-agentcore:CreateAgentRuntime, CreateAgentRuntimeEndpoint, CreateWorkloadIdentity and InvokeAgentRuntimeCommand', 'a Bedrock AgentCore runtime', 'Create a runtime with the role as execution role from an image or code artifact it can fetch, an endpoint for it, and run a shell command in it (InvokeAgentRuntimeCommand) that uses the role\'s credentials. Creating a harness (pathfinding.cloud bedrock-005) provisions such a runtime and needs the same permissions plus CreateHarness and a Bedrock model, so this edge covers it.', 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateAgentRuntime.html', ['T1648'], {
    path: 'bedrock-003 (and bedrock-005)',
    unverified: 'the resource types: runtime/<id> for CreateAgentRuntime, CreateAgentRuntimeEndpoint and InvokeAgentRuntimeCommand, workload-identity-directory/default/workload-identity/<name> for CreateWorkloadIdentity',
  }),
  passRole('aws:bedrock-agentcore:CreateBrowser', 'bedrock-agentcore.amazonaws.com', 'bedrock-agentcore:CreateBrowser, StartBrowserSession and ConnectBrowserAutomationStream', 'a Bedrock AgentCore custom browser', 'Create a custom browser with the role as execution role, start a session and drive it over the automation (CDP) stream to read the role\'s credentials from the sandbox\'s metadata service.', 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateBrowser.html', ['T1648'], {
    path: 'bedrock-006',
    unverified: 'that all three actions are authorized on the browser ARN (browser-custom/<id>)',
  }),
  passRoleExisting('aws:ec2:AssociateIamInstanceProfile', 'ec2.amazonaws.com', 'ec2:AssociateIamInstanceProfile (or ReplaceIamInstanceProfileAssociation, with ec2:NewInstanceProfile)', 'EC2 instance', 'Associate the role\'s instance profile with an instance you can run code on (or replace its current association), then read the credentials from instance metadata. Reaching the instance (SSH, SSM) is stated as an assumption.', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html', ['T1098', 'T1552.005']),
  passRoleExisting('aws:iam:AddRoleToInstanceProfile', 'ec2.amazonaws.com', 'iam:AddRoleToInstanceProfile', 'instance profile in use by a running EC2 instance', 'Add the role to an empty instance profile that an instance you can run code on uses (or, with iam:RemoveRoleFromInstanceProfile, swap out its role), then read the role\'s credentials from the instance metadata. Which instances use which profiles is not in the input yet: the edge is conditional and says so.', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html', ['T1098', 'T1552.005']),
  passRoleExisting('aws:glue:UpdateJob+StartJobRun', 'glue.amazonaws.com', 'glue:UpdateJob and glue:StartJobRun (or glue:CreateTrigger)', 'Glue job', 'Update the job\'s Role and ScriptLocation to the role and your script, then start a run, or create a trigger that starts it (judged on the trigger\'s own ARN; pathfinding.cloud glue-006).', 'https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateJob.html', ['T1648']),
  passRoleExisting('aws:codebuild:UpdateProject+StartBuild', 'codebuild.amazonaws.com', 'codebuild:UpdateProject and codebuild:StartBuild (or StartBuildBatch)', 'CodeBuild project', 'Update the project\'s serviceRole to the role, then start a build whose buildspec uses its credentials.', 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProject.html', ['T1648']),
  ecsTaskOverride('aws:ecs:RunTask', 'ecs:RunTask', 'Run the task definition (`aws ecs run-task`) on a cluster with `--overrides` naming the role as taskRoleArn and a command for one container that fetches the credentials from the container credentials endpoint and sends them out. Fargate needs a subnet (network configuration); an EC2 cluster needs a registered container instance with room.'),
  ecsTaskOverride('aws:ecs:StartTask', 'ecs:StartTask', 'Start the task definition (`aws ecs start-task`) on a registered container instance of a cluster with `--overrides` naming the role as taskRoleArn and a command that sends the task credentials out. StartTask places tasks on EC2 container instances only, so the definition must be EC2-compatible. With no container instance at hand, an attacker who runs code on any EC2 host registers that host into a cluster first (ecs:RegisterContainerInstance with the host\'s instance identity document; pathfinding.cloud ecs-007); leakpath assumes a container instance either way.'),
  passRoleExisting('aws:emr-serverless:StartJobRun', 'emr-serverless.amazonaws.com', 'emr-serverless:StartJobRun', 'EMR Serverless application', 'Start a job run on the application with the role as executionRoleArn and an entry point (a Spark script in S3 the role can read) that uses its credentials. The execution role is chosen per job run, so no emr-serverless:CreateApplication is needed; a TERMINATED application refuses job runs (stated as an assumption), a stopped one starts on demand unless auto-start was turned off. pathfinding.cloud path emrserverless-001 (existing application).', 'https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html', ['T1648']),
];
