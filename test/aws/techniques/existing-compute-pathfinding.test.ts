import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { readInputsFromJson } from '../../helpers/inputs.js';
import { existingComputeEdge } from '../../../src/analysis/aws/rules/existing-compute.js';
import { EXISTING_COMPUTE_TECHNIQUES } from '../../../src/analysis/aws/rules/existing-compute-techniques.js';
import { ActionIndex } from '../../../src/analysis/aws/rules/common.js';
import { PolicyIndex, principalsOf } from '../../../src/analysis/aws/principals.js';
import type { AwsInventory, AwsResource } from '../../../src/model/inventory/index.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';
import { HOLDING, resource } from './existing-compute-estate.js';

const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const withProfile = (r: ReturnType<typeof role>) => ({ ...r, InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/${r.RoleName}` }] });
const adminRole = (service: string) => withProfile(role(A, 'admin-role', trustService(service), { attached: [ADMIN] }));

/** With `resources`, the account's listing of their types was read: they are all there are. */
function run(statements: object[], service: string, resources?: AwsResource[]) {
  const collected = resources?.map((r) => r.type);
  return analyseEstate(
    { 'gaad.json': gaad({ users: [attacker(statements)], roles: [adminRole(service)] }) },
    { ...(resources ? { resources } : {}), edit: (inv) => collected && (inv.accounts.find((a) => a.accountId === A)!.collected = [...new Set(collected)]) },
  );
}
const toAdmin = (g: ReturnType<typeof run>, technique: string) => edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), technique);
const technique = (id: string) => EXISTING_COMPUTE_TECHNIQUES.find((t) => t.id === id)!;

describe('lambda-005: lambda:AddPermission naming the caller stands in for lambda:InvokeFunction', () => {
  const T = 'aws:lambda:UpdateFunctionCode';
  const fn = (policy?: AwsResource['policy']) => [resource('lambda:function', 'payments', { runsAs: roleArn('admin-role'), ...(policy ? { policy } : {}) })];
  const fnArn = resource('lambda:function', 'payments').arn;

  it('UpdateFunctionCode and AddPermission: invoked after the caller names itself, no assumption', () => {
    const e = toAdmin(run([allow(['lambda:UpdateFunctionCode', 'lambda:AddPermission'])], 'lambda.amazonaws.com', fn()), T);
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.assumptions).toBeUndefined();
    expect(e?.evidence.refs.some((r) => r.detail?.startsWith(`lambda:AddPermission on ${fnArn}`))).toBe(true);
    expect(e?.evidence.refs.some((r) => r.detail?.startsWith('lambda:InvokeFunction (after lambda:AddPermission names the caller)'))).toBe(true);
  });

  it('unlisted functions: the same, on the function assumed to exist', () => {
    const e = toAdmin(run([allow(['lambda:UpdateFunctionCode', 'lambda:AddPermission'])], 'lambda.amazonaws.com'), T);
    expect(e?.conditional).toBe(true);
    expect(e?.evidence.assumptions).toBeUndefined();
  });

  it('AddPermission alone gives no edge: it changes no code', () => {
    const g = run([allow('lambda:AddPermission')], 'lambda.amazonaws.com', fn());
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))).toBeUndefined();
  });

  it('an identity Deny of InvokeFunction still stops the invocation: back to the trigger assumption', () => {
    const g = run([allow(['lambda:UpdateFunctionCode', 'lambda:AddPermission']), deny('lambda:InvokeFunction')], 'lambda.amazonaws.com', fn());
    expect(toAdmin(g, T)?.evidence.assumptions?.[0]).toMatch(/invoked by its own triggers/);
  });

  it('AddPermission limited by lambda:Principal to another principal does not let the caller name itself', () => {
    const other = allow(['lambda:AddPermission'], '*', { Condition: { StringEquals: { 'lambda:Principal': 's3.amazonaws.com' } } });
    const g = run([allow('lambda:UpdateFunctionCode'), other], 'lambda.amazonaws.com', fn());
    expect(toAdmin(g, T)?.evidence.assumptions?.[0]).toMatch(/invoked by its own triggers/);
  });

  it('AddPermission limited by lambda:Principal to the caller itself is enough', () => {
    const self = allow(['lambda:AddPermission'], '*', { Condition: { StringEquals: { 'lambda:Principal': userArn('attacker') } } });
    const g = run([allow('lambda:UpdateFunctionCode'), self], 'lambda.amazonaws.com', fn());
    expect(toAdmin(g, T)?.evidence.assumptions).toBeUndefined();
  });

  it('the statement is added to the function policy: its existing Deny of the caller still holds', () => {
    const denying = doc({ Effect: 'Deny', Principal: { AWS: userArn('attacker') }, Action: 'lambda:InvokeFunction', Resource: fnArn });
    const g = run([allow(['lambda:UpdateFunctionCode', 'lambda:AddPermission'])], 'lambda.amazonaws.com', fn(denying as AwsResource['policy']));
    expect(toAdmin(g, T)?.evidence.assumptions?.[0]).toMatch(/invoked by its own triggers/);
  });

  it('UpdateFunctionConfiguration takes the same way in', () => {
    const e = toAdmin(run([allow(['lambda:UpdateFunctionConfiguration', 'lambda:AddPermission'])], 'lambda.amazonaws.com', fn()), 'aws:lambda:UpdateFunctionConfiguration');
    expect(e?.evidence.assumptions).toBeUndefined();
  });
});

describe('ecs-006: ECS Exec needs DescribeTasks for the session target, and Exec enabled', () => {
  const T = 'aws:ecs:ExecuteCommand';
  const task = (props: AwsResource['props']) => [resource('ecs:task', 'abc123', { runsAs: roleArn('admin-role'), props })];

  it('with DescribeTasks nothing is assumed; without it the runtime id is', () => {
    const both = toAdmin(run([allow(['ecs:ExecuteCommand', 'ecs:DescribeTasks'])], 'ecs-tasks.amazonaws.com', task({ enableExecuteCommand: true })), T);
    expect(both).toMatchObject({ conditional: false });
    expect(both?.evidence.assumptions).toBeUndefined();
    const alone = toAdmin(run([allow('ecs:ExecuteCommand')], 'ecs-tasks.amazonaws.com', task({ enableExecuteCommand: true })), T);
    expect(alone?.evidence.assumptions?.[0]).toMatch(/ecs:DescribeTasks/);
  });

  it('a task listed with Exec disabled gives nothing; unknown is conditional and says so', () => {
    expect(toAdmin(run([allow('ecs:ExecuteCommand')], 'ecs-tasks.amazonaws.com', task({ enableExecuteCommand: false })), T)).toBeUndefined();
    expect(toAdmin(run([allow('ecs:ExecuteCommand')], 'ecs-tasks.amazonaws.com', task({})), T)?.conditions).toMatch(/ECS Exec enabled .*\(the input does not say\)/);
  });
});

describe('cloudformation-005: a change set on an existing stack keeps its service role, no PassRole', () => {
  const T = 'aws:cloudformation:ExecuteChangeSet';
  const stack = [resource('cloudformation:stack', 'network', { runsAs: roleArn('admin-role') })];

  it('CreateChangeSet and ExecuteChangeSet on the stack, without iam:PassRole', () => {
    const e = toAdmin(run([allow(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'])], 'cloudformation.amazonaws.com', stack), T);
    expect(e).toMatchObject({ conditional: false });
    expect(e?.evidence.refs.some((r) => r.detail?.includes('iam:PassRole'))).toBe(false);
  });

  it('CreateChangeSet alone, or ExecuteChangeSet scoped to another stack, gives nothing', () => {
    expect(toAdmin(run([allow('cloudformation:CreateChangeSet')], 'cloudformation.amazonaws.com', stack), T)).toBeUndefined();
    const other = [allow('cloudformation:CreateChangeSet'), allow('cloudformation:ExecuteChangeSet', `arn:aws:cloudformation:*:${A}:stack/other/*`)];
    expect(toAdmin(run(other, 'cloudformation.amazonaws.com', stack), T)).toBeUndefined();
  });
});

describe('sagemaker-005: a new lifecycle configuration attached with UpdateNotebookInstance', () => {
  const T = 'aws:sagemaker:UpdateNotebookInstance';
  const nb = [resource('sagemaker:notebook', 'research', { runsAs: roleArn('admin-role') })];
  const all = ['sagemaker:StopNotebookInstance', 'sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance'];

  it('all four actions: an edge', () => {
    expect(toAdmin(run([allow(all)], 'sagemaker.amazonaws.com', nb), T)).toMatchObject({ conditional: false });
  });

  it('without creating a lifecycle configuration, or without the update, nothing', () => {
    const notebooksOnly = [allow(all, `arn:aws:sagemaker:*:${A}:notebook-instance/*`)];
    expect(toAdmin(run(notebooksOnly, 'sagemaker.amazonaws.com', nb), T)).toBeUndefined();
    expect(toAdmin(run([allow(all.filter((a) => a !== 'sagemaker:UpdateNotebookInstance'))], 'sagemaker.amazonaws.com', nb), T)).toBeUndefined();
  });
});

describe('batch-002: SubmitJob of an existing job definition names a job queue too', () => {
  const T = 'aws:batch:SubmitJob';
  const def = resource('batch:job-definition', 'etl', { runsAs: roleArn('admin-role'), props: { status: 'ACTIVE' } });
  const queue = resource('batch:job-queue', 'jobs');
  const defArn = `arn:aws:batch:*:${A}:job-definition/*`;

  it('allowed on job definitions only: no queue can be named, nothing', () => {
    expect(toAdmin(run([allow('batch:SubmitJob', defArn)], 'ecs-tasks.amazonaws.com', [def]), T)).toBeUndefined();
  });

  it('unlisted queues: one the policy admits is assumed, and the edge says so', () => {
    const e = toAdmin(run([allow('batch:SubmitJob', [defArn, `arn:aws:batch:*:${A}:job-queue/jobs`])], 'ecs-tasks.amazonaws.com', [def]), T);
    expect(e?.conditional).toBe(true);
    expect(e?.conditions).toMatch(/at least one Batch job queue the caller may name exists \(no listing of batch:job-queue/);
    expect(e?.evidence.refs.some((r) => r.detail?.includes('job-queue/jobs'))).toBe(true);
  });

  function direct(statements: object[], queues: { known: AwsResource[]; complete: boolean }) {
    const [inventory] = readInputsFromJson({ 'gaad.json': gaad({ users: [attacker(statements)], roles: [adminRole('ecs-tasks.amazonaws.com')] }) }).inventories as AwsInventory[];
    const account = inventory!.accounts[0]!;
    const p = principalsOf(account, new PolicyIndex(inventory!)).find((x) => x.arn === userArn('attacker'))!;
    const r = account.roles.find((x) => x.name === 'admin-role')!;
    return existingComputeEdge(p, r, technique(T), [def], true, new ActionIndex(), (type) => (type === 'batch:job-queue' ? queues : { known: [], complete: false }));
  }

  it('a listed queue is cited and nothing is assumed; a read listing with no queue gives nothing', () => {
    const e = direct([allow('batch:SubmitJob')], { known: [queue], complete: true });
    expect(e?.conditions).toBe('the job\'s image runs an overridden command (containerOverrides.command); the image itself cannot be changed at submission');
    expect(e?.evidence.refs.some((x) => x.type === 'inventory' && x.source === queue.arn)).toBe(true);
    expect(direct([allow('batch:SubmitJob')], { known: [], complete: true })).toBeUndefined();
  });

  it('through the whole analysis: a listed queue is used; an empty read listing of queues gives nothing', () => {
    const listed = toAdmin(run([allow('batch:SubmitJob')], 'ecs-tasks.amazonaws.com', [def, queue]), T);
    expect(listed?.evidence.refs.some((x) => x.type === 'inventory' && x.source === queue.arn)).toBe(true);
    expect(listed?.conditions).not.toMatch(/job queue/);
    const none = analyseEstate(
      { 'gaad.json': gaad({ users: [attacker([allow('batch:SubmitJob')])], roles: [adminRole('ecs-tasks.amazonaws.com')] }) },
      { resources: [def], edit: (inv) => (inv.accounts[0]!.collected = ['batch:job-definition', 'batch:job-queue']) },
    );
    expect(toAdmin(none, T)).toBeUndefined();
  });

  it('an INACTIVE definition cannot be submitted', () => {
    const inactive = { ...def, props: { status: 'INACTIVE' } };
    expect(toAdmin(run([allow('batch:SubmitJob')], 'ecs-tasks.amazonaws.com', [inactive]), T)).toBeUndefined();
  });

  it('a listed queue the caller may not name is no way in', () => {
    expect(direct([allow('batch:SubmitJob', [defArn, `arn:aws:batch:*:${A}:job-queue/other`])], { known: [queue], complete: true })).toBeUndefined();
  });
});

describe('AgentCore: code interpreters, runtimes and browsers that run as a role', () => {
  const svc = 'bedrock-agentcore.amazonaws.com';

  it('bedrock-004: a runtime behind a JWT authorizer refuses SigV4 callers; unknown is conditional', () => {
    const T = 'aws:bedrock-agentcore:InvokeAgentRuntimeCommand';
    const rt = (props: AwsResource['props']) => [resource('bedrock-agentcore:runtime', 'agent', { runsAs: roleArn('admin-role'), props })];
    const can = [allow('bedrock-agentcore:InvokeAgentRuntimeCommand')];
    expect(toAdmin(run(can, svc, rt({ inboundAuth: 'jwt' })), T)).toBeUndefined();
    expect(toAdmin(run(can, svc, rt({ inboundAuth: 'iam' })), T)).toMatchObject({ conditional: false });
    expect(toAdmin(run(can, svc, rt({})), T)?.conditions).toMatch(/accepts IAM \(SigV4\) callers.*\(the input does not say\)/);
  });

  it('bedrock-002: a session alone runs no code', () => {
    const ci = [resource('bedrock-agentcore:code-interpreter', 'analyst', { runsAs: roleArn('admin-role') })];
    expect(toAdmin(run([allow('bedrock-agentcore:StartCodeInterpreterSession')], svc, ci), 'aws:bedrock-agentcore:InvokeCodeInterpreter')).toBeUndefined();
  });

  it('bedrock-007: a browser listed without an execution role is no way to any role', () => {
    const T = 'aws:bedrock-agentcore:StartBrowserSession';
    const can = [allow(['bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream'])];
    expect(toAdmin(run(can, svc, [resource('bedrock-agentcore:browser', 'crawler')]), T)).toBeUndefined();
    expect(toAdmin(run(can, svc, [resource('bedrock-agentcore:browser', 'crawler', { runsAs: roleArn('admin-role') })]), T)).toMatchObject({ conditional: false });
  });
});

describe('codedeploy-001: a deployment to an EC2 deployment group runs as its instances\' role', () => {
  const T = 'aws:codedeploy:CreateDeployment';
  const group = (props: AwsResource['props']) => [resource('codedeploy:deployment-group', 'prod', { runsAs: roleArn('admin-role'), props })];
  const can = [allow(['codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig'])];

  it('a Lambda or ECS deployment group runs no hook on a host', () => {
    expect(toAdmin(run(can, 'ec2.amazonaws.com', group({ computePlatform: 'Lambda' })), T)).toBeUndefined();
    expect(toAdmin(run(can, 'ec2.amazonaws.com', group(HOLDING)), T)?.conditions).toMatch(/CodeDeploy agent/);
  });

  it('without GetDeploymentConfig the deployment is refused', () => {
    expect(toAdmin(run([allow('codedeploy:CreateDeployment')], 'ec2.amazonaws.com', group(HOLDING)), T)).toBeUndefined();
  });

  describe('a listed group resolved against the listed instances it targets', () => {
    const deploymentGroup = (props: AwsResource['props']) => resource('codedeploy:deployment-group', 'web/prod', { props: { computePlatform: 'Server', ...props } });
    const instance = (name: string, tags: Record<string, string>) => resource('ec2:instance', name, { runsAs: roleArn('admin-role'), tags, props: { state: 'running' } });
    const fleet = [instance('i-0web', { app: 'web', 'aws:autoscaling:groupName': 'web-asg' }), instance('i-0api', { app: 'api' })];
    it('by tag filter: the group runs as the role of the instance it targets, which is cited', () => {
      const e = toAdmin(run(can, 'ec2.amazonaws.com', [deploymentGroup({ ec2TagFilters: ['app=web'] }), ...fleet]), T);
      expect(e?.evidence.refs.some((r) => r.type === 'inventory' && r.source.endsWith('instance/i-0web') && r.detail?.startsWith('targeted by web/prod'))).toBe(true);
      expect(e?.evidence.refs.some((r) => r.source.endsWith('instance/i-0api'))).toBe(false);
      expect(e?.conditions).not.toMatch(/running as admin-role exists/);
    });
    it('by Auto Scaling group, and by tag sets (every set must match)', () => {
      expect(toAdmin(run(can, 'ec2.amazonaws.com', [deploymentGroup({ autoScalingGroups: ['web-asg'] }), ...fleet]), T)).toBeDefined();
      expect(toAdmin(run(can, 'ec2.amazonaws.com', [deploymentGroup({ ec2TagSets: ['app=web | app=api', '*=web'] }), ...fleet]), T)).toBeDefined();
    });
    it('negative: the group targets no listed instance (listing read): nothing', () => {
      expect(toAdmin(run(can, 'ec2.amazonaws.com', [deploymentGroup({ ec2TagFilters: ['app=billing'] }), ...fleet]), T)).toBeUndefined();
      expect(toAdmin(run(can, 'ec2.amazonaws.com', [deploymentGroup({ ec2TagSets: ['app=web', 'tier=front'] }), ...fleet]), T)).toBeUndefined();
    });
  });

  it('unlisted groups are assumed only for EC2 roles with an instance profile', () => {
    const bare = role(A, 'bare', trustService('ec2.amazonaws.com'), { attached: [ADMIN] });
    const g = analyseEstate({ 'gaad.json': gaad({ users: [attacker(can)], roles: [bare, adminRole('ec2.amazonaws.com')] }) });
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('bare'), T)).toBeUndefined();
    expect(toAdmin(g, T)?.conditions).toMatch(/a CodeDeploy deployment group running as admin-role exists/);
  });
});
