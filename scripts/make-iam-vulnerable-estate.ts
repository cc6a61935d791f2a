/**
 * Writes test/fixtures/aws/iam-vulnerable/: one AWS account laid out like Bishop Fox's
 * iam-vulnerable — the 31 privilege-escalation paths and the tool-testing cases (fn = exploitable
 * in spite of how it looks, fp = looks exploitable but is not) — plus leakpath's own look-alikes.
 * Reconstructed from the public path list; no file of that project is used. Each case is a user
 * with one access key and the case's policy; `cases.expected` says which keys must reach tier zero
 * and by which technique. Deterministic: run it again and nothing changes.
 *   node --import tsx scripts/make-iam-vulnerable-estate.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/aws/iam-vulnerable');
const A = '123456789012';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const arn = (kind: string, name: string) => `arn:aws:iam::${A}:${kind}/${name}`;

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const trustService = (Service: string) => doc({ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole' });
const trustAws = (AWS: string, extra: Statement = {}) => doc({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole', ...extra });

const users: object[] = [];
const groups: object[] = [];
const roles: object[] = [];
const policies: object[] = [
  {
    PolicyName: 'AdministratorAccess', PolicyId: 'ANPAIWMBCKSKIEE64ZLYK', Arn: ADMIN, Path: '/', DefaultVersionId: 'v1', AttachmentCount: 4, IsAttachable: true,
    PolicyVersionList: [{ Document: doc(allow('*')), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46Z' }],
  },
];
const keyFiles: Record<string, object> = {};
const cases: { user: string; key: string; expect: 'tier-zero' | 'not-tier-zero'; technique?: string; note: string }[] = [];

let serial = 0;
const id = (prefix: string) => `${prefix}${(++serial).toString(36).toUpperCase().padStart(16, 'Q')}`;

function managedPolicy(name: string, document: object, older: object[] = []) {
  policies.push({
    PolicyName: name, PolicyId: id('ANPA'), Arn: arn('policy', name), Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true,
    PolicyVersionList: [
      { Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-05-01T09:00:00Z' },
      ...older.map((d, i) => ({ Document: d, VersionId: `v${i + 2}`, IsDefaultVersion: false, CreateDate: '2023-05-01T09:00:00Z' })),
    ],
  });
  return arn('policy', name);
}

function addUser(name: string, opts: { attached?: string[]; inline?: Record<string, object>; groups?: string[]; boundary?: string; key?: boolean; keys?: number } = {}) {
  users.push({
    Path: '/', UserName: name, UserId: id('AIDA'), Arn: arn('user', name), CreateDate: '2024-05-01T09:00:00Z',
    GroupList: opts.groups ?? [],
    UserPolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: (opts.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
    Tags: [],
    ...(opts.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: opts.boundary } } : {}),
  });
  const count = opts.keys ?? (opts.key === false ? 0 : 1);
  if (count === 0) return undefined;
  const ids = Array.from({ length: count }, () => id('AKIA'));
  keyFiles[name] = { AccessKeyMetadata: ids.map((AccessKeyId) => ({ UserName: name, AccessKeyId, Status: 'Active', CreateDate: '2024-05-02T09:00:00Z' })) };
  return ids[0]!;
}

function addGroup(name: string, opts: { attached?: string[]; inline?: Record<string, object> } = {}) {
  groups.push({
    Path: '/', GroupName: name, GroupId: id('AGPA'), Arn: arn('group', name), CreateDate: '2024-05-01T09:00:00Z',
    GroupPolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: (opts.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
  });
}

function addRole(name: string, trust: object, opts: { attached?: string[]; inline?: Record<string, object>; profile?: boolean } = {}) {
  roles.push({
    Path: '/', RoleName: name, RoleId: id('AROA'), Arn: arn('role', name), CreateDate: '2024-05-01T09:00:00Z',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: opts.profile ? [{ Path: '/', InstanceProfileName: name, InstanceProfileId: id('AIPA'), Arn: arn('instance-profile', name), CreateDate: '2024-05-01T09:00:00Z', Roles: [] }] : [],
    RolePolicyList: Object.entries(opts.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    AttachedManagedPolicies: (opts.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
    Tags: [],
    RoleLastUsed: {},
  });
}

// --- What the paths lead to ----------------------------------------------------------------------
addUser('estate-admin', { attached: [ADMIN], key: false });
addUser('two-key-admin', { attached: [ADMIN], keys: 2 });
addUser('intern', { key: false });
addGroup('admins', { attached: [ADMIN] });
addGroup('readers', { inline: { read: doc(allow(['s3:GetObject', 's3:ListBucket'])) } });
addRole('estate-admin-role', trustAws('arn:aws:iam::999999999999:root'), { attached: [ADMIN] });
addRole('assumable-admin-role', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN] });
addRole('mfa-admin-role', trustAws(`arn:aws:iam::${A}:root`, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { attached: [ADMIN] });
addRole('harmless-role', trustAws('arn:aws:iam::999999999999:root'), { inline: { logs: doc(allow('logs:PutLogEvents')) } });
const serviceAdmin: [string, string, boolean][] = [
  ['lambda-admin-role', 'lambda.amazonaws.com', false],
  ['ec2-admin-role', 'ec2.amazonaws.com', true],
  ['glue-admin-role', 'glue.amazonaws.com', false],
  ['cloudformation-admin-role', 'cloudformation.amazonaws.com', false],
  ['datapipeline-admin-role', 'datapipeline.amazonaws.com', false],
  ['codebuild-admin-role', 'codebuild.amazonaws.com', false],
  ['sagemaker-admin-role', 'sagemaker.amazonaws.com', false],
];
for (const [name, service, profile] of serviceAdmin) addRole(name, trustService(service), { attached: [ADMIN], profile });
addRole('lambda-harmless-role', trustService('lambda.amazonaws.com'), { inline: { logs: doc(allow(['logs:CreateLogStream', 'logs:PutLogEvents'])) } });

// --- The 31 paths ---------------------------------------------------------------------------------
function path_(name: string, technique: string, statements: Statement[], opts: { older?: object[]; groups?: string[]; assumableRole?: boolean } = {}) {
  const policy = managedPolicy(name, doc(...statements), opts.older);
  const user = `${name}-user`;
  if (opts.groups) for (const g of opts.groups) addGroup(g);
  if (opts.assumableRole) addRole(`${name}-target-role`, trustAws(arn('user', user)));
  const key = addUser(user, { attached: [policy], groups: opts.groups })!;
  cases.push({ user, key, expect: 'tier-zero', technique, note: name });
}

const pass = 'iam:PassRole';
path_('privesc1-CreateNewPolicyVersion', 'aws:iam:CreatePolicyVersion', [allow('iam:CreatePolicyVersion')]);
path_('privesc2-SetExistingDefaultPolicyVersion', 'aws:iam:SetDefaultPolicyVersion', [allow('iam:SetDefaultPolicyVersion')], { older: [doc(allow('*'))] });
path_('privesc3-CreateEC2WithExistingIP', 'aws:ec2:RunInstances', [allow([pass, 'ec2:RunInstances', 'ec2:Describe*'])]);
path_('privesc4-CreateAccessKey', 'aws:iam:CreateAccessKey', [allow(['iam:CreateAccessKey', 'iam:ListUsers'])]);
path_('privesc5-CreateLoginProfile', 'aws:iam:CreateLoginProfile', [allow(['iam:CreateLoginProfile', 'iam:ListUsers'])]);
path_('privesc6-UpdateLoginProfile', 'aws:iam:UpdateLoginProfile', [allow(['iam:UpdateLoginProfile', 'iam:ListUsers'])]);
path_('privesc7-AttachUserPolicy', 'aws:iam:AttachUserPolicy', [allow('iam:AttachUserPolicy')]);
path_('privesc8-AttachGroupPolicy', 'aws:iam:AttachGroupPolicy', [allow('iam:AttachGroupPolicy')], { groups: ['privesc8-group'] });
path_('privesc9-AttachRolePolicy', 'aws:iam:AttachRolePolicy', [allow('iam:AttachRolePolicy')], { assumableRole: true });
path_('privesc10-PutUserPolicy', 'aws:iam:PutUserPolicy', [allow('iam:PutUserPolicy')]);
path_('privesc11-PutGroupPolicy', 'aws:iam:PutGroupPolicy', [allow('iam:PutGroupPolicy')], { groups: ['privesc11-group'] });
path_('privesc12-PutRolePolicy', 'aws:iam:PutRolePolicy', [allow('iam:PutRolePolicy')], { assumableRole: true });
path_('privesc13-AddUserToGroup', 'aws:iam:AddUserToGroup', [allow('iam:AddUserToGroup')]);
path_('privesc14-UpdatingAssumeRolePolicy', 'aws:iam:UpdateAssumeRolePolicy', [allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], arn('role', 'estate-admin-role'))]);
path_('privesc15-PassExistingRoleToNewLambdaThenInvoke', 'aws:lambda:CreateFunction+InvokeFunction', [allow([pass, 'lambda:CreateFunction', 'lambda:InvokeFunction'])]);
path_('privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo', 'aws:lambda:CreateFunction+CreateEventSourceMapping', [allow([pass, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem'])]);
path_('privesc17-EditExistingLambdaFunctionWithRole', 'aws:lambda:UpdateFunctionCode', [allow(['lambda:UpdateFunctionCode', 'lambda:ListFunctions'])]);
path_('privesc18-PassExistingRoleToNewGlueDevEndpoint', 'aws:glue:CreateDevEndpoint', [allow([pass, 'glue:CreateDevEndpoint', 'glue:GetDevEndpoint'])]);
path_('privesc19-UpdateExistingGlueDevEndpoint', 'aws:glue:UpdateDevEndpoint', [allow(['glue:UpdateDevEndpoint', 'glue:GetDevEndpoints'])]);
path_('privesc20-PassExistingRoleToCloudFormation', 'aws:cloudformation:CreateStack', [allow([pass, 'cloudformation:CreateStack', 'cloudformation:DescribeStacks'])]);
path_('privesc21-PassExistingRoleToNewDataPipeline', 'aws:datapipeline:CreatePipeline', [allow([pass, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'])]);
path_('privesc-AssumeRole', 'aws:sts:AssumeRole', [allow('sts:AssumeRole')]);
path_('privesc-cloudFormationUpdateStack', 'aws:cloudformation:UpdateStack', [allow(['cloudformation:UpdateStack', 'cloudformation:DescribeStacks'])]);
path_('privesc-codeBuildCreateProjectPassRole', 'aws:codebuild:CreateProject+StartBuild', [allow([pass, 'codebuild:CreateProject', 'codebuild:StartBuild'])]);
path_('privesc-ec2InstanceConnect', 'aws:ec2-instance-connect:SendSSHPublicKey', [allow(['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances'])]);
path_('privesc-sageMakerCreateNotebookPassRole', 'aws:sagemaker:CreateNotebookInstance', [allow([pass, 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'])]);
path_('privesc-sageMakerCreatePresignedNotebookURL', 'aws:sagemaker:CreatePresignedNotebookInstanceUrl', [allow(['sagemaker:CreatePresignedNotebookInstanceUrl', 'sagemaker:ListNotebookInstances'])]);
path_('privesc-sageMakerCreateProcessingJob', 'aws:sagemaker:CreateProcessingJob', [allow([pass, 'sagemaker:CreateProcessingJob'])]);
path_('privesc-sageMakerCreateTrainingJob', 'aws:sagemaker:CreateTrainingJob', [allow([pass, 'sagemaker:CreateTrainingJob'])]);
path_('privesc-ssmSendCommand', 'aws:ssm:SendCommand', [allow(['ssm:SendCommand', 'ssm:ListCommandInvocations'])]);
path_('privesc-ssmStartSession', 'aws:ssm:StartSession', [allow('ssm:StartSession')]);

// --- Tool-testing: exploitable despite appearances (fn) ---------------------------------------------
function single(name: string, expect: 'tier-zero' | 'not-tier-zero', note: string, opts: { attached?: string[]; inline?: Record<string, object>; boundary?: string; technique?: string }) {
  const key = addUser(name, opts)!;
  cases.push({ user: name, key, expect, ...(opts.technique ? { technique: opts.technique } : {}), note });
}
single('fn1-privesc3-split-policies', 'tier-zero', 'PassRole and RunInstances in two policies', {
  inline: { pass: doc(allow(pass)), run: doc(allow('ec2:RunInstances')) }, technique: 'aws:ec2:RunInstances',
});
single('fn2-exploitable-resource-constraint', 'tier-zero', 'CreateAccessKey limited to user/estate-*, which still includes an admin', {
  inline: { p: doc(allow('iam:CreateAccessKey', arn('user', 'estate-*'))) }, technique: 'aws:iam:CreateAccessKey',
});
single('fn3-exploitable-condition', 'tier-zero', 'CreatePolicyVersion under a condition every leaked-key request meets (HTTPS)', {
  attached: [managedPolicy('fn3-policy', doc(allow('iam:CreatePolicyVersion', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })))], technique: 'aws:iam:CreatePolicyVersion',
});
single('fn4-exploitable-notaction', 'tier-zero', 'Allow NotAction of a few services still allows iam:PutUserPolicy', {
  inline: { p: doc({ Effect: 'Allow', NotAction: ['s3:*', 'ec2:*', 'sts:*', 'lambda:*'], Resource: '*' }) }, technique: 'aws:iam:PutUserPolicy',
});

// --- Tool-testing: look exploitable but are not (fp) ---------------------------------------------------
single('fp1-allow-and-deny-same-policy', 'not-tier-zero', 'CreatePolicyVersion allowed and denied in one policy', {
  attached: [managedPolicy('fp1-policy', doc(allow('iam:CreatePolicyVersion'), deny('iam:CreatePolicyVersion')))],
});
single('fp2-allow-and-deny-two-policies', 'not-tier-zero', 'PutUserPolicy allowed by one policy, denied by another', {
  attached: [managedPolicy('fp2-allow', doc(allow('iam:PutUserPolicy'))), managedPolicy('fp2-deny', doc(deny('iam:*')))],
});
single('fp3-boundary', 'not-tier-zero', 'AttachUserPolicy capped by a permissions boundary without IAM writes', {
  inline: { p: doc(allow(['iam:AttachUserPolicy', 'iam:CreateAccessKey'])) }, boundary: managedPolicy('fp3-boundary', doc(allow(['s3:*', 'iam:Get*', 'iam:List*']))),
});
single('fp4-non-exploitable-resource-constraint', 'not-tier-zero', 'CreateAccessKey limited to user/intern*', { inline: { p: doc(allow('iam:CreateAccessKey', arn('user', 'intern*'))) } });
single('fp5-non-exploitable-condition', 'not-tier-zero', 'CreatePolicyVersion only with MFA, which a leaked key never has', {
  attached: [managedPolicy('fp5-policy', doc(allow('iam:CreatePolicyVersion', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })))],
});

// --- leakpath's own look-alikes ------------------------------------------------------------------------
single('la-lambda-no-invoke', 'not-tier-zero', 'PassRole + CreateFunction, but no way to run the function', { inline: { p: doc(allow([pass, 'lambda:CreateFunction'])) } });
single('la-lambda-harmless-role-only', 'not-tier-zero', 'PassRole limited to a harmless Lambda role', {
  inline: { p: doc(allow(pass, arn('role', 'lambda-harmless-role')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])) },
});
single('la-passrole-to-ec2-only', 'not-tier-zero', 'PassRole only for EC2, with Lambda create+invoke', {
  inline: { p: doc(allow(pass, '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])) },
});
single('la-createkey-two-keys', 'not-tier-zero', 'CreateAccessKey on an admin that already has two keys, without DeleteAccessKey', { inline: { p: doc(allow('iam:CreateAccessKey', arn('user', 'two-key-admin'))) } });
single('la-attachrolepolicy-no-role', 'not-tier-zero', 'AttachRolePolicy on every role, but no role it can become', { inline: { p: doc(allow('iam:AttachRolePolicy')) } });
single('la-update-trust-harmless', 'not-tier-zero', 'UpdateAssumeRolePolicy only on a harmless role', { inline: { p: doc(allow('iam:UpdateAssumeRolePolicy', arn('role', 'harmless-role'))) } });
single('la-join-harmless-group', 'not-tier-zero', 'AddUserToGroup only on a read-only group', { inline: { p: doc(allow('iam:AddUserToGroup', arn('group', 'readers'))) } });
single('la-setdefault-no-admin-version', 'not-tier-zero', 'SetDefaultPolicyVersion where the older version is no stronger', {
  attached: [managedPolicy('la-setdefault-policy', doc(allow('iam:SetDefaultPolicyVersion')), [doc(allow(['s3:GetObject', 'iam:SetDefaultPolicyVersion']))])],
});
single('la-glue-get-only', 'not-tier-zero', 'glue:GetDevEndpoint alone', { inline: { p: doc(allow(['glue:GetDevEndpoint', 'glue:GetDevEndpoints'])) } });
single('la-cfn-create-no-passrole', 'not-tier-zero', 'CreateStack + DescribeStacks without PassRole', { inline: { p: doc(allow(['cloudformation:CreateStack', 'cloudformation:DescribeStacks'])) } });
single('la-assume-harmless-only', 'not-tier-zero', 'sts:AssumeRole limited to a harmless role', { inline: { p: doc(allow('sts:AssumeRole', arn('role', 'harmless-role'))) } });
single('la-assume-mfa-role', 'not-tier-zero', 'sts:AssumeRole on an admin role whose trust requires MFA', { inline: { p: doc(allow('sts:AssumeRole', arn('role', 'mfa-admin-role'))) } });
single('la-passrole-wrong-service-trust', 'not-tier-zero', 'PassRole + RunInstances, but the only admin roles it may pass trust other services', {
  inline: { p: doc(allow(pass, [arn('role', 'lambda-admin-role'), arn('role', 'glue-admin-role')]), allow('ec2:RunInstances')) },
});

rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(OUT, 'access-keys'), { recursive: true });
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
writeFileSync(path.join(OUT, 'authorization-details.json'), json({ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies }));
for (const [user, keys] of Object.entries(keyFiles)) writeFileSync(path.join(OUT, 'access-keys', `${user}.json`), json(keys));
// Not .json: `leakpath ingest` on this directory reads every .json file as an export.
writeFileSync(path.join(OUT, 'cases.expected'), json(cases));
console.log(`${cases.length} cases, ${users.length} users, ${roles.length} roles → ${path.relative(process.cwd(), OUT)}`);
