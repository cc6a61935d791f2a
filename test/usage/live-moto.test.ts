// Access-key usage collected live: the IAM requests of `collect aws` against moto server (a real AWS
// API emulator that records each key's last use), parsed by the usage format. No SDK mocks.
import { randomInt } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Recorder, type CollectedFile } from '../../collectors/aws/live/recorder.js';
import { collectIam } from '../../collectors/aws/live/services.js';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { parseDocuments } from '../../src/ingest/read-inputs.js';

const REGION = 'us-east-1';

describe('access-key last use, collected live (moto)', () => {
  let endpoint: string;
  let used: string;
  let unused: string;
  let usage: UsageInventory;

  beforeAll(async () => {
    endpoint = inject('moto').endpoint;
    const account = String(randomInt(100000000000, 999999999999));
    const sts = new STSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))).Credentials!;
    const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const iam = new IAMClient({ endpoint, region: REGION, credentials: creds });
    await iam.send(new CreateUserCommand({ UserName: 'worker' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'worker', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }) }));
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
    const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
    used = k1.AccessKeyId!;
    unused = k2.AccessKeyId!;
    // One call signed with the first key: moto records its last use.
    await new IAMClient({ endpoint, region: REGION, credentials: { accessKeyId: used, secretAccessKey: k1.SecretAccessKey! } }).send(new ListUsersCommand({}));
    // The IAM part of `collect aws`, as the collector runs it (the other services are not under test).
    const files: CollectedFile[] = [];
    await collectIam({ rec: new Recorder(account, REGION, 'global', files, () => {}), config: { endpoint, region: REGION, credentials: creds, maxAttempts: 3 }, concurrency: 4 });
    const read = parseDocuments(files.map((f) => ({ file: `aws-live:${f.path}`, json: f.envelope })));
    expect(read.inventories[0]!.provider).toBe('aws');
    usage = read.inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
  });

  it('records get-access-key-last-used per key: the key used has a time, the other none', () => {
    const byId = new Map(usage.credentials.map((c) => [c.nodeId, c]));
    expect(byId.get(`aws:access-key:${used}`)?.lastUsed).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byId.has(`aws:access-key:${unused}`)).toBe(true);
    expect(byId.get(`aws:access-key:${unused}`)?.lastUsed).toBeUndefined();
  });
});
