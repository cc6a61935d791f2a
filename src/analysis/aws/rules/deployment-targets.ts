import type { AwsResource } from '../../../model/inventory/index.js';

/**
 * CodeDeploy deployment groups name their EC2 targets only by tag filters and Auto Scaling groups,
 * and run the revision's hooks on each target as that instance's profile role. Joined with the
 * listed instances, a group runs as the roles of the instances it targets: one copy of the group
 * per such role, so that the existing-compute rule, which pairs a resource with one role, sees each.
 */

export const DEPLOYMENT_GROUP = 'codedeploy:deployment-group';
const ASG_TAG = 'aws:autoscaling:groupName';

/** A filter as the parser writes it: `Key=Value`, `Key=*` (key only), `*=Value` (value only). */
function matchesFilter(filter: string, tags: Record<string, string>): boolean {
  const eq = filter.indexOf('=');
  const key = filter.slice(0, eq);
  const value = filter.slice(eq + 1);
  return Object.entries(tags).some(([k, v]) => (key === '*' || k === key) && (value === '*' || v === value));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Whether the group targets the instance: any tag filter; or every tag set (each an OR of filters); or its Auto Scaling group. */
export function targets(group: AwsResource, instance: AwsResource): boolean {
  const filters = strings(group.props.ec2TagFilters);
  const sets = strings(group.props.ec2TagSets).map((set) => set.split(' | '));
  const byTags =
    (filters.length > 0 && filters.some((f) => matchesFilter(f, instance.tags))) ||
    (sets.length > 0 && sets.every((set) => set.some((f) => matchesFilter(f, instance.tags))));
  const asg = instance.tags[ASG_TAG];
  return byTags || (asg !== undefined && strings(group.props.autoScalingGroups).includes(asg));
}

/**
 * The resources with every deployment group that has no role of its own resolved against the
 * listed instances (terminated ones aside): one copy per role of the instances it targets, citing
 * them. A group that targets no listed instance is left as it is.
 */
export function resolveDeploymentGroups(resources: readonly AwsResource[]): AwsResource[] {
  const instances = resources.filter((r) => r.type === 'ec2:instance' && r.runsAs && r.props.state !== 'terminated');
  if (!resources.some((r) => r.type === DEPLOYMENT_GROUP)) return [...resources];
  return resources.flatMap((r) => {
    if (r.type !== DEPLOYMENT_GROUP || r.runsAs) return [r];
    const hit = instances.filter((i) => targets(r, i));
    const roles = [...new Set(hit.map((i) => i.runsAs!))];
    if (roles.length === 0) return [r];
    return roles.map((role) => ({ ...r, runsAs: role, props: { ...r.props, runsAsVia: hit.filter((i) => i.runsAs === role).map((i) => i.arn) } }));
  });
}
