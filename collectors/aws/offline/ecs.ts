import { parseOrThrow } from '../../../src/ingest/validate.js';
import {
  describeClustersSchema,
  describeTaskDefinitionSchema,
  listClustersSchema,
  listTaskDefinitionsSchema,
} from './escalation-schemas.js';
import { part, resource, splitArn, type AwsPart, type CommandContext } from './part.js';

/**
 * ECS task definitions and clusters: RunTask / StartTask of an existing definition runs its
 * containers as the definition's task role, or as a task role override the caller passes.
 */

export const TASK_DEFINITION = 'ecs:task-definition';
export const CLUSTER = 'ecs:cluster';

const region = (a: string, ctx: CommandContext) => splitArn(a)?.region || ctx.region;
const lowerTags = (list: readonly { key: string; value: string }[]) =>
  Object.fromEntries(list.map((t) => [t.key, t.value]));
/** `…:task-definition/web:7` → `web:7`; `…:cluster/prod` → `prod`. */
const lastPart = (a: string) => a.slice(a.lastIndexOf('/') + 1);

/** `ecs describe-task-definition` (tags only with `--include TAGS`). */
export function parseDescribeTaskDefinition(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(describeTaskDefinitionSchema, json, ctx.file, 'ecs describe-task-definition output');
  const d = out.taskDefinition;
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn: d.taskDefinitionArn,
          type: TASK_DEFINITION,
          name: `${d.family}:${d.revision}`,
          region: region(d.taskDefinitionArn, ctx),
          runsAs: d.taskRoleArn,
          tags: lowerTags(out.tags),
          props: {
            family: d.family,
            revision: d.revision,
            status: d.status,
            executionRoleArn: d.executionRoleArn,
            requiresCompatibilities: d.requiresCompatibilities ? [...d.requiresCompatibilities].sort() : undefined,
            networkMode: d.networkMode,
          },
        }),
      },
    ],
  });
}

/**
 * `ecs list-task-definitions`: ARNs only (ACTIVE revisions unless `--status` says otherwise), so
 * the definitions' roles come from describe-task-definition.
 */
export function parseListTaskDefinitions(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listTaskDefinitionsSchema, json, ctx.file, 'ecs list-task-definitions output');
  return arnsOnly(out.taskDefinitionArns, TASK_DEFINITION, ctx);
}

export function parseListClusters(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listClustersSchema, json, ctx.file, 'ecs list-clusters output');
  return arnsOnly(out.clusterArns, CLUSTER, ctx);
}

/** A listing of ARNs alone: the resources exist; what they hold comes from their describe call. */
function arnsOnly(arns: readonly string[], type: string, ctx: CommandContext): AwsPart {
  return part({ resources: arns.map((a) => ({ account: ctx.account, resource: resource({ arn: a, type, name: lastPart(a), region: region(a, ctx) }) })) });
}

export function parseDescribeClusters(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(describeClustersSchema, json, ctx.file, 'ecs describe-clusters output');
  return part({
    resources: out.clusters.map((c) => ({
      account: ctx.account,
      resource: resource({
        arn: c.clusterArn,
        type: CLUSTER,
        name: c.clusterName ?? lastPart(c.clusterArn),
        region: region(c.clusterArn, ctx),
        tags: lowerTags(c.tags),
        props: {
          status: c.status,
          registeredContainerInstancesCount: c.registeredContainerInstancesCount,
          runningTasksCount: c.runningTasksCount,
          capacityProviders: c.capacityProviders ? [...c.capacityProviders].sort() : undefined,
        },
      }),
    })),
  });
}
