import { parseOrThrow } from '../../../src/ingest/validate.js';
import { getDeploymentGroupSchema } from './escalation-schemas.js';
import { need, part, partitionOf, resource, type AwsPart, type CommandContext } from './part.js';

/**
 * CodeDeploy deployment groups: a deployment runs the revision's hook scripts on the instances the
 * group targets, as their instance-profile role. The output names the instances only by tag
 * filters and Auto Scaling groups, so the role (`runsAs`) is left unset here.
 */

export const DEPLOYMENT_GROUP = 'codedeploy:deployment-group';

type Filter = { Key?: string | undefined; Value?: string | undefined; Type?: string | undefined };

/** `Key=Value` (KEY_AND_VALUE), `Key=*` (KEY_ONLY), `*=Value` (VALUE_ONLY). */
const filterText = (f: Filter) =>
  f.Type === 'KEY_ONLY' ? `${f.Key ?? ''}=*` : f.Type === 'VALUE_ONLY' ? `*=${f.Value ?? ''}` : `${f.Key ?? ''}=${f.Value ?? ''}`;

/** `deploy get-deployment-group` (envelope only: the output carries neither ARN nor account). */
export function parseGetDeploymentGroup(json: unknown, ctx: CommandContext): AwsPart {
  const g = parseOrThrow(getDeploymentGroupSchema, json, ctx.file, 'deploy get-deployment-group output').deploymentGroupInfo;
  const why = 'the deployment group output names no account or region';
  const region = need(ctx, 'region', why);
  const account = need(ctx, 'account', why);
  const tagSets = g.ec2TagSet?.ec2TagSetList ?? [];
  return part({
    resources: [
      {
        account,
        resource: resource({
          arn: `arn:${partitionOf(region)}:codedeploy:${region}:${account}:deploymentgroup:${g.applicationName}/${g.deploymentGroupName}`,
          type: DEPLOYMENT_GROUP,
          name: `${g.applicationName}/${g.deploymentGroupName}`,
          region,
          props: {
            applicationName: g.applicationName,
            computePlatform: g.computePlatform,
            deploymentConfigName: g.deploymentConfigName,
            serviceRoleArn: g.serviceRoleArn,
            ec2TagFilters: g.ec2TagFilters.map(filterText).sort(),
            // Each set is ANDed with the others; the filters within a set are ORed.
            ec2TagSets: tagSets.map((set) => set.map(filterText).sort().join(' | ')),
            autoScalingGroups: g.autoScalingGroups.map((a) => a.name).sort(),
          },
        }),
      },
    ],
  });
}
