import { analyse } from '../../src/analysis/index.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { SNAPSHOT_SCHEMA_VERSION, type RunRecord, type Snapshot } from '../../src/store/snapshot.js';
import { accessKeys, ADMIN, allow, doc, gaad, role, trustAws, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';

export const A = '111111111111';
export const AT = '2026-01-01T00:00:00.000Z';

/** A snapshot of in-memory exports, judged as of `at`. */
export function snapshotOf(files: Record<string, unknown>, options: { id?: string; at?: string; run?: Partial<RunRecord> } = {}): Snapshot {
  const read = readInputsFromJson(files);
  const { graph } = analyse(read.inventories);
  return withGraph(graph, read.inventories, options);
}

export function withGraph(graph: AttackGraph, inventories: Snapshot['inventories'], options: { id?: string; at?: string; run?: Partial<RunRecord> } = {}): Snapshot {
  const at = options.at ?? AT;
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: options.id ?? `snap-${at}`,
    createdAt: at,
    run: { kind: 'snapshot', startedAt: at, finishedAt: at, analysedAt: at, sources: [], warnings: [], ...options.run },
    inventories,
    graph,
  };
}

const keysOf = (userName: string, ...keys: { id: string; created: string; status?: 'Active' | 'Inactive' }[]) => {
  const out = accessKeys(userName, ...keys.map((k) => ({ id: k.id, ...(k.status ? { status: k.status } : {}) })));
  out.AccessKeyMetadata.forEach((m, i) => (m.CreateDate = keys[i]!.created));
  return { leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: A, output: out };
};

export const OLD_KEY = 'AKIAOLDOLDOLDOLDOLD1';
export const NEW_KEY = 'AKIANEWNEWNEWNEWNEW2';
export const APP_KEY = 'AKIAAPPAPPAPPAPPAPP3';

const oidcTrust = (sub?: string) =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      ...(sub ? { StringLike: { 'token.actions.githubusercontent.com:sub': sub } } : {}),
    },
  });

/**
 * Before: `ci` is an administrator with a key from 2024; `deployer` trusts every GitHub
 * repository (no subject condition). After: `ci` lost admin and its old key for a fresh one,
 * `deployer` trusts one repository's main branch.
 */
export function estateBefore(): Record<string, unknown> {
  return {
    'gaad.json': gaad({
      users: [user(A, 'ci', { attached: [ADMIN] }), user(A, 'app', { inline: { p: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')) } })],
      roles: [role(A, 'deployer', oidcTrust(), { inline: { p: doc(allow('s3:PutObject', '*')) } }), role(A, 'ops', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN] })],
    }),
    'keys-ci.json': keysOf('ci', { id: OLD_KEY, created: '2024-06-02T09:00:00Z' }),
    'keys-app.json': keysOf('app', { id: APP_KEY, created: '2025-12-20T09:00:00Z' }),
  };
}

export function estateAfter(): Record<string, unknown> {
  return {
    'gaad.json': gaad({
      users: [user(A, 'ci', { inline: { p: doc(allow('s3:ListBucket', '*')) } }), user(A, 'app', { inline: { p: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')) } })],
      roles: [role(A, 'deployer', oidcTrust('repo:acme/site:ref:refs/heads/main'), { inline: { p: doc(allow('s3:PutObject', '*')) } }), role(A, 'ops', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN] })],
    }),
    'keys-ci.json': keysOf('ci', { id: NEW_KEY, created: '2025-12-25T09:00:00Z' }),
    'keys-app.json': keysOf('app', { id: APP_KEY, created: '2025-12-20T09:00:00Z' }),
  };
}
