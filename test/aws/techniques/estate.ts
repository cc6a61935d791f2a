import { analyse } from '../../../src/analysis/index.js';
import type { AttackGraph } from '../../../src/model/graph.js';
import type { AwsInventory, AwsResource } from '../../../src/model/inventory/index.js';
import { readInputsFromJson } from '../../helpers/inputs.js';

export const A = '111111111111';
export const userArn = (name: string, account = A) => `arn:aws:iam::${account}:user/${name}`;
export const roleArn = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
export const groupArn = (name: string, account = A) => `arn:aws:iam::${account}:group/${name}`;
export const policyArn = (name: string, account = A) => `arn:aws:iam::${account}:policy/${name}`;
export const ACCOUNT_NODE = `arn:aws:iam::${A}:root`;

/**
 * The real parse → build → analysis pipeline on export JSON, with inventory state the offline
 * formats may not carry yet (resources, login profiles, an organization) set on the parsed
 * inventory before analysis.
 */
export function analyseEstate(
  files: Record<string, unknown>,
  extra: { resources?: AwsResource[]; loginProfiles?: Record<string, boolean>; edit?: (inv: AwsInventory) => void } = {},
): AttackGraph {
  const read = readInputsFromJson(files);
  const inventories = read.inventories;
  for (const inv of inventories) {
    if (inv.provider !== 'aws') continue;
    const account = inv.accounts.find((a) => a.accountId === A);
    if (account && extra.resources) account.resources = [...(account.resources ?? []), ...extra.resources];
    for (const u of account?.users ?? []) if (extra.loginProfiles && u.name in extra.loginProfiles) u.hasLoginProfile = extra.loginProfiles[u.name];
    extra.edit?.(inv);
  }
  return analyse(inventories).graph;
}

export function resource(type: string, name: string, opts: Partial<AwsResource> = {}): AwsResource {
  const arns: Record<string, string> = {
    'lambda:function': `arn:aws:lambda:eu-west-1:${A}:function:${name}`,
    'ec2:instance': `arn:aws:ec2:eu-west-1:${A}:instance/${name}`,
    'glue:devendpoint': `arn:aws:glue:eu-west-1:${A}:devEndpoint/${name}`,
    'glue:job': `arn:aws:glue:eu-west-1:${A}:job/${name}`,
    'ec2:launch-template': `arn:aws:ec2:eu-west-1:${A}:launch-template/${name}`,
    'ecs:task': `arn:aws:ecs:eu-west-1:${A}:task/main/${name}`,
    'apprunner:service': `arn:aws:apprunner:eu-west-1:${A}:service/${name}/0a1b2c3d`,
    'codebuild:project': `arn:aws:codebuild:eu-west-1:${A}:project/${name}`,
    'sagemaker:notebook': `arn:aws:sagemaker:eu-west-1:${A}:notebook-instance/${name}`,
    'cloudformation:stack': `arn:aws:cloudformation:eu-west-1:${A}:stack/${name}/0c1d2e3f`,
    'secretsmanager:secret': `arn:aws:secretsmanager:eu-west-1:${A}:secret:${name}-AbCdEf`,
    'ssm:parameter': `arn:aws:ssm:eu-west-1:${A}:parameter/${name}`,
    's3:bucket': `arn:aws:s3:::${name}`,
    'kms:key': `arn:aws:kms:eu-west-1:${A}:key/${name}`,
    'dynamodb:table': `arn:aws:dynamodb:eu-west-1:${A}:table/${name}`,
  };
  return { arn: arns[type]!, type, name, region: 'eu-west-1', tags: {}, props: {}, ...opts };
}

export function edge(graph: AttackGraph, kind: string, source: string, target: string, technique?: string) {
  return graph.edges.find((e) => e.kind === kind && e.source === source && e.target === target && (technique === undefined || e.technique === technique));
}

export function tierZero(graph: AttackGraph, id: string) {
  return graph.nodes.find((n) => n.id === id)?.tierZero;
}
