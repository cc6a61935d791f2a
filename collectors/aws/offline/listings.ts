import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { queueArnFromUrl } from './data.js';
import { need, part, partitionOf, resource, splitArn, type AwsPart, type CommandContext } from './part.js';

/**
 * Listings that name resources without describing them (the live collector reads them to know what
 * to ask next). They prove a resource exists, which is kept even when the detail request fails.
 */

const arn = z.string().startsWith('arn:', 'an ARN (arn:…)');

function listed(
  ctx: CommandContext,
  type: string,
  arns: readonly string[],
  name: (arn: string) => string,
): AwsPart {
  return part({
    resources: arns.map((a) => ({
      account: ctx.account,
      resource: resource({ arn: a, type, name: name(a), region: splitArn(a)?.region || ctx.region }),
    })),
  });
}

/** Names only: the ARN is built from the envelope's account and region. */
function named(
  ctx: CommandContext,
  type: string,
  names: readonly string[],
  arnOf: (region: string, account: string, name: string) => string,
): AwsPart {
  if (names.length === 0) return part();
  const why = 'the listing names resources without account or region';
  const region = need(ctx, 'region', why);
  const account = need(ctx, 'account', why);
  return listed(
    ctx,
    type,
    names.map((n) => arnOf(region, account, n)),
    (a) => names.find((n) => a.endsWith(`/${n}`)) ?? a,
  );
}

export function parseListKeys(json: unknown, ctx: CommandContext): AwsPart {
  const { Keys } = parseOrThrow(
    z.object({ Keys: z.array(z.object({ KeyId: z.string(), KeyArn: arn }).loose()) }).loose(),
    json,
    ctx.file,
    'kms list-keys output',
  );
  return listed(
    ctx,
    'kms:key',
    Keys.map((k) => k.KeyArn),
    (a) => a.split('/').pop()!,
  );
}

export function parseListTopics(json: unknown, ctx: CommandContext): AwsPart {
  const { Topics } = parseOrThrow(
    z.object({ Topics: z.array(z.object({ TopicArn: arn }).loose()) }).loose(),
    json,
    ctx.file,
    'sns list-topics output',
  );
  return listed(
    ctx,
    'sns:topic',
    Topics.map((t) => t.TopicArn),
    (a) => a.split(':').pop()!,
  );
}

export function parseListQueues(json: unknown, ctx: CommandContext): AwsPart {
  const { QueueUrls } = parseOrThrow(
    z.object({ QueueUrls: z.array(z.string()).default([]) }).loose(),
    json,
    ctx.file,
    'sqs list-queues output',
  );
  return listed(
    ctx,
    'sqs:queue',
    QueueUrls.map((u) => queueArnFromUrl(u, ctx)),
    (a) => a.split(':').pop()!,
  );
}

export function parseListTables(json: unknown, ctx: CommandContext): AwsPart {
  const { TableNames } = parseOrThrow(
    z.object({ TableNames: z.array(z.string()) }).loose(),
    json,
    ctx.file,
    'dynamodb list-tables output',
  );
  return named(
    ctx,
    'dynamodb:table',
    TableNames,
    (r, a, n) => `arn:${partitionOf(r)}:dynamodb:${r}:${a}:table/${n}`,
  );
}

export function parseListProjects(json: unknown, ctx: CommandContext): AwsPart {
  const { projects } = parseOrThrow(
    z.object({ projects: z.array(z.string()) }).loose(),
    json,
    ctx.file,
    'codebuild list-projects output',
  );
  return named(
    ctx,
    'codebuild:project',
    projects,
    (r, a, n) => `arn:${partitionOf(r)}:codebuild:${r}:${a}:project/${n}`,
  );
}

export function parseListNotebookInstances(json: unknown, ctx: CommandContext): AwsPart {
  const { NotebookInstances } = parseOrThrow(
    z
      .object({
        NotebookInstances: z.array(
          z.object({ NotebookInstanceArn: arn, NotebookInstanceName: z.string() }).loose(),
        ),
      })
      .loose(),
    json,
    ctx.file,
    'sagemaker list-notebook-instances output',
  );
  return listed(
    ctx,
    'sagemaker:notebook',
    NotebookInstances.map((n) => n.NotebookInstanceArn),
    (a) => a.split('/').pop()!,
  );
}
