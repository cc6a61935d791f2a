import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { baseFunctionArn } from './compute.js';
import {
  part,
  partitionOf,
  resource,
  splitArn,
  tagsOf,
  type AwsFact,
  type AwsPart,
  type CommandContext,
  need,
  parameter,
} from './part.js';
import {
  attributesSchema,
  bucketNotificationSchema,
  describeTableSchema,
  getLoginProfileSchema,
  listBucketsSchema,
  listSecretsSchema,
  policyStringSchema,
  secretSubjectSchema,
} from './service-schemas.js';

/** Data stores, keys and secrets, with their resource policies; and console passwords. */

const date = (v: string | number | undefined) =>
  typeof v === 'number' ? new Date(v * 1000).toISOString() : v;

// --- Secrets Manager ----------------------------------------------------------------------------

export function parseListSecrets(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listSecretsSchema, json, ctx.file, 'secretsmanager list-secrets output');
  return part({
    resources: out.SecretList.map((s) => ({
      account: ctx.account,
      resource: resource({
        arn: s.ARN,
        type: 'secretsmanager:secret',
        name: s.Name,
        region: splitArn(s.ARN)?.region || ctx.region,
        tags: tagsOf(s.Tags),
        props: {
          kmsKeyId: s.KmsKeyId ?? null,
          rotationEnabled: s.RotationEnabled ?? false,
          rotationLambdaArn: s.RotationLambdaARN,
          lastRotatedDate: date(s.LastRotatedDate),
          lastAccessedDate: date(s.LastAccessedDate),
          owningService: s.OwningService,
        },
      }),
    })),
  });
}

/** get-resource-policy, and describe-secret / get-secret-value, which name their secret too. */
export function parseSecretSubject(json: unknown, ctx: CommandContext): AwsPart {
  const s = parseOrThrow(secretSubjectSchema, json, ctx.file, 'secretsmanager get-resource-policy output');
  const p = part();
  const o = json as Record<string, unknown>;
  for (const field of ['SecretString', 'SecretBinary']) {
    if (field in o) {
      p.warnings.push(
        `${ctx.file}: contains the value of secret ${s.Name} (${field}); it was dropped and is stored nowhere. The file itself holds a live secret: delete it.`,
      );
    }
  }
  p.resources.push({
    account: ctx.account,
    resource: resource({
      arn: s.ARN,
      type: 'secretsmanager:secret',
      name: s.Name,
      region: splitArn(s.ARN)?.region || ctx.region,
      policy: s.ResourcePolicy,
    }),
  });
  return p;
}

// --- S3 -----------------------------------------------------------------------------------------

const bucketArn = (name: string, region?: string) => `arn:${partitionOf(region)}:s3:::${name}`;

export function parseListBuckets(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listBucketsSchema, json, ctx.file, 's3api list-buckets output');
  return part({
    resources: out.Buckets.map((b) => ({
      account: ctx.account,
      resource: resource({
        arn: bucketArn(b.Name, b.BucketRegion ?? ctx.region),
        type: 's3:bucket',
        name: b.Name,
        region: b.BucketRegion,
        props: { creationDate: b.CreationDate },
      }),
    })),
  });
}

export function parseBucketPolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Policy } = parseOrThrow(policyStringSchema, json, ctx.file, 's3api get-bucket-policy output');
  const name = parameter(ctx, 'Bucket');
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({ arn: bucketArn(name, ctx.region), type: 's3:bucket', name, policy: Policy }),
      },
    ],
  });
}

export function parseBucketNotifications(json: unknown, ctx: CommandContext): AwsPart {
  const n = parseOrThrow(
    bucketNotificationSchema,
    json,
    ctx.file,
    's3api get-bucket-notification-configuration output',
  );
  const name = parameter(ctx, 'Bucket');
  const arn = bucketArn(name, ctx.region);
  const functions = n.LambdaFunctionConfigurations.map((c) => baseFunctionArn(c.LambdaFunctionArn));
  const targets = [
    ...new Set([
      ...functions,
      ...n.QueueConfigurations.map((c) => c.QueueArn),
      ...n.TopicConfigurations.map((c) => c.TopicArn),
    ]),
  ].sort();
  if (n.EventBridgeConfiguration) targets.push('eventbridge');
  const facts: AwsFact[] = [...new Set(functions)].map((functionArn) => ({
    kind: 'trigger',
    functionArn,
    sourceArn: arn,
  }));
  return part({
    facts,
    resources: [
      {
        account: ctx.account,
        resource: resource({ arn, type: 's3:bucket', name, props: { notificationTargets: targets } }),
      },
    ],
  });
}

// --- KMS, SQS, SNS, DynamoDB --------------------------------------------------------------------

export function parseKeyPolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Policy } = parseOrThrow(policyStringSchema, json, ctx.file, 'kms get-key-policy output');
  const keyId = parameter(ctx, 'KeyId');
  if (keyId.startsWith('alias/') || keyId.includes(':alias/')) {
    throw new InputError(
      ctx.envelopeFile ?? ctx.file,
      'parameters.KeyId',
      'expected a key id or key ARN (an alias may later point at another key)',
    );
  }
  let arn = keyId;
  if (!keyId.startsWith('arn:')) {
    const region = need(ctx, 'region', 'the key ARN is built from the key id, account and region');
    arn = `arn:${partitionOf(region)}:kms:${region}:${need(ctx, 'account', 'the key ARN is built from the key id, account and region')}:key/${keyId}`;
  }
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn,
          type: 'kms:key',
          name: arn.split('/').pop()!,
          region: splitArn(arn)?.region,
          policy: Policy,
        }),
      },
    ],
  });
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or any host, as emulators use). */
export function queueArnFromUrl(url: string, ctx: CommandContext): string {
  const m = /^https?:\/\/([^/]+)\/(\d{12})\/([^/?]+)/.exec(url);
  if (!m)
    throw new InputError(
      ctx.envelopeFile ?? ctx.file,
      'parameters.QueueUrl',
      'expected a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/name',
    );
  const region =
    /^sqs\.([a-z0-9-]+)\./.exec(m[1]!)?.[1] ?? need(ctx, 'region', 'the queue URL names no region');
  return `arn:${partitionOf(region)}:sqs:${region}:${m[2]}:${m[3]}`;
}

export function parseAttributes(json: unknown, ctx: CommandContext, service: 'sqs' | 'sns'): AwsPart {
  const what = service === 'sqs' ? 'sqs get-queue-attributes output' : 'sns get-topic-attributes output';
  const { Attributes: a } = parseOrThrow(attributesSchema, json, ctx.file, what);
  let arn: string;
  if (service === 'sqs') arn = a.QueueArn ?? queueArnFromUrl(parameter(ctx, 'QueueUrl'), ctx);
  else if (a.TopicArn) arn = a.TopicArn;
  else if (typeof ctx.parameters.TopicArn === 'string') arn = ctx.parameters.TopicArn;
  else
    throw new InputError(
      ctx.file,
      'Attributes.TopicArn',
      `expected ${what} naming its topic (Attributes.TopicArn)`,
    );
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn,
          type: service === 'sqs' ? 'sqs:queue' : 'sns:topic',
          name: arn.split(':').pop()!,
          region: splitArn(arn)?.region,
          policy: a.Policy,
        }),
      },
    ],
  });
}

export function parseDescribeTable(json: unknown, ctx: CommandContext): AwsPart {
  const { Table: t } = parseOrThrow(describeTableSchema, json, ctx.file, 'dynamodb describe-table output');
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn: t.TableArn,
          type: 'dynamodb:table',
          name: t.TableName,
          region: splitArn(t.TableArn)?.region || ctx.region,
          props: {
            status: t.TableStatus,
            streamArn: t.LatestStreamArn,
            kmsKeyArn: t.SSEDescription?.KMSMasterKeyArn,
          },
        }),
      },
    ],
  });
}

export function parseTablePolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Policy } = parseOrThrow(policyStringSchema, json, ctx.file, 'dynamodb get-resource-policy output');
  const arn = parameter(ctx, 'ResourceArn');
  const stream = arn.includes('/stream/');
  const name = stream ? arn : (arn.split('/')[1] ?? arn);
  return part({
    resources: [
      {
        account: ctx.account,
        resource: resource({
          arn,
          type: stream ? 'dynamodb:stream' : 'dynamodb:table',
          name,
          region: splitArn(arn)?.region,
          policy: Policy,
        }),
      },
    ],
  });
}

// --- IAM console passwords ----------------------------------------------------------------------

export function parseLoginProfile(json: unknown, ctx: CommandContext): AwsPart {
  const { LoginProfile } = parseOrThrow(
    getLoginProfileSchema,
    json,
    ctx.file,
    'iam get-login-profile output',
  );
  return part({
    facts: [{ kind: 'login-profile', userName: LoginProfile.UserName, account: ctx.account, present: true }],
  });
}

/** NoSuchEntity from get-login-profile is an answer: the user has no console password. */
export function noLoginProfile(ctx: CommandContext): AwsPart {
  return part({
    facts: [
      { kind: 'login-profile', userName: parameter(ctx, 'UserName'), account: ctx.account, present: false },
    ],
  });
}
