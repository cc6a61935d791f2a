import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { stepActions } from '../../../src/analysis/aws/rules/pass-role.js';
import { PASS_ROLE_TECHNIQUES } from '../../../src/analysis/aws/rules/pass-role-techniques.js';
import type { AwsInventory, AwsResource } from '../../../src/model/inventory/index.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import { A, analyseEstate, edge, resource, roleArn, userArn } from './estate.js';

const attacker = (statements: object[]) => user(A, 'attacker', { inline: { p: doc(...statements) } });
const withProfile = (r: ReturnType<typeof role>) => ({ ...r, InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/${r.RoleName}`, InstanceProfileName: r.RoleName }] });
const target = (service: string, trust: object = trustService(service)) => withProfile(role(A, 'target', trust, { attached: [ADMIN] }));
/** Roles that fit the further passes a technique's request makes (EMR service role, ...). */
const extraRoles = (technique: string) =>
  (PASS_ROLE_TECHNIQUES.find((t) => t.id === technique)?.extraPasses ?? []).map((x, i) => withProfile(role(A, `extra-${i}`, trustService(x.service))));
const passEdge = (statements: object[], service: string, technique: string, trust?: object) => {
  const g = analyseEstate({ 'gaad.json': gaad({ users: [attacker(statements)], roles: [target(service, trust), ...extraRoles(technique)] }) });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), technique);
};

describe('PassRole techniques: each needs PassRole, every step, and a trust of its service', () => {
  for (const t of PASS_ROLE_TECHNIQUES) {
    const actions = t.steps.map((s) => stepActions(s)[0]!);
    describe(t.id, () => {
      it('positive: PassRole + every step on a role trusting the service', () => {
        const e = passEdge([allow(['iam:PassRole', ...actions])], t.service, t.id);
        expect(e).toBeDefined();
        expect(e!.evidence.refs.some((r) => r.type === 'trust-policy')).toBe(true);
        expect(e!.evidence.refs.some((r) => r.detail?.startsWith('iam:PassRole on'))).toBe(true);
      });
      it('negative: without iam:PassRole', () => {
        expect(passEdge([allow(actions)], t.service, t.id)).toBeUndefined();
      });
      it('negative: a step missing', () => {
        // A step may repeat an earlier action on another resource: drop the action everywhere.
        expect(passEdge([allow(['iam:PassRole', ...actions.filter((a) => a !== actions.at(-1))])], t.service, t.id)).toBeUndefined();
      });
      it('negative: the role trusts another service', () => {
        expect(passEdge([allow(['iam:PassRole', ...actions])], t.service, t.id, trustService('states.amazonaws.com'))).toBeUndefined();
      });
      it('negative: an explicit Deny on the last step', () => {
        expect(passEdge([allow(['iam:PassRole', ...actions]), deny(actions.at(-1)!)], t.service, t.id)).toBeUndefined();
      });
    });
  }
});

describe('PassRole details', () => {
  const lambda = ['lambda:CreateFunction', 'lambda:InvokeFunction'];
  const L = 'aws:lambda:CreateFunction+InvokeFunction';

  it('iam:PassedToService scoped to another service gives nothing', () => {
    const pass = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });
    expect(passEdge([pass, allow(lambda)], 'lambda.amazonaws.com', L)).toBeUndefined();
    const right = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    expect(passEdge([right, allow(lambda)], 'lambda.amazonaws.com', L)?.conditional).toBe(false);
  });

  it('the service assumes the role when the attacker acts: a trust open only before 2020 is closed, one open after it is open', () => {
    const until2020 = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } });
    const since2020 = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } });
    expect(passEdge([allow(['iam:PassRole', ...lambda])], 'lambda.amazonaws.com', L, until2020)).toBeUndefined();
    expect(passEdge([allow(['iam:PassRole', ...lambda])], 'lambda.amazonaws.com', L, since2020)?.conditional).toBe(false);
  });

  it('PassRole and the service action may come from different policies (split permissions)', () => {
    const g = analyseEstate({
      'gaad.json': gaad({ users: [user(A, 'attacker', { inline: { a: doc(allow('iam:PassRole')), b: doc(allow('ec2:RunInstances')) } })], roles: [target('ec2.amazonaws.com')] }),
    });
    expect(edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), 'aws:ec2:RunInstances')).toBeDefined();
  });

  it('PassRole limited to a harmless role does not reach the admin role', () => {
    expect(passEdge([allow('iam:PassRole', roleArn('harmless')), allow(lambda)], 'lambda.amazonaws.com', L)).toBeUndefined();
  });

  it('function-name scoped policies are judged on a name they allow', () => {
    const fn = `arn:aws:lambda:eu-west-1:${A}:function:dev-*`;
    const e = passEdge([allow('iam:PassRole'), allow(lambda, fn)], 'lambda.amazonaws.com', L);
    expect(e?.evidence.assumptions?.join(' ')).toMatch(/function:dev-x/);
  });

  it('a confused-deputy trust pinned to the account is met; pinned to another account it is not', () => {
    const pinned = (account: string) =>
      doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } });
    expect(passEdge([allow(['iam:PassRole', ...lambda])], 'lambda.amazonaws.com', L, pinned(A))?.conditional).toBe(false);
    expect(passEdge([allow(['iam:PassRole', ...lambda])], 'lambda.amazonaws.com', L, pinned('999999999999'))).toBeUndefined();
  });

  it('an RCP enforcing confused-deputy protection on sts is judged with the source account the service sends', () => {
    const rcpOrg = (condition: object) => (inv: AwsInventory) => {
      inv.organization = {
        id: 'o-abc',
        managementAccountId: '999999999999',
        parents: { [A]: 'r-root' },
        policies: [
          { id: 'p-full', arn: 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-full', name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc(allow('*')) as never, targets: ['r-root'] },
          {
            id: 'p-deputy',
            arn: 'arn:aws:organizations::999999999999:policy/o-abc/resource_control_policy/p-deputy',
            name: 'ConfusedDeputy',
            type: 'RESOURCE_CONTROL_POLICY',
            document: doc(deny('sts:AssumeRole', '*', { Principal: '*', Condition: { ...condition, Bool: { 'aws:PrincipalIsAWSService': 'true' } } })) as never,
            targets: ['r-root'],
          },
        ],
      };
    };
    const run = (condition: object) =>
      edge(
        analyseEstate({ 'gaad.json': gaad({ users: [attacker([allow(['iam:PassRole', ...lambda])])], roles: [target('lambda.amazonaws.com')] }) }, { edit: rcpOrg(condition) }),
        'CAN_PASS_ROLE_TO',
        userArn('attacker'),
        roleArn('target'),
        L,
      );
    expect(run({ StringNotEqualsIfExists: { 'aws:SourceAccount': A } })?.conditional).toBe(false);
    expect(run({ StringNotEqualsIfExists: { 'aws:SourceAccount': '999999999999' } })).toBeUndefined();
    // Denying every service principal's AssumeRole leaves no way for the service to run as the role.
    expect(run({})).toBeUndefined();
  });

  it('EC2: a role without an instance profile also needs CreateInstanceProfile and AddRoleToInstanceProfile', () => {
    const bare = role(A, 'target', trustService('ec2.amazonaws.com'), { attached: [ADMIN] });
    const run = (statements: object[]) =>
      edge(analyseEstate({ 'gaad.json': gaad({ users: [attacker(statements)], roles: [bare] }) }), 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), 'aws:ec2:RunInstances');
    expect(run([allow(['iam:PassRole', 'ec2:RunInstances'])])).toBeUndefined();
    const e = run([allow(['iam:PassRole', 'ec2:RunInstances', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'])]);
    expect(e?.evidence.assumptions).toContain('the role has no instance profile: the attacker creates one and adds the role to it');
  });

  it('EC2: an ec2:InstanceProfile condition naming another profile gives nothing', () => {
    const run = allow('ec2:RunInstances', '*', { Condition: { ArnEquals: { 'ec2:InstanceProfile': `arn:aws:iam::${A}:instance-profile/web` } } });
    expect(passEdge([allow('iam:PassRole'), run], 'ec2.amazonaws.com', 'aws:ec2:RunInstances')).toBeUndefined();
  });

  it('CloudFormation: a cloudformation:RoleArn condition naming another role gives nothing', () => {
    const create = allow('cloudformation:CreateStack', '*', { Condition: { StringEquals: { 'cloudformation:RoleArn': roleArn('cfn-harmless') } } });
    expect(passEdge([allow('iam:PassRole'), create], 'cloudformation.amazonaws.com', 'aws:cloudformation:CreateStack')).toBeUndefined();
  });

  it('an SCP that denies the service action removes the edge', () => {
    const g = analyseEstate(
      { 'gaad.json': gaad({ users: [attacker([allow(['iam:PassRole', ...lambda])])], roles: [target('lambda.amazonaws.com')] }) },
      {
        edit: (inv) => {
          inv.organization = {
            id: 'o-abc',
            managementAccountId: '999999999999',
            parents: { [A]: 'r-root' },
            policies: [
              { id: 'p-full', arn: 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-full', name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: doc(allow('*')) as never, targets: ['r-root'] },
              { id: 'p-nolambda', arn: 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-nolambda', name: 'NoLambda', type: 'SERVICE_CONTROL_POLICY', document: doc(deny('lambda:CreateFunction')) as never, targets: [A] },
            ],
          };
        },
      },
    );
    expect(edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), L)).toBeUndefined();
  });
});

describe('PassRole: the catalogue documents every technique', () => {
  it.each(PASS_ROLE_TECHNIQUES.map((t) => t.id))('%s', (id) => {
    expect(techniqueSpec(id)?.edgeKind).toBe('CAN_PASS_ROLE_TO');
  });
});

describe('PassRole to an existing resource (AssociateIamInstanceProfile, UpdateJob, UpdateProject)', () => {
  const X = 'aws:ec2:AssociateIamInstanceProfile';
  const associate = ['iam:PassRole', 'ec2:AssociateIamInstanceProfile'];
  const instance = (tags: Record<string, string> = {}) => resource('ec2:instance', 'i-0abc', { tags });
  /** With `resources`, the account's listing of the technique's resource type was read. */
  const run = (statements: object[], resources?: AwsResource[], technique = X, service = 'ec2.amazonaws.com') => {
    const type = PASS_ROLE_TECHNIQUES.find((t) => t.id === technique)!.existing!.type;
    const g = analyseEstate(
      { 'gaad.json': gaad({ users: [attacker(statements)], roles: [target(service)] }) },
      { ...(resources ? { resources, edit: (inv: AwsInventory) => void (inv.accounts[0]!.collected = [type]) } : {}) },
    );
    return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('target'), technique);
  };

  it('a listed instance: unconditional, with the instance as evidence', () => {
    const e = run([allow(associate)], [instance()]);
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.refs.some((r) => r.type === 'inventory' && r.source === instance().arn)).toBe(true);
    expect(e?.evidence.assumptions?.join(' ')).toMatch(/run code on the instance/);
  });

  it('no listing read: an instance is assumed, conditional and said so', () => {
    expect(run([allow(associate)])?.conditions).toMatch(/at least one EC2 instance exists \(no listing of ec2:instance resources/);
  });

  it('negative: the listing was read and holds no instance', () => {
    expect(run([allow(associate)], [])).toBeUndefined();
  });

  it('negative: an explicit Deny on the only instance', () => {
    expect(run([allow(associate), deny('ec2:AssociateIamInstanceProfile', instance().arn)], [instance()])).toBeUndefined();
  });

  it('negative: ec2:NewInstanceProfile limited to a harmless profile', () => {
    const pinned = allow('ec2:AssociateIamInstanceProfile', '*', { Condition: { ArnEquals: { 'ec2:NewInstanceProfile': `arn:aws:iam::${A}:instance-profile/harmless` } } });
    expect(run([allow('iam:PassRole'), pinned], [instance()])).toBeUndefined();
  });

  it('aws:ResourceTag conditions are judged on the listed instance\'s tags', () => {
    const scoped = allow('ec2:AssociateIamInstanceProfile', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } });
    expect(run([allow('iam:PassRole'), scoped], [instance({ env: 'dev' })])?.conditional).toBe(false);
    expect(run([allow('iam:PassRole'), scoped], [instance({ env: 'prod' })])).toBeUndefined();
  });

  it('UpdateProject on a listed project, and nothing without StartBuild', () => {
    const T = 'aws:codebuild:UpdateProject+StartBuild';
    const project = [resource('codebuild:project', 'ci', { runsAs: roleArn('harmless') })];
    expect(run([allow(['iam:PassRole', 'codebuild:UpdateProject', 'codebuild:StartBuild'])], project, T, 'codebuild.amazonaws.com')?.conditional).toBe(false);
    expect(run([allow(['iam:PassRole', 'codebuild:UpdateProject'])], project, T, 'codebuild.amazonaws.com')).toBeUndefined();
  });

  it('AddRoleToInstanceProfile: a profile in use is assumed (conditional), judged on the profile the policy names; PassRole of a harmless role gives nothing', () => {
    const T = 'aws:iam:AddRoleToInstanceProfile';
    const e = run([allow(['iam:PassRole', 'iam:AddRoleToInstanceProfile'])], undefined, T);
    expect(e?.conditions).toMatch(/instance profile in use by a running EC2 instance exists/);
    expect(e?.evidence.assumptions?.join(' ')).toMatch(/holds no role yet/);
    const harmless = allow('iam:AddRoleToInstanceProfile', `arn:aws:iam::${A}:instance-profile/harmless`);
    expect(run([allow('iam:PassRole'), harmless], undefined, T)?.evidence.refs.some((r) => r.detail?.includes('instance-profile/harmless'))).toBe(true);
    expect(run([allow('iam:PassRole', roleArn('harmless')), allow('iam:AddRoleToInstanceProfile')], undefined, T)).toBeUndefined();
  });
});
