import { describe, expect, it } from 'vitest';
import { accessKeys, ADMIN, allow, deny, doc, gaad, role, trustAws, trustService, user } from '../../helpers/aws-estate.js';
import { A, analyseEstate, edge, resource, roleArn, userArn } from './estate.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import type { AwsResource } from '../../../src/model/inventory/index.js';

/**
 * Edges that exist only after the attacker changes some state: a tag an ABAC condition tests
 * (CloudGoat iam_privesc_by_ec2, iam_privesc_by_key_rotation), or an MFA device it enrols.
 */

const instanceOf = (runsAs: string, tags: Record<string, string>): AwsResource[] => [resource('ec2:instance', 'i-0admin', { runsAs, tags, props: { ssmManaged: false } })];
const withProfile = (r: ReturnType<typeof role>) => ({ ...r, InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/${r.RoleName}` }] });

/** Our reconstruction of CloudGoat iam_privesc_by_ec2 (policies re-expressed, not copied). */
function ec2Scenario(devStatements: object[], managerStatements: object[] = []) {
  const notAdmin = { StringNotEquals: { 'aws:ResourceTag/Name': 'admin-box' } };
  return analyseEstate(
    {
      'gaad.json': gaad({
        users: [user(A, 'dev', { inline: { dev: doc(allow('sts:AssumeRole', roleArn('ec2-manager')), ...devStatements) } })],
        roles: [
          withProfile(role(A, 'ec2-admin', trustService('ec2.amazonaws.com'), { attached: [ADMIN] })),
          role(A, 'ec2-manager', trustAws(userArn('dev')), {
            inline: { manage: doc(allow(['ec2:StopInstances', 'ec2:StartInstances', 'ec2:ModifyInstanceAttribute'], '*', { Condition: notAdmin }), ...managerStatements) },
          }),
        ],
      }),
    },
    { resources: instanceOf(roleArn('ec2-admin'), { Name: 'admin-box' }), edit: (inv) => (inv.accounts[0]!.collected = ['ec2:instance']) },
  );
}

describe('aws:abac:RetagResource — a tag condition is only as strong as the right to change the tag', () => {
  it('is in the catalogue as a prerequisite', () => {
    expect(techniqueSpec('aws:abac:RetagResource')?.edgeKind).toBe('prerequisite');
  });

  it('without any tagging right, the tag condition holds: no way to the instance role', () => {
    const g = ec2Scenario([]);
    expect(edge(g, 'CAN_ASSUME', userArn('dev'), roleArn('ec2-manager'))).toBeDefined();
    expect(g.edges.filter((e) => e.target === roleArn('ec2-admin'))).toEqual([]);
  });

  it('positive (CloudGoat iam_privesc_by_ec2): dev deletes the Name tag, then as ec2-manager rewrites the user data', () => {
    const g = ec2Scenario([allow('ec2:DeleteTags')]);
    const e = edge(g, 'CAN_EXECUTE_AS', userArn('dev'), roleArn('ec2-admin'), 'aws:ec2:ModifyInstanceAttribute');
    expect(e).toBeDefined();
    expect(e!.conditional).toBe(false);
    expect(e!.evidence.prerequisites).toEqual([{ technique: 'aws:abac:RetagResource', summary: expect.stringMatching(/removes tag Name from i-0admin \(ec2:DeleteTags\)/), by: userArn('dev') }]);
    expect(e!.evidence.summary).toMatch(/then as ec2-manager \(reached by aws:sts:AssumeRole/);
    // The tagging grant, the hop to the manager role and the manager's own grants are all cited.
    expect(e!.evidence.refs.some((r) => r.detail?.startsWith('ec2:DeleteTags on arn:aws:ec2:'))).toBe(true);
    expect(e!.evidence.refs.some((r) => r.type === 'trust-policy')).toBe(true);
    expect(e!.evidence.refs.some((r) => r.detail?.startsWith('ec2:ModifyInstanceAttribute'))).toBe(true);
    // The manager role alone cannot delete the tag: it gets no edge.
    expect(edge(g, 'CAN_EXECUTE_AS', roleArn('ec2-manager'), roleArn('ec2-admin'))).toBeUndefined();
  });

  it('positive: the constrained principal that may retag by itself gets the edge directly', () => {
    const g = ec2Scenario([], [allow('ec2:DeleteTags')]);
    const e = edge(g, 'CAN_EXECUTE_AS', roleArn('ec2-manager'), roleArn('ec2-admin'), 'aws:ec2:ModifyInstanceAttribute');
    expect(e?.evidence.prerequisites?.[0]?.by).toBe(roleArn('ec2-manager'));
    expect(e?.evidence.summary).toMatch(/^removes tag Name from i-0admin \(ec2:DeleteTags\), then /);
  });

  it('negative: deleting the Name key is refused (aws:TagKeys condition)', () => {
    const g = ec2Scenario([allow('ec2:DeleteTags', '*', { Condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['Name'] } } })]);
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('dev'), roleArn('ec2-admin'))).toBeUndefined();
  });

  it('negative: an explicit Deny of DeleteTags on the instance', () => {
    const g = ec2Scenario([allow('ec2:DeleteTags'), deny('ec2:DeleteTags', resource('ec2:instance', 'i-0admin').arn)]);
    expect(edge(g, 'CAN_EXECUTE_AS', userArn('dev'), roleArn('ec2-admin'))).toBeUndefined();
  });

  it('negative: a retagger that cannot become the constrained principal gains nothing', () => {
    const g = analyseEstate(
      {
        'gaad.json': gaad({
          users: [user(A, 'tagger', { inline: { t: doc(allow('ec2:DeleteTags')) } })],
          roles: [
            withProfile(role(A, 'ec2-admin', trustService('ec2.amazonaws.com'), { attached: [ADMIN] })),
            role(A, 'ec2-manager', trustAws(userArn('someone-else')), {
              inline: { m: doc(allow(['ec2:StopInstances', 'ec2:StartInstances', 'ec2:ModifyInstanceAttribute'], '*', { Condition: { StringNotEquals: { 'aws:ResourceTag/Name': 'admin-box' } } })) },
            }),
          ],
        }),
      },
      { resources: instanceOf(roleArn('ec2-admin'), { Name: 'admin-box' }), edit: (inv) => (inv.accounts[0]!.collected = ['ec2:instance']) },
    );
    expect(g.edges.filter((e) => e.target === roleArn('ec2-admin'))).toEqual([]);
  });

  describe('on a role: iam:TagRole to match an aws:ResourceTag condition naming the caller\'s own tag', () => {
    const sameTeam = { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } };
    const run = (extra: object[]) =>
      analyseEstate({
        'gaad.json': gaad({
          users: [user(A, 'dev', { tags: { team: 'web' }, inline: { p: doc(allow('sts:AssumeRole', '*', { Condition: sameTeam }), ...extra) } })],
          roles: [role(A, 'ops-admin', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN], tags: { team: 'ops' } })],
        }),
      });
    it('negative without TagRole: the role is another team\'s', () => {
      expect(edge(run([]), 'CAN_ASSUME', userArn('dev'), roleArn('ops-admin'))).toBeUndefined();
    });
    it('positive: tags the role team=web, then assumes it', () => {
      const e = edge(run([allow('iam:TagRole')]), 'CAN_ASSUME', userArn('dev'), roleArn('ops-admin'), 'aws:sts:AssumeRole');
      expect(e?.evidence.prerequisites?.[0]?.summary).toBe('sets tag team=web on ops-admin (iam:TagRole)');
      expect(e?.conditional).toBe(false);
    });
    it('negative: TagRole only with another value (aws:RequestTag condition)', () => {
      const e = edge(run([allow('iam:TagRole', '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'ops' } } })]), 'CAN_ASSUME', userArn('dev'), roleArn('ops-admin'));
      expect(e).toBeUndefined();
    });
  });

  describe('on a secret: secretsmanager:TagResource opens a tag-gated GetSecretValue', () => {
    const secret = [resource('secretsmanager:secret', 'db-prod', { tags: { env: 'prod' }, props: { accessKeyIds: [] } })];
    const gated = allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } });
    const run = (extra: object[]) => analyseEstate({ 'gaad.json': gaad({ users: [user(A, 'app', { inline: { p: doc(gated, ...extra) } })] }) }, { resources: secret });
    const read = (g: ReturnType<typeof run>) => g.edges.find((e) => e.source === userArn('app') && e.technique === 'aws:secretsmanager:GetSecretValue');
    it('negative without TagResource', () => expect(read(run([]))).toBeUndefined());
    it('positive: sets env=dev on the secret, then reads it', () => {
      expect(read(run([allow('secretsmanager:TagResource')]))?.evidence.prerequisites?.[0]?.summary).toBe('sets tag env=dev on db-prod (secretsmanager:TagResource)');
    });
  });
});

describe('aws:abac:RetagResource on the caller itself — conditions on aws:PrincipalTag', () => {
  const trustAdmins = trustAws(`arn:aws:iam::${A}:root`, { Condition: { StringEquals: { 'aws:PrincipalTag/department': 'admins' } } });
  const run = (statements: object[]) =>
    analyseEstate({
      'gaad.json': gaad({
        users: [user(A, 'ci', { tags: { department: 'build' }, inline: { p: doc(allow('sts:AssumeRole', roleArn('admins-only')), ...statements) } })],
        roles: [role(A, 'admins-only', trustAdmins, { attached: [ADMIN] })],
      }),
    });
  const tagSelf = allow('iam:TagUser', userArn('ci'));

  it('negative without iam:TagUser: the trust wants another department', () => {
    expect(edge(run([]), 'CAN_ASSUME', userArn('ci'), roleArn('admins-only'))).toBeUndefined();
  });
  it('positive: the key retags its own user department=admins, then assumes the role', () => {
    const e = edge(run([tagSelf]), 'CAN_ASSUME', userArn('ci'), roleArn('admins-only'));
    expect(e?.evidence.prerequisites).toEqual([{ technique: 'aws:abac:RetagResource', summary: 'sets tag department=admins on ci (iam:TagUser)', by: userArn('ci') }]);
    expect(e?.conditional).toBe(false);
  });
  it('negative: tagging the department key is denied', () => {
    const guard = deny('iam:TagUser', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['department'] } } });
    expect(edge(run([tagSelf, guard]), 'CAN_ASSUME', userArn('ci'), roleArn('admins-only'))).toBeUndefined();
  });
  it('positive: "same team as the resource" ABAC — retag oneself to the resource\'s team', () => {
    const g = analyseEstate({
      'gaad.json': gaad({
        users: [user(A, 'dev', { tags: { team: 'web' }, inline: { p: doc(allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }), tagSelf, allow('iam:TagUser', userArn('dev'))) } })],
        roles: [role(A, 'ops-admin', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN], tags: { team: 'ops' } })],
      }),
    });
    expect(edge(g, 'CAN_ASSUME', userArn('dev'), roleArn('ops-admin'))?.evidence.prerequisites?.[0]?.summary).toBe('sets tag team=ops on dev (iam:TagUser)');
  });
});

describe('aws:sts:TagSession — the caller chooses the principal tags of the session it starts', () => {
  const sameTeam = { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } };
  const run = (ssoTrust: object) =>
    analyseEstate({
      'gaad.json': gaad({
        users: [user(A, 'ci', { inline: { p: doc(allow(['sts:AssumeRole', 'sts:TagSession'], roleArn('sso-dev'))) } })],
        roles: [
          role(A, 'sso-dev', ssoTrust, { tags: { team: 'web' }, inline: { abac: doc(allow('sts:AssumeRole', `arn:aws:iam::${A}:role/*`, { Condition: sameTeam })) } }),
          role(A, 'payments-admin', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN], tags: { team: 'payments' } }),
        ],
      }),
    });
  const trustWith = (actions: string[], extra: object = {}) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: actions, ...extra });

  it('is in the catalogue as a prerequisite', () => expect(techniqueSpec('aws:sts:TagSession')?.edgeKind).toBe('prerequisite'));

  it('negative: the trust does not allow sts:TagSession — the session keeps the role\'s team', () => {
    const g = run(trustWith(['sts:AssumeRole']));
    expect(edge(g, 'CAN_ASSUME', userArn('ci'), roleArn('sso-dev'))).toBeDefined();
    expect(g.edges.filter((e) => e.target === roleArn('payments-admin'))).toEqual([]);
  });

  it('positive: assumes sso-dev tagged team=payments, then as it assumes payments-admin', () => {
    const e = edge(run(trustWith(['sts:AssumeRole', 'sts:TagSession'])), 'CAN_ASSUME', userArn('ci'), roleArn('payments-admin'));
    expect(e?.evidence.prerequisites).toEqual([{ technique: 'aws:sts:TagSession', summary: 'assumes sso-dev with session tag team=payments (sts:TagSession)', by: userArn('ci') }]);
    expect(e?.evidence.summary).toMatch(/then as sso-dev \(reached by aws:sts:AssumeRole/);
    expect(e?.evidence.refs.some((r) => r.detail?.startsWith('sts:TagSession on'))).toBe(true);
  });

  it('negative: the trust pins the team the session may claim', () => {
    const g = run(doc(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/team': 'web' } } },
    ));
    expect(g.edges.filter((e) => e.target === roleArn('payments-admin'))).toEqual([]);
  });
});

/** Our reconstruction of CloudGoat iam_privesc_by_key_rotation (policies re-expressed, not copied). */
function keyRotationScenario(managerExtra: object[] = [], adminKeys = 1) {
  const developer = { StringEquals: { 'aws:ResourceTag/developer': 'true' } };
  return analyseEstate({
    'gaad.json': gaad({
      users: [
        user(A, 'manager', {
          inline: {
            tagging: doc(allow('iam:TagUser', `arn:aws:iam::${A}:user/*`)),
            keys: doc(allow(['iam:CreateAccessKey', 'iam:DeleteAccessKey'], `arn:aws:iam::${A}:user/*`, { Condition: developer })),
            ...(managerExtra.length ? { extra: doc(...managerExtra) } : {}),
          },
        }),
        user(A, 'admin', { inline: { assume: doc(allow('sts:AssumeRole', roleArn('secrets-reader'))) } }),
      ],
      roles: [role(A, 'secrets-reader', trustAws(userArn('admin'), { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { attached: [ADMIN] })],
    }),
    'keys.json': accessKeys('admin', ...Array.from({ length: adminKeys }, (_, i) => ({ id: `AKIAADMINKEY00000${i}XX` }))),
  });
}

describe('aws:iam:EnableMFADevice — an MFA condition does not stop an attacker that can enrol a device', () => {
  const enrol = [allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/*`), allow('iam:EnableMFADevice', `arn:aws:iam::${A}:user/*`)];

  it('is in the catalogue as a prerequisite', () => {
    expect(techniqueSpec('aws:iam:EnableMFADevice')?.edgeKind).toBe('prerequisite');
  });

  it('key rotation, step 1: the manager tags admin developer=true, then rotates its key (two keys: delete one)', () => {
    const g = keyRotationScenario([], 2);
    const e = edge(g, 'CAN_CREATE_CREDENTIAL', userArn('manager'), userArn('admin'), 'aws:iam:CreateAccessKey');
    expect(e?.evidence.prerequisites?.[0]?.summary).toBe('sets tag developer=true on admin (iam:TagUser)');
    expect(e?.evidence.summary).toMatch(/deletes one of the two access keys of admin/);
  });

  it('negative: the leaked admin key alone cannot assume the MFA-gated role', () => {
    const g = keyRotationScenario();
    expect(edge(g, 'CAN_ASSUME', userArn('admin'), roleArn('secrets-reader'))).toBeUndefined();
    expect(edge(g, 'CAN_ASSUME', userArn('manager'), roleArn('secrets-reader'))).toBeUndefined();
  });

  it('positive (CloudGoat iam_privesc_by_key_rotation): retag, rotate the key, enrol MFA on admin, assume the role', () => {
    const g = keyRotationScenario(enrol);
    const e = edge(g, 'CAN_ASSUME', userArn('manager'), roleArn('secrets-reader'), 'aws:sts:AssumeRole');
    expect(e).toBeDefined();
    // The retag that opened the way to admin comes first, then the enrolment.
    expect(e!.evidence.prerequisites).toEqual([
      { technique: 'aws:abac:RetagResource', summary: 'sets tag developer=true on admin (iam:TagUser)', by: userArn('manager') },
      { technique: 'aws:iam:EnableMFADevice', summary: expect.stringMatching(/enrols a virtual MFA device on admin/), by: userArn('manager') },
    ]);
    expect(e!.evidence.summary).toMatch(/then as admin \(reached by aws:iam:CreateAccessKey/);
    expect(e!.evidence.refs.some((r) => r.detail?.startsWith('iam:EnableMFADevice on arn:aws:iam::111111111111:user/admin'))).toBe(true);
  });

  it('positive: a user whose "manage your own MFA" policy allows enrolment without MFA', () => {
    const self = [
      allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/\${aws:username}`),
      allow('iam:EnableMFADevice', `arn:aws:iam::${A}:user/\${aws:username}`),
      allow('sts:AssumeRole', roleArn('break-glass')),
    ];
    const g = analyseEstate({
      'gaad.json': gaad({
        users: [user(A, 'ci', { inline: { p: doc(...self) } })],
        roles: [role(A, 'break-glass', trustAws(`arn:aws:iam::${A}:root`, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { attached: [ADMIN] })],
      }),
    });
    const e = edge(g, 'CAN_ASSUME', userArn('ci'), roleArn('break-glass'));
    expect(e?.evidence.prerequisites?.[0]).toMatchObject({ technique: 'aws:iam:EnableMFADevice', by: userArn('ci') });
    expect(e?.evidence.refs.some((r) => r.detail === `iam:CreateVirtualMFADevice on arn:aws:iam::${A}:mfa/ci`)).toBe(true);
  });

  it('negative: enrolment itself demands MFA (the usual guard), so a leaked key cannot enrol', () => {
    const mfaOnly = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const g = keyRotationScenario([allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/*`), allow('iam:EnableMFADevice', `arn:aws:iam::${A}:user/*`, mfaOnly)]);
    expect(edge(g, 'CAN_ASSUME', userArn('manager'), roleArn('secrets-reader'))).toBeUndefined();
  });

  it('negative: EnableMFADevice only on its own user does not reach admin', () => {
    const g = keyRotationScenario([allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/*`), allow('iam:EnableMFADevice', userArn('manager'))]);
    expect(edge(g, 'CAN_ASSUME', userArn('manager'), roleArn('secrets-reader'))).toBeUndefined();
  });
});

describe('the changed world re-runs the StackSet rule too', () => {
  const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
  const enrolSelf = [allow('iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/\${aws:username}`), allow('iam:EnableMFADevice', `arn:aws:iam::${A}:user/\${aws:username}`)];
  const run = (extra: object[]) =>
    analyseEstate({
      'gaad.json': gaad({
        users: [user(A, 'ops', { inline: { p: doc(allow(['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], '*', mfa), ...extra) } })],
        roles: [
          role(A, 'StackSetAdmin', trustService('cloudformation.amazonaws.com'), { inline: { a: doc(allow('sts:AssumeRole', roleArn('StackSetExecution'))) } }),
          role(A, 'StackSetExecution', trustAws(roleArn('StackSetAdmin')), { attached: [ADMIN] }),
        ],
      }),
    });
  const T = 'aws:cloudformation:CreateStackSet+CreateStackInstances';
  it('negative: the stack-set rights demand MFA, and the key cannot enrol a device', () => {
    expect(edge(run([]), 'CAN_PASS_ROLE_TO', userArn('ops'), roleArn('StackSetExecution'), T)).toBeUndefined();
  });
  it('positive: the key enrols its own device, then creates the stack set', () => {
    const e = edge(run(enrolSelf), 'CAN_PASS_ROLE_TO', userArn('ops'), roleArn('StackSetExecution'), T);
    expect(e?.evidence.prerequisites?.map((p) => p.technique)).toEqual(['aws:iam:EnableMFADevice']);
  });
});
