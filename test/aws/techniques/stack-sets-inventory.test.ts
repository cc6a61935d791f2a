import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustAws, trustService, user, envelope } from '../../helpers/aws-estate.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';

const B = '222222222222';
const C = '333333333333';
const REGION = 'eu-west-1';
const T = 'aws:cloudformation:UpdateStackSet';
const EXEC = 'StackSetExec';
const ADMIN_ROLE = 'StackSetAdmin';
const setId = 'baseline:0b2f1a4e-1111-2222-3333-444455556666';
const setArn = `arn:aws:cloudformation:${REGION}:${A}:stackset/${setId}`;
const CALLER = [allow(['iam:PassRole', 'cloudformation:UpdateStackSet'])];

const env = envelope;
const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const adminRole = (name = ADMIN_ROLE) => role(A, name, trustService('cloudformation.amazonaws.com'), { inline: { assume: doc(allow('sts:AssumeRole', '*')) } });
const execution = (account: string, name = EXEC) => role(account, name, trustAws(A), { attached: [ADMIN] });
const describeSet = (props: object = {}) =>
  env('cloudformation describe-stack-set', {
    StackSet: { StackSetName: 'baseline', StackSetId: setId, StackSetARN: setArn, Status: 'ACTIVE', AdministrationRoleARN: roleArn(ADMIN_ROLE), ExecutionRoleName: EXEC, PermissionModel: 'SELF_MANAGED', ...props },
  });
const instancesIn = (...accounts: string[]) =>
  env('cloudformation list-stack-instances', { Summaries: accounts.map((Account) => ({ StackSetId: setId, Region: REGION, Account, Status: 'CURRENT' })) }, { StackSetName: setId });
const listing = env('cloudformation list-stack-sets', { Summaries: [] });

function update(opts: { caller?: object[]; files?: Record<string, unknown>; admins?: object[]; target?: string } = {}) {
  const g = analyseEstate({
    'a.json': gaad({ users: [attacker(opts.caller ?? CALLER)], roles: opts.admins ?? [adminRole()] }),
    'b.json': gaad({ roles: [execution(B), execution(B, 'other-exec')] }),
    'c.json': gaad({ roles: [execution(C)] }),
    ...(opts.files ?? {}),
  });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), opts.target ?? roleArn(EXEC, B), T);
}

describe(`${T}: an existing self-managed stack set deploys as its execution role in each instance account`, () => {
  it('is in the catalogue', () => {
    expect(techniqueSpec(T)?.edgeKind).toBe('CAN_PASS_ROLE_TO');
  });

  it('positive: a described stack set with an instance in the account, unconditional, citing the stack set', () => {
    const e = update({ files: { 's.json': describeSet(), 'i.json': instancesIn(B) } });
    expect(e?.conditional).toBe(false);
    expect(e!.evidence.summary).toMatch(/^cross-account: passes StackSetAdmin .* again as the administration role of existing stack set baseline/);
    const details = e!.evidence.refs.map((r) => `${r.type} ${r.source} ${r.detail ?? ''}`);
    expect(details.some((d) => d.startsWith(`inventory ${setArn}`))).toBe(true);
    expect(details.some((d) => d.includes('cloudformation:UpdateStackSet on'))).toBe(true);
    expect(details.some((d) => d.includes('iam:PassRole on'))).toBe(true);
  });

  it('the update may name another execution role of an instance account, said as an assumption', () => {
    const e = update({ files: { 's.json': describeSet(), 'i.json': instancesIn(B) }, target: roleArn('other-exec', B) });
    expect(e?.evidence.assumptions?.join(' ')).toMatch(/names other-exec as ExecutionRoleName \(the stack set's is StackSetExec\)/);
  });

  it('negative: an account without an instance, unless the caller may add one', () => {
    const files = { 's.json': describeSet(), 'i.json': instancesIn(B), 'l.json': listing };
    expect(update({ files, target: roleArn(EXEC, C) })).toBeUndefined();
    const e = update({ files, target: roleArn(EXEC, C), caller: [allow(['iam:PassRole', 'cloudformation:UpdateStackSet', 'cloudformation:CreateStackInstances'])] });
    expect(e?.conditional).toBe(false);
    expect(e!.evidence.refs.some((r) => r.detail?.includes('cloudformation:CreateStackInstances on'))).toBe(true);
  });

  it('negative: the listing was read and holds no stack set', () => {
    expect(update({ files: { 'l.json': listing } })).toBeUndefined();
  });

  it('no listing read: a stack set is assumed, conditional and said so', () => {
    const e = update();
    expect(e?.conditional).toBe(true);
    expect(e?.conditions).toMatch(/a self-managed stack set administered by StackSetAdmin with a stack instance in account 222222222222 exists \(no listing of cloudformation:stackset/);
  });

  it('instances not listed: conditional on an instance in the account', () => {
    const e = update({ files: { 's.json': describeSet(), 'l.json': listing } });
    expect(e?.conditions).toMatch(/stack set baseline has a stack instance in account 222222222222 \(its stack instances were not listed\)/);
  });

  it('instances not listed, but the caller may add one: unconditional', () => {
    const caller = [allow(['iam:PassRole', 'cloudformation:UpdateStackSet', 'cloudformation:CreateStackInstances'])];
    expect(update({ caller, files: { 's.json': describeSet(), 'l.json': listing } })?.conditional).toBe(false);
  });

  it('listed but not described: conditional on its administration role and permission model', () => {
    const only = env('cloudformation list-stack-sets', { Summaries: [{ StackSetName: 'baseline', StackSetId: setId, Status: 'ACTIVE' }] });
    const e = update({ files: { 'l.json': only, 'i.json': instancesIn(B) } });
    expect(e?.conditions).toMatch(/stack set baseline is administered by StackSetAdmin \(its description was not read\)/);
    expect(e?.conditions).toMatch(/is self-managed \(its permission model was not read\)/);
  });

  it('negative: only the stack set\'s own administration role counts', () => {
    const files = { 's.json': describeSet({ AdministrationRoleARN: roleArn('locked-admin') }), 'i.json': instancesIn(B), 'l.json': listing };
    expect(update({ files, admins: [adminRole(), role(A, 'locked-admin', trustService('cloudformation.amazonaws.com'))] })).toBeUndefined();
  });

  it('negative: service-managed or deleted stack sets', () => {
    for (const props of [{ PermissionModel: 'SERVICE_MANAGED' }, { Status: 'DELETED' }]) {
      expect(update({ files: { 's.json': describeSet(props), 'i.json': instancesIn(B), 'l.json': listing } })).toBeUndefined();
    }
  });

  it('negative: without iam:PassRole on the administration role, or with an explicit Deny on UpdateStackSet', () => {
    const files = { 's.json': describeSet(), 'i.json': instancesIn(B), 'l.json': listing };
    expect(update({ files, caller: [allow('cloudformation:UpdateStackSet')] })).toBeUndefined();
    expect(update({ files, caller: [...CALLER, deny('cloudformation:UpdateStackSet', setArn)] })).toBeUndefined();
    expect(update({ files, caller: [...CALLER, deny('cloudformation:UpdateStackSet', `arn:aws:cloudformation:*:${A}:stackset-target/*/${B}`)] })).toBeUndefined();
  });

  it('negative: the execution role does not trust the administration account', () => {
    const g = analyseEstate({
      'a.json': gaad({ users: [attacker(CALLER)], roles: [adminRole()] }),
      'b.json': gaad({ roles: [role(B, EXEC, trustAws(C), { attached: [ADMIN] })] }),
      's.json': describeSet(),
      'i.json': instancesIn(B),
    });
    expect(edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn(EXEC, B), T)).toBeUndefined();
  });
});
