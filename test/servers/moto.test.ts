// Proves the moto server from globalSetup is a real AWS API emulator that the
// AWS SDK v3 clients leakpath uses can talk to, not a stub.
import { randomUUID } from 'node:crypto';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, inject, it } from 'vitest';
import { startMoto } from './moto.js';

const MOTO_DEFAULT_ACCOUNT = '123456789012';

function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

describe('moto server', () => {
  const { endpoint } = inject('moto');
  // The server is shared by every test file in the run, so names are unique
  // instead of relying on a reset that could wipe another file's fixtures.
  const suffix = randomUUID().slice(0, 8);

  it('serves IAM and reports what was created via GetAccountAuthorizationDetails', async () => {
    const iam = new IAMClient(clientConfig(endpoint));
    const userName = `ci-bot-${suffix}`;
    const roleName = `deployer-${suffix}`;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:user/${userName}` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const policyDoc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    };

    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(
      new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: `assume-any-${suffix}`,
        PolicyDocument: JSON.stringify(policyDoc),
      }),
    );
    const policyArn = Policy?.Arn;
    expect(policyArn).toMatch(new RegExp(`^arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:policy/`));
    await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    expect(AccessKey?.AccessKeyId).toBeTruthy();

    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const user = details.UserDetailList?.find((u) => u.UserName === userName);
    expect(user?.AttachedManagedPolicies).toContainEqual(expect.objectContaining({ PolicyArn: policyArn }));
    const role = details.RoleDetailList?.find((r) => r.RoleName === roleName);
    expect(role).toBeDefined();
    // Real IAM URL-encodes policy documents here and moto may or may not; accept both.
    const rawTrust = role?.AssumeRolePolicyDocument ?? '';
    const parsedTrust: unknown = JSON.parse(
      rawTrust.startsWith('%') ? decodeURIComponent(rawTrust) : rawTrust,
    );
    expect(parsedTrust).toEqual(trust);
    expect(details.Policies?.map((p) => p.Arn)).toContain(policyArn);

    const keys = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
    expect(keys.AccessKeyMetadata).toEqual([
      expect.objectContaining({ AccessKeyId: AccessKey?.AccessKeyId, Status: 'Active' }),
    ]);
  });

  it("answers sts:GetCallerIdentity with moto's default account", async () => {
    const sts = new STSClient(clientConfig(endpoint));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(MOTO_DEFAULT_ACCOUNT);
  });

  // A private server, so reset() cannot disturb fixtures of files sharing the global one.
  it.skipIf(!!process.env.AWS_ENDPOINT_URL)(
    'startMoto gives a private server whose reset() empties it and stop() ends it',
    async () => {
      const moto = await startMoto();
      try {
        expect(moto.endpoint).not.toBe(endpoint);
        const iam = new IAMClient(clientConfig(moto.endpoint));
        await iam.send(new CreateUserCommand({ UserName: 'to-be-reset' }));
        await moto.reset();
        const after = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
        expect(after.UserDetailList ?? []).toEqual([]);
      } finally {
        await moto.stop();
      }
      await expect(fetch(moto.endpoint, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    },
  );
});
