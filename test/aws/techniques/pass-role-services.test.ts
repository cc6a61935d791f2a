import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { passRoleEdge } from '../../../src/analysis/aws/rules/pass-role.js';
import { PASS_ROLE_TECHNIQUES } from '../../../src/analysis/aws/rules/pass-role-techniques.js';
import { ActionIndex } from '../../../src/analysis/aws/rules/common.js';
import { PolicyIndex, principalsOf } from '../../../src/analysis/aws/principals.js';
import type { AwsInventory, AwsRole } from '../../../src/model/inventory/index.js';
import { readInputsFromJson } from '../../helpers/inputs.js';
import { A, analyseEstate, edge, resource, roleArn, userArn } from './estate.js';

const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const withProfile = (r: ReturnType<typeof role>) => ({ ...r, InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/${r.RoleName}`, InstanceProfileName: r.RoleName }] });
const serviceRole = (name: string, service: string | object) =>
  withProfile(role(A, name, typeof service === 'string' ? trustService(service) : service, { attached: [ADMIN] }));
const passedTo = (service: string, resource = '*') => allow('iam:PassRole', resource, { Condition: { StringEquals: { 'iam:PassedToService': service } } });

/** The edge from the attacker to `to` by `technique`, through the whole pipeline. */
function passEdge(statements: object[], roles: object[], technique: string, to = 'target', resources?: ReturnType<typeof resource>[]) {
  const g = analyseEstate({ 'gaad.json': gaad({ users: [attacker(statements)], roles }) }, resources ? { resources } : {});
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn(to), technique);
}

/** The rule itself, given the account's roles (the further roles a request passes come from them). */
function ruleEdge(statements: object[], roles: object[], technique: string, to = 'target') {
  const inv = readInputsFromJson({ 'gaad.json': gaad({ users: [attacker(statements)], roles }) }).inventories[0] as AwsInventory;
  const account = inv.accounts[0]!;
  const p = principalsOf(account, new PolicyIndex(inv)).find((x) => x.arn === userArn('attacker'))!;
  const t = PASS_ROLE_TECHNIQUES.find((x) => x.id === technique)!;
  const target = account.roles.find((r) => r.arn === roleArn(to)) as AwsRole;
  return passRoleEdge(p, target, t, new ActionIndex(), undefined, account.roles);
}

describe('ECS: CreateService is judged on the service ARN (pathfinding.cloud ecs-001/003)', () => {
  const T = 'aws:ecs:RegisterTaskDefinition+RunTask';
  const roles = [serviceRole('target', 'ecs-tasks.amazonaws.com')];
  const base = [allow(['iam:PassRole', 'ecs:RegisterTaskDefinition'])];

  it('CreateService allowed on services only: an edge', () => {
    expect(passEdge([...base, allow('ecs:CreateService', `arn:aws:ecs:*:${A}:service/*`)], roles, T)).toBeDefined();
  });
  it('negative: CreateService allowed on task definitions only', () => {
    expect(passEdge([...base, allow('ecs:CreateService', `arn:aws:ecs:*:${A}:task-definition/*`)], roles, T)).toBeUndefined();
  });
  it('negative: ecs:task-definition pins the service to another task definition', () => {
    const pinned = allow('ecs:CreateService', '*', { Condition: { ArnEquals: { 'ecs:task-definition': `arn:aws:ecs:eu-west-1:${A}:task-definition/web:3` } } });
    expect(passEdge([...base, pinned], roles, T)).toBeUndefined();
  });
});

describe('Glue: CreateTrigger is judged on the trigger ARN (pathfinding.cloud glue-004/006)', () => {
  const roles = [serviceRole('target', 'glue.amazonaws.com')];
  const onTriggers = allow('glue:CreateTrigger', `arn:aws:glue:*:${A}:trigger/*`);
  const onJobs = allow('glue:CreateTrigger', `arn:aws:glue:*:${A}:job/*`);

  it('new job + trigger: an edge; negative: CreateTrigger only on jobs', () => {
    const T = 'aws:glue:CreateJob+StartJobRun';
    expect(passEdge([allow(['iam:PassRole', 'glue:CreateJob']), onTriggers], roles, T)).toBeDefined();
    expect(passEdge([allow(['iam:PassRole', 'glue:CreateJob']), onJobs], roles, T)).toBeUndefined();
  });
  it('existing job updated and started by a trigger: an edge; negative: without UpdateJob', () => {
    const T = 'aws:glue:UpdateJob+StartJobRun';
    const job = [resource('glue:job', 'nightly')];
    expect(passEdge([allow(['iam:PassRole', 'glue:UpdateJob']), onTriggers], roles, T, 'target', job)?.conditional).toBe(false);
    expect(passEdge([allow('iam:PassRole'), onTriggers], roles, T, 'target', job)).toBeUndefined();
  });
});

describe('passedTo: iam:PassedToService is the value the service sends, not the trusting principal', () => {
  it('Batch: the job role trusts ecs-tasks but is passed to batch', () => {
    const T = 'aws:batch:RegisterJobDefinition+SubmitJob';
    const roles = [serviceRole('target', 'ecs-tasks.amazonaws.com')];
    const steps = allow(['batch:RegisterJobDefinition', 'batch:SubmitJob']);
    expect(passEdge([passedTo('batch.amazonaws.com'), steps], roles, T)).toBeDefined();
    expect(passEdge([passedTo('ecs-tasks.amazonaws.com'), steps], roles, T)).toBeUndefined();
  });
  it('Batch: SubmitJob must be allowed on a job queue as well as the job definition', () => {
    const T = 'aws:batch:RegisterJobDefinition+SubmitJob';
    const roles = [serviceRole('target', 'ecs-tasks.amazonaws.com')];
    const onDefinitions = allow(['batch:RegisterJobDefinition', 'batch:SubmitJob'], `arn:aws:batch:*:${A}:job-definition/*`);
    expect(passEdge([allow('iam:PassRole'), onDefinitions], roles, T)).toBeUndefined();
    const e = passEdge([allow('iam:PassRole'), onDefinitions, allow('batch:SubmitJob', `arn:aws:batch:*:${A}:job-queue/etl-*`)], roles, T);
    expect(e?.evidence.refs.some((r) => r.detail?.includes('job-queue/etl-x'))).toBe(true);
    // No job queue listing: one the caller may name is assumed to exist, on condition (as for batch-002).
    expect(e?.conditions).toMatch(/at least one Batch job queue the caller may name exists \(no listing of batch:job-queue/);
  });
  it('Batch: a listed job queue is named and cited; a full listing with no queue leaves nothing to submit to', () => {
    const T = 'aws:batch:RegisterJobDefinition+SubmitJob';
    const queue = { arn: `arn:aws:batch:eu-west-1:${A}:job-queue/etl`, type: 'batch:job-queue', name: 'etl', tags: {}, props: {} };
    const run = (queues: object[]) =>
      edge(
        analyseEstate(
          { 'gaad.json': gaad({ users: [user(A, 'attacker', { inline: { p: doc(allow(['iam:PassRole', 'batch:RegisterJobDefinition', 'batch:SubmitJob'])) } })], roles: [serviceRole('target', 'ecs-tasks.amazonaws.com')] }) },
          { resources: queues as never[], edit: (inv) => (inv.accounts[0]!.collected = ['batch:job-queue']) },
        ),
        'CAN_PASS_ROLE_TO',
        userArn('attacker'),
        roleArn('target'),
        T,
      );
    const listed = run([queue]);
    expect(listed?.conditional).toBe(false);
    expect(listed?.evidence.refs.some((r) => r.type === 'inventory' && r.source === queue.arn)).toBe(true);
    expect(run([])).toBeUndefined();
  });
  it('Image Builder: the build role is passed to ec2 and needs an instance profile', () => {
    const T = 'aws:imagebuilder:CreateImage';
    const steps = allow(['imagebuilder:CreateImageRecipe', 'imagebuilder:CreateInfrastructureConfiguration', 'imagebuilder:CreateImage']);
    expect(passEdge([passedTo('ec2.amazonaws.com'), steps], [serviceRole('target', 'ec2.amazonaws.com')], T)).toBeDefined();
    expect(passEdge([passedTo('imagebuilder.amazonaws.com'), steps], [serviceRole('target', 'ec2.amazonaws.com')], T)).toBeUndefined();
    const bare = role(A, 'target', trustService('ec2.amazonaws.com'), { attached: [ADMIN] });
    expect(passEdge([allow('iam:PassRole'), steps], [bare], T)).toBeUndefined();
  });
});

describe('extraPasses: a further role the same request passes (EMR service role, Data Pipeline pipeline role)', () => {
  const EMR = 'aws:elasticmapreduce:RunJobFlow';
  const jobFlow = serviceRole('target', 'ec2.amazonaws.com');
  const emrService = serviceRole('emr-service', 'elasticmapreduce.amazonaws.com');
  const run = allow('elasticmapreduce:RunJobFlow');

  it('EMR: an edge to the instance role, naming the service role passed with it', () => {
    const e = ruleEdge([allow('iam:PassRole'), run], [jobFlow, emrService], EMR);
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.summary).toMatch(/with emr-service also passed as EMR service role/);
    expect(e?.evidence.refs.some((r) => r.detail?.startsWith(`iam:PassRole on ${roleArn('emr-service')}`))).toBe(true);
    expect(e?.evidence.refs.some((r) => r.type === 'trust-policy' && r.source.includes('emr-service'))).toBe(true);
  });
  it('EMR: each role is passed to its own service', () => {
    const pass = [passedTo('ec2.amazonaws.com', roleArn('target')), passedTo('elasticmapreduce.amazonaws.com', roleArn('emr-service'))];
    expect(ruleEdge([...pass, run], [jobFlow, emrService], EMR)).toBeDefined();
    const swapped = [passedTo('elasticmapreduce.amazonaws.com', roleArn('target')), passedTo('ec2.amazonaws.com', roleArn('emr-service'))];
    expect(ruleEdge([...swapped, run], [jobFlow, emrService], EMR)).toBeUndefined();
  });
  it('negative: no role of the account trusts elasticmapreduce', () => {
    expect(ruleEdge([allow('iam:PassRole'), run], [jobFlow], EMR)).toBeUndefined();
  });
  it('negative: PassRole on the instance role only', () => {
    expect(ruleEdge([allow('iam:PassRole', roleArn('target')), run], [jobFlow, emrService], EMR)).toBeUndefined();
  });
  it('negative: the service role is service-linked or its trust is pinned to another account', () => {
    const pinned = serviceRole('emr-service', doc({ Effect: 'Allow', Principal: { Service: 'elasticmapreduce.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }));
    expect(ruleEdge([allow('iam:PassRole'), run], [jobFlow, pinned], EMR)).toBeUndefined();
  });
  it('through the pipeline: never an unconditional edge without a role trusting elasticmapreduce', () => {
    const e = passEdge([allow('iam:PassRole'), run], [jobFlow], EMR);
    expect(e === undefined || (e.conditional && /elasticmapreduce/.test(e.conditions ?? ''))).toBe(true);
  });
  it('Batch on Fargate: the job role itself serves as execution role', () => {
    const T = 'aws:batch:CreateComputeEnvironment+CreateJobQueue+RegisterJobDefinition+SubmitJob';
    const steps = allow(['iam:PassRole', 'batch:CreateComputeEnvironment', 'batch:CreateJobQueue', 'batch:RegisterJobDefinition', 'batch:SubmitJob']);
    const e = ruleEdge([steps], [serviceRole('target', 'ecs-tasks.amazonaws.com')], T);
    expect(e?.evidence.summary).toMatch(/with it also passed as Fargate execution role/);
    expect(ruleEdge([deny('batch:CreateJobQueue', `arn:aws:batch:*:${A}:compute-environment/*`), steps], [serviceRole('target', 'ecs-tasks.amazonaws.com')], T)).toBeUndefined();
  });
  it('Data Pipeline: the edge leads to the EC2 resource role, not to the pipeline role', () => {
    const T = 'aws:datapipeline:CreatePipeline';
    const statements = [allow(['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'])];
    const roles = [serviceRole('target', 'ec2.amazonaws.com'), serviceRole('pipeline', 'datapipeline.amazonaws.com')];
    expect(ruleEdge(statements, roles, T)?.evidence.summary).toMatch(/with pipeline also passed as pipeline role/);
    expect(passEdge(statements, roles, T, 'pipeline')).toBeUndefined();
    expect(ruleEdge(statements, [serviceRole('target', 'ec2.amazonaws.com')], T)).toBeUndefined();
  });
});

describe('trust judged with the ARN the service sends', () => {
  it('SSM Automation: a trust pinned to automation executions holds, one pinned to documents does not', () => {
    const T = 'aws:ssm:CreateDocument+StartAutomationExecution';
    const trust = (arn: string) => doc({ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': arn } } });
    const steps = [allow(['iam:PassRole', 'ssm:CreateDocument', 'ssm:StartAutomationExecution'])];
    expect(passEdge(steps, [serviceRole('target', trust(`arn:aws:ssm:*:${A}:automation-execution/*`))], T)?.conditional).toBe(false);
    expect(passEdge(steps, [serviceRole('target', trust(`arn:aws:ssm:*:${A}:document/*`))], T)).toBeUndefined();
  });
  it('HealthOmics: StartRun must be allowed on the workflow as well as the run', () => {
    const T = 'aws:omics:CreateWorkflow+StartRun';
    const roles = [serviceRole('target', 'omics.amazonaws.com')];
    const runsOnly = allow(['omics:CreateWorkflow', 'omics:StartRun'], `arn:aws:omics:*:${A}:run/*`);
    expect(passEdge([allow('iam:PassRole'), runsOnly], roles, T)).toBeUndefined();
    expect(passEdge([allow('iam:PassRole'), runsOnly, allow(['omics:CreateWorkflow', 'omics:StartRun'], `arn:aws:omics:*:${A}:workflow/*`)], roles, T)).toBeDefined();
  });
});
