// `leakpath collect aws --no-last-accessed` end to end: the built CLI against moto server (a real AWS
// API emulator), with the standard credential chain and AWS_ENDPOINT_URL. No last-accessed job is
// asked for, so the snapshot has no last-accessed usage, while each key's last use is still read.
// The control: the IAM part of the collector without the flag asks for one report per identity.
import { randomInt } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Recorder, type CollectedFile } from '../../collectors/aws/live/recorder.js';
import { collectIam } from '../../collectors/aws/live/services.js';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { SnapshotStore } from '../../src/store/store.js';
import { leakpathAsync, tempDir } from '../helpers/cli.js';

const REGION = 'us-east-1';
const LAST_ACCESSED = 'iam get-service-last-accessed-details';
// Made up for this test; it must appear nowhere leakpath writes.
const CONSOLE_PASSWORD = 'Console-Pa55word-seeded-7f3c';

describe('collect aws --no-last-accessed (moto)', () => {
  let endpoint: string;
  let account: string;
  let creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  let usedKey: string;
  let run: { code: number; stderr: string };
  let raw: string;
  let store: string;

  beforeAll(async () => {
    endpoint = inject('moto').endpoint;
    account = String(randomInt(100000000000, 999999999999));
    const sts = new STSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))).Credentials!;
    creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const iam = new IAMClient({ endpoint, region: REGION, credentials: creds });
    await iam.send(new CreateUserCommand({ UserName: 'worker' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'worker', Password: CONSOLE_PASSWORD }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'worker', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
    usedKey = key.AccessKeyId!;
    await new IAMClient({ endpoint, region: REGION, credentials: { accessKeyId: usedKey, secretAccessKey: key.SecretAccessKey! } }).send(new ListUsersCommand({}));

    const dir = tempDir();
    raw = path.join(dir, 'raw');
    store = path.join(dir, 'store');
    run = await leakpathAsync(['--store', store, 'collect', 'aws', '--no-last-accessed', '--regions', REGION, '--max-attempts', '1', '--save-raw', raw], {
      env: { AWS_ENDPOINT_URL: endpoint, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_SESSION_TOKEN: creds.sessionToken },
      timeoutMs: 120_000,
    });
  }, 150_000);

  it('exits 0, and asks for no last-accessed report: none among the saved requests', async () => {
    expect(run.code, run.stderr).toBe(0);
    const files = (await readdir(raw, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    const commands = await Promise.all(files.map(async (f) => (JSON.parse(await readFile(f, 'utf8')) as { command?: string }).command));
    expect(commands).toContain('iam get-access-key-last-used');
    expect(commands).not.toContain(LAST_ACCESSED);
  });

  it('the snapshot has no last-accessed usage, and still each key\'s last use', async () => {
    const snap = await new SnapshotStore(store).read();
    const usage = snap.inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
    expect(usage.sources.map((s) => s.kind)).not.toContain('aws-service-last-accessed');
    expect(usage.identities.filter((i) => i.source.kind === 'aws-service-last-accessed')).toEqual([]);
    expect(usage.credentials.find((c) => c.nodeId === `aws:access-key:${usedKey}`)?.lastUsed).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(snap.run)).not.toContain(creds.secretAccessKey);
  });

  it('lists users for PasswordLastUsed: a console password never used is a finding, its value nowhere', async () => {
    const snap = await new SnapshotStore(store).read();
    const usage = snap.inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
    expect(usage.sources.map((s) => s.kind)).toContain('aws-list-users');
    const unused = await leakpathAsync(['--store', store, 'unused', '--format', 'json']);
    expect(unused.code, unused.stderr).toBe(0);
    const report = JSON.parse(unused.stdout) as { credentials: { id: string; state: string }[] };
    expect(report.credentials).toContainEqual(expect.objectContaining({ id: `aws:console-password:arn:aws:iam::${account}:user/worker`, state: 'never-used' }));
    const written = await readdir(store, { recursive: true, withFileTypes: true });
    for (const f of written.filter((e) => e.isFile())) expect((await readFile(path.join(f.parentPath, f.name))).includes(CONSOLE_PASSWORD)).toBe(false);
    expect(unused.stdout + run.stderr).not.toContain(CONSOLE_PASSWORD);
  });

  it('control: without the flag the collector asks for a report per user and role (moto does not implement it: recorded as a failed request)', async () => {
    const files: CollectedFile[] = [];
    await collectIam({ rec: new Recorder(account, REGION, 'global', files, () => {}), config: { endpoint, region: REGION, credentials: creds, maxAttempts: 1 }, concurrency: 4, lastAccessed: { maxPolls: 1, pollDelayMs: 0 } });
    const asked = files.filter((f) => f.envelope.command === LAST_ACCESSED).map((f) => f.envelope.parameters.Arn);
    expect(asked).toEqual(expect.arrayContaining([`arn:aws:iam::${account}:user/worker`, `arn:aws:iam::${account}:role/deployer`]));
  });
});
