import type { GraphEdge } from '../../../model/graph.js';
import type { AwsResource, PolicyDocument } from '../../../model/inventory/index.js';
import { secretLocationId } from '../../../build/aws.js';
import type { AwsPrincipal } from '../principals.js';
import { authorize } from '../policy/authorize.js';
import { ActionIndex, attackEdge, best, decideOn, type Grant } from './common.js';

interface SecretRead {
  technique: string;
  type: string;
  /** Any one of these reads the location's content. */
  anyOf: string[];
  what: string;
}

export const SECRET_READS: readonly SecretRead[] = [
  { technique: 'aws:secretsmanager:GetSecretValue', type: 'secretsmanager:secret', anyOf: ['secretsmanager:GetSecretValue'], what: 'reads the secret value' },
  { technique: 'aws:ssm:GetParameter', type: 'ssm:parameter', anyOf: ['ssm:GetParameter', 'ssm:GetParameters'], what: 'reads the parameter with decryption' },
  { technique: 'aws:lambda:GetFunctionConfiguration', type: 'lambda:function', anyOf: ['lambda:GetFunctionConfiguration', 'lambda:GetFunction'], what: 'reads the function\'s environment variables' },
  { technique: 'aws:codebuild:BatchGetProjects', type: 'codebuild:project', anyOf: ['codebuild:BatchGetProjects'], what: 'reads the project\'s plaintext environment variables' },
  { technique: 'aws:ec2:DescribeInstanceAttribute', type: 'ec2:instance', anyOf: ['ec2:DescribeInstanceAttribute'], what: 'reads the user data' },
];

/** A customer KMS key named by ARN must also let the caller decrypt; other key ids are assumed usable. */
function kmsGrant(p: AwsPrincipal, account: string, r: AwsResource, resources: readonly AwsResource[]): { grants: Grant[]; assumptions: string[] } {
  const key = r.props.kmsKeyId ?? r.props.kmsKeyArn;
  if (typeof key !== 'string' || key === '' || /alias\/aws\//.test(key)) return { grants: [], assumptions: [] };
  if (!/^arn:aws[\w-]*:kms:.*:key\//.test(key)) return { grants: [], assumptions: [`the KMS key ${key} is assumed to let the caller decrypt (it is not named by key ARN)`] };
  const listed = resources.find((k) => k.type === 'kms:key' && k.arn === key);
  // An unlisted key is judged in the account its ARN names; its tags are unknown, so none are given.
  const decision = listed ? decideOn(p, 'kms:Decrypt', listed, account) : authorize({ principal: p, action: 'kms:Decrypt', resource: key });
  return { grants: [{ action: 'kms:Decrypt', resource: key, decision }], assumptions: [] };
}

/** The whole resource policy a rewrite leaves: the caller, allowed the actions, and nothing else. */
const grantingOnly = (p: AwsPrincipal, actions: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: p.arn }, Action: actions, Resource: '*' }],
});

/**
 * A secret's read through rewriting its resource policy (and, for a customer key the caller may
 * not use, the key policy): the read is judged under the policies the caller would put, so an
 * identity-policy, boundary or SCP Deny still stops it. Groups cannot be named in a policy.
 */
function readByRewrite(p: AwsPrincipal, account: string, r: AwsResource, resources: readonly AwsResource[], index: ActionIndex): GraphEdge | undefined {
  if (r.type !== 'secretsmanager:secret' || p.arn.includes(':group/') || !index.may(p, 'secretsmanager:PutResourcePolicy')) return undefined;
  const put: Grant = { action: 'secretsmanager:PutResourcePolicy', resource: r.arn, decision: decideOn(p, 'secretsmanager:PutResourcePolicy', r, account) };
  const rewritten = { ...r, policy: grantingOnly(p, ['secretsmanager:GetSecretValue']) };
  const read: Grant = { action: 'secretsmanager:GetSecretValue (after the rewrite)', resource: r.arn, decision: decideOn(p, 'secretsmanager:GetSecretValue', rewritten, account) };
  const kms = kmsGrant(p, account, r, resources);
  let grants = [put, read, ...kms.grants];
  const summary = [`rewrites the resource policy of ${r.name} to let itself read the value`];
  if (!best([{ grants }]) && kms.grants.length > 0) {
    const key = resources.find((k) => k.type === 'kms:key' && k.arn === kms.grants[0]!.resource);
    if (!key || !index.may(p, 'kms:PutKeyPolicy')) return undefined;
    // The key policy lockout check refuses a policy that would stop the caller from changing it again.
    const keyPolicy = { ...key, policy: grantingOnly(p, ['kms:Decrypt', 'kms:PutKeyPolicy']) };
    grants = [put, read, { action: 'kms:PutKeyPolicy', resource: key.arn, decision: decideOn(p, 'kms:PutKeyPolicy', key, account) }, { action: 'kms:Decrypt (after the rewrite)', resource: key.arn, decision: decideOn(p, 'kms:Decrypt', keyPolicy, account) }];
    summary.push(`and the key policy of ${key.name} to let itself decrypt it`);
  }
  if (!best([{ grants }])) return undefined;
  return attackEdge({
    kind: 'CAN_READ',
    technique: 'aws:secretsmanager:PutResourcePolicy',
    source: p.arn,
    target: r.arn,
    summary: summary.join(' '),
    grants,
    assumptions: [...kms.assumptions, 'the rewrite replaces the whole policy: every grant it held is lost until restored'],
  });
}

/**
 * CAN_READ from a principal to the places in `account` where credentials live. The resource
 * policy counts (decideOn); a secret encrypted with a customer key also needs kms:Decrypt on it.
 */
export function secretReadEdges(p: AwsPrincipal, account: string, resources: readonly AwsResource[], index: ActionIndex): GraphEdge[] {
  const out: GraphEdge[] = [];
  const readable = new Set<string>();
  for (const t of SECRET_READS) {
    if (!t.anyOf.some((a) => index.may(p, a))) continue;
    for (const r of resources) {
      if (r.type !== t.type) continue;
      const location = secretLocationId(r);
      if (!location) continue;
      const read = best(t.anyOf.map((action) => ({ grants: [{ action, resource: r.arn, decision: decideOn(p, action, r, account) }] })));
      if (!read) continue;
      const kms = kmsGrant(p, account, r, resources);
      const all = [...read.grants, ...kms.grants];
      if (!best([{ grants: all }])) continue;
      readable.add(r.arn);
      out.push(
        attackEdge({
          kind: 'CAN_READ',
          technique: t.technique,
          source: p.arn,
          target: location,
          summary: `${t.what} of ${r.name}`,
          grants: all,
          assumptions: kms.assumptions,
        }),
      );
    }
  }
  // Worth stating only where the caller cannot read the secret as it stands.
  for (const r of resources) {
    if (readable.has(r.arn)) continue;
    const e = readByRewrite(p, account, r, resources, index);
    if (e) out.push(e);
  }
  return out;
}
