import { parseOrThrow } from '../../../src/ingest/validate.js';
import { describeStackSetSchema, listStackInstancesSchema, listStackSetsSchema } from './escalation-schemas.js';
import { need, part, partitionOf, resource, splitArn, tagsOf, type AwsPart, type CommandContext } from './part.js';

/**
 * Self-managed CloudFormation stack sets: UpdateStackSet on an existing one deploys a template as
 * its execution role in every account that holds one of its stack instances.
 */

export const STACK_SET = 'cloudformation:stackset';

/** The stack set's ARN from its id (`name:uuid`), in the account and region of the request. */
function stackSetArn(ctx: CommandContext, stackSetId: string, why: string): string {
  const region = need(ctx, 'region', why);
  return `arn:${partitionOf(region)}:cloudformation:${region}:${need(ctx, 'account', why)}:stackset/${stackSetId}`;
}
const nameOf = (stackSetId: string) => stackSetId.slice(0, stackSetId.lastIndexOf(':')) || stackSetId;

/** `cloudformation describe-stack-set`: the template and parameter values are not kept. */
export function parseDescribeStackSet(json: unknown, ctx: CommandContext): AwsPart {
  const s = parseOrThrow(describeStackSetSchema, json, ctx.file, 'cloudformation describe-stack-set output').StackSet;
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn: s.StackSetARN,
          type: STACK_SET,
          name: s.StackSetName,
          region: splitArn(s.StackSetARN)?.region || ctx.region,
          tags: tagsOf(s.Tags),
          props: {
            stackSetId: s.StackSetId,
            status: s.Status,
            administrationRoleArn: s.AdministrationRoleARN,
            executionRoleName: s.ExecutionRoleName,
            permissionModel: s.PermissionModel,
            capabilities: [...s.Capabilities].sort(),
          },
        }),
      },
    ],
  });
}

/**
 * `cloudformation list-stack-instances` (envelope only: the summaries name the target accounts,
 * not the stack set's own). The accounts and regions holding an instance; an empty listing says
 * there are none, which needs the stack set's id as the `StackSetName` parameter to be placed.
 */
export function parseListStackInstances(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listStackInstancesSchema, json, ctx.file, 'cloudformation list-stack-instances output');
  const named = typeof ctx.parameters.StackSetName === 'string' ? ctx.parameters.StackSetName : undefined;
  const ids = [...new Set([...out.Summaries.map((s) => s.StackSetId), ...(named?.includes(':') ? [named] : [])])];
  const warnings: string[] = [];
  if (ids.length === 0)
    warnings.push(`${ctx.file}: an empty stack-instance listing of stack set "${named ?? '?'}" cannot be placed: give its id (name:uuid) as StackSetName`);
  if ('NextToken' in out && out.NextToken) warnings.push(`${ctx.file}: the stack-instance listing is paginated (NextToken): accounts on later pages are missing`);
  const why = 'stack instance summaries name the target accounts, not the stack set\'s';
  return part({
    warnings,
    resources: ids.map((id) => {
      const mine = out.Summaries.filter((s) => s.StackSetId === id);
      return {
        account: ctx.account,
        resource: resource({
          arn: stackSetArn(ctx, id, why),
          type: STACK_SET,
          name: nameOf(id),
          region: ctx.region,
          props: {
            instanceAccounts: [...new Set(mine.map((s) => s.Account))].sort(),
            instanceRegions: [...new Set(mine.map((s) => s.Region))].sort(),
          },
        }),
      };
    }),
  });
}

/** `cloudformation list-stack-sets` (envelope only): every stack set of the account and region. */
export function parseListStackSets(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listStackSetsSchema, json, ctx.file, 'cloudformation list-stack-sets output');
  const why = 'stack set summaries carry no ARN';
  return part({
    resources: out.Summaries.map((s) => ({
      account: ctx.account,
      resource: resource({
        arn: stackSetArn(ctx, s.StackSetId, why),
        type: STACK_SET,
        name: s.StackSetName,
        region: ctx.region,
        props: { stackSetId: s.StackSetId, status: s.Status, permissionModel: s.PermissionModel },
      }),
    })),
  });
}
