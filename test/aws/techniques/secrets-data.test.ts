import { describe, expect, it } from 'vitest';
import { ADMIN, accessKeys, allow, deny, doc, gaad, user } from '../../helpers/aws-estate.js';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';
import type { AwsInventory, AwsResource } from '../../../src/model/inventory/index.js';
import { PolicyIndex, principalsOf } from '../../../src/analysis/aws/principals.js';
import { decideOn } from '../../../src/analysis/aws/rules/common.js';
import { readInputsFromJson } from '../../helpers/inputs.js';
import { A, analyseEstate, edge, resource, userArn } from './estate.js';

const reader = (statements: object[]) => user(A, 'reader', { inline: { p: doc(...statements) } });
const run = (statements: object[], resources: AwsResource[]) => analyseEstate({ 'gaad.json': gaad({ users: [reader(statements), user(A, 'deployer', { attached: [ADMIN] })] }) }, { resources });
const READER = userArn('reader');

describe('CAN_READ: secret stores', () => {
  const secret = resource('secretsmanager:secret', 'prod/db');

  it('aws:secretsmanager:GetSecretValue to a secret, which is a SecretLocation node', () => {
    const g = run([allow('secretsmanager:GetSecretValue', secret.arn)], [secret]);
    expect(edge(g, 'CAN_READ', READER, secret.arn, 'aws:secretsmanager:GetSecretValue')?.evidence.refs[0]?.detail).toMatch(/^secretsmanager:GetSecretValue on /);
    expect(g.nodes.find((n) => n.id === secret.arn)).toMatchObject({ kind: 'SecretLocation', type: 'aws:secretsmanager:secret' });
  });

  it('a resource policy Deny removes it; an identity policy on another secret gives nothing', () => {
    const guarded = { ...secret, policy: doc({ Effect: 'Deny', Principal: { AWS: READER }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) as never };
    expect(edge(run([allow('secretsmanager:GetSecretValue')], [guarded]), 'CAN_READ', READER, secret.arn)).toBeUndefined();
    expect(edge(run([allow('secretsmanager:GetSecretValue', resource('secretsmanager:secret', 'dev/db').arn)], [secret]), 'CAN_READ', READER, secret.arn)).toBeUndefined();
  });

  it('a secret under a customer KMS key needs kms:Decrypt too, judged with the key policy', () => {
    const key = resource('kms:key', 'k1', { policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }) as never });
    const encrypted = { ...secret, props: { kmsKeyId: key.arn } };
    expect(edge(run([allow('secretsmanager:GetSecretValue')], [encrypted, key]), 'CAN_READ', READER, secret.arn)).toBeUndefined();
    const e = edge(run([allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'])], [encrypted, key]), 'CAN_READ', READER, secret.arn);
    expect(e?.evidence.refs.some((r) => r.detail?.startsWith('kms:Decrypt on'))).toBe(true);
  });

  it('aws:ssm:GetParameter to a parameter', () => {
    const param = resource('ssm:parameter', 'prod/api-token');
    expect(edge(run([allow('ssm:GetParameter', param.arn)], [param]), 'CAN_READ', READER, param.arn, 'aws:ssm:GetParameter')).toBeDefined();
    expect(edge(run([allow('ssm:GetParameter', `arn:aws:ssm:*:${A}:parameter/dev/*`)], [param]), 'CAN_READ', READER, param.arn)).toBeUndefined();
  });
});

describe('CAN_READ: environments that hold credentials, and the keys in them', () => {
  const fn = resource('lambda:function', 'exporter', { props: { environmentVariableNames: ['AWS_KEY', 'REGION'], secretEnvironmentVariableNames: ['AWS_KEY'], credentialIds: ['AKIADEPLOYERKEY00001'] } });
  const project = resource('codebuild:project', 'build', { props: { environmentVariableNames: ['TOKEN'], secretEnvironmentVariableNames: ['TOKEN'] } });
  const plain = resource('lambda:function', 'plain', { props: { environmentVariableNames: ['REGION'], secretEnvironmentVariableNames: [], credentialIds: [] } });

  it('aws:lambda:GetFunctionConfiguration / aws:codebuild:BatchGetProjects to the environment location', () => {
    const g = run([allow(['lambda:GetFunctionConfiguration', 'codebuild:BatchGetProjects'])], [fn, project, plain]);
    expect(edge(g, 'CAN_READ', READER, `${fn.arn}#environment`, 'aws:lambda:GetFunctionConfiguration')).toBeDefined();
    expect(edge(g, 'CAN_READ', READER, `${project.arn}#environment`, 'aws:codebuild:BatchGetProjects')).toBeDefined();
    expect(g.nodes.some((n) => n.id === `${plain.arn}#environment`)).toBe(false);
  });

  it('without the read action, no edge', () => {
    expect(edge(run([allow('lambda:InvokeFunction')], [fn]), 'CAN_READ', READER, `${fn.arn}#environment`)).toBeUndefined();
  });

  it('a key seen in an environment: STORED_IN and EXPOSES, so blast walks reader → environment → key → its user', async () => {
    const read = readInputsFromJson({
      'gaad.json': gaad({ users: [reader([allow('lambda:GetFunctionConfiguration')]), user(A, 'deployer', { attached: [ADMIN] })] }),
      'reader.json': accessKeys('reader', { id: 'AKIAREADERKEY0000001' }),
      'deployer.json': accessKeys('deployer', { id: 'AKIADEPLOYERKEY00001' }),
    });
    for (const inv of read.inventories) if (inv.provider === 'aws') inv.accounts[0]!.resources = [fn];
    const { graph } = analyse(read.inventories);
    expect(edge(graph, 'STORED_IN', 'aws:access-key:AKIADEPLOYERKEY00001', `${fn.arn}#environment`)).toBeDefined();
    const blast = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast('AKIAREADERKEY0000001');
    expect(blast.tierZero).toBe(true);
    expect(blast.crownJewels[0]!.path.map((s) => s.edge)).toEqual(['AUTHENTICATES_AS', 'CAN_READ', 'EXPOSES', 'AUTHENTICATES_AS']);
  });
});

describe('HAS_ACCESS with the access level', () => {
  const bucket = resource('s3:bucket', 'payroll');

  it('the technique names the highest level held', () => {
    const level = (statements: object[], r: AwsResource = bucket) => run(statements, [r]).edges.find((e) => e.kind === 'HAS_ACCESS' && e.target === r.arn)?.technique;
    expect(level([allow('s3:GetObject', `${bucket.arn}/*`)])).toBe('aws:data:Read');
    expect(level([allow(['s3:GetObject', 's3:PutObject'], `${bucket.arn}/*`)])).toBe('aws:data:Write');
    expect(level([allow('s3:PutBucketPolicy', bucket.arn)])).toBe('aws:data:PermissionsManagement');
    expect(level([allow('s3:GetObject', 'arn:aws:s3:::other/*')])).toBeUndefined();
    expect(level([allow('s3:*'), deny('s3:*', [bucket.arn, `${bucket.arn}/*`])])).toBeUndefined();
  });

  it('a bucket policy naming the principal grants read without any identity policy', () => {
    const shared = { ...bucket, policy: doc({ Effect: 'Allow', Principal: { AWS: READER }, Action: 's3:GetObject', Resource: `${bucket.arn}/*` }) as never };
    expect(edge(run([], [shared]), 'HAS_ACCESS', READER, bucket.arn, 'aws:data:Read')?.evidence.refs[0]?.type).toBe('resource-policy');
  });

  it('a KMS key policy that does not name the principal or delegate to IAM gives nothing', () => {
    const key = resource('kms:key', 'k2', { policy: doc({ Effect: 'Allow', Principal: { AWS: userArn('deployer') }, Action: 'kms:*', Resource: '*' }) as never });
    expect(edge(run([allow('kms:*')], [key]), 'HAS_ACCESS', READER, key.arn)).toBeUndefined();
    const delegating = { ...key, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }) as never };
    expect(edge(run([allow('kms:Decrypt')], [delegating]), 'HAS_ACCESS', READER, key.arn, 'aws:data:Read')).toBeDefined();
  });
});

describe('decideOn: the account that holds the resource, and its tags', () => {
  const B = '222222222222';
  const inventory = (statements: object[]) => readInputsFromJson({ 'gaad.json': gaad({ users: [reader(statements)] }) }).inventories[0] as AwsInventory;
  const principal = (statements: object[]) => {
    const inv = inventory(statements);
    return principalsOf(inv.accounts[0]!, new PolicyIndex(inv)).find((p) => p.arn === READER)!;
  };
  // S3 ARNs name no account: only the inventory says the bucket is another account's.
  const bucket = resource('s3:bucket', 'their-data', { policy: doc({ Effect: 'Allow', Principal: { AWS: READER }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::their-data/*' }) as never });

  it('a bucket of another account needs the caller\'s own Allow besides the bucket policy naming it', () => {
    const bare = principal([]);
    expect(decideOn(bare, 's3:GetObject', bucket, A, `${bucket.arn}/k`).effect).toBe('allow');
    expect(decideOn(bare, 's3:GetObject', bucket, B, `${bucket.arn}/k`).effect).toBe('none');
    const own = decideOn(principal([allow('s3:GetObject', `${bucket.arn}/*`)]), 's3:GetObject', bucket, B, `${bucket.arn}/k`);
    expect(own.effect).toBe('allow');
    expect(own.refs.map((r) => r.type)).toEqual(['resource-policy', 'identity-policy']);
  });

  it('the resource\'s tags settle aws:ResourceTag conditions; a tag it lacks is absent, not unknown', () => {
    const p = principal([allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } })]);
    const secret = resource('secretsmanager:secret', 'tagged');
    expect(decideOn(p, 'secretsmanager:GetSecretValue', { ...secret, tags: { env: 'dev' } }, A)).toMatchObject({ effect: 'allow', conditional: false });
    expect(decideOn(p, 'secretsmanager:GetSecretValue', { ...secret, tags: { env: 'prod' } }, A).effect).toBe('none');
    expect(decideOn(p, 'secretsmanager:GetSecretValue', secret, A)).toMatchObject({ effect: 'none', conditional: false });
    const service = principal([allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { 'secretsmanager:ResourceTag/env': 'dev' } } })]);
    expect(decideOn(service, 'secretsmanager:GetSecretValue', { ...secret, tags: { env: 'dev' } }, A).effect).toBe('allow');
  });
});

describe('CAN_READ through a resource-policy rewrite (aws:secretsmanager:PutResourcePolicy)', () => {
  const R = 'aws:secretsmanager:PutResourcePolicy';
  const secret = resource('secretsmanager:secret', 'prod/deploy-key');
  const fenced = { ...secret, policy: doc({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }) as never };
  const rewrite = (g: ReturnType<typeof run>) => edge(g, 'CAN_READ', READER, secret.arn, R);

  it('positive: PutResourcePolicy alone reads the secret, and the rewrite drops a resource-policy Deny', () => {
    const e = rewrite(run([allow('secretsmanager:PutResourcePolicy', secret.arn)], [fenced]));
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.refs[0]?.detail).toMatch(/^secretsmanager:PutResourcePolicy on /);
    expect(e?.evidence.assumptions?.join(' ')).toMatch(/replaces the whole policy/);
  });

  it('negative: an identity-policy Deny of GetSecretValue survives the rewrite', () => {
    expect(rewrite(run([allow('secretsmanager:PutResourcePolicy'), deny('secretsmanager:GetSecretValue')], [secret]))).toBeUndefined();
  });

  it('negative: PutResourcePolicy only on another secret', () => {
    expect(rewrite(run([allow('secretsmanager:PutResourcePolicy', resource('secretsmanager:secret', 'dev/x').arn)], [secret]))).toBeUndefined();
  });

  it('not drawn where the plain read already works', () => {
    const g = run([allow(['secretsmanager:PutResourcePolicy', 'secretsmanager:GetSecretValue'])], [secret]);
    expect(rewrite(g)).toBeUndefined();
    expect(edge(g, 'CAN_READ', READER, secret.arn, 'aws:secretsmanager:GetSecretValue')).toBeDefined();
  });

  it('a customer key the caller cannot use needs kms:PutKeyPolicy too', () => {
    const key = resource('kms:key', 'k3', { policy: doc({ Effect: 'Allow', Principal: { AWS: userArn('deployer') }, Action: 'kms:*', Resource: '*' }) as never });
    const encrypted = { ...secret, props: { kmsKeyId: key.arn } };
    expect(rewrite(run([allow('secretsmanager:PutResourcePolicy')], [encrypted, key]))).toBeUndefined();
    const keyOpen = { ...key, policy: doc({ Effect: 'Allow', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' }) as never };
    const e = rewrite(run([allow(['secretsmanager:PutResourcePolicy', 'kms:PutKeyPolicy'])], [encrypted, keyOpen]));
    expect(e?.evidence.summary).toMatch(/key policy of k3/);
  });
});

describe('HAS_ACCESS on queues and topics', () => {
  const queue: AwsResource = { arn: `arn:aws:sqs:eu-west-1:${A}:orders`, type: 'sqs:queue', name: 'orders', tags: {}, props: {} };
  const topic: AwsResource = { arn: `arn:aws:sns:eu-west-1:${A}:alerts`, type: 'sns:topic', name: 'alerts', tags: {}, props: {} };
  const level = (statements: object[], r: AwsResource) => run(statements, [r]).edges.find((e) => e.kind === 'HAS_ACCESS' && e.target === r.arn)?.technique;

  it('SetQueueAttributes / SetTopicAttributes are permissions management', () => {
    expect(level([allow(['sqs:SetQueueAttributes', 'sqs:ReceiveMessage'])], queue)).toBe('aws:data:PermissionsManagement');
    expect(level([allow('sns:SetTopicAttributes')], topic)).toBe('aws:data:PermissionsManagement');
    expect(level([allow('sqs:ReceiveMessage')], queue)).toBe('aws:data:Read');
  });

  it('negative: an explicit Deny, or a grant on another queue', () => {
    expect(level([allow('sqs:*'), deny('sqs:*', queue.arn)], queue)).toBeUndefined();
    expect(level([allow('sqs:SetQueueAttributes', `arn:aws:sqs:eu-west-1:${A}:other`)], queue)).toBeUndefined();
  });
});
