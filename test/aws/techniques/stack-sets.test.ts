import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustAws, trustService, user } from '../../helpers/aws-estate.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';

const B = '222222222222';
const T = 'aws:cloudformation:CreateStackSet+CreateStackInstances';
const EXEC = 'AWSCloudFormationStackSetExecutionRole';
const ADMIN_ROLE = 'AWSCloudFormationStackSetAdministrationRole';
const CALLER = [allow(['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'])];

const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const adminRole = (assume: object[] = [allow('sts:AssumeRole', `arn:aws:iam::*:role/${EXEC}`)]) =>
  role(A, ADMIN_ROLE, trustService('cloudformation.amazonaws.com'), { inline: { assume: doc(...assume) } });
const execution = (account: string, trust: object, name = EXEC) => role(account, name, trust, { attached: [ADMIN] });

function stackSetEdge(opts: { caller?: object[]; admin?: object; home?: object[]; other?: object[]; target?: string } = {}) {
  const g = analyseEstate({
    'a.json': gaad({ users: [attacker(opts.caller ?? CALLER)], roles: [opts.admin ?? adminRole(), ...(opts.home ?? [])] }),
    ...(opts.other ? { 'b.json': gaad({ roles: opts.other }) } : {}),
  });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), opts.target ?? roleArn(EXEC, B), T);
}

describe(`${T}: the edge leads to the execution role, through the administration role`, () => {
  it('is in the catalogue', () => {
    expect(techniqueSpec(T)).toBeDefined();
  });

  it('positive, cross-account: the execution role in another account trusts the administration account', () => {
    const e = stackSetEdge({ other: [execution(B, trustAws(A))] });
    expect(e).toBeDefined();
    expect(e!.conditional).toBe(false);
    expect(e!.evidence.summary).toMatch(/^cross-account: passes AWSCloudFormationStackSetAdministrationRole/);
    const details = e!.evidence.refs.map((r) => `${r.type} ${r.source} ${r.detail ?? ''}`);
    expect(details.some((d) => d.startsWith('identity-policy') && d.includes('iam:PassRole on'))).toBe(true);
    expect(details.some((d) => d.includes('cloudformation:CreateStackSet on'))).toBe(true);
    expect(details.some((d) => d.includes('cloudformation:CreateStackInstances on'))).toBe(true);
    expect(details.some((d) => d.startsWith(`trust-policy ${roleArn(ADMIN_ROLE)} trust policy`))).toBe(true);
    expect(details.some((d) => d.startsWith(`trust-policy ${roleArn(EXEC, B)} trust policy`) && d.includes(`sts:AssumeRole by ${ADMIN_ROLE} on ${roleArn(EXEC, B)}`))).toBe(true);
    expect(details.some((d) => d.startsWith(`identity-policy ${roleArn(ADMIN_ROLE)}`) && d.includes(`sts:AssumeRole by ${ADMIN_ROLE} on ${roleArn(EXEC, B)}`))).toBe(true);
  });

  it('positive, same account: the administration account is itself a target', () => {
    const e = stackSetEdge({ home: [execution(A, trustAws(roleArn(ADMIN_ROLE)))], target: roleArn(EXEC) });
    expect(e).toBeDefined();
    expect(e!.evidence.summary).not.toMatch(/^cross-account/);
  });

  it('positive: the caller names the execution role, so a role of another name trusting the administration role qualifies', () => {
    const admin = adminRole([allow('sts:AssumeRole', '*')]);
    expect(stackSetEdge({ admin, other: [execution(B, trustAws(roleArn(ADMIN_ROLE)), 'deploy')], target: roleArn('deploy', B) })).toBeDefined();
  });

  it('never targets the administration role itself', () => {
    expect(stackSetEdge({ other: [execution(B, trustAws(A))], target: roleArn(ADMIN_ROLE) })).toBeUndefined();
  });

  it('negative: the execution role trusts another principal', () => {
    expect(stackSetEdge({ other: [execution(B, trustAws(roleArn('someone-else')))] })).toBeUndefined();
    expect(stackSetEdge({ other: [execution(B, trustAws('333333333333'))] })).toBeUndefined();
  });

  it('negative: the administration role may not assume the execution role', () => {
    expect(stackSetEdge({ admin: adminRole([allow('s3:GetObject')]), other: [execution(B, trustAws(A))] })).toBeUndefined();
    expect(stackSetEdge({ admin: adminRole([allow('sts:AssumeRole', `arn:aws:iam::*:role/other`)]), other: [execution(B, trustAws(A))] })).toBeUndefined();
    // In the same account a trust naming the account (not the role) also needs the role's own Allow.
    expect(stackSetEdge({ admin: adminRole([]), home: [execution(A, trustAws(A))], target: roleArn(EXEC) })).toBeUndefined();
  });

  it('negative: the administration role does not trust CloudFormation', () => {
    const admin = role(A, ADMIN_ROLE, trustService('lambda.amazonaws.com'), { inline: { assume: doc(allow('sts:AssumeRole', '*')) } });
    expect(stackSetEdge({ admin, other: [execution(B, trustAws(A))] })).toBeUndefined();
  });

  it('negative: without iam:PassRole, or with PassRole for another service', () => {
    expect(stackSetEdge({ caller: [allow(['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'])], other: [execution(B, trustAws(A))] })).toBeUndefined();
    const other = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    expect(stackSetEdge({ caller: [other, allow(['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'])], other: [execution(B, trustAws(A))] })).toBeUndefined();
  });

  it('negative: without cloudformation:CreateStackInstances', () => {
    expect(stackSetEdge({ caller: [allow(['iam:PassRole', 'cloudformation:CreateStackSet'])], other: [execution(B, trustAws(A))] })).toBeUndefined();
  });

  it('negative: an explicit Deny on a step, on the target account, or on the administration role passing', () => {
    const other = [execution(B, trustAws(A))];
    expect(stackSetEdge({ caller: [...CALLER, deny('cloudformation:CreateStackInstances')], other })).toBeUndefined();
    expect(stackSetEdge({ caller: [...CALLER, deny('cloudformation:CreateStackInstances', `arn:aws:cloudformation:*:${A}:stackset-target/*/${B}`)], other })).toBeUndefined();
    expect(stackSetEdge({ caller: [...CALLER, deny('iam:PassRole', roleArn(ADMIN_ROLE))], other })).toBeUndefined();
    expect(stackSetEdge({ admin: adminRole([allow('sts:AssumeRole', '*'), deny('sts:AssumeRole', roleArn(EXEC, B))]), other })).toBeUndefined();
  });

  it('CreateStackSet scoped by cloudformation:RoleArn to another administration role gives nothing', () => {
    const scoped = (arn: string) => [
      allow(['iam:PassRole', 'cloudformation:CreateStackInstances']),
      allow('cloudformation:CreateStackSet', '*', { Condition: { ArnEquals: { 'cloudformation:RoleArn': arn } } }),
    ];
    expect(stackSetEdge({ caller: scoped(roleArn('other-admin')), other: [execution(B, trustAws(A))] })).toBeUndefined();
    expect(stackSetEdge({ caller: scoped(roleArn(ADMIN_ROLE)), other: [execution(B, trustAws(A))] })?.conditional).toBe(false);
  });
});
