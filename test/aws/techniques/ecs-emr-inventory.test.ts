import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustService, user, envelope } from '../../helpers/aws-estate.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';

const REGION = 'eu-west-1';
const ECS = 'ecs-tasks.amazonaws.com';
const env = envelope;
const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });

const defArn = `arn:aws:ecs:${REGION}:${A}:task-definition/web:7`;
const fargateDefinition = (extra: object = {}) =>
  env('ecs describe-task-definition', {
    taskDefinition: { taskDefinitionArn: defArn, family: 'web', revision: 7, status: 'ACTIVE', taskRoleArn: roleArn('web-task'), executionRoleArn: roleArn('web-exec'), requiresCompatibilities: ['FARGATE'], ...extra },
    tags: [{ key: 'team', value: 'web' }],
  });
const listed = (...arns: string[]) => env('ecs list-task-definitions', { taskDefinitionArns: arns });

function ecsEdge(technique: string, statements: object[], files: Record<string, unknown> = {}) {
  const g = analyseEstate({
    'gaad.json': gaad({
      users: [attacker(statements)],
      roles: [role(A, 'target', trustService(ECS), { attached: [ADMIN] }), role(A, 'web-task', trustService(ECS)), role(A, 'web-exec', trustService(ECS))],
    }),
    ...files,
  });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), technique);
}

describe('aws:ecs:RunTask / StartTask with a task role override on an existing task definition', () => {
  for (const [technique, action] of [['aws:ecs:RunTask', 'ecs:RunTask'], ['aws:ecs:StartTask', 'ecs:StartTask']] as const) {
    describe(technique, () => {
      const caller = [allow(['iam:PassRole', action])];
      // StartTask places tasks on container instances: its definition must be EC2-compatible.
      const definition = (extra: object = {}) => fargateDefinition(technique === 'aws:ecs:StartTask' ? { requiresCompatibilities: ['EC2'], ...extra } : extra);
      it('a listed definition: unconditional, citing it, and another role passed as execution role', () => {
        const e = ecsEdge(technique, caller, { 'td.json': definition(), 'l.json': listed(defArn) });
        expect(e?.conditional).toBe(false);
        expect(e!.evidence.refs.some((r) => r.type === 'inventory' && r.source === defArn)).toBe(true);
        expect(e!.evidence.refs.some((r) => r.detail?.startsWith(`${action} on ${defArn}`))).toBe(true);
        expect(e!.evidence.summary).toMatch(/also passed as task execution role/);
      });

      it('no listing read: a definition is assumed, conditional and said so', () => {
        expect(ecsEdge(technique, caller)?.conditions).toMatch(/at least one ECS task definition exists \(no listing of ecs:task-definition resources/);
      });

      it('negative: the listing was read and is empty', () => {
        expect(ecsEdge(technique, caller, { 'l.json': listed() })).toBeUndefined();
      });

      it('negative: an explicit Deny on the only definition, or PassRole for another service', () => {
        const files = { 'td.json': definition(), 'l.json': listed(defArn) };
        expect(ecsEdge(technique, [...caller, deny(action, defArn)], files)).toBeUndefined();
        const other = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
        expect(ecsEdge(technique, [other, allow(action)], files)).toBeUndefined();
      });

      it('negative: the only listed definition is INACTIVE (deregistered)', () => {
        expect(ecsEdge(technique, caller, { 'td.json': definition({ status: 'INACTIVE' }), 'l.json': listed(defArn) })).toBeUndefined();
      });

      it("aws:ResourceTag conditions are judged on the definition's tags", () => {
        const files = { 'td.json': definition(), 'l.json': listed(defArn) };
        const scoped = (team: string) => allow(action, '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': team } } });
        expect(ecsEdge(technique, [allow('iam:PassRole'), scoped('web')], files)?.conditional).toBe(false);
        expect(ecsEdge(technique, [allow('iam:PassRole'), scoped('data')], files)).toBeUndefined();
      });
    });
  }

  it('negative: StartTask of a Fargate-only definition (no container instance can take it)', () => {
    const files = { 'td.json': fargateDefinition(), 'l.json': listed(defArn) };
    expect(ecsEdge('aws:ecs:StartTask', [allow(['iam:PassRole', 'ecs:StartTask'])], files)).toBeUndefined();
    expect(ecsEdge('aws:ecs:RunTask', [allow(['iam:PassRole', 'ecs:RunTask'])], files)).toBeDefined();
  });

  it('PassRole on the override role only: the same role serves as execution role override', () => {
    const only = [allow('iam:PassRole', roleArn('target')), allow('ecs:RunTask')];
    const e = ecsEdge('aws:ecs:RunTask', only, { 'td.json': fargateDefinition(), 'l.json': listed(defArn) });
    expect(e?.conditional).toBe(false);
    expect(e!.evidence.summary).toMatch(/with it also passed as task execution role/);
  });
});

const appArn = `arn:aws:emr-serverless:${REGION}:${A}:/applications/00f1abcdef`;
const apps = (...list: object[]) => env('emr-serverless list-applications', { applications: list });
const app = { id: '00f1abcdef', name: 'spark', arn: appArn, type: 'Spark', state: 'CREATED' };

function emrEdge(statements: object[], files: Record<string, unknown> = {}, technique = 'aws:emr-serverless:StartJobRun') {
  const g = analyseEstate({
    'gaad.json': gaad({ users: [attacker(statements)], roles: [role(A, 'target', trustService('emr-serverless.amazonaws.com'), { attached: [ADMIN] })] }),
    ...files,
  });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), technique);
}

describe('aws:emr-serverless:StartJobRun on an existing application', () => {
  const caller = [allow(['iam:PassRole', 'emr-serverless:StartJobRun'])];

  it('a listed application: unconditional, no CreateApplication needed', () => {
    const e = emrEdge(caller, { 'a.json': apps(app) });
    expect(e?.conditional).toBe(false);
    expect(e!.evidence.refs.some((r) => r.type === 'inventory' && r.source === appArn)).toBe(true);
    expect(emrEdge(caller, { 'a.json': apps(app) }, 'aws:emr-serverless:CreateApplication+StartJobRun')).toBeUndefined();
  });

  it('no listing read: assumed, conditional; an empty listing: nothing', () => {
    expect(emrEdge(caller)?.conditions).toMatch(/at least one EMR Serverless application exists/);
    expect(emrEdge(caller, { 'a.json': apps() })).toBeUndefined();
  });

  it('negative: the only listed application is TERMINATED', () => {
    expect(emrEdge(caller, { 'a.json': apps({ ...app, state: 'TERMINATED' }) })).toBeUndefined();
  });

  it('negative: StartJobRun denied on the application, or no PassRole', () => {
    expect(emrEdge([...caller, deny('emr-serverless:StartJobRun', appArn)], { 'a.json': apps(app) })).toBeUndefined();
    expect(emrEdge([allow('emr-serverless:StartJobRun')], { 'a.json': apps(app) })).toBeUndefined();
  });
});
