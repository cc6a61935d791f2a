import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsResource, AwsRole, PolicyDocument } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { authorize } from '../policy/authorize.js';
import { ActionIndex, allowed, attackEdge, best, candidateArns, decideOn, existingTargets, grant, keys, NOTHING_LISTED, resourceTags, type Grant, type Listing, type Listings } from './common.js';
import { trustedServices } from './service-trust.js';

interface Step {
  anyOf: string[];
  /** The compute resource by default; or another ARN the request also names (an SSM document). */
  on?: (account: string) => string;
  /**
   * Another existing resource the request names (a Batch job queue): a listed one, or, when the
   * listing of its type was not read, any the caller's policies admit, assumed to exist.
   */
  names?: { type: string; what: string; shape: (account: string) => string };
}


export interface ExistingComputeTechnique {
  id: string;
  /** Inventory resource type (AwsResource.type). */
  type: string;
  /** What the resource is, for evidence. */
  what: string;
  /** Service principal the role of such a resource trusts: how candidates are found when unlisted. */
  service: string;
  /** Every ARN such a resource could have in the account. */
  shape: (account: string) => string;
  steps: Step[];
  /** Unlisted EC2 instances can only run as roles that have an instance profile. */
  instanceProfile?: boolean;
  /** A resource state the technique needs; `undefined` when the input does not say. */
  state?: { holds: (r: AwsResource) => boolean | undefined; text: string };
  /** What else must hold that no input settles. */
  unsettled?: string;
  how: string;
  /**
   * Optional extra permission that spares the attacker an assumption (invoking the function
   * itself). `rewrite` is a permission that adds a resource-policy statement granting `action`
   * to whoever calls it (lambda:AddPermission): the caller may name itself and then invoke.
   */
  helper?: { action: string; otherwise: string; rewrite?: { action: string; keys: (p: AwsPrincipal) => Record<string, string> } };
}

const ssmDocument = (name: string) => () => `arn:aws:ssm:x::document/${name}`;
const invokeFunction = {
  action: 'lambda:InvokeFunction',
  otherwise: 'the function is invoked by its own triggers or callers after the change',
  rewrite: { action: 'lambda:AddPermission', keys: (p: AwsPrincipal) => ({ 'lambda:Principal': p.arn }) },
};
const agentcore = (kind: string) => (a: string) => `arn:aws:bedrock-agentcore:*:${a}:${kind}/*`;
const knownBoolean = (key: string) => (r: AwsResource) => (typeof r.props[key] === 'boolean' ? (r.props[key] as boolean) : undefined);
const instances = (a: string) => `arn:aws:ec2:*:${a}:instance/*`;
const ssmManaged = { holds: (r: AwsResource) => (typeof r.props.ssmManaged === 'boolean' ? r.props.ssmManaged : undefined), text: 'the instance is managed by SSM' };

export const EXISTING_COMPUTE_TECHNIQUES: readonly ExistingComputeTechnique[] = [
  {
    id: 'aws:lambda:UpdateFunctionCode',
    type: 'lambda:function',
    what: 'Lambda function',
    service: 'lambda.amazonaws.com',
    shape: (a) => `arn:aws:lambda:*:${a}:function:*`,
    steps: [{ anyOf: ['lambda:UpdateFunctionCode'] }],
    how: 'replaces the code of a function running as the role',
    helper: invokeFunction,
  },
  {
    id: 'aws:lambda:UpdateFunctionConfiguration',
    type: 'lambda:function',
    what: 'Lambda function',
    service: 'lambda.amazonaws.com',
    shape: (a) => `arn:aws:lambda:*:${a}:function:*`,
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
    type: 'ec2:instance',
    what: 'EC2 instance',
    service: 'ec2.amazonaws.com',
    shape: instances,
    steps: [{ anyOf: ['ssm:SendCommand'] }, { anyOf: ['ssm:SendCommand'], on: ssmDocument('AWS-RunShellScript') }],
    instanceProfile: true,
    state: ssmManaged,
    how: 'runs a shell command on an SSM-managed instance whose instance profile holds the role and reads the role\'s credentials from instance metadata',
  },
  {
    id: 'aws:ssm:StartSession',
    type: 'ec2:instance',
    what: 'EC2 instance',
    service: 'ec2.amazonaws.com',
    shape: instances,
    steps: [{ anyOf: ['ssm:StartSession'] }],
    instanceProfile: true,
    state: ssmManaged,
    how: 'opens a Session Manager shell on an SSM-managed instance whose instance profile holds the role',
  },
  {
    id: 'aws:ec2-instance-connect:SendSSHPublicKey',
    type: 'ec2:instance',
    what: 'EC2 instance',
    service: 'ec2.amazonaws.com',
    shape: instances,
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
    type: 'sagemaker:notebook',
    what: 'SageMaker notebook instance',
    service: 'sagemaker.amazonaws.com',
    shape: (a) => `arn:aws:sagemaker:*:${a}:notebook-instance/*`,
    steps: [{ anyOf: ['sagemaker:CreatePresignedNotebookInstanceUrl'] }],
    how: 'opens a notebook instance running as the role through a presigned URL and uses its terminal',
  },
  {
    id: 'aws:cloudformation:UpdateStack',
    type: 'cloudformation:stack',
    what: 'CloudFormation stack',
    service: 'cloudformation.amazonaws.com',
    shape: (a) => `arn:aws:cloudformation:*:${a}:stack/*`,
    steps: [{ anyOf: ['cloudformation:UpdateStack'] }],
    how: 'updates a stack whose service role is the role with a template that creates resources as the role',
  },
  {
    id: 'aws:ec2:ModifyInstanceAttribute',
    type: 'ec2:instance',
    what: 'EC2 instance',
    service: 'ec2.amazonaws.com',
    shape: instances,
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
    type: 'sagemaker:notebook',
    what: 'SageMaker notebook instance',
    service: 'sagemaker.amazonaws.com',
    shape: (a) => `arn:aws:sagemaker:*:${a}:notebook-instance/*`,
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
    type: 'cloudformation:stack',
    what: 'CloudFormation stack',
    service: 'cloudformation.amazonaws.com',
    shape: (a) => `arn:aws:cloudformation:*:${a}:stack/*`,
    // An UPDATE change set that names no role keeps the stack's service role: no iam:PassRole.
    steps: [{ anyOf: ['cloudformation:CreateChangeSet'] }, { anyOf: ['cloudformation:ExecuteChangeSet'] }],
    how: 'creates a change set on a stack whose service role is the role, with a template that creates resources as the role, and executes it',
  },
  {
    id: 'aws:sagemaker:UpdateNotebookInstance',
    type: 'sagemaker:notebook',
    what: 'SageMaker notebook instance',
    service: 'sagemaker.amazonaws.com',
    shape: (a) => `arn:aws:sagemaker:*:${a}:notebook-instance/*`,
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

function stepGrant(p: AwsPrincipal, step: Step, arn: string, r?: AwsResource): Grant {
  const extra = r && !step.on ? resourceTags(r.tags) : undefined;
  const options = step.anyOf.map((action) => grant(p, action, step.on ? step.on(p.accountId) : arn, extra));
  return best(options.map((g) => ({ grants: [g] })))?.grants[0] ?? options[0]!;
}

interface Option {
  grants: Grant[];
  refs: EvidenceRef[];
  conditions: string[];
  assumptions: string[];
}

const NO_OPTION: Option = { grants: [], refs: [], conditions: [], assumptions: [] };

/**
 * The grant for a step that names another existing resource: a listed one the caller may name,
 * else (the listing unread) one its policies admit, assumed to exist. Undefined when none will do.
 */
function namedGrant(p: AwsPrincipal, step: Step & { names: NonNullable<Step['names']> }, listing: Listing): Option | undefined {
  const { type, what, shape } = step.names;
  const options: Option[] = existingTargets(p, step.anyOf, listing, { type, what: `${what} the caller may name`, shape: shape(p.accountId) }).map(({ arn, r, condition }) => ({
    ...NO_OPTION,
    grants: [stepGrant(p, { anyOf: step.anyOf }, arn, r)],
    ...(r ? { refs: [{ type: 'inventory' as const, source: arn, detail: `existing ${what}` }] } : {}),
    ...(condition ? { conditions: [condition] } : {}),
  }));
  return best(options.filter((o) => o.conditions.length === 0)) ?? best(options);
}

/** A resource policy with one more statement: what lambda:AddPermission naming the caller leaves. */
function withStatementFor(policy: PolicyDocument | undefined, p: AwsPrincipal, action: string, arn: string): PolicyDocument {
  const added = { Effect: 'Allow' as const, Principal: { AWS: p.arn }, Action: action, Resource: arn };
  return { Version: '2012-10-17', Statement: [...(policy?.Statement ?? []), added] };
}

/**
 * The helper action reached by first writing a resource-policy statement that grants it to the
 * caller. The helper is then judged under that policy, so an identity-policy, boundary or SCP
 * Deny still stops it, and within the account the new statement alone suffices.
 */
function helperByStatement(p: AwsPrincipal, t: ExistingComputeTechnique, arn: string, r: AwsResource | undefined, index: ActionIndex): Grant[] | undefined {
  const rewrite = t.helper?.rewrite;
  if (!t.helper || !rewrite || !index.may(p, rewrite.action)) return undefined;
  const target: AwsResource = r ?? { arn, type: t.type, name: arn, tags: {}, props: {} };
  const put: Grant = {
    action: rewrite.action,
    resource: arn,
    decision: authorize({ principal: p, action: rewrite.action, resource: arn, resourceAccount: p.accountId, resourceTags: target.tags, keys: keys(rewrite.keys(p)), ...(target.policy ? { resourcePolicy: target.policy } : {}) }),
  };
  const after = { ...target, policy: withStatementFor(target.policy, p, t.helper.action, arn) };
  const use: Grant = { action: `${t.helper.action} (after ${rewrite.action} names the caller)`, resource: arn, decision: decideOn(p, t.helper.action, after, p.accountId) };
  const grants = [put, use];
  return grants.every((g) => allowed(g.decision) && !g.decision.conditional) ? grants : undefined;
}

/**
 * Policy for compute the input may not list. `known` are the resources of the type the inventory
 * has; `complete` says the account's listing of the type was read (AwsAccount.collected), so they
 * are all there are: a role with no listed resource behind it gets no edge. Otherwise a resource
 * running as any role that trusts the service is also assumed to exist, and an edge resting on
 * that is conditional on it, saying so. Finding some resources of a type (through a trigger, an
 * SSM registration) proves nothing about the others. `listing` answers the same for the other
 * resources a request names (a job queue).
 */
export function existingComputeEdge(
  p: AwsPrincipal,
  role: AwsRole,
  t: ExistingComputeTechnique,
  known: readonly AwsResource[],
  complete: boolean,
  index: ActionIndex,
  listing: Listings = NOTHING_LISTED,
): GraphEdge | undefined {
  if (!t.steps.every((s) => s.anyOf.some((a) => index.may(p, a)))) return undefined;
  const named: Option[] = [];
  for (const s of t.steps) {
    if (!s.names) continue;
    const o = namedGrant(p, { ...s, names: s.names }, listing(s.names.type));
    if (!o) return undefined;
    named.push(o);
  }
  const own = t.steps.filter((s) => !s.names);
  const helper = (arn: string, r?: AwsResource): Option => {
    if (!t.helper) return NO_OPTION;
    const g = grant(p, t.helper.action, arn, r ? resourceTags(r.tags) : undefined);
    if (allowed(g.decision) && !g.decision.conditional) return { ...NO_OPTION, grants: [g] };
    const byStatement = helperByStatement(p, t, arn, r, index);
    if (byStatement) return { ...NO_OPTION, grants: byStatement };
    // Triggers the input lists (event source mappings, rules, notifications) run the new code too.
    const triggers = Array.isArray(r?.props.triggers) ? r.props.triggers : [];
    if (triggers.length > 0) return { ...NO_OPTION, refs: [{ type: 'inventory' as const, source: arn, detail: `invoked by ${triggers.join(', ')}` }] };
    return { ...NO_OPTION, assumptions: [t.helper.otherwise] };
  };
  const option = (arn: string, r: AwsResource | undefined, base: Omit<Option, 'grants' | 'assumptions'>): Option => {
    const parts = [helper(arn, r), ...named];
    return {
      grants: [...own.map((s) => stepGrant(p, s, arn, r)), ...parts.flatMap((o) => o.grants)],
      refs: [...base.refs, ...parts.flatMap((o) => o.refs)],
      conditions: [...base.conditions, ...parts.flatMap((o) => o.conditions)],
      assumptions: parts.flatMap((o) => o.assumptions),
    };
  };
  const options: Option[] = [];
  for (const r of known) {
    if (r.runsAs !== role.arn) continue;
    const state = t.state?.holds(r);
    if (state === false) continue;
    options.push(
      option(r.arn, r, {
        refs: [
          { type: 'inventory', source: r.arn, detail: `${t.what} running as ${role.arn}` },
          // Resources through which it holds the role (a deployment group's target instances).
          ...(Array.isArray(r.props.runsAsVia) ? r.props.runsAsVia.map((via) => ({ type: 'inventory' as const, source: via, detail: `targeted by ${r.name}, runs as ${role.arn}` })) : []),
        ],
        conditions: state === undefined && t.state ? [`${t.state.text} (the input does not say)`] : [],
      }),
    );
  }
  const assumable = !complete && trustedServices(role).includes(t.service) && !(t.instanceProfile && role.instanceProfiles.length === 0);
  if (assumable) {
    const actions = own.filter((s) => !s.on).flatMap((s) => s.anyOf);
    for (const arn of candidateArns(p, actions, t.shape(p.accountId))) {
      options.push(
        option(arn, undefined, {
          refs: [],
          conditions: [`${article(t.what)} ${t.what} running as ${role.name} exists${t.state ? ` and ${t.state.text}` : ''} (no listing of ${t.type} resources of account ${p.accountId} was read)`],
        }),
      );
    }
  }
  const chosen = best(options);
  if (!chosen) return undefined;
  return attackEdge({
    kind: 'CAN_EXECUTE_AS',
    technique: t.id,
    source: p.arn,
    target: role.arn,
    summary: `${t.how} (${role.name})`,
    grants: chosen.grants,
    refs: chosen.refs,
    assumptions: chosen.assumptions,
    conditions: [...chosen.conditions, ...(t.unsettled ? [t.unsettled] : [])],
  });
}

/** "an EC2 instance", "a Lambda function": initialisms read letter by letter. */
function article(noun: string): string {
  return /^(?:[AEIOU]|EC2|ECS|S3|SSM|RDS|SNS|SQS)/.test(noun) ? 'an' : 'a';
}
