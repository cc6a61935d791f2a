import { parseOrThrow } from '../../../src/ingest/validate.js';
import {
  part,
  partitionOf,
  regionOfZone,
  resource,
  splitArn,
  tagsOf,
  type AwsFact,
  type AwsPart,
  type CommandContext,
  need,
  parameter,
} from './part.js';
import {
  batchGetProjectsSchema,
  describeInstanceInformationSchema,
  describeInstancesSchema,
  describeNotebookInstanceSchema,
  describeSecurityGroupsSchema,
  describeStacksSchema,
  getDevEndpointSchema,
  getDevEndpointsSchema,
  getFunctionSchema,
  lambdaFunctionSchema,
  listEventSourceMappingsSchema,
  listFunctionsSchema,
  listRulesSchema,
  listTargetsByRuleSchema,
  policyStringSchema,
} from './service-schemas.js';
import { inspectConfig } from './values.js';
import type { z } from 'zod';
import { appendAll } from '../../../src/model/append.js';

/** Compute that runs as a role, and what triggers or reaches it. */

/** A function ARN may carry a version or alias; the function itself is the subject. */
export function baseFunctionArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

function regionOnly(p: AwsPart, ctx: CommandContext, what: string): string {
  if (ctx.region) return ctx.region;
  p.warnings.push(
    `${ctx.file}: ${what} names no region; their ARNs have an empty region field. Wrap the file in an aws-cli/1 envelope with "region".`,
  );
  return '';
}

// --- Lambda -------------------------------------------------------------------------------------

type LambdaFunction = z.infer<typeof lambdaFunctionSchema>;

function lambdaFunction(f: LambdaFunction, record: string, ctx: CommandContext, p: AwsPart): void {
  const env = inspectConfig(
    Object.entries(f.Environment?.Variables ?? {}),
    `${ctx.file}: ${record} (function ${f.FunctionName})`,
  );
  appendAll(p.warnings, env.warnings);
  const arn = baseFunctionArn(f.FunctionArn);
  p.resources.push({
    account: ctx.account,
    resource: resource({
      arn,
      type: 'lambda:function',
      name: f.FunctionName,
      region: splitArn(arn)?.region || ctx.region,
      runsAs: f.Role,
      props: {
        runtime: f.Runtime ?? f.PackageType ?? null,
        handler: f.Handler,
        kmsKeyArn: f.KMSKeyArn,
        environmentVariableNames: env.names,
        secretEnvironmentVariableNames: env.secretNames,
        credentialIds: env.credentialIds,
      },
    }),
  });
}

export function parseListFunctions(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listFunctionsSchema, json, ctx.file, 'lambda list-functions output');
  const p = part();
  out.Functions.forEach((f, i) => lambdaFunction(f, `Functions[${i}]`, ctx, p));
  return p;
}

export function parseGetFunction(json: unknown, ctx: CommandContext): AwsPart {
  const p = part();
  if (typeof json === 'object' && json !== null && 'Configuration' in json) {
    lambdaFunction(
      parseOrThrow(getFunctionSchema, json, ctx.file, 'lambda get-function output').Configuration,
      'Configuration',
      ctx,
      p,
    );
  } else {
    lambdaFunction(
      parseOrThrow(lambdaFunctionSchema, json, ctx.file, 'lambda get-function-configuration output'),
      'function',
      ctx,
      p,
    );
  }
  return p;
}

export function parseEventSourceMappings(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(
    listEventSourceMappingsSchema,
    json,
    ctx.file,
    'lambda list-event-source-mappings output',
  );
  const facts: AwsFact[] = out.EventSourceMappings.filter((m) => m.EventSourceArn).map((m) => ({
    kind: 'trigger',
    functionArn: baseFunctionArn(m.FunctionArn),
    sourceArn: m.EventSourceArn!,
  }));
  return part({ facts });
}

/** The function a lambda get-policy request named: a name, a partial ARN or an ARN. */
function functionArnFromParameter(ctx: CommandContext): string {
  const given = parameter(ctx, 'FunctionName');
  if (given.startsWith('arn:')) return baseFunctionArn(given);
  // `name`, `name:qualifier` or the partial ARN `123456789012:function:name[:qualifier]`.
  const partial = /^(\d{12}):function:([^:]+)/.exec(given);
  const name = partial ? partial[2]! : given.split(':')[0]!;
  const account = partial
    ? partial[1]!
    : need(ctx, 'account', 'lambda get-policy names the function only by name');
  const region = need(ctx, 'region', 'lambda get-policy names the function only by name');
  return `arn:${partitionOf(region)}:lambda:${region}:${account}:function:${name}`;
}

export function parseLambdaPolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Policy } = parseOrThrow(policyStringSchema, json, ctx.file, 'lambda get-policy output');
  const arn = functionArnFromParameter(ctx);
  const name = arn.split(':')[6]!;
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn,
          type: 'lambda:function',
          name,
          region: splitArn(arn)?.region,
          policy: Policy,
        }),
      },
    ],
  });
}

// --- EC2 / SSM ----------------------------------------------------------------------------------

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** Ports a security group opens to the whole internet: `tcp/22`, `tcp/8000-8080`, `all`. */
function internetIngress(
  perms: z.infer<typeof describeSecurityGroupsSchema>['SecurityGroups'][number]['IpPermissions'],
): string[] {
  const out = new Set<string>();
  for (const perm of perms) {
    const open =
      perm.IpRanges.some((r) => OPEN.has(r.CidrIp)) || perm.Ipv6Ranges.some((r) => OPEN.has(r.CidrIpv6));
    if (!open) continue;
    if (perm.IpProtocol === '-1') out.add('all');
    else if (perm.FromPort === undefined || perm.FromPort === perm.ToPort)
      out.add(`${perm.IpProtocol}/${perm.FromPort ?? 'all'}`);
    else out.add(`${perm.IpProtocol}/${perm.FromPort}-${perm.ToPort}`);
  }
  return [...out].sort();
}

export function parseDescribeInstances(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(describeInstancesSchema, json, ctx.file, 'ec2 describe-instances output');
  const p = part();
  for (const reservation of out.Reservations) {
    for (const i of reservation.Instances) {
      const region = ctx.region ?? regionOfZone(i.Placement?.AvailabilityZone) ?? '';
      p.resources.push({
        account: reservation.OwnerId,
        resource: resource({
          arn: `arn:${partitionOf(region)}:ec2:${region}:${reservation.OwnerId}:instance/${i.InstanceId}`,
          type: 'ec2:instance',
          name: tagsOf(i.Tags).Name ?? i.InstanceId,
          region: region || undefined,
          tags: tagsOf(i.Tags),
          props: {
            instanceId: i.InstanceId,
            state: i.State?.Name,
            // merge turns the profile into runsAs, against the roles' InstanceProfileList.
            instanceProfileArn: i.IamInstanceProfile?.Arn,
            securityGroupIds: i.SecurityGroups.map((g) => g.GroupId).sort(),
            publicIpAddress: i.PublicIpAddress,
            vpcId: i.VpcId,
            subnetId: i.SubnetId,
            imdsV2Required: i.MetadataOptions?.HttpTokens
              ? i.MetadataOptions.HttpTokens === 'required'
              : undefined,
          },
        }),
      });
    }
  }
  return p;
}

export function parseSecurityGroups(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(
    describeSecurityGroupsSchema,
    json,
    ctx.file,
    'ec2 describe-security-groups output',
  );
  const p = part();
  const region = out.SecurityGroups.length ? regionOnly(p, ctx, 'security groups') : '';
  for (const g of out.SecurityGroups) {
    p.resources.push({
      account: g.OwnerId,
      resource: resource({
        arn: `arn:${partitionOf(region)}:ec2:${region}:${g.OwnerId}:security-group/${g.GroupId}`,
        type: 'ec2:security-group',
        name: g.GroupName || g.GroupId,
        region: region || undefined,
        tags: tagsOf(g.Tags),
        props: { groupId: g.GroupId, vpcId: g.VpcId, internetIngress: internetIngress(g.IpPermissions) },
      }),
    });
  }
  return p;
}

export function parseInstanceInformation(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(
    describeInstanceInformationSchema,
    json,
    ctx.file,
    'ssm describe-instance-information output',
  );
  const facts: AwsFact[] = [];
  // A listing that may be a page or a filtered answer still proves presence; absence only when whole.
  if (
    ctx.account &&
    ctx.region &&
    Object.keys(ctx.parameters).every((k) => k === 'MaxResults' || k === 'NextToken')
  ) {
    facts.push({ kind: 'ssm-listing', account: ctx.account, region: ctx.region });
  }
  for (const i of out.InstanceInformationList) {
    // Hybrid (mi-…) nodes are not EC2 instances; their role is a service role named elsewhere.
    if (i.ResourceType && i.ResourceType !== 'EC2Instance') continue;
    facts.push({
      kind: 'ssm-managed',
      instanceId: i.InstanceId,
      account: ctx.account,
      region: ctx.region,
      pingStatus: i.PingStatus,
      platform: i.PlatformType,
    });
  }
  return part({ facts });
}

// --- Glue, CodeBuild, SageMaker, CloudFormation, EventBridge ------------------------------------

export function parseDevEndpoints(json: unknown, ctx: CommandContext): AwsPart {
  const list =
    typeof json === 'object' && json !== null && 'DevEndpoint' in json
      ? [parseOrThrow(getDevEndpointSchema, json, ctx.file, 'glue get-dev-endpoint output').DevEndpoint]
      : parseOrThrow(getDevEndpointsSchema, json, ctx.file, 'glue get-dev-endpoints output').DevEndpoints;
  const p = part();
  const region = list.length ? regionOnly(p, ctx, 'Glue dev endpoints') : '';
  for (const e of list) {
    const account = ctx.account ?? splitArn(e.RoleArn)?.account ?? '';
    p.resources.push({
      account: account || undefined,
      resource: resource({
        arn: `arn:${partitionOf(region)}:glue:${region}:${account}:devEndpoint/${e.EndpointName}`,
        type: 'glue:devendpoint',
        name: e.EndpointName,
        region: region || undefined,
        runsAs: e.RoleArn,
        props: {
          status: e.Status,
          hasPublicAddress: e.PublicAddress !== undefined,
          securityGroupIds: [...e.SecurityGroupIds].sort(),
        },
      }),
    });
  }
  return p;
}

export function parseCodeBuildProjects(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(batchGetProjectsSchema, json, ctx.file, 'codebuild batch-get-projects output');
  const p = part();
  out.projects.forEach((proj, i) => {
    const vars = proj.environment?.environmentVariables ?? [];
    // Only PLAINTEXT variables hold a value; the others hold the name of a parameter or secret.
    const plain = vars.filter((v) => v.type === 'PLAINTEXT');
    const refs = (type: string) =>
      vars
        .filter((v) => v.type === type && typeof v.value === 'string')
        .map((v) => v.value as string)
        .sort();
    const env = inspectConfig(
      plain.map((v) => [v.name, v.value]),
      `${ctx.file}: projects[${i}] (project ${proj.name})`,
    );
    appendAll(p.warnings, env.warnings);
    p.resources.push({
      account: ctx.account,
      resource: resource({
        arn: proj.arn,
        type: 'codebuild:project',
        name: proj.name,
        region: splitArn(proj.arn)?.region || ctx.region,
        runsAs: proj.serviceRole,
        tags: Object.fromEntries(proj.tags.map((t) => [t.key, t.value])),
        props: {
          sourceType: proj.source?.type,
          environmentVariableNames: vars.map((v) => v.name).sort(),
          secretEnvironmentVariableNames: env.secretNames,
          credentialIds: env.credentialIds,
          parameterStoreReferences: refs('PARAMETER_STORE'),
          secretsManagerReferences: refs('SECRETS_MANAGER'),
        },
      }),
    });
  });
  return p;
}

export function parseNotebookInstance(json: unknown, ctx: CommandContext): AwsPart {
  const n = parseOrThrow(
    describeNotebookInstanceSchema,
    json,
    ctx.file,
    'sagemaker describe-notebook-instance output',
  );
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn: n.NotebookInstanceArn,
          type: 'sagemaker:notebook',
          name: n.NotebookInstanceName,
          region: splitArn(n.NotebookInstanceArn)?.region || ctx.region,
          runsAs: n.RoleArn,
          props: {
            status: n.NotebookInstanceStatus,
            directInternetAccess:
              n.DirectInternetAccess === undefined ? undefined : n.DirectInternetAccess === 'Enabled',
            rootAccess: n.RootAccess === undefined ? undefined : n.RootAccess === 'Enabled',
            lifecycleConfigName: n.NotebookInstanceLifecycleConfigName,
          },
        }),
      },
    ],
  });
}

export function parseStacks(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(describeStacksSchema, json, ctx.file, 'cloudformation describe-stacks output');
  const p = part();
  out.Stacks.forEach((s, i) => {
    const params = s.Parameters.filter((x) => x.ParameterValue !== undefined).map(
      (x) => [x.ParameterKey, x.ParameterValue!] as [string, typeof x.ParameterValue & {}],
    );
    const facts = inspectConfig(params, `${ctx.file}: Stacks[${i}] (stack ${s.StackName})`);
    appendAll(p.warnings, facts.warnings);
    p.resources.push({
      account: ctx.account,
      resource: resource({
        arn: s.StackId,
        type: 'cloudformation:stack',
        name: s.StackName,
        region: splitArn(s.StackId)?.region || ctx.region,
        runsAs: s.RoleARN,
        tags: tagsOf(s.Tags),
        props: {
          status: s.StackStatus,
          capabilities: [...s.Capabilities].sort(),
          parameterNames: s.Parameters.map((x) => x.ParameterKey).sort(),
          secretParameterNames: facts.secretNames,
          credentialIds: facts.credentialIds,
        },
      }),
    });
  });
  return p;
}

export function parseRules(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listRulesSchema, json, ctx.file, 'events list-rules output');
  return part({
    resources: out.Rules.map((r) => ({
      account: ctx.account,
      resource: resource({
        arn: r.Arn,
        type: 'events:rule',
        name: r.Name,
        region: splitArn(r.Arn)?.region || ctx.region,
        runsAs: r.RoleArn,
        props: {
          state: r.State,
          scheduleExpression: r.ScheduleExpression,
          eventBusName: r.EventBusName ?? 'default',
          hasEventPattern: r.EventPattern !== undefined,
        },
      }),
    })),
  });
}

/** events list-targets-by-rule: the rule is named only by the request. */
export function parseRuleTargets(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listTargetsByRuleSchema, json, ctx.file, 'events list-targets-by-rule output');
  const rule = parameter(ctx, 'Rule');
  let ruleArn: string;
  if (rule.startsWith('arn:')) ruleArn = rule;
  else {
    const region = need(ctx, 'region', 'the rule ARN is built from the rule name, account and region');
    const account = need(ctx, 'account', 'the rule ARN is built from the rule name, account and region');
    const bus =
      typeof ctx.parameters.EventBusName === 'string' && ctx.parameters.EventBusName !== 'default'
        ? `${ctx.parameters.EventBusName.split('/').pop()}/`
        : '';
    ruleArn = `arn:${partitionOf(region)}:events:${region}:${account}:rule/${bus}${rule}`;
  }
  const targetArns = out.Targets.map((t) => t.Arn).sort();
  const facts: AwsFact[] = out.Targets.filter((t) => splitArn(t.Arn)?.service === 'lambda').map((t) => ({
    kind: 'trigger',
    functionArn: baseFunctionArn(t.Arn),
    sourceArn: ruleArn,
  }));
  const targetRoles = [...new Set(out.Targets.flatMap((t) => (t.RoleArn ? [t.RoleArn] : [])))].sort();
  return part({
    facts,
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn: ruleArn,
          type: 'events:rule',
          name: ruleArn.split('/').pop()!,
          region: splitArn(ruleArn)?.region,
          props: { targetArns, targetRoleArns: targetRoles },
        }),
      },
    ],
  });
}
