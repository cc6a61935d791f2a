import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsResource, AwsRole } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { ActionIndex, allowed, attackEdge, best, candidateArns, grant, resourceTags, type Grant } from './common.js';
import { trustedServices } from './service-trust.js';

interface Step {
  anyOf: string[];
  /** The compute resource by default; or another ARN the request also names (an SSM document). */
  on?: (account: string) => string;
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
  /** Optional extra permission that spares the attacker an assumption (invoking the function itself). */
  helper?: { action: string; otherwise: string };
}

const ssmDocument = (name: string) => () => `arn:aws:ssm:x::document/${name}`;
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
    helper: { action: 'lambda:InvokeFunction', otherwise: 'the function is invoked by its own triggers or callers after the change' },
  },
  {
    id: 'aws:lambda:UpdateFunctionConfiguration',
    type: 'lambda:function',
    what: 'Lambda function',
    service: 'lambda.amazonaws.com',
    shape: (a) => `arn:aws:lambda:*:${a}:function:*`,
    steps: [{ anyOf: ['lambda:UpdateFunctionConfiguration'] }],
    how: 'adds an attacker layer (or an exec wrapper) to a function running as the role',
    helper: { action: 'lambda:InvokeFunction', otherwise: 'the function is invoked by its own triggers or callers after the change' },
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
    unsettled: 'the task runs with ECS Exec enabled (enableExecuteCommand; not in the input)',
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

/**
 * Policy for compute the input may not list. `known` are the resources of the type the inventory
 * has; `complete` says the account's listing of the type was read (AwsAccount.collected), so they
 * are all there are: a role with no listed resource behind it gets no edge. Otherwise a resource
 * running as any role that trusts the service is also assumed to exist, and an edge resting on
 * that is conditional on it, saying so. Finding some resources of a type (through a trigger, an
 * SSM registration) proves nothing about the others.
 */
export function existingComputeEdge(
  p: AwsPrincipal,
  role: AwsRole,
  t: ExistingComputeTechnique,
  known: readonly AwsResource[],
  complete: boolean,
  index: ActionIndex,
): GraphEdge | undefined {
  if (!t.steps.every((s) => s.anyOf.some((a) => index.may(p, a)))) return undefined;
  const options: Option[] = [];
  const helper = (arn: string, r?: AwsResource) => {
    const none = { grants: [] as Grant[], assumptions: [] as string[], refs: [] as EvidenceRef[] };
    if (!t.helper) return none;
    const g = grant(p, t.helper.action, arn, r ? resourceTags(r.tags) : undefined);
    if (allowed(g.decision) && !g.decision.conditional) return { ...none, grants: [g] };
    // Triggers the input lists (event source mappings, rules, notifications) run the new code too.
    const triggers = Array.isArray(r?.props.triggers) ? r.props.triggers : [];
    if (triggers.length > 0) return { ...none, refs: [{ type: 'inventory' as const, source: arn, detail: `invoked by ${triggers.join(', ')}` }] };
    return { ...none, assumptions: [t.helper.otherwise] };
  };
  for (const r of known) {
    if (r.runsAs !== role.arn) continue;
    const state = t.state?.holds(r);
    if (state === false) continue;
    const h = helper(r.arn, r);
    options.push({
      grants: [...t.steps.map((s) => stepGrant(p, s, r.arn, r)), ...h.grants],
      refs: [{ type: 'inventory', source: r.arn, detail: `${t.what} running as ${role.arn}` }, ...h.refs],
      conditions: state === undefined && t.state ? [`${t.state.text} (the input does not say)`] : [],
      assumptions: h.assumptions,
    });
  }
  const assumable = !complete && trustedServices(role).includes(t.service) && !(t.instanceProfile && role.instanceProfiles.length === 0);
  if (assumable) {
    const actions = t.steps.filter((s) => !s.on).flatMap((s) => s.anyOf);
    for (const arn of candidateArns(p, actions, t.shape(p.accountId))) {
      const h = helper(arn);
      options.push({
        grants: [...t.steps.map((s) => stepGrant(p, s, arn)), ...h.grants],
        refs: [],
        conditions: [`${article(t.what)} ${t.what} running as ${role.name} exists${t.state ? ` and ${t.state.text}` : ''} (no listing of ${t.type} resources of account ${p.accountId} was read)`],
        assumptions: h.assumptions,
      });
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
