import type { GraphEdge } from '../../../model/graph.js';
import type { AwsResource } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { ActionIndex, attackEdge, best, decideOn, type Grant } from './common.js';

export type AccessLevel = 'read' | 'write' | 'permissions-management';

/** Highest level first: the edge reports the most the principal can do. */
const ORDER: readonly AccessLevel[] = ['permissions-management', 'write', 'read'];

export const ACCESS_TECHNIQUE: Record<AccessLevel, string> = {
  read: 'aws:data:Read',
  write: 'aws:data:Write',
  'permissions-management': 'aws:data:PermissionsManagement',
};

type Probe = [action: string, resource?: (arn: string) => string];

/**
 * Per crown-jewel resource type, the requests that stand for each access level: reading the data,
 * changing or destroying it, and changing who may access it (which yields the other two).
 */
export const ACCESS_PROBES: Record<string, Record<AccessLevel, Probe[]>> = {
  's3:bucket': {
    read: [['s3:GetObject', (a) => `${a}/*`]],
    write: [['s3:PutObject', (a) => `${a}/*`], ['s3:DeleteObject', (a) => `${a}/*`]],
    'permissions-management': [['s3:PutBucketPolicy'], ['s3:PutBucketAcl']],
  },
  'kms:key': {
    read: [['kms:Decrypt']],
    write: [['kms:ScheduleKeyDeletion'], ['kms:DisableKey']],
    'permissions-management': [['kms:PutKeyPolicy'], ['kms:CreateGrant']],
  },
  'secretsmanager:secret': {
    read: [['secretsmanager:GetSecretValue']],
    write: [['secretsmanager:PutSecretValue'], ['secretsmanager:DeleteSecret']],
    'permissions-management': [['secretsmanager:PutResourcePolicy']],
  },
  'dynamodb:table': {
    read: [['dynamodb:Scan'], ['dynamodb:GetItem'], ['dynamodb:Query']],
    write: [['dynamodb:PutItem'], ['dynamodb:DeleteTable']],
    'permissions-management': [['dynamodb:PutResourcePolicy']],
  },
  'sqs:queue': {
    read: [['sqs:ReceiveMessage']],
    write: [['sqs:SendMessage'], ['sqs:PurgeQueue'], ['sqs:DeleteQueue']],
    'permissions-management': [['sqs:SetQueueAttributes'], ['sqs:AddPermission']],
  },
  'sns:topic': {
    read: [['sns:Subscribe']],
    write: [['sns:Publish'], ['sns:DeleteTopic']],
    'permissions-management': [['sns:SetTopicAttributes'], ['sns:AddPermission']],
  },
  'rds:snapshot': {
    read: [['rds:RestoreDBInstanceFromDBSnapshot'], ['rds:CopyDBSnapshot']],
    write: [['rds:DeleteDBSnapshot']],
    'permissions-management': [['rds:ModifyDBSnapshotAttribute']],
  },
  'rds:cluster-snapshot': {
    read: [['rds:RestoreDBClusterFromSnapshot'], ['rds:CopyDBClusterSnapshot']],
    write: [['rds:DeleteDBClusterSnapshot']],
    'permissions-management': [['rds:ModifyDBClusterSnapshotAttribute']],
  },
};

/**
 * HAS_ACCESS from a principal to the data stores of `account`, at the highest access level it
 * holds. Resource policies count (a bucket policy can grant, a key policy must allow), as do the
 * resource's tags. Cross-account data access is not drawn here.
 */
export function dataAccessEdges(p: AwsPrincipal, account: string, resources: readonly AwsResource[], index: ActionIndex): GraphEdge[] {
  const out: GraphEdge[] = [];
  for (const r of resources) {
    const probes = ACCESS_PROBES[r.type];
    if (!probes) continue;
    for (const level of ORDER) {
      const candidates = probes[level].filter(([action]) => index.may(p, action) || r.policy !== undefined);
      const options = candidates.map(([action, on]) => {
        const resource = on ? on(r.arn) : r.arn;
        return { grants: [{ action, resource, decision: decideOn(p, action, r, account, resource) }] as Grant[] };
      });
      const chosen = best(options);
      if (!chosen) continue;
      out.push(
        attackEdge({
          kind: 'HAS_ACCESS',
          technique: ACCESS_TECHNIQUE[level],
          source: p.arn,
          target: r.arn,
          summary: `${level} access to ${r.type} ${r.name}`,
          grants: chosen.grants,
        }),
      );
      break;
    }
  }
  return out;
}
