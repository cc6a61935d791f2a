import { describe, expect, it } from 'vitest';
import { envelope } from '../../helpers/aws-estate.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { inputError, readInputsFromJson } from '../../helpers/inputs.js';

const A = '111111111111';
const REGION = 'eu-west-1';
const roleArn = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const env = envelope;
const read = (files: Record<string, unknown>) => readInputsFromJson(files).inventories[0] as AwsInventory;
const account = (inv: AwsInventory) => inv.accounts.find((a) => a.accountId === A)!;
const byArn = (inv: AwsInventory, arn: string) => account(inv).resources?.find((r) => r.arn === arn);

const defArn = `arn:aws:ecs:${REGION}:${A}:task-definition/web:7`;
const described = {
  taskDefinition: {
    taskDefinitionArn: defArn,
    family: 'web',
    revision: 7,
    status: 'ACTIVE',
    taskRoleArn: roleArn('web-task'),
    executionRoleArn: roleArn('ecsTaskExecutionRole'),
    requiresCompatibilities: ['FARGATE', 'EC2'],
    networkMode: 'awsvpc',
    containerDefinitions: [{ name: 'web', image: 'nginx' }],
  },
  tags: [{ key: 'team', value: 'web' }],
};
const clusterArn = `arn:aws:ecs:${REGION}:${A}:cluster/prod`;

describe('offline: aws ecs describe-task-definition / list-task-definitions', () => {
  it('bare: the definition runs as its task role; execution role, status and compatibilities are kept', () => {
    const inv = read({ 'td.json': described });
    expect(byArn(inv, defArn)).toEqual({
      arn: defArn,
      type: 'ecs:task-definition',
      name: 'web:7',
      region: REGION,
      runsAs: roleArn('web-task'),
      tags: { team: 'web' },
      props: {
        family: 'web',
        revision: 7,
        status: 'ACTIVE',
        executionRoleArn: roleArn('ecsTaskExecutionRole'),
        requiresCompatibilities: ['EC2', 'FARGATE'],
        networkMode: 'awsvpc',
      },
    });
    expect(account(inv).collected ?? []).not.toContain('ecs:task-definition');
  });

  it('a definition without a task role runs as none', () => {
    const { taskRoleArn: _, ...plain } = described.taskDefinition;
    const inv = read({ 'td.json': { taskDefinition: plain } });
    expect(byArn(inv, defArn)?.runsAs).toBeUndefined();
  });

  it('list-task-definitions marks the type collected (merged with the describe), unless narrowed or paginated', () => {
    const other = `arn:aws:ecs:${REGION}:${A}:task-definition/batch:2`;
    const inv = read({
      'list.json': env('ecs list-task-definitions', { taskDefinitionArns: [defArn, other] }),
      'td.json': env('ecs describe-task-definition', described, { taskDefinition: 'web:7' }),
    });
    expect(account(inv).collected).toContain('ecs:task-definition');
    expect(byArn(inv, defArn)?.runsAs).toBe(roleArn('web-task'));
    expect(byArn(inv, other)).toMatchObject({ name: 'batch:2', type: 'ecs:task-definition' });
    for (const [params, out] of [
      [{ familyPrefix: 'web' }, { taskDefinitionArns: [defArn] }],
      [{ status: 'INACTIVE' }, { taskDefinitionArns: [] }],
      [{}, { taskDefinitionArns: [defArn], nextToken: 'x' }],
    ] as const) {
      const partial = read({ 'list.json': env('ecs list-task-definitions', out, params) });
      expect(account(partial)?.collected ?? []).not.toContain('ecs:task-definition');
    }
  });

  it('malformed: names the file, the record and what was expected', () => {
    const e = inputError({
      'td.json': env('ecs describe-task-definition', { taskDefinition: { ...described.taskDefinition, revision: 'seven' } }),
    });
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/td\.json \(output\): at taskDefinition\.revision: expected ecs describe-task-definition output/);
  });
});

describe('offline: aws ecs list-clusters / describe-clusters', () => {
  it('list-clusters (bare) proves the clusters and marks the type collected; describe-clusters adds their state', () => {
    const inv = read({
      'clusters.json': { clusterArns: [clusterArn] },
      'describe.json': {
        clusters: [
          { clusterArn, clusterName: 'prod', status: 'ACTIVE', registeredContainerInstancesCount: 2, runningTasksCount: 5, capacityProviders: ['FARGATE'], tags: [{ key: 'env', value: 'prod' }] },
        ],
        failures: [],
      },
    });
    expect(account(inv).collected).toContain('ecs:cluster');
    expect(byArn(inv, clusterArn)).toEqual({
      arn: clusterArn,
      type: 'ecs:cluster',
      name: 'prod',
      region: REGION,
      tags: { env: 'prod' },
      props: { status: 'ACTIVE', registeredContainerInstancesCount: 2, runningTasksCount: 5, capacityProviders: ['FARGATE'] },
    });
  });

  it('describe-clusters alone lists nothing in full', () => {
    const inv = read({ 'd.json': env('ecs describe-clusters', { clusters: [{ clusterArn }] }, { clusters: ['prod'] }) });
    expect(account(inv).collected ?? []).not.toContain('ecs:cluster');
    expect(byArn(inv, clusterArn)?.name).toBe('prod');
  });

  it('malformed: a cluster ARN that is not an ARN', () => {
    const e = inputError({ 'c.json': env('ecs list-clusters', { clusterArns: ['prod'] }) });
    expect(e.message).toMatch(/c\.json \(output\): at clusterArns\[0\]: expected ecs list-clusters output: an ARN/);
  });
});
