import { describe, expect, it } from 'vitest';
import { envelope } from '../../helpers/aws-estate.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { inputError, readInputsFromJson } from '../../helpers/inputs.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'eu-west-1';
const env = envelope;
const read = (files: Record<string, unknown>) => readInputsFromJson(files).inventories[0] as AwsInventory;
const account = (inv: AwsInventory) => inv.accounts.find((a) => a.accountId === A)!;
const byArn = (inv: AwsInventory, arn: string) => account(inv).resources?.find((r) => r.arn === arn);
const readWarnings = (files: Record<string, unknown>) => readInputsFromJson(files).warnings;

const setId = 'baseline:0b2f1a4e-1111-2222-3333-444455556666';
const setArn = `arn:aws:cloudformation:${REGION}:${A}:stackset/${setId}`;
const stackSet = {
  StackSet: {
    StackSetName: 'baseline',
    StackSetId: setId,
    StackSetARN: setArn,
    Status: 'ACTIVE',
    TemplateBody: '{"Resources":{}}',
    Parameters: [{ ParameterKey: 'Token', ParameterValue: 'hunter2hunter2' }],
    AdministrationRoleARN: `arn:aws:iam::${A}:role/StackSetAdmin`,
    ExecutionRoleName: 'StackSetExec',
    PermissionModel: 'SELF_MANAGED',
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    Tags: [{ Key: 'owner', Value: 'platform' }],
  },
};
const instances = {
  Summaries: [
    { StackSetId: setId, Region: 'eu-west-1', Account: B, Status: 'CURRENT' },
    { StackSetId: setId, Region: 'us-east-1', Account: B, Status: 'CURRENT' },
    { StackSetId: setId, Region: 'eu-west-1', Account: A, Status: 'OUTDATED' },
  ],
};

describe('offline: aws cloudformation describe-stack-set / list-stack-instances / list-stack-sets', () => {
  it('describe-stack-set (bare) keeps the roles and permission model, not the template or parameter values', () => {
    const inv = read({ 'set.json': stackSet });
    const r = byArn(inv, setArn)!;
    expect(r).toEqual({
      arn: setArn,
      type: 'cloudformation:stackset',
      name: 'baseline',
      region: REGION,
      tags: { owner: 'platform' },
      props: {
        stackSetId: setId,
        status: 'ACTIVE',
        administrationRoleArn: `arn:aws:iam::${A}:role/StackSetAdmin`,
        executionRoleName: 'StackSetExec',
        permissionModel: 'SELF_MANAGED',
        capabilities: ['CAPABILITY_NAMED_IAM'],
      },
    });
    expect(JSON.stringify(inv)).not.toContain('hunter2');
  });

  it('list-stack-instances adds the instance accounts and regions to the same stack set', () => {
    const inv = read({
      'set.json': env('cloudformation describe-stack-set', stackSet, { StackSetName: 'baseline' }),
      'instances.json': env('cloudformation list-stack-instances', instances, { StackSetName: 'baseline' }),
    });
    expect(byArn(inv, setArn)?.props).toMatchObject({
      executionRoleName: 'StackSetExec',
      instanceAccounts: [A, B],
      instanceRegions: ['eu-west-1', 'us-east-1'],
    });
    expect(account(inv).collected ?? []).not.toContain('cloudformation:stackset');
  });

  it('an empty instance listing is placed by a StackSetName that is the id, else it warns', () => {
    const inv = read({ 'i.json': env('cloudformation list-stack-instances', { Summaries: [] }, { StackSetName: setId }) });
    expect(byArn(inv, setArn)?.props).toMatchObject({ instanceAccounts: [], instanceRegions: [] });
    const w = readWarnings({ 'i.json': env('cloudformation list-stack-instances', { Summaries: [] }, { StackSetName: 'baseline' }) });
    expect(w.join('\n')).toMatch(/i\.json.*cannot be placed: give its id \(name:uuid\) as StackSetName/);
  });

  it('list-stack-sets marks the type collected unless narrowed', () => {
    const list = { Summaries: [{ StackSetName: 'baseline', StackSetId: setId, Status: 'ACTIVE', PermissionModel: 'SELF_MANAGED' }] };
    const inv = read({ 'l.json': env('cloudformation list-stack-sets', list) });
    expect(account(inv).collected).toContain('cloudformation:stackset');
    expect(byArn(inv, setArn)?.props).toMatchObject({ permissionModel: 'SELF_MANAGED' });
    const narrowed = read({ 'l.json': env('cloudformation list-stack-sets', list, { Status: 'ACTIVE' }) });
    expect(account(narrowed).collected ?? []).not.toContain('cloudformation:stackset');
  });

  it('malformed: an instance account that is not an account id; a listing without an account', () => {
    const bad = { Summaries: [{ StackSetId: setId, Region: 'eu-west-1', Account: 'prod' }] };
    expect(inputError({ 'i.json': env('cloudformation list-stack-instances', bad) }).message).toMatch(
      /i\.json \(output\): at Summaries\[0\]\.Account: expected cloudformation list-stack-instances output: a 12-digit account id/,
    );
    expect(inputError({ 'i.json': env('cloudformation list-stack-instances', instances, {}, { region: REGION }) }).message).toMatch(
      /i\.json: at account: expected "account" in the aws-cli\/1 envelope/,
    );
  });
});

const appArn = `arn:aws:emr-serverless:${REGION}:${A}:/applications/00f1abcdef`;
const app = { id: '00f1abcdef', name: 'spark', arn: appArn, releaseLabel: 'emr-7.1.0', type: 'Spark', state: 'CREATED', createdAt: '2026-01-01T00:00:00Z' };

const withoutId = ({ id: _, ...rest }: { id: string }) => rest;

describe('offline: aws emr-serverless list-applications / get-application', () => {
  it('list-applications (bare) lists the applications in full; they run as no role of their own', () => {
    const inv = read({ 'apps.json': { applications: [app] } });
    expect(byArn(inv, appArn)).toEqual({
      arn: appArn,
      type: 'emr-serverless:application',
      name: 'spark',
      region: REGION,
      tags: {},
      props: { applicationId: '00f1abcdef', state: 'CREATED', applicationType: 'Spark', releaseLabel: 'emr-7.1.0' },
    });
    expect(account(inv).collected).toContain('emr-serverless:application');
  });

  it('a listing filtered by state is not complete; get-application (bare) adds tags', () => {
    const inv = read({
      'apps.json': env('emr-serverless list-applications', { applications: [app] }, { states: ['STARTED'] }),
      // get-application names the id applicationId (the list summaries say id).
      'app.json': { application: { ...withoutId(app), applicationId: app.id, tags: { team: 'data' } } },
    });
    expect(account(inv).collected ?? []).not.toContain('emr-serverless:application');
    expect(byArn(inv, appArn)?.tags).toEqual({ team: 'data' });
  });

  it('malformed: get-application output with the summaries\' id instead of applicationId', () => {
    expect(inputError({ 'a.json': env('emr-serverless get-application', { application: app }, { applicationId: app.id }) }).message).toMatch(
      /a\.json \(output\): at application\.applicationId: expected emr-serverless get-application output/,
    );
  });

  it('malformed: an application without an ARN', () => {
    const { arn: _, ...noArn } = app;
    expect(inputError({ 'a.json': env('emr-serverless list-applications', { applications: [noArn] }) }).message).toMatch(
      /a\.json \(output\): at applications\[0\]\.arn: expected emr-serverless list-applications output/,
    );
  });
});

const poolId = 'eu-west-1:6f1c2d3e-aaaa-bbbb-cccc-1234567890ab';
const poolArn = `arn:aws:cognito-identity:eu-west-1:${A}:identitypool/${poolId}`;

describe('offline: aws cognito-identity describe-identity-pool', () => {
  it('keeps the pool id and whether unauthenticated identities and the classic flow are allowed', () => {
    const inv = read({
      'pool.json': env('cognito-identity describe-identity-pool', {
        IdentityPoolId: poolId,
        IdentityPoolName: 'web',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: true,
        IdentityPoolTags: { app: 'web' },
      }, { IdentityPoolId: poolId }),
    });
    expect(byArn(inv, poolArn)).toEqual({
      arn: poolArn,
      type: 'cognito-identity:identitypool',
      name: 'web',
      region: 'eu-west-1',
      tags: { app: 'web' },
      props: { identityPoolId: poolId, allowUnauthenticatedIdentities: true, allowClassicFlow: true },
    });
    expect(account(inv).collected ?? []).not.toContain('cognito-identity:identitypool');
  });

  it('an omitted AllowClassicFlow means the classic flow is off', () => {
    const inv = read({ 'pool.json': env('cognito-identity describe-identity-pool', { IdentityPoolId: poolId, AllowUnauthenticatedIdentities: false }) });
    expect(byArn(inv, poolArn)?.props).toEqual({ identityPoolId: poolId, allowUnauthenticatedIdentities: false, allowClassicFlow: false });
  });

  it('is not read bare (the output names no account), and a malformed pool id is an error', () => {
    expect(() => read({ 'pool.json': { IdentityPoolId: poolId, AllowUnauthenticatedIdentities: true } })).toThrow();
    expect(
      inputError({ 'p.json': env('cognito-identity describe-identity-pool', { IdentityPoolId: 'web', AllowUnauthenticatedIdentities: true }) }).message,
    ).toMatch(/p\.json \(output\): at IdentityPoolId: expected cognito-identity describe-identity-pool output: an identity pool id/);
  });
});

const groupArn = `arn:aws:codedeploy:${REGION}:${A}:deploymentgroup:shop/prod`;

describe('offline: aws deploy get-deployment-group', () => {
  it('keeps the platform, tag filters and Auto Scaling groups; the role stays unresolved', () => {
    const inv = read({
      'dg.json': env('deploy get-deployment-group', {
        deploymentGroupInfo: {
          applicationName: 'shop',
          deploymentGroupName: 'prod',
          deploymentGroupId: 'abc',
          deploymentConfigName: 'CodeDeployDefault.OneAtATime',
          computePlatform: 'Server',
          serviceRoleArn: `arn:aws:iam::${A}:role/CodeDeployService`,
          ec2TagFilters: [
            { Key: 'app', Value: 'shop', Type: 'KEY_AND_VALUE' },
            { Key: 'canary', Type: 'KEY_ONLY' },
          ],
          ec2TagSet: { ec2TagSetList: [[{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }, { Value: 'web', Type: 'VALUE_ONLY' }]] },
          autoScalingGroups: [{ name: 'shop-asg', hook: 'x' }],
        },
      }, { applicationName: 'shop', deploymentGroupName: 'prod' }),
    });
    expect(byArn(inv, groupArn)).toEqual({
      arn: groupArn,
      type: 'codedeploy:deployment-group',
      name: 'shop/prod',
      region: REGION,
      tags: {},
      props: {
        applicationName: 'shop',
        computePlatform: 'Server',
        deploymentConfigName: 'CodeDeployDefault.OneAtATime',
        serviceRoleArn: `arn:aws:iam::${A}:role/CodeDeployService`,
        ec2TagFilters: ['app=shop', 'canary=*'],
        ec2TagSets: ['*=web | env=prod'],
        autoScalingGroups: ['shop-asg'],
      },
    });
  });

  it('malformed: a group without its application name', () => {
    expect(
      inputError({ 'dg.json': env('deploy get-deployment-group', { deploymentGroupInfo: { deploymentGroupName: 'prod' } }) }).message,
    ).toMatch(/dg\.json \(output\): at deploymentGroupInfo\.applicationName: expected deploy get-deployment-group output/);
  });
});
