import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { EXISTING_COMPUTE_TECHNIQUES } from '../../../src/analysis/aws/rules/existing-compute-techniques.js';
import type { AwsResource } from '../../../src/model/inventory/index.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';
import { HOLDING, resource } from './existing-compute-estate.js';

const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const withProfile = (r: ReturnType<typeof role>) => ({ ...r, InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/${r.RoleName}` }] });
const roles = (service: string) => [withProfile(role(A, 'admin-role', trustService(service), { attached: [ADMIN] })), withProfile(role(A, 'harmless-role', trustService(service)))];

/** With `resources`, the account's listing of their types was read: they are all there are. */
function run(statements: object[], service: string, resources?: AwsResource[], collected = resources?.map((r) => r.type)) {
  return analyseEstate(
    { 'gaad.json': gaad({ users: [attacker(statements)], roles: roles(service) }) },
    { ...(resources ? { resources } : {}), edit: (inv) => collected && (inv.accounts.find((a) => a.accountId === A)!.collected = [...new Set(collected)]) },
  );
}

describe('existing compute: each technique on a listed resource, and on unlisted ones (assumed, conditional)', () => {
  for (const t of EXISTING_COMPUTE_TECHNIQUES) {
    const actions = [...new Set(t.steps.map((s) => s.anyOf[0]!))];
    const listed = (runsAs: string, props: AwsResource['props'] = HOLDING) => [resource(t.type, 'thing', { runsAs, props })];
    describe(t.id, () => {
      it('positive: a listed resource running as the role', () => {
        const e = edge(run([allow(actions)], t.service, listed(roleArn('admin-role'))), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), t.id);
        expect(e).toBeDefined();
        expect(e!.evidence.refs.some((r) => r.type === 'inventory' && r.detail?.includes('running as'))).toBe(true);
        expect(e!.conditional).toBe(t.unsettled !== undefined);
      });
      it('negative: the only listed resource runs as a harmless role', () => {
        const g = run([allow(actions)], t.service, listed(roleArn('harmless-role')));
        expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), t.id)).toBeUndefined();
        expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('harmless-role'), t.id)).toBeDefined();
      });
      it('negative: an explicit Deny on the resource', () => {
        const g = run([allow(actions), deny(actions[0]!, resource(t.type, 'thing').arn)], t.service, listed(roleArn('admin-role')));
        expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), t.id)).toBeUndefined();
      });
      it('unlisted: assumed to exist, conditional, and said so', () => {
        const e = edge(run([allow(actions)], t.service), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), t.id);
        expect(e?.conditional).toBe(true);
        expect(e?.conditions).toMatch(/no listing of .* resources of account .* was read/);
      });
    });
  }
});

describe('existing compute details', () => {
  const fn = (runsAs: string, tags: Record<string, string> = {}) => [resource('lambda:function', 'payments', { runsAs, tags })];

  it('UpdateFunctionCode without InvokeFunction assumes the function gets invoked', () => {
    const g = run([allow('lambda:UpdateFunctionCode')], 'lambda.amazonaws.com', fn(roleArn('admin-role')));
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))?.evidence.assumptions?.[0]).toMatch(/invoked by its own triggers/);
    const withInvoke = run([allow(['lambda:UpdateFunctionCode', 'lambda:InvokeFunction'])], 'lambda.amazonaws.com', fn(roleArn('admin-role')));
    expect(edge(withInvoke, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))?.evidence.assumptions).toBeUndefined();
  });

  it('listed triggers spare the invocation assumption', () => {
    const triggered = [resource('lambda:function', 'payments', { runsAs: roleArn('admin-role'), props: { triggers: [`arn:aws:sqs:eu-west-1:${A}:orders`] } })];
    const e = edge(run([allow('lambda:UpdateFunctionCode')], 'lambda.amazonaws.com', triggered), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'));
    expect(e?.evidence.assumptions).toBeUndefined();
    expect(e?.evidence.refs.at(-1)?.detail).toMatch(/invoked by arn:aws:sqs/);
  });

  it('an aws:ResourceTag condition is judged on the listed resource\'s tags', () => {
    const tagged = allow('lambda:UpdateFunctionCode', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } });
    expect(edge(run([tagged], 'lambda.amazonaws.com', fn(roleArn('admin-role'), { team: 'web' })), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))?.conditional).toBe(false);
    expect(edge(run([tagged], 'lambda.amazonaws.com', fn(roleArn('admin-role'), { team: 'payments' })), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))).toBeUndefined();
  });

  it('SSM: an instance known not to be SSM-managed gives nothing; unknown is conditional', () => {
    const inst = (props: AwsResource['props']) => [resource('ec2:instance', 'i-0abc', { runsAs: roleArn('admin-role'), props })];
    const send = [allow('ssm:SendCommand')];
    expect(edge(run(send, 'ec2.amazonaws.com', inst({ ssmManaged: false })), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))).toBeUndefined();
    const unknown = edge(run(send, 'ec2.amazonaws.com', inst({})), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'));
    expect(unknown?.conditions).toMatch(/managed by SSM \(the input does not say\)/);
  });

  it('SSM SendCommand limited to another document gives nothing', () => {
    const onlyOther = [allow('ssm:SendCommand', [`arn:aws:ec2:*:${A}:instance/*`, 'arn:aws:ssm:*::document/AWS-ConfigureAWSPackage'])];
    expect(edge(run(onlyOther, 'ec2.amazonaws.com', [resource('ec2:instance', 'i-0abc', { runsAs: roleArn('admin-role'), props: { ssmManaged: true } })]), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'))).toBeUndefined();
  });

  it('unlisted EC2 instances are assumed only for roles with an instance profile', () => {
    const bare = role(A, 'bare', trustService('ec2.amazonaws.com'), { attached: [ADMIN] });
    const g = analyseEstate({ 'gaad.json': gaad({ users: [attacker([allow('ssm:StartSession')])], roles: [bare] }) });
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('bare'))).toBeUndefined();
  });
});

describe('existing compute: what was collected decides what is assumed', () => {
  const update = [allow('lambda:UpdateFunctionCode')];
  const toAdmin = (g: ReturnType<typeof run>) => edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), 'aws:lambda:UpdateFunctionCode');

  it('a listing read empty: there is no function, so nothing is assumed', () => {
    expect(toAdmin(run(update, 'lambda.amazonaws.com', [], ['lambda:function']))).toBeUndefined();
    expect(toAdmin(run(update, 'lambda.amazonaws.com', [], ['ec2:instance']))?.conditional).toBe(true);
  });

  it('functions known without a listing (a trigger names one) leave the others assumed', () => {
    const triggered = [resource('lambda:function', 'worker', { runsAs: roleArn('harmless-role'), props: { triggers: [`arn:aws:sqs:eu-west-1:${A}:jobs`] } })];
    const g = run(update, 'lambda.amazonaws.com', triggered, []);
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('harmless-role'))?.conditional).toBe(false);
    expect(toAdmin(g)).toMatchObject({ conditional: true, conditions: expect.stringMatching(/no listing of lambda:function resources of account/) });
  });

  it('from the offline parsers: an empty list-functions envelope closes the assumption', () => {
    const files = (extra: Record<string, unknown>) => ({ 'gaad.json': gaad({ users: [attacker(update)], roles: roles('lambda.amazonaws.com') }), ...extra });
    const listing = { leakpath: 'aws-cli/1', command: 'lambda list-functions', parameters: {}, account: A, region: 'eu-west-1', output: { Functions: [] } };
    expect(toAdmin(analyseEstate(files({ 'functions.json': listing })))).toBeUndefined();
    expect(toAdmin(analyseEstate(files({})))?.conditional).toBe(true);
  });
});

describe('existing compute from the offline parsers', () => {
  it('aws lambda list-functions output gives the function, its role and its environment location', () => {
    const fnArn = `arn:aws:lambda:eu-west-1:${A}:function:payments`;
    const listFunctions = {
      Functions: [{ FunctionName: 'payments', FunctionArn: fnArn, Role: roleArn('admin-role'), Runtime: 'python3.12', Handler: 'app.handler', Environment: { Variables: { DEPLOY_KEY_ID: 'AKIAZZZZZZZZZZZZZZZZ', REGION: 'eu-west-1' } } }],
    };
    const g = analyseEstate({ 'gaad.json': gaad({ users: [attacker([allow(['lambda:UpdateFunctionCode', 'lambda:GetFunctionConfiguration'])])], roles: roles('lambda.amazonaws.com') }), 'functions.json': listFunctions });
    const e = edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), 'aws:lambda:UpdateFunctionCode');
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.refs.some((r) => r.source === fnArn)).toBe(true);
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('harmless-role'))).toBeUndefined();
    expect(edge(g, 'CAN_READ', userArn('attacker'), `${fnArn}#environment`)).toBeDefined();
  });
});

describe('existing compute: the catalogue documents every technique', () => {
  it.each(EXISTING_COMPUTE_TECHNIQUES.map((t) => t.id))('%s', (id) => {
    expect(techniqueSpec(id)?.edgeKind).toBe('CAN_EXECUTE_AS');
  });
});

describe('existing compute: EC2 user data, launch templates, notebooks, ECS Exec', () => {
  const inst = (runsAs: string) => [resource('ec2:instance', 'i-0abc', { runsAs })];
  const userData = ['ec2:StopInstances', 'ec2:ModifyInstanceAttribute', 'ec2:StartInstances'];
  const M = 'aws:ec2:ModifyInstanceAttribute';

  it('ModifyInstanceAttribute without StartInstances gives nothing: new user data runs only at boot', () => {
    expect(edge(run([allow(userData.slice(0, 2))], 'ec2.amazonaws.com', inst(roleArn('admin-role'))), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), M)).toBeUndefined();
  });

  it('ModifyInstanceAttribute scoped by aws:ResourceTag is judged on the instance tags', () => {
    const tagged = (tags: Record<string, string>) => [resource('ec2:instance', 'i-0abc', { runsAs: roleArn('admin-role'), tags })];
    const scoped = allow(userData, '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } });
    expect(edge(run([scoped], 'ec2.amazonaws.com', tagged({ env: 'dev' })), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), M)?.conditional).toBe(false);
    expect(edge(run([scoped], 'ec2.amazonaws.com', tagged({ env: 'prod' })), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), M)).toBeUndefined();
  });

  it('a launch template edge says the Auto Scaling group is not evaluated', () => {
    const lt = [resource('ec2:launch-template', 'web', { runsAs: roleArn('admin-role') })];
    const e = edge(run([allow(['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'])], 'ec2.amazonaws.com', lt), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'));
    expect(e?.conditions).toMatch(/Auto Scaling group/);
  });

  it('a notebook lifecycle rewrite needs the lifecycle configuration itself', () => {
    const nb = [resource('sagemaker:notebook', 'research', { runsAs: roleArn('admin-role') })];
    const T = 'aws:sagemaker:UpdateNotebookInstanceLifecycleConfig';
    const all = ['sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstanceLifecycleConfig', 'sagemaker:StartNotebookInstance'];
    expect(edge(run([allow(all)], 'sagemaker.amazonaws.com', nb), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), T)?.conditional).toBe(false);
    const otherConfig = [allow(all, [`arn:aws:sagemaker:*:${A}:notebook-instance/*`, `arn:aws:sagemaker:*:${A}:notebook-instance-lifecycle-config/harmless`])];
    expect(edge(run(otherConfig, 'sagemaker.amazonaws.com', nb), 'CAN_EXECUTE_AS', userArn('attacker'), roleArn('admin-role'), T)).toBeUndefined();
  });
});
