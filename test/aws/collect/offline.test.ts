import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/ingest/ingest.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { allow, doc, gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { tempDir } from '../../helpers/cli.js';
import { inputError, readInputsFromJson } from '../../helpers/inputs.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'eu-west-1';
// Fake, but shaped like the real thing so that the detectors fire.
const FAKE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE9x';
const FAKE_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_DB_PASSWORD = 'hunter2-correct-horse';

const env = (
  command: string,
  output: unknown,
  extra: { parameters?: object; account?: string; region?: string; error?: object } = {},
) => ({
  leakpath: 'aws-cli/1',
  command,
  parameters: extra.parameters ?? {},
  account: extra.account ?? A,
  region: extra.region ?? REGION,
  ...(extra.error ? { error: extra.error } : { output }),
});

function read(files: Record<string, unknown>) {
  const r = readInputsFromJson(files);
  return { inventory: r.inventories[0] as AwsInventory, warnings: r.warnings, sources: r.sources };
}
const resources = (inv: AwsInventory, account = A) =>
  inv.accounts.find((a) => a.accountId === account)?.resources ?? [];
const byArn = (inv: AwsInventory, arn: string) =>
  inv.accounts.flatMap((a) => a.resources ?? []).find((r) => r.arn === arn);

const bucketPolicyDoc = doc(allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: '*' }));
const fnArn = (name: string, account = A) => `arn:aws:lambda:${REGION}:${account}:function:${name}`;
const listFunctions = {
  Functions: [
    {
      FunctionName: 'billing-sync',
      FunctionArn: fnArn('billing-sync'),
      Runtime: 'python3.12',
      Role: `arn:aws:iam::${A}:role/billing-sync`,
      Handler: 'app.handler',
      Environment: {
        Variables: {
          AWS_ACCESS_KEY_ID: FAKE_KEY_ID,
          AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
          DB_PASSWORD: FAKE_DB_PASSWORD,
          TABLE: 'invoices',
          SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${A}:secret:db`,
        },
      },
    },
    {
      FunctionName: 'no-env',
      FunctionArn: fnArn('no-env'),
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${A}:role/plain`,
    },
  ],
};

describe('AWS offline collection: compute', () => {
  it('lambda list-functions keeps variable names and key ids, never values', () => {
    const { inventory, warnings } = read({ 'functions.json': listFunctions });
    const f = byArn(inventory, fnArn('billing-sync'))!;
    expect(f).toMatchObject({
      type: 'lambda:function',
      name: 'billing-sync',
      region: REGION,
      runsAs: `arn:aws:iam::${A}:role/billing-sync`,
    });
    expect(f.props).toMatchObject({
      environmentVariableNames: [
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'DB_PASSWORD',
        'SECRET_ARN',
        'TABLE',
      ],
      secretEnvironmentVariableNames: ['AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD'],
      credentialIds: [FAKE_KEY_ID],
    });
    const everything = JSON.stringify({ inventory, warnings });
    expect(everything).not.toContain(FAKE_SECRET_KEY);
    expect(everything).not.toContain(FAKE_DB_PASSWORD);
    expect(warnings.filter((w) => w.includes('looks like a secret'))).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(
      /functions\.json: Functions\[0\] \(function billing-sync\): variable AWS_SECRET_ACCESS_KEY/,
    );
  });

  it('values already redacted by --save-raw carry the same facts', () => {
    const redacted = {
      Functions: [
        {
          ...listFunctions.Functions[0],
          Environment: {
            Variables: {
              AWS_ACCESS_KEY_ID: { leakpath: 'redacted', credentialIds: [FAKE_KEY_ID] },
              AWS_SECRET_ACCESS_KEY: {
                leakpath: 'redacted',
                credentialIds: [],
                looksLikeSecret: 'AWS secret access key',
              },
              DB_PASSWORD: {
                leakpath: 'redacted',
                looksLikeSecret: 'value of a variable named like a secret',
              },
              TABLE: { leakpath: 'redacted' },
              SECRET_ARN: { leakpath: 'redacted' },
            },
          },
        },
      ],
    };
    const raw = byArn(read({ 'a.json': listFunctions }).inventory, fnArn('billing-sync'));
    expect(byArn(read({ 'a.json': redacted }).inventory, fnArn('billing-sync'))).toEqual(raw);
  });

  it('a function policy (envelope), event source mappings and an EventBridge target join the function', () => {
    const policy = doc(
      allow('lambda:InvokeFunction', fnArn('billing-sync'), { Principal: { Service: 's3.amazonaws.com' } }),
    );
    const { inventory } = read({
      'functions.json': listFunctions,
      'policy.json': env(
        'lambda get-policy',
        { Policy: JSON.stringify(policy), RevisionId: 'r1' },
        { parameters: { FunctionName: 'billing-sync' } },
      ),
      'esm.json': {
        EventSourceMappings: [
          {
            UUID: 'u1',
            FunctionArn: `${fnArn('billing-sync')}:live`,
            EventSourceArn: `arn:aws:sqs:${REGION}:${A}:jobs`,
            State: 'Enabled',
          },
        ],
      },
      'rules.json': {
        Rules: [
          {
            Name: 'nightly',
            Arn: `arn:aws:events:${REGION}:${A}:rule/nightly`,
            State: 'ENABLED',
            ScheduleExpression: 'rate(1 day)',
          },
        ],
      },
      'targets.json': env(
        'events list-targets-by-rule',
        { Targets: [{ Id: 't', Arn: fnArn('billing-sync'), Input: '{"token":"x"}' }] },
        { parameters: { Rule: 'nightly' } },
      ),
    });
    const f = byArn(inventory, fnArn('billing-sync'))!;
    expect(f.policy?.Statement[0]).toMatchObject({ Action: 'lambda:InvokeFunction' });
    expect(f.runsAs).toBe(`arn:aws:iam::${A}:role/billing-sync`);
    expect(f.props.triggers).toEqual([
      `arn:aws:events:${REGION}:${A}:rule/nightly`,
      `arn:aws:sqs:${REGION}:${A}:jobs`,
    ]);
    expect(byArn(inventory, `arn:aws:events:${REGION}:${A}:rule/nightly`)?.props).toMatchObject({
      scheduleExpression: 'rate(1 day)',
      targetArns: [fnArn('billing-sync')],
    });
    expect(JSON.stringify(inventory)).not.toContain('token');
  });

  it('ec2 describe-instances: runsAs through the instance profile, SSM state, internet exposure', () => {
    const ec2Role = {
      ...role(A, 'web', trustService('ec2.amazonaws.com')),
      InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/web-profile` }],
    };
    const instance = (id: string, extra: object = {}) => ({
      InstanceId: id,
      State: { Name: 'running' },
      Placement: { AvailabilityZone: `${REGION}b` },
      SecurityGroups: [{ GroupId: 'sg-open', GroupName: 'open' }],
      MetadataOptions: { HttpTokens: 'optional' },
      Tags: [{ Key: 'Name', Value: `host-${id}` }],
      ...extra,
    });
    const { inventory, warnings } = read({
      'gaad.json': gaad({ roles: [ec2Role] }),
      'instances.json': {
        Reservations: [
          {
            OwnerId: A,
            Instances: [
              instance('i-1', {
                IamInstanceProfile: { Arn: `arn:aws:iam::${A}:instance-profile/web-profile`, Id: 'AIPA' },
              }),
              instance('i-2', { IamInstanceProfile: { Arn: `arn:aws:iam::${A}:instance-profile/gone` } }),
              instance('i-3'),
            ],
          },
        ],
      },
      'sgs.json': env('ec2 describe-security-groups', {
        SecurityGroups: [
          {
            GroupId: 'sg-open',
            GroupName: 'open',
            OwnerId: A,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
              { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
            ],
          },
        ],
      }),
      'ssm.json': env('ssm describe-instance-information', {
        InstanceInformationList: [
          { InstanceId: 'i-1', PingStatus: 'Online', PlatformType: 'Linux', ResourceType: 'EC2Instance' },
          { InstanceId: 'mi-0abc', ResourceType: 'ManagedInstance' },
        ],
      }),
    });
    const i1 = byArn(inventory, `arn:aws:ec2:${REGION}:${A}:instance/i-1`)!;
    expect(i1).toMatchObject({ type: 'ec2:instance', name: 'host-i-1', runsAs: ec2Role.Arn });
    expect(i1.props).toMatchObject({
      ssmManaged: true,
      ssmPingStatus: 'Online',
      imdsV2Required: false,
      internetIngress: ['tcp/22'],
    });
    expect(byArn(inventory, `arn:aws:ec2:${REGION}:${A}:instance/i-3`)?.props.ssmManaged).toBe(false);
    expect(byArn(inventory, `arn:aws:ec2:${REGION}:${A}:instance/i-2`)?.runsAs).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/instance-profile\/gone, which no role's InstanceProfileList names/);
    expect(resources(inventory).some((r) => r.name === 'mi-0abc')).toBe(false);
  });

  it('glue, codebuild, sagemaker, cloudformation: compute that runs as a role', () => {
    const r = (name: string) => `arn:aws:iam::${A}:role/${name}`;
    const { inventory, warnings } = read({
      'glue.json': env('glue get-dev-endpoints', {
        DevEndpoints: [
          { EndpointName: 'dev', RoleArn: r('glue'), Status: 'READY', PublicAddress: '1.2.3.4' },
        ],
      }),
      'codebuild.json': {
        projects: [
          {
            name: 'deploy',
            arn: `arn:aws:codebuild:${REGION}:${A}:project/deploy`,
            serviceRole: r('codebuild'),
            source: { type: 'GITHUB' },
            environment: {
              environmentVariables: [
                {
                  name: 'GITHUB_TOKEN',
                  value: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
                  type: 'PLAINTEXT',
                },
                { name: 'DB', value: '/prod/db/password', type: 'PARAMETER_STORE' },
                { name: 'API', value: 'prod/api-key', type: 'SECRETS_MANAGER' },
              ],
            },
          },
        ],
        projectsNotFound: [],
      },
      'notebook.json': {
        NotebookInstanceArn: `arn:aws:sagemaker:${REGION}:${A}:notebook-instance/nb`,
        NotebookInstanceName: 'nb',
        RoleArn: r('sagemaker'),
        DirectInternetAccess: 'Enabled',
        RootAccess: 'Disabled',
      },
      'stacks.json': {
        Stacks: [
          {
            StackId: `arn:aws:cloudformation:${REGION}:${A}:stack/app/0a1b`,
            StackName: 'app',
            RoleARN: r('cfn'),
            StackStatus: 'CREATE_COMPLETE',
            Parameters: [
              { ParameterKey: 'MasterPassword', ParameterValue: '****' },
              { ParameterKey: 'DeployKey', ParameterValue: FAKE_KEY_ID },
            ],
          },
        ],
      },
    });
    expect(byArn(inventory, `arn:aws:glue:${REGION}:${A}:devEndpoint/dev`)).toMatchObject({
      type: 'glue:devendpoint',
      runsAs: r('glue'),
      props: { hasPublicAddress: true },
    });
    expect(byArn(inventory, `arn:aws:codebuild:${REGION}:${A}:project/deploy`)).toMatchObject({
      type: 'codebuild:project',
      runsAs: r('codebuild'),
      props: {
        environmentVariableNames: ['API', 'DB', 'GITHUB_TOKEN'],
        secretEnvironmentVariableNames: ['GITHUB_TOKEN'],
        parameterStoreReferences: ['/prod/db/password'],
        secretsManagerReferences: ['prod/api-key'],
      },
    });
    expect(byArn(inventory, `arn:aws:sagemaker:${REGION}:${A}:notebook-instance/nb`)).toMatchObject({
      type: 'sagemaker:notebook',
      runsAs: r('sagemaker'),
      props: { directInternetAccess: true, rootAccess: false },
    });
    expect(byArn(inventory, `arn:aws:cloudformation:${REGION}:${A}:stack/app/0a1b`)).toMatchObject({
      type: 'cloudformation:stack',
      runsAs: r('cfn'),
      props: { parameterNames: ['DeployKey', 'MasterPassword'], credentialIds: [FAKE_KEY_ID] },
    });
    expect(JSON.stringify({ inventory, warnings })).not.toContain('ghp_abcdefghij');
  });
});

describe('AWS offline collection: data, secrets and resource policies', () => {
  const bucketPolicy = doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: '*' }));

  it('reads secrets and their policies; a get-secret-value file loses its value with a warning', () => {
    const secretArn = `arn:aws:secretsmanager:${REGION}:${A}:secret:db-AbCdEf`;
    const { inventory, warnings } = read({
      'list.json': {
        SecretList: [
          {
            ARN: secretArn,
            Name: 'db',
            RotationEnabled: false,
            LastAccessedDate: 1767225600,
            Tags: [{ Key: 'env', Value: 'prod' }],
          },
        ],
      },
      'policy.json': {
        ARN: secretArn,
        Name: 'db',
        ResourcePolicy: JSON.stringify(
          doc(allow('secretsmanager:GetSecretValue', '*', { Principal: { AWS: `arn:aws:iam::${B}:root` } })),
        ),
      },
      'value.json': { ARN: secretArn, Name: 'db', VersionId: 'v', SecretString: FAKE_DB_PASSWORD },
    });
    const s = byArn(inventory, secretArn)!;
    expect(s).toMatchObject({
      type: 'secretsmanager:secret',
      name: 'db',
      tags: { env: 'prod' },
      props: { rotationEnabled: false, lastAccessedDate: '2026-01-01T00:00:00.000Z' },
    });
    expect(s.policy?.Statement[0]).toMatchObject({ Principal: { AWS: `arn:aws:iam::${B}:root` } });
    expect(JSON.stringify({ inventory, warnings })).not.toContain(FAKE_DB_PASSWORD);
    expect(warnings.join('\n')).toMatch(/value\.json: contains the value of secret db \(SecretString\)/);
  });

  it('places bare bucket listings in the only account; bucket policy and notifications come by envelope', () => {
    const { inventory } = read({
      'gaad.json': gaad({ users: [user(A, 'u')] }),
      'buckets.json': {
        Buckets: [{ Name: 'reports', CreationDate: '2024-01-01T00:00:00Z' }],
        Owner: { ID: 'abc' },
      },
      'policy.json': env(
        's3api get-bucket-policy',
        { Policy: JSON.stringify(bucketPolicy) },
        { parameters: { Bucket: 'reports' } },
      ),
      'notify.json': env(
        's3api get-bucket-notification-configuration',
        {
          LambdaFunctionConfigurations: [
            { LambdaFunctionArn: fnArn('billing-sync'), Events: ['s3:ObjectCreated:*'] },
          ],
        },
        { parameters: { Bucket: 'reports' } },
      ),
      'nopolicy.json': env('s3api get-bucket-policy', null, {
        parameters: { Bucket: 'other' },
        error: { code: 'NoSuchBucketPolicy' },
      }),
    });
    const b = byArn(inventory, 'arn:aws:s3:::reports')!;
    expect(b).toMatchObject({
      type: 's3:bucket',
      name: 'reports',
      props: { creationDate: '2024-01-01T00:00:00Z', notificationTargets: [fnArn('billing-sync')] },
    });
    expect(b.policy?.Statement[0]).toMatchObject({ Principal: '*' });
    expect(byArn(inventory, fnArn('billing-sync'))?.props.triggers).toEqual(['arn:aws:s3:::reports']);
    expect(byArn(inventory, 'arn:aws:s3:::other')).toBeUndefined();
  });

  it('a bare bucket listing that cannot be placed is dropped with a warning', () => {
    const { warnings } = read({
      'a.json': gaad({ users: [user(A, 'u')] }),
      'b.json': gaad({ users: [user(B, 'u')] }),
      'buckets.json': { Buckets: [{ Name: 'x' }] },
    });
    expect(warnings.join('\n')).toMatch(
      /buckets\.json: s3:bucket x names no account .* several \(111111111111, 222222222222\)/,
    );
  });

  it('kms, sqs, sns and dynamodb policies and tables', () => {
    const kmsPolicy = doc(allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${A}:root` } }));
    const { inventory } = read({
      'kms.json': env(
        'kms get-key-policy',
        { Policy: JSON.stringify(kmsPolicy), PolicyName: 'default' },
        { parameters: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', PolicyName: 'default' } },
      ),
      'sqs.json': env(
        'sqs get-queue-attributes',
        { Attributes: { Policy: JSON.stringify(doc(allow('sqs:SendMessage', '*', { Principal: '*' }))) } },
        {
          parameters: {
            QueueUrl: `https://sqs.${REGION}.amazonaws.com/${A}/jobs`,
            AttributeNames: ['Policy'],
          },
        },
      ),
      'sns.json': {
        Attributes: {
          TopicArn: `arn:aws:sns:${REGION}:${A}:alerts`,
          Owner: A,
          Policy: JSON.stringify(doc(allow('sns:Publish', '*', { Principal: { AWS: '*' } }))),
        },
      },
      'table.json': {
        Table: {
          TableName: 'orders',
          TableArn: `arn:aws:dynamodb:${REGION}:${A}:table/orders`,
          TableStatus: 'ACTIVE',
          SSEDescription: { KMSMasterKeyArn: 'arn:aws:kms:x' },
        },
      },
    });
    expect(
      byArn(inventory, `arn:aws:kms:${REGION}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
    ).toMatchObject({ type: 'kms:key', policy: { Statement: [{ Action: 'kms:*' }] } });
    expect(byArn(inventory, `arn:aws:sqs:${REGION}:${A}:jobs`)).toMatchObject({
      type: 'sqs:queue',
      name: 'jobs',
      policy: { Statement: [{ Action: 'sqs:SendMessage' }] },
    });
    expect(byArn(inventory, `arn:aws:sns:${REGION}:${A}:alerts`)).toMatchObject({
      type: 'sns:topic',
      name: 'alerts',
    });
    expect(byArn(inventory, `arn:aws:dynamodb:${REGION}:${A}:table/orders`)).toMatchObject({
      type: 'dynamodb:table',
      props: { status: 'ACTIVE', kmsKeyArn: 'arn:aws:kms:x' },
    });
  });

  it('a KMS key named by alias is refused: the alias may point elsewhere later', () => {
    const e = inputError({
      'k.json': env(
        'kms get-key-policy',
        { Policy: JSON.stringify(doc(allow('kms:*'))) },
        { parameters: { KeyId: 'alias/prod' } },
      ),
    });
    expect(e.exitCode).toBe(2);
    expect(e.record).toBe('parameters.KeyId');
  });
});

describe('AWS offline collection: IAM login profiles, Organizations, envelope errors', () => {
  it('get-login-profile sets hasLoginProfile; NoSuchEntity in an envelope means no password', () => {
    const { inventory } = read({
      'gaad.json': gaad({ users: [user(A, 'alice'), user(A, 'bot'), user(A, 'unknown')] }),
      'alice.json': {
        LoginProfile: { UserName: 'alice', CreateDate: '2024-01-01T00:00:00Z', PasswordResetRequired: false },
      },
      'bot.json': env('iam get-login-profile', undefined, {
        parameters: { UserName: 'bot' },
        error: { code: 'NoSuchEntity', message: 'Login Profile for User bot cannot be found.' },
      }),
    });
    const users = inventory.accounts[0]!.users;
    expect(users.find((u) => u.name === 'alice')?.hasLoginProfile).toBe(true);
    expect(users.find((u) => u.name === 'bot')?.hasLoginProfile).toBe(false);
    expect(users.find((u) => u.name === 'unknown')?.hasLoginProfile).toBeUndefined();
  });

  it('an AccessDenied envelope is a coverage gap, not a failure', () => {
    const { warnings } = read({
      'gaad.json': gaad({ users: [user(A, 'u')] }),
      'denied.json': env('lambda list-functions', undefined, {
        error: { code: 'AccessDeniedException', message: 'not authorized' },
      }),
    });
    expect(warnings.join('\n')).toMatch(
      /denied\.json: coverage gap: lambda list-functions \(account 111111111111, region eu-west-1\) failed with AccessDeniedException/,
    );
  });

  it('assembles the organization: tree, SCP content and targets', () => {
    const mgmt = A;
    const org = 'o-abc123';
    const scpArn = `arn:aws:organizations::${mgmt}:policy/${org}/service_control_policy/p-deny1`;
    const scp = doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    const files = {
      'org.json': {
        Organization: {
          Id: org,
          Arn: `arn:aws:organizations::${mgmt}:organization/${org}`,
          MasterAccountId: mgmt,
          FeatureSet: 'ALL',
        },
      },
      'accounts.json': {
        Accounts: [
          {
            Id: mgmt,
            Arn: `arn:aws:organizations::${mgmt}:account/${org}/${mgmt}`,
            Name: 'mgmt',
            Email: 'root@example.com',
            Status: 'ACTIVE',
          },
          {
            Id: B,
            Arn: `arn:aws:organizations::${mgmt}:account/${org}/${B}`,
            Name: 'prod',
            Status: 'ACTIVE',
          },
        ],
      },
      'roots.json': {
        Roots: [{ Id: 'r-root', Arn: `arn:aws:organizations::${mgmt}:root/${org}/r-root`, Name: 'Root' }],
      },
      'parents-b.json': env(
        'organizations list-parents',
        { Parents: [{ Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' }] },
        { parameters: { ChildId: B } },
      ),
      'children-root.json': env(
        'organizations list-children',
        { Children: [{ Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' }] },
        { parameters: { ParentId: 'r-root', ChildType: 'ORGANIZATIONAL_UNIT' } },
      ),
      'policies.json': {
        Policies: [
          { Id: 'p-deny1', Arn: scpArn, Name: 'deny-iam', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false },
          {
            Id: 'p-FullAWSAccess',
            Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
            Name: 'FullAWSAccess',
            AwsManaged: true,
          },
        ],
      },
      'describe.json': {
        Policy: {
          PolicySummary: { Id: 'p-deny1', Arn: scpArn, Name: 'deny-iam', Type: 'SERVICE_CONTROL_POLICY' },
          Content: JSON.stringify(scp),
        },
      },
      'targets.json': env(
        'organizations list-targets-for-policy',
        {
          Targets: [
            {
              TargetId: 'ou-prod',
              Arn: `arn:aws:organizations::${mgmt}:ou/${org}/ou-prod`,
              Name: 'prod',
              Type: 'ORGANIZATIONAL_UNIT',
            },
          ],
        },
        { parameters: { PolicyId: 'p-deny1' } },
      ),
    };
    const { inventory, warnings } = read(files);
    expect(inventory.organization).toEqual({
      id: org,
      managementAccountId: mgmt,
      parents: { [B]: 'ou-prod', 'ou-prod': 'r-root' },
      roots: ['r-root'],
      accounts: [
        {
          id: mgmt,
          name: 'mgmt',
          arn: `arn:aws:organizations::${mgmt}:account/${org}/${mgmt}`,
          status: 'ACTIVE',
        },
        { id: B, name: 'prod', arn: `arn:aws:organizations::${mgmt}:account/${org}/${B}`, status: 'ACTIVE' },
      ],
      policies: [
        {
          id: 'p-deny1',
          arn: scpArn,
          name: 'deny-iam',
          type: 'SERVICE_CONTROL_POLICY',
          document: scp,
          targets: ['ou-prod'],
        },
      ],
    });
    expect(JSON.stringify(inventory)).not.toContain('root@example.com');
    expect(warnings.join('\n')).toMatch(
      /FullAWSAccess \(SERVICE_CONTROL_POLICY\) is listed but its content was not read/,
    );
  });

  it('an account outside any organization yields no organization and no warning', () => {
    const { inventory, warnings } = read({
      'gaad.json': gaad({ users: [user(A, 'u')] }),
      'org.json': env('organizations describe-organization', undefined, {
        error: { code: 'AWSOrganizationsNotInUseException' },
      }),
      'roots.json': env('organizations list-roots', undefined, {
        error: { code: 'AWSOrganizationsNotInUseException' },
      }),
      'accounts.json': env('organizations list-accounts', { Accounts: [] }),
    });
    expect(inventory.organization).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('names every supported command in the error for an unknown one', () => {
    const e = inputError({ 'x.json': env('iam list-roles', { Roles: [] }) });
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(
      /x\.json: at command: expected one of the supported commands \(.*lambda list-functions.*\), got "iam list-roles"/,
    );
  });

  it('a malformed record names file, record and expectation', () => {
    const e = inputError({
      'fns.json': {
        Functions: [listFunctions.Functions[1], { FunctionName: 'x', FunctionArn: 'not-an-arn' }],
      },
    });
    expect(e.exitCode).toBe(2);
    expect(e.record).toBe('Functions[1].FunctionArn');
    expect(e.message).toMatch(
      /fns\.json: at Functions\[1\]\.FunctionArn: expected lambda list-functions output: an ARN/,
    );
  });

  it('a request that needs a subject the envelope lacks is refused', () => {
    const e = inputError({
      'p.json': env('s3api get-bucket-policy', { Policy: JSON.stringify(bucketPolicyDoc) }),
    });
    expect(e.message).toMatch(/p\.json: at parameters\.Bucket: expected the request parameter Bucket/);
  });

  it('a malformed file leaves the store untouched', async () => {
    const dir = tempDir();
    const store = path.join(dir, 'store');
    await writeFile(path.join(dir, 'gaad.json'), JSON.stringify(gaad({ users: [user(A, 'u')] })));
    await ingest([path.join(dir, 'gaad.json')], store);
    const before = await readFile(path.join(store, 'index.json'), 'utf8');
    const snapshotsBefore = await readdir(path.join(store, 'snapshots'));
    const bad = path.join(dir, 'bad');
    await import('node:fs/promises').then((fs) => fs.mkdir(bad));
    await writeFile(path.join(bad, 'a-functions.json'), JSON.stringify(listFunctions));
    await writeFile(
      path.join(bad, 'b-instances.json'),
      JSON.stringify({ Reservations: [{ OwnerId: 'nope', Instances: [] }] }),
    );
    await expect(ingest([bad], store)).rejects.toMatchObject({
      exitCode: 2,
      record: 'Reservations[0].OwnerId',
    });
    expect(await readFile(path.join(store, 'index.json'), 'utf8')).toBe(before);
    expect(await readdir(path.join(store, 'snapshots'))).toEqual(snapshotsBefore);
  });
});

describe('coverage: which resource types were listed in full', () => {
  const collected = (files: Record<string, unknown>, account = A) => read(files).inventory.accounts.find((a) => a.accountId === account)?.collected;
  const fnArn = (account: string, name: string) => `arn:aws:lambda:${REGION}:${account}:function:${name}`;
  const fn = (account: string, name: string) => ({ FunctionName: name, FunctionArn: fnArn(account, name), Role: `arn:aws:iam::${account}:role/r` });

  it('an empty listing in an envelope marks the type collected for the envelope\'s account', () => {
    expect(collected({ 'f.json': env('lambda list-functions', { Functions: [] }), 'i.json': env('ec2 describe-instances', { Reservations: [] }) })).toEqual(['ec2:instance', 'lambda:function']);
    expect(collected({ 'p.json': env('codebuild list-projects', { projects: [] }, { account: B }) }, B)).toEqual(['codebuild:project']);
  });

  it('a bare listing is placed by the account its ARNs name, else by the only account of the ingest', () => {
    const files = { 'a.json': gaad({ users: [user(A, 'alice')] }), 'b.json': gaad({ users: [user(B, 'bob')] }), 'f.json': { Functions: [fn(B, 'x')] } };
    expect(collected(files, B)).toEqual(['lambda:function']);
    expect(collected(files, A)).toBeUndefined();
    expect(collected({ 'a.json': gaad({ users: [user(A, 'alice')] }), 'f.json': { Functions: [] } })).toEqual(['lambda:function']);
    // An empty bare listing with several accounts to choose from says nothing about any of them.
    const two = read({ 'a.json': gaad({ users: [user(A, 'alice')] }), 'b.json': gaad({ users: [user(B, 'bob')] }), 'f.json': { Functions: [] } }).inventory;
    expect(two.accounts.map((a) => a.collected)).toEqual([undefined, undefined]);
  });

  it('narrowed, truncated or failed listings, and detail reads, mark nothing', () => {
    expect(collected({ 'i.json': env('ec2 describe-instances', { Reservations: [] }, { parameters: { InstanceIds: ['i-1'] } }) })).toBeUndefined();
    expect(collected({ 's.json': env('cloudformation describe-stacks', { Stacks: [] }, { parameters: { StackName: 'app' } }) })).toBeUndefined();
    expect(collected({ 'f.json': env('lambda list-functions', { Functions: [fn(A, 'x')], NextToken: 'abc' }) })).toBeUndefined();
    expect(collected({ 'f.json': env('lambda list-functions', undefined, { error: { code: 'AccessDeniedException' } }) })).toBeUndefined();
    expect(collected({ 'g.json': env('lambda get-function-configuration', fn(A, 'x')) })).toBeUndefined();
  });
});
