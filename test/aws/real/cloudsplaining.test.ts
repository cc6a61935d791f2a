import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';

/**
 * Cloudsplaining's example export (test/fixtures/aws/real/cloudsplaining/README.md): a real
 * iam-vulnerable deployment merged with a second account. Verdicts pinned here were checked by
 * reading the policies, not by running leakpath.
 */
const FILE = path.resolve(import.meta.dirname, '../../fixtures/aws/real/cloudsplaining/example.json');
const read = parseDocuments([{ file: 'example.json', json: JSON.parse(readFileSync(FILE, 'utf8')) as unknown }]);
const inventory = read.inventories.find((i) => i.provider === 'aws') as AwsInventory;
const IV = '200611803367';
const OTHER = '012345678901';
const AT = new Date('2026-06-01T12:00:00Z');
const { graph } = analyse(read.inventories, { at: AT });
const tierZero = (arn: string) => graph.nodes.find((n) => n.id === arn)?.tierZero;
const iv = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${IV}:${kind}/${name}`;

describe('Cloudsplaining example: two accounts in one authorization-details file', () => {
  it('is split by the account in each ARN, with a warning', () => {
    expect(read.warnings).toEqual(['example.json: the export holds the principals of 2 accounts (012345678901, 200611803367); split by the account in each ARN']);
    const count = (id: string) => {
      const a = inventory.accounts.find((x) => x.accountId === id)!;
      return [a.users.length, a.groups.length, a.roles.length];
    };
    // 44 users, 5 groups, 78 roles in the file (counted by ARN with a separate script).
    expect(count(IV)).toEqual([41, 3, 75]);
    expect(count(OTHER)).toEqual([3, 2, 3]);
  });
});

describe('Cloudsplaining example: "allowed every action" labels are true', () => {
  it('fn4 (Allow NotAction iam:Update*, iam:Create*, iam:Attach*) is tier zero by putting a policy on itself, not "every action"', () => {
    expect(tierZero(iv('user', 'fn4-exploitableNotAction-user'))).toMatchObject({ technique: 'aws:iam:PutUserPolicy', conditional: false });
    expect(tierZero(iv('role', 'fn4-exploitableNotAction-role'))).toMatchObject({ technique: 'aws:iam:PutRolePolicy', conditional: false });
  });

  it('principals holding AdministratorAccess keep the label', () => {
    for (const arn of [`arn:aws:iam::${OTHER}:user/obama`, iv('role', 'OrganizationAccountAccessRole'), iv('role', 'privesc-high-priv-service-role')]) {
      expect(tierZero(arn)).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    }
  });
});

describe('Cloudsplaining example: trusts naming a role session', () => {
  const SSO = `arn:aws:iam::${IV}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc`;
  const SESSION = `arn:aws:sts::${IV}:assumed-role/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc/elad@codsec.io`;

  const trusting = inventory.accounts.flatMap((a) => a.roles).filter((r) => JSON.stringify(r.trustPolicy).includes(SESSION));
  const fromSso = graph.edges.filter((e) => e.kind === 'CAN_ASSUME' && e.source === SSO);

  it('each of the 40 roles trusting the SSO administrator session gets a CAN_ASSUME edge from that role', () => {
    expect(trusting).toHaveLength(40);
    // The 41st: privesc-permissive-role-trust admits the whole account, which the role can use (it is admin).
    expect(fromSso.map((e) => e.target).sort()).toEqual([...trusting.map((r) => r.arn), iv('role', 'privesc-permissive-role-trust')].sort());
  });

  it('conditional on the session name: IAM Identity Center issues that role\'s sessions by SAML and names them itself', () => {
    for (const e of fromSso.filter((x) => trusting.some((r) => r.arn === x.target))) {
      expect(e.conditional).toBe(true);
      expect(e.conditions).toContain('named "elad@codsec.io"');
    }
  });
});

/**
 * Which principals reach tier zero: themselves tier zero (unconditionally), reaching a tier-zero
 * node by certain edges, or only by conditional ones (these need a resource the export does not
 * list: an instance, a notebook, a function, a stack, a dev endpoint). Read off the policies:
 * - fn2/fn4 and the privesc1/7/8/9/10/11/12 principals, privesc-sre: grant themselves policies;
 *   fn3-role: CreatePolicyVersion behind DateGreaterThan aws:TokenIssueTime 2020 (its session is
 *   issued now); obama, userwithlotsofpermissions, the SSO/Organization/StackSet admin roles and
 *   privesc-high-priv-service-role hold AdministratorAccess (or Action "*").
 * - PassRole techniques (privesc3, 15, 16, 18, 20, 21, codeBuild, sageMaker …PassRole, fn1) reach
 *   privesc-high-priv-service-role; privesc4/5/6 take over an admin user's key or console login;
 *   privesc14 rewrites an admin role's trust; privesc13 joins privesc-sre-group; OverprivilegedEC2
 *   creates a key for obama.
 * - Not at all: the fp1..fp5 cases (Deny beside the Allow, boundary-like Deny of IAM, resource
 *   constraint, DateLessThan 2020 on the token issue time), fn3-user (a long-term key has no token
 *   issue time, and a GetSessionToken session without MFA cannot call IAM), privesc2 (no older
 *   policy version to restore), privesc-AssumeRole-start-user (no policy in the export), and the
 *   role variants of user-only techniques (privesc7/8/10/11 roles, privesc9/12 users, privesc13 role).
 */
describe('Cloudsplaining example: which principals reach tier zero', () => {
  const out = new Map<string, typeof graph.edges>();
  for (const e of graph.edges) if (e.kind !== 'TRUSTS') out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const sureTierZero = new Set(graph.nodes.filter((n) => n.tierZero && !n.tierZero.conditional).map((n) => n.id));
  const reaches = (start: string, certainOnly: boolean) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const e of out.get(queue.shift()!) ?? []) {
        if ((certainOnly && e.conditional) || seen.has(e.target)) continue;
        seen.add(e.target);
        queue.push(e.target);
      }
    }
    return [...seen].some((id) => id !== start && sureTierZero.has(id));
  };
  const principals = graph.nodes.filter((n) => n.type === 'aws:iam:user' || n.type === 'aws:iam:role');
  const short = (id: string) => id.split(':').slice(4).join(':');
  const self = principals.filter((n) => n.tierZero).map((n) => short(n.id)).sort();
  const sure = principals.filter((n) => !n.tierZero && reaches(n.id, true)).map((n) => short(n.id)).sort();
  const conditional = principals.filter((n) => !n.tierZero && !reaches(n.id, true) && reaches(n.id, false)).map((n) => short(n.id)).sort();

  it('tier zero themselves, all unconditionally', () => {
    expect(principals.filter((n) => n.tierZero?.conditional)).toEqual([]);
    expect(self).toEqual([
      '012345678901:user/obama',
      '012345678901:user/userwithlotsofpermissions',
      '200611803367:role/AWS-QuickSetup-StackSet-Local-ExecutionRole',
      '200611803367:role/OrganizationAccountAccessRole',
      '200611803367:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc',
      '200611803367:role/fn2-exploitableResourceConstraint-role',
      '200611803367:role/fn3-exploitableConditionConstraint-role',
      '200611803367:role/fn4-exploitableNotAction-role',
      '200611803367:role/privesc-AssumeRole-ending-role',
      '200611803367:role/privesc-high-priv-service-role',
      '200611803367:role/privesc-sre-role',
      '200611803367:role/privesc1-CreateNewPolicyVersion-role',
      '200611803367:role/privesc12-PutRolePolicy-role',
      '200611803367:role/privesc9-AttachRolePolicy-role',
      '200611803367:role/stacksets-exec-b5520cb2730c2f54b523d6375a319abb',
      '200611803367:user/fn2-exploitableResourceConstraint-user',
      '200611803367:user/fn4-exploitableNotAction-user',
      '200611803367:user/privesc-sre-user',
      '200611803367:user/privesc1-CreateNewPolicyVersion-user',
      '200611803367:user/privesc10-PutUserPolicy-user',
      '200611803367:user/privesc11-PutGroupPolicy-user',
      '200611803367:user/privesc7-AttachUserPolicy-user',
      '200611803367:user/privesc8-AttachGroupPolicy-user',
    ]);
  });

  it('reach a tier-zero identity by certain edges', () => {
    expect(sure).toEqual([
      '012345678901:role/OverprivilegedEC2',
      '200611803367:role/AWS-QuickSetup-StackSet-Local-AdministrationRole',
      '200611803367:role/fn1-privesc3-partial-role',
      '200611803367:role/privesc-AssumeRole-intermediate-role',
      '200611803367:role/privesc-AssumeRole-starting-role',
      '200611803367:role/privesc-codeBuildCreateProjectPassRole-role',
      '200611803367:role/privesc-sageMakerCreateNotebookPassRole-role',
      '200611803367:role/privesc-sageMakerCreateProcessingJobPassRole-role',
      '200611803367:role/privesc-sageMakerCreateTrainingJobPassRole-role',
      '200611803367:role/privesc14-UpdatingAssumeRolePolicy-role',
      '200611803367:role/privesc15-PassExistingRoleToNewLambdaThenInvoke-role',
      '200611803367:role/privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo-role',
      '200611803367:role/privesc18-PassExistingRoleToNewGlueDevEndpoint-role',
      '200611803367:role/privesc20-PassExistingRoleToCloudFormation-role',
      '200611803367:role/privesc21-PassExistingRoleToNewDataPipeline-role',
      '200611803367:role/privesc3-CreateEC2WithExistingInstanceProfile-role',
      '200611803367:role/privesc4-CreateAccessKey-role',
      '200611803367:role/privesc5-CreateLoginProfile-role',
      '200611803367:role/privesc6-UpdateLoginProfile-role',
      '200611803367:user/fn1-privesc3-partial-user',
      '200611803367:user/privesc-codeBuildCreateProjectPassRole-user',
      '200611803367:user/privesc-sageMakerCreateNotebookPassRole-user',
      '200611803367:user/privesc-sageMakerCreateProcessingJobPassRole-user',
      '200611803367:user/privesc-sageMakerCreateTrainingJobPassRole-user',
      '200611803367:user/privesc13-AddUserToGroup-user',
      '200611803367:user/privesc14-UpdatingAssumeRolePolicy-user',
      '200611803367:user/privesc15-PassExistingRoleToNewLambdaThenInvoke-user',
      '200611803367:user/privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo-user',
      '200611803367:user/privesc18-PassExistingRoleToNewGlueDevEndpoint-user',
      '200611803367:user/privesc20-PassExistingRoleToCloudFormation-user',
      '200611803367:user/privesc21-PassExistingRoleToNewDataPipeline-user',
      '200611803367:user/privesc3-CreateEC2WithExistingInstanceProfile-user',
      '200611803367:user/privesc4-CreateAccessKey-user',
      '200611803367:user/privesc5-CreateLoginProfile-user',
      '200611803367:user/privesc6-UpdateLoginProfile-user',
    ]);
  });

  it('reach one only by conditional edges', () => {
    expect(conditional).toEqual([
      '012345678901:role/MyOtherRole',
      '012345678901:role/MyRole',
      '200611803367:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM',
      '200611803367:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO',
      '200611803367:role/privesc-CloudFormationUpdateStack-role',
      '200611803367:role/privesc-ec2InstanceConnect-role',
      '200611803367:role/privesc-sageMakerCreatePresignedNotebookURL-role',
      '200611803367:role/privesc-ssmSendCommand-role',
      '200611803367:role/privesc-ssmStartSession-role',
      '200611803367:role/privesc17-EditExistingLambdaFunctionWithRole-role',
      '200611803367:role/privesc19-UpdateExistingGlueDevEndpoint-role',
      '200611803367:user/privesc-CloudFormationUpdateStack-user',
      '200611803367:user/privesc-ec2InstanceConnect-user',
      '200611803367:user/privesc-sageMakerCreatePresignedNotebookURL-user',
      '200611803367:user/privesc-ssmSendCommand-user',
      '200611803367:user/privesc-ssmStartSession-user',
      '200611803367:user/privesc17-EditExistingLambdaFunctionWithRole-user',
      '200611803367:user/privesc19-UpdateExistingGlueDevEndpoint-user',
    ]);
  });

  it('the fp cases, fn3-user and fp5-role are nowhere', () => {
    const anywhere = new Set([...self, ...sure, ...conditional]);
    for (const name of ['fp1-allow-and-deny', 'fp2-allow-and-deny-multiple-policies', 'fp3-deny-iam', 'fp4-nonExploitableResourceConstraint', 'fp5-nonExploitableConditionConstraint']) {
      expect(anywhere.has(`${IV}:user/${name}-user`)).toBe(false);
      expect(anywhere.has(`${IV}:role/${name}-role`)).toBe(false);
    }
    expect(anywhere.has(`${IV}:user/fn3-exploitableConditionConstraint-user`)).toBe(false);
  });
});
