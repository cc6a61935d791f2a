import { describe, expect, it } from 'vitest';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { ADMIN, allow, doc, gaad, role, trustService, user, envelope } from '../../helpers/aws-estate.js';
import { readInputsFromJson } from '../../helpers/inputs.js';
import { analyse } from '../../../src/analysis/index.js';

const A = '111111111111';
const REGION = 'eu-west-1';
const roleArn = (name: string) => `arn:aws:iam::${A}:role/${name}`;

const env = envelope;

function read(files: Record<string, unknown>) {
  return readInputsFromJson(files).inventories[0] as AwsInventory;
}
const account = (inv: AwsInventory) => inv.accounts.find((a) => a.accountId === A)!;
const byArn = (inv: AwsInventory, arn: string) => account(inv).resources?.find((r) => r.arn === arn);

const defArn = `arn:aws:batch:${REGION}:${A}:job-definition/etl:3`;
const jobDefinitions = {
  jobDefinitions: [
    {
      jobDefinitionName: 'etl',
      jobDefinitionArn: defArn,
      revision: 3,
      status: 'ACTIVE',
      type: 'container',
      containerProperties: { image: 'busybox', jobRoleArn: roleArn('etl-role') },
      tags: { team: 'data' },
    },
    {
      jobDefinitionName: 'mpi',
      jobDefinitionArn: `arn:aws:batch:${REGION}:${A}:job-definition/mpi:1`,
      revision: 1,
      status: 'INACTIVE',
      type: 'multinode',
      nodeProperties: {
        nodeRangeProperties: [{ targetNodes: '0:', container: { jobRoleArn: roleArn('mpi-role') } }],
      },
    },
    {
      jobDefinitionName: 'plain',
      jobDefinitionArn: `arn:aws:batch:${REGION}:${A}:job-definition/plain:1`,
      revision: 1,
      status: 'ACTIVE',
      containerProperties: { image: 'busybox' },
    },
  ],
};
const queueArn = `arn:aws:batch:${REGION}:${A}:job-queue/jobs`;
const jobQueues = {
  jobQueues: [
    {
      jobQueueName: 'jobs',
      jobQueueArn: queueArn,
      state: 'ENABLED',
      status: 'VALID',
      priority: 1,
      computeEnvironmentOrder: [
        { order: 1, computeEnvironment: `arn:aws:batch:${REGION}:${A}:compute-environment/ce` },
      ],
    },
  ],
};

const ciArn = `arn:aws:bedrock-agentcore:${REGION}:${A}:code-interpreter-custom/analyst-a1b2c3d4e5`;
const systemCi = `arn:aws:bedrock-agentcore:${REGION}:aws:code-interpreter/aws.codeinterpreter.v1`;
const rtArn = `arn:aws:bedrock-agentcore:${REGION}:${A}:runtime/agent-a1b2c3d4e5`;
const jwtArn = `arn:aws:bedrock-agentcore:${REGION}:${A}:runtime/gated-a1b2c3d4e5`;
const brArn = `arn:aws:bedrock-agentcore:${REGION}:${A}:browser-custom/crawler-a1b2c3d4e5`;

describe('offline: aws batch describe-job-definitions / describe-job-queues', () => {
  it('bare: each definition with its job role, status and tags; a definition with no role runs as none', () => {
    const inv = read({ 'defs.json': jobDefinitions });
    expect(byArn(inv, defArn)).toMatchObject({
      type: 'batch:job-definition',
      name: 'etl:3',
      region: REGION,
      runsAs: roleArn('etl-role'),
      tags: { team: 'data' },
      props: { status: 'ACTIVE', jobType: 'container' },
    });
    expect(byArn(inv, `arn:aws:batch:${REGION}:${A}:job-definition/mpi:1`)).toMatchObject({
      runsAs: roleArn('mpi-role'),
      props: { status: 'INACTIVE' },
    });
    expect(byArn(inv, `arn:aws:batch:${REGION}:${A}:job-definition/plain:1`)?.runsAs).toBeUndefined();
  });

  it('in an envelope the listing marks both types collected, unless narrowed', () => {
    const inv = read({
      'defs.json': env('batch describe-job-definitions', jobDefinitions),
      'queues.json': env('batch describe-job-queues', jobQueues),
    });
    expect(account(inv).collected).toEqual(
      expect.arrayContaining(['batch:job-definition', 'batch:job-queue']),
    );
    expect(byArn(inv, queueArn)).toMatchObject({
      type: 'batch:job-queue',
      props: { state: 'ENABLED', status: 'VALID' },
    });
    const narrowed = read({
      'defs.json': env('batch describe-job-definitions', jobDefinitions, { status: 'ACTIVE' }),
    });
    expect(account(narrowed).collected ?? []).not.toContain('batch:job-definition');
  });

  it("drives the SubmitJob edge: the listed definition's role, no assumed definition for others", () => {
    const attacker = user(A, 'attacker', { inline: { p: doc(allow('batch:SubmitJob')) } });
    const roles = [
      role(A, 'etl-role', trustService('ecs-tasks.amazonaws.com'), { attached: [ADMIN] }),
      role(A, 'other-role', trustService('ecs-tasks.amazonaws.com'), { attached: [ADMIN] }),
    ];
    const { graph } = analyse(
      readInputsFromJson({
        'gaad.json': gaad({ users: [attacker], roles }),
        'defs.json': env('batch describe-job-definitions', jobDefinitions),
      }).inventories,
    );
    const submit = (target: string) =>
      graph.edges.find((e) => e.technique === 'aws:batch:SubmitJob' && e.target === target);
    expect(submit(roleArn('etl-role'))?.evidence.refs.some((r) => r.source === defArn)).toBe(true);
    expect(submit(roleArn('other-role'))).toBeUndefined();
  });
});

describe('offline: aws bedrock-agentcore-control list/get of code interpreters, browsers and runtimes', () => {
  it('get-code-interpreter (bare) gives the execution role; the AWS-managed interpreter is dropped', () => {
    const inv = read({
      'ci.json': {
        codeInterpreterId: 'analyst-a1b2c3d4e5',
        codeInterpreterArn: ciArn,
        name: 'analyst',
        executionRoleArn: roleArn('ci-role'),
        status: 'READY',
      },
    });
    expect(byArn(inv, ciArn)).toMatchObject({
      type: 'bedrock-agentcore:code-interpreter',
      name: 'analyst',
      runsAs: roleArn('ci-role'),
      props: { status: 'READY' },
    });
    const sys = read({
      'ci.json': {
        codeInterpreterId: 'aws.codeinterpreter.v1',
        codeInterpreterArn: systemCi,
        name: 'aws',
        status: 'READY',
      },
    });
    expect(account(sys)?.resources ?? []).toHaveLength(0);
  });

  it('list-code-interpreters in an envelope proves existence and marks the type collected; get adds the role', () => {
    const list = env('bedrock-agentcore-control list-code-interpreters', {
      codeInterpreterSummaries: [
        {
          codeInterpreterId: 'analyst-a1b2c3d4e5',
          codeInterpreterArn: ciArn,
          name: 'analyst',
          status: 'READY',
        },
        { codeInterpreterId: 'aws.codeinterpreter.v1', codeInterpreterArn: systemCi, status: 'READY' },
      ],
    });
    const get = env(
      'bedrock-agentcore-control get-code-interpreter',
      {
        codeInterpreterId: 'analyst-a1b2c3d4e5',
        codeInterpreterArn: ciArn,
        name: 'analyst',
        executionRoleArn: roleArn('ci-role'),
        status: 'READY',
      },
      { codeInterpreterId: 'analyst-a1b2c3d4e5' },
    );
    const inv = read({ 'list.json': list, 'get.json': get });
    expect(account(inv).collected).toContain('bedrock-agentcore:code-interpreter');
    expect(
      account(inv).resources?.filter((r) => r.type === 'bedrock-agentcore:code-interpreter'),
    ).toHaveLength(1);
    expect(byArn(inv, ciArn)?.runsAs).toBe(roleArn('ci-role'));
  });

  it('get-agent-runtime: no authorizer means IAM callers, a custom JWT authorizer shuts them out', () => {
    const inv = read({
      'rt.json': {
        agentRuntimeId: 'agent-a1b2c3d4e5',
        agentRuntimeArn: rtArn,
        agentRuntimeName: 'agent',
        roleArn: roleArn('rt-role'),
        status: 'READY',
      },
      'gated.json': {
        agentRuntimeId: 'gated-a1b2c3d4e5',
        agentRuntimeArn: jwtArn,
        agentRuntimeName: 'gated',
        roleArn: roleArn('rt-role'),
        status: 'READY',
        authorizerConfiguration: {
          customJWTAuthorizer: { discoveryUrl: 'https://idp.example/.well-known/openid-configuration' },
        },
      },
    });
    expect(byArn(inv, rtArn)).toMatchObject({
      type: 'bedrock-agentcore:runtime',
      runsAs: roleArn('rt-role'),
      props: { inboundAuth: 'iam' },
    });
    expect(byArn(inv, jwtArn)?.props.inboundAuth).toBe('jwt');
    const listed = read({
      'l.json': env('bedrock-agentcore-control list-agent-runtimes', {
        agentRuntimes: [
          {
            agentRuntimeId: 'agent-a1b2c3d4e5',
            agentRuntimeArn: rtArn,
            agentRuntimeName: 'agent',
            status: 'READY',
          },
        ],
      }),
    });
    expect(byArn(listed, rtArn)?.props.inboundAuth).toBeUndefined();
  });

  it('get-browser (bare) and list-browsers (envelope)', () => {
    const inv = read({
      'b.json': {
        browserId: 'crawler-a1b2c3d4e5',
        browserArn: brArn,
        name: 'crawler',
        executionRoleArn: roleArn('br-role'),
        status: 'READY',
      },
      'l.json': env('bedrock-agentcore-control list-browsers', {
        browserSummaries: [
          { browserId: 'crawler-a1b2c3d4e5', browserArn: brArn, name: 'crawler', status: 'READY' },
        ],
      }),
    });
    expect(byArn(inv, brArn)).toMatchObject({
      type: 'bedrock-agentcore:browser',
      runsAs: roleArn('br-role'),
    });
    expect(account(inv).collected).toContain('bedrock-agentcore:browser');
  });
});
