import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { part, resource, splitArn, type AwsPart, type CommandContext } from './part.js';

/**
 * AWS Batch job definitions and queues, and Amazon Bedrock AgentCore code interpreters, browsers
 * and runtimes: compute that runs as a role an existing-compute technique can borrow. Only the
 * fields leakpath uses are declared; the rest passes through.
 */

const arn = z.string().startsWith('arn:', 'an ARN (arn:…)');
const tags = z.record(z.string(), z.string()).default({});

const region = (a: string, ctx: CommandContext) => splitArn(a)?.region || ctx.region;

// --- Batch --------------------------------------------------------------------------------------

const roleOf = z.object({ jobRoleArn: arn.optional() }).loose();

const jobDefinitionsSchema = z
  .object({
    jobDefinitions: z.array(
      z
        .object({
          jobDefinitionName: z.string(),
          jobDefinitionArn: arn,
          revision: z.number().optional(),
          status: z.string().optional(),
          type: z.string().optional(),
          platformCapabilities: z.array(z.string()).optional(),
          containerProperties: roleOf.optional(),
          nodeProperties: z
            .object({
              nodeRangeProperties: z.array(z.object({ container: roleOf.optional() }).loose()).default([]),
            })
            .loose()
            .optional(),
          ecsProperties: z
            .object({
              taskProperties: z.array(z.object({ taskRoleArn: arn.optional() }).loose()).default([]),
            })
            .loose()
            .optional(),
          tags,
        })
        .loose(),
    ),
  })
  .loose();

type JobDefinition = z.infer<typeof jobDefinitionsSchema>['jobDefinitions'][number];

/** The role a job's containers run as: single-container, multi-node (first node range with one) or ECS-properties jobs. */
function jobRole(d: JobDefinition): string | undefined {
  return (
    d.containerProperties?.jobRoleArn ??
    d.nodeProperties?.nodeRangeProperties.find((n) => n.container?.jobRoleArn)?.container?.jobRoleArn ??
    d.ecsProperties?.taskProperties.find((t) => t.taskRoleArn)?.taskRoleArn
  );
}

export function parseJobDefinitions(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(jobDefinitionsSchema, json, ctx.file, 'batch describe-job-definitions output');
  return part({
    resources: out.jobDefinitions.map((d) => ({
      account: ctx.account,
      resource: resource({
        arn: d.jobDefinitionArn,
        type: 'batch:job-definition',
        name: d.revision === undefined ? d.jobDefinitionName : `${d.jobDefinitionName}:${d.revision}`,
        region: region(d.jobDefinitionArn, ctx),
        runsAs: jobRole(d),
        tags: d.tags,
        props: {
          status: d.status,
          jobType: d.type,
          platformCapabilities: d.platformCapabilities ? [...d.platformCapabilities].sort() : undefined,
        },
      }),
    })),
  });
}

const jobQueuesSchema = z
  .object({
    jobQueues: z.array(
      z
        .object({
          jobQueueName: z.string(),
          jobQueueArn: arn,
          state: z.string().optional(),
          status: z.string().optional(),
          computeEnvironmentOrder: z.array(z.object({ computeEnvironment: z.string() }).loose()).default([]),
          tags,
        })
        .loose(),
    ),
  })
  .loose();

export function parseJobQueues(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(jobQueuesSchema, json, ctx.file, 'batch describe-job-queues output');
  return part({
    resources: out.jobQueues.map((q) => ({
      account: ctx.account,
      resource: resource({
        arn: q.jobQueueArn,
        type: 'batch:job-queue',
        name: q.jobQueueName,
        region: region(q.jobQueueArn, ctx),
        tags: q.tags,
        props: {
          state: q.state,
          status: q.status,
          computeEnvironments: q.computeEnvironmentOrder.map((c) => c.computeEnvironment),
        },
      }),
    })),
  });
}

// --- Bedrock AgentCore --------------------------------------------------------------------------

/** AWS-managed tools (`aws.codeinterpreter.v1`, `aws.browser.v1`) live in account `aws` and run as no customer role. */
const customerOwned = (a: string) => /^\d{12}$/.test(splitArn(a)?.account ?? '');

interface AgentCoreKind {
  type: string;
  what: string;
  /** The field of the get output and of each summary that holds the ARN, and the name. */
  arn: string;
  name: string;
  /** The list output's array. */
  summaries: string;
  role: string;
}

export const CODE_INTERPRETER: AgentCoreKind = {
  type: 'bedrock-agentcore:code-interpreter',
  what: 'code interpreter',
  arn: 'codeInterpreterArn',
  name: 'name',
  summaries: 'codeInterpreterSummaries',
  role: 'executionRoleArn',
};
export const BROWSER: AgentCoreKind = {
  type: 'bedrock-agentcore:browser',
  what: 'browser',
  arn: 'browserArn',
  name: 'name',
  summaries: 'browserSummaries',
  role: 'executionRoleArn',
};
export const RUNTIME: AgentCoreKind = {
  type: 'bedrock-agentcore:runtime',
  what: 'agent runtime',
  arn: 'agentRuntimeArn',
  name: 'agentRuntimeName',
  summaries: 'agentRuntimes',
  role: 'roleArn',
};

const item = (k: AgentCoreKind) =>
  z
    .object({
      [k.arn]: arn,
      [k.name]: z.string().optional(),
      [k.role]: arn.optional(),
      status: z.string().optional(),
    })
    .loose();

/**
 * One AgentCore resource as `get-*` prints it. A runtime without an authorizer configuration takes
 * IAM (SigV4) callers; one with a custom JWT authorizer takes bearer tokens only.
 */
function agentCoreResource(
  k: AgentCoreKind,
  r: Record<string, unknown>,
  ctx: CommandContext,
  detailed: boolean,
) {
  const a = r[k.arn] as string;
  const auth = r.authorizerConfiguration as { customJWTAuthorizer?: unknown } | undefined;
  return {
    account: ctx.account,
    resource: resource({
      arn: a,
      type: k.type,
      name: (r[k.name] as string | undefined) ?? a.split('/').pop()!,
      region: region(a, ctx),
      runsAs: r[k.role] as string | undefined,
      props: {
        status: r.status as string | undefined,
        inboundAuth: k === RUNTIME && detailed ? (auth?.customJWTAuthorizer ? 'jwt' : 'iam') : undefined,
      },
    }),
  };
}

export const parseAgentCoreGet =
  (k: AgentCoreKind) =>
  (json: unknown, ctx: CommandContext): AwsPart => {
    const r = parseOrThrow(
      item(k),
      json,
      ctx.file,
      `bedrock-agentcore-control get ${k.what} output`,
    ) as Record<string, unknown>;
    return part({ resources: customerOwned(r[k.arn] as string) ? [agentCoreResource(k, r, ctx, true)] : [] });
  };

export const parseAgentCoreList =
  (k: AgentCoreKind) =>
  (json: unknown, ctx: CommandContext): AwsPart => {
    const out = parseOrThrow(
      z.object({ [k.summaries]: z.array(item(k)) }).loose(),
      json,
      ctx.file,
      `bedrock-agentcore-control list ${k.what} output`,
    );
    const list = out[k.summaries] as Record<string, unknown>[];
    return part({
      resources: list
        .filter((r) => customerOwned(r[k.arn] as string))
        .map((r) => agentCoreResource(k, r, ctx, false)),
    });
  };
