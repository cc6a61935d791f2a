import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AwsInventory } from '../../../src/model/inventory/index.js';
import { gaad, role, trustService, user } from '../../helpers/aws-estate.js';
import { inputError, readInputsFromJson } from '../../helpers/inputs.js';
import { inspectUserData, redactUserData } from '../../../collectors/aws/offline/user-data.js';
import { redactOutput } from '../../../collectors/aws/live/recorder.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'eu-west-1';
// Fake, but shaped like the real thing so that the detectors fire; they must appear nowhere.
const FAKE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE9x';
const KEY_ID = 'AKIADEPLOYERKEYAAAAA';
const PASSWORD = 'CorrectHorseBattery!';

const SCRIPT = [
  '#!/bin/bash',
  `export AWS_ACCESS_KEY_ID=${KEY_ID}`,
  `export AWS_SECRET_ACCESS_KEY="${FAKE_SECRET_KEY}"`,
  'yum install -y nginx',
].join('\n');
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const output = (id: string, value?: unknown) => ({ InstanceId: id, UserData: value === undefined ? {} : { Value: value } });
const envelope = (out: unknown, extra: { account?: string; region?: string } = {}) => ({
  leakpath: 'aws-cli/1',
  command: 'ec2 describe-instance-attribute',
  parameters: { InstanceId: (out as { InstanceId: string }).InstanceId, Attribute: 'userData' },
  account: extra.account ?? A,
  region: extra.region ?? REGION,
  output: out,
});
const instanceArn = (id: string, account = A) => `arn:aws:ec2:${REGION}:${account}:instance/${id}`;
const describeInstances = (owner = A, ...ids: string[]) => ({
  Reservations: [
    {
      OwnerId: owner,
      Instances: ids.map((id) => ({
        InstanceId: id,
        State: { Name: 'running' },
        Placement: { AvailabilityZone: `${REGION}a` },
        IamInstanceProfile: { Arn: `arn:aws:iam::${owner}:instance-profile/web` },
        Tags: [{ Key: 'Name', Value: `host-${id}` }],
      })),
    },
  ],
});

function read(files: Record<string, unknown>) {
  const r = readInputsFromJson(files);
  return { inventory: r.inventories[0] as AwsInventory, warnings: r.warnings };
}
const byArn = (inv: AwsInventory, arn: string) => inv.accounts.flatMap((a) => a.resources ?? []).find((r) => r.arn === arn);

describe('ec2 describe-instance-attribute --attribute userData', () => {
  it('bare: the key ids and kinds of secret join the listed instance, whose own props survive, in either file order', () => {
    const files = { 'gaad.json': gaad({ roles: [{ ...role(A, 'web', trustService('ec2.amazonaws.com')), InstanceProfileList: [{ Arn: `arn:aws:iam::${A}:instance-profile/web` }] }] }), 'instances.json': describeInstances(A, 'i-0abc1'), 'user-data.json': output('i-0abc1', b64(SCRIPT)) };
    const { inventory, warnings } = read(files);
    const i = byArn(inventory, instanceArn('i-0abc1'))!;
    expect(i).toMatchObject({ name: 'host-i-0abc1', runsAs: `arn:aws:iam::${A}:role/web` });
    expect(i.props).toMatchObject({ instanceId: 'i-0abc1', state: 'running', credentialIds: [KEY_ID], userDataSecretKinds: ['AWS secret access key'] });
    expect(warnings.filter((w) => w.includes('user data'))).toEqual([
      'user-data.json: user data of instance i-0abc1 holds what looks like a secret (AWS secret access key); leakpath kept the kind only, the value is stored nowhere',
    ]);
    expect(JSON.stringify({ inventory, warnings })).not.toContain(FAKE_SECRET_KEY);

    const reversed = read({ 'user-data.json': files['user-data.json'], 'gaad.json': files['gaad.json'], 'instances.json': files['instances.json'] });
    expect(byArn(reversed.inventory, instanceArn('i-0abc1'))).toEqual(i);
  });

  it('in an envelope: placed in its account even when no describe-instances output lists the instance', () => {
    const { inventory } = read({ 'gaad.json': gaad({ users: [user(B, 'x')] }), 'ud.json': envelope(output('i-0abc2', b64(SCRIPT)), { account: A }) });
    expect(byArn(inventory, instanceArn('i-0abc2'))).toMatchObject({ type: 'ec2:instance', name: 'i-0abc2', region: REGION, props: { instanceId: 'i-0abc2', credentialIds: [KEY_ID] } });
  });

  it('in an envelope naming another account, an instance of the same id elsewhere is not touched', () => {
    const { inventory } = read({ 'instances.json': describeInstances(B, 'i-0abc3'), 'ud.json': envelope(output('i-0abc3', b64(SCRIPT)), { account: A }) });
    expect(byArn(inventory, instanceArn('i-0abc3', B))?.props.credentialIds).toBeUndefined();
    expect(byArn(inventory, instanceArn('i-0abc3', A))?.props.credentialIds).toEqual([KEY_ID]);
  });

  it('bare about an instance no listing names: a warning, nothing invented', () => {
    const { inventory, warnings } = read({ 'gaad.json': gaad({ users: [user(A, 'x')] }), 'ud.json': output('i-0abc4', b64(SCRIPT)) });
    expect(inventory.accounts.flatMap((a) => a.resources ?? [])).toEqual([]);
    expect(warnings.join('\n')).toMatch(/ud\.json: user data of instance i-0abc4, which is in no describe-instances output read; wrap the file in an aws-cli\/1 envelope/);
  });

  it('gzip-compressed user data is inflated before it is read', () => {
    const gz = read({ 'i.json': describeInstances(A, 'i-0abc5'), 'ud.json': output('i-0abc5', b64(gzipSync(SCRIPT))) });
    expect(byArn(gz.inventory, instanceArn('i-0abc5'))?.props).toMatchObject({ credentialIds: [KEY_ID], userDataSecretKinds: ['AWS secret access key'] });
  });

  it('the redacted object --save-raw writes carries the same facts, and holds no value', () => {
    const redacted = redactUserData(b64(`${SCRIPT}\necho "ec2-user:${PASSWORD}" | chpasswd`));
    expect(JSON.stringify(redacted)).not.toContain(FAKE_SECRET_KEY);
    expect(JSON.stringify(redacted)).not.toContain(PASSWORD);
    const raw = read({ 'i.json': describeInstances(A, 'i-0abc6'), 'ud.json': output('i-0abc6', b64(`${SCRIPT}\necho "ec2-user:${PASSWORD}" | chpasswd`)) });
    const again = read({ 'i.json': describeInstances(A, 'i-0abc6'), 'ud.json': output('i-0abc6', redacted) });
    expect(again.inventory).toEqual(raw.inventory);
    expect(again.warnings).toEqual(raw.warnings);
    expect(raw.inventory.accounts[0]!.resources![0]!.props.userDataSecretKinds).toEqual(['AWS secret access key', 'password set with chpasswd']);
  });

  it('the live recorder redacts the value before the response is kept', () => {
    const out = redactOutput('ec2 describe-instance-attribute', output('i-0abc7', b64(SCRIPT))) as { UserData: { Value: unknown } };
    expect(out.UserData.Value).toEqual({ leakpath: 'redacted', credentialIds: [KEY_ID], looksLikeSecret: 'AWS secret access key' });
  });

  it('user data without credentials, none at all, or another attribute: nothing secret recorded', () => {
    const { inventory, warnings } = read({
      'i.json': describeInstances(A, 'i-0abc8', 'i-0abc9'),
      'plain.json': output('i-0abc8', b64('#!/bin/bash\nyum install -y nginx\nexport REGION=eu-west-1\n')),
      'none.json': output('i-0abc9'),
      'emulator.json': { InstanceId: 'i-0abc9', UserData: '' },
      'type.json': { ...envelope({ InstanceId: 'i-0abc9', InstanceType: { Value: 't3.micro' } }), parameters: { InstanceId: 'i-0abc9', Attribute: 'instanceType' } },
    });
    for (const id of ['i-0abc8', 'i-0abc9']) expect(byArn(inventory, instanceArn(id))?.props).toMatchObject({ credentialIds: [], userDataSecretKinds: [] });
    expect(warnings.filter((w) => w.includes('user data'))).toEqual([]);
  });

  it('malformed: not base64, a broken gzip stream, no instance id: exit 2 naming file and record', () => {
    const notB64 = inputError({ 'ud.json': output('i-0abcA', 'not base64!') });
    expect(notB64.exitCode).toBe(2);
    expect(notB64.message).toMatch(/^ud\.json: at UserData\.Value: expected base64-encoded user data/);
    const brokenGzip = inputError({ 'ud.json': envelope(output('i-0abcB', b64(Buffer.from([0x1f, 0x8b, 1, 2, 3])))) });
    expect(brokenGzip.exitCode).toBe(2);
    expect(brokenGzip.message).toMatch(/^ud\.json \(output\): at UserData\.Value: expected gzip-compressed user data that decompresses/);
    const noId = inputError({ 'ud.json': envelope({ UserData: { Value: b64(SCRIPT) } }) });
    expect(noId.exitCode).toBe(2);
    expect(noId.record).toBe('InstanceId');
  });
});

describe('what a boot script gives away', () => {
  it('assignments, credentials files, cloud-config, command options and whole-line shapes; not configuration', () => {
    const kinds = (text: string) => inspectUserData(text).secretKinds;
    expect(kinds(`aws_secret_access_key = ${FAKE_SECRET_KEY}`)).toEqual(['AWS secret access key']);
    expect(kinds(`aws configure set aws_secret_access_key ${FAKE_SECRET_KEY}`)).toEqual(['AWS secret access key']);
    expect(kinds(`  db_password: "${PASSWORD}"`)).toEqual(['value of a variable named like a secret']);
    expect(kinds(`mysql --password ${PASSWORD} -h db`)).toEqual(['value of a variable named like a secret']);
    expect(kinds('git clone https://bot:s3cretpass@git.example.com/app.git')).toEqual(['URL with a password']);
    expect(kinds('-----BEGIN RSA PRIVATE KEY-----')).toEqual(['private key']);
    expect(kinds('export SECRET_ARN=arn:aws:secretsmanager:eu-west-1:1:secret:db\ncat > /root/.aws/credentials <<EOF\nyum update -y')).toEqual([]);
    expect(inspectUserData(`A=${KEY_ID}\nB=${KEY_ID}`).credentialIds).toEqual([KEY_ID]);
  });

  it('CloudGoat data_secrets: an instance password piped to chpasswd', () => {
    expect(inspectUserData('#!/bin/bash\necho "ec2-user:CloudGoatInstancePassword!" | chpasswd\n').secretKinds).toEqual(['password set with chpasswd']);
  });
});
