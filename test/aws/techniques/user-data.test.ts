import { describe, expect, it } from 'vitest';
import { ADMIN, accessKeys, allow, deny, doc, gaad, user } from '../../helpers/aws-estate.js';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';
import type { AwsResource } from '../../../src/model/inventory/index.js';
import { readInputsFromJson } from '../../helpers/inputs.js';
import { A, analyseEstate, edge, resource, userArn } from './estate.js';

const KEY_ID = 'AKIADEPLOYERKEYAAAAA';
const READER = userArn('reader');
const TECHNIQUE = 'aws:ec2:DescribeInstanceAttribute';
const reader = (statements: object[]) => user(A, 'reader', { inline: { p: doc(...statements) } });
const run = (statements: object[], resources: AwsResource[]) =>
  analyseEstate({ 'gaad.json': gaad({ users: [reader(statements), user(A, 'deployer', { attached: [ADMIN] })] }) }, { resources });

const web = resource('ec2:instance', 'i-0web', { name: 'web', tags: { env: 'prod' }, props: { instanceId: 'i-0web', credentialIds: [KEY_ID], userDataSecretKinds: ['AWS secret access key'] } });
const passwordOnly = resource('ec2:instance', 'i-0pw', { name: 'bastion', props: { instanceId: 'i-0pw', credentialIds: [], userDataSecretKinds: ['password set with chpasswd'] } });
const plain = resource('ec2:instance', 'i-0plain', { name: 'plain', props: { instanceId: 'i-0plain', credentialIds: [], userDataSecretKinds: [] } });
const LOCATION = `${web.arn}#user-data`;

describe('CAN_READ: an instance\'s user data (aws:ec2:DescribeInstanceAttribute)', () => {
  it('ec2:DescribeInstanceAttribute reads the user data location, a SecretLocation naming the kinds seen', () => {
    const g = run([allow('ec2:DescribeInstanceAttribute')], [web, passwordOnly, plain]);
    const e = edge(g, 'CAN_READ', READER, LOCATION, TECHNIQUE);
    expect(e?.evidence.summary).toBe('reads the user data of web');
    expect(e?.evidence.refs[0]?.detail).toMatch(/^ec2:DescribeInstanceAttribute on arn:aws:ec2:eu-west-1:111111111111:instance\/i-0web/);
    expect(g.nodes.find((n) => n.id === LOCATION)).toMatchObject({ kind: 'SecretLocation', type: 'aws:ec2:instance:user-data', name: 'web user data', props: { resource: web.arn, secretKinds: ['AWS secret access key'] } });
    // A password alone is a location too; user data with nothing secret is not.
    expect(edge(g, 'CAN_READ', READER, `${passwordOnly.arn}#user-data`, TECHNIQUE)).toBeDefined();
    expect(g.nodes.some((n) => n.id === `${plain.arn}#user-data`)).toBe(false);
    expect(g.edges.some((x) => x.target === `${plain.arn}#user-data`)).toBe(false);
  });

  it('without the action, with it only on another instance, or with a tag condition the instance fails: no edge', () => {
    expect(edge(run([allow(['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'])], [web]), 'CAN_READ', READER, LOCATION)).toBeUndefined();
    expect(edge(run([allow('ec2:DescribeInstanceAttribute', `arn:aws:ec2:eu-west-1:${A}:instance/i-0other`)], [web]), 'CAN_READ', READER, LOCATION)).toBeUndefined();
    const devOnly = allow('ec2:DescribeInstanceAttribute', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } });
    expect(edge(run([devOnly], [web]), 'CAN_READ', READER, LOCATION)).toBeUndefined();
  });

  it('an explicit Deny on the instance removes it', () => {
    expect(edge(run([allow('ec2:*'), deny('ec2:DescribeInstanceAttribute', web.arn)], [web]), 'CAN_READ', READER, LOCATION)).toBeUndefined();
    expect(edge(run([allow('ec2:*'), deny('ec2:DescribeInstanceAttribute', passwordOnly.arn)], [web]), 'CAN_READ', READER, LOCATION, TECHNIQUE)).toBeDefined();
  });

  it('environments keep their own location and name beside user data', () => {
    const fn = resource('lambda:function', 'exporter', { props: { secretEnvironmentVariableNames: ['TOKEN'], credentialIds: [] } });
    const g = run([allow(['ec2:DescribeInstanceAttribute', 'lambda:GetFunctionConfiguration'])], [web, fn]);
    expect(g.nodes.find((n) => n.id === `${fn.arn}#environment`)).toMatchObject({ type: 'aws:lambda:function:environment', name: 'exporter environment', props: { variableNames: ['TOKEN'] } });
    expect(edge(g, 'CAN_READ', READER, `${fn.arn}#environment`, 'aws:lambda:GetFunctionConfiguration')).toBeDefined();
  });
});

describe('a key in user data, end to end from the CLI outputs', () => {
  const REGION = 'eu-west-1';
  const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${KEY_ID}\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE9x\n`;
  const files = (readerStatements: object[]) => ({
    'gaad.json': gaad({ users: [reader(readerStatements), user(A, 'deployer', { attached: [ADMIN] })] }),
    'reader-keys.json': accessKeys('reader', { id: 'AKIAREADERKEYAAAAAAA' }),
    'deployer-keys.json': accessKeys('deployer', { id: KEY_ID }),
    'instances.json': { Reservations: [{ OwnerId: A, Instances: [{ InstanceId: 'i-0web', Placement: { AvailabilityZone: `${REGION}a` }, Tags: [{ Key: 'Name', Value: 'web' }] }] }] },
    'user-data.json': { InstanceId: 'i-0web', UserData: { Value: Buffer.from(script).toString('base64') } },
  });
  const location = `arn:aws:ec2:${REGION}:${A}:instance/i-0web#user-data`;

  it('STORED_IN and EXPOSES link the location and the key; blast walks reader → user data → key → admin', async () => {
    const { graph } = analyse(readInputsFromJson(files([allow('ec2:DescribeInstanceAttribute')])).inventories);
    expect(edge(graph, 'STORED_IN', `aws:access-key:${KEY_ID}`, location, 'aws:secret:StoredIn')).toBeDefined();
    expect(edge(graph, 'EXPOSES', location, `aws:access-key:${KEY_ID}`, 'aws:secret:StoredIn')?.evidence.summary).toBe(`reading web yields access key ${KEY_ID}`);
    expect(edge(graph, 'CAN_READ', READER, location, TECHNIQUE)).toBeDefined();
    const blast = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast('AKIAREADERKEYAAAAAAA');
    expect(blast.tierZero).toBe(true);
    expect(blast.crownJewels[0]!.path.map((s) => s.edge)).toEqual(['AUTHENTICATES_AS', 'CAN_READ', 'EXPOSES', 'AUTHENTICATES_AS']);
  });

  it('a reader without the permission reaches nothing through it', async () => {
    const { graph } = analyse(readInputsFromJson(files([allow('ec2:DescribeInstances')])).inventories);
    expect(edge(graph, 'EXPOSES', location, `aws:access-key:${KEY_ID}`)).toBeDefined();
    expect(edge(graph, 'CAN_READ', READER, location)).toBeUndefined();
    expect((await new EmbeddedEngine(graph, EMPTY_CONFIG).blast('AKIAREADERKEYAAAAAAA')).tierZero).toBe(false);
  });
});
