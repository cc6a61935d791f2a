/**
 * Deterministic generator of policy/request cases for the differential test against
 * @cloud-copilot/iam-simulate. Everything is drawn from a seeded PRNG, so a case number and a seed
 * reproduce a case exactly. Value domains are small on purpose: generated patterns, conditions and
 * principals then match the request often enough to exercise both outcomes.
 */

export const A = '111111111111';
export const B = '222222222222';
export const MGMT = '999999999999';
export const ROOT = 'r-root';
export const OU = 'ou-root-team';

export type Json = Record<string, unknown>;

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Rng = ReturnType<typeof prng>;

/** An action with a resource it applies to; `{acct}` is replaced with the resource's account. */
interface ActionSpec {
  action: string;
  resource: string;
  /** The service keeps a resource policy for this resource (bucket, queue, secret, key, role trust). */
  resourcePolicy: boolean;
}

const ACTIONS: ActionSpec[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::data-bucket/reports/q1.csv', resourcePolicy: true },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::data-bucket/alice/notes.txt', resourcePolicy: true },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::data-bucket', resourcePolicy: true },
  { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:{acct}:jobs', resourcePolicy: true },
  { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:{acct}:secret:db-AbCdEf', resourcePolicy: true },
  { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:{acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab', resourcePolicy: true },
  { action: 'sts:AssumeRole', resource: 'arn:aws:iam::{acct}:role/target', resourcePolicy: true },
  { action: 'lambda:InvokeFunction', resource: 'arn:aws:lambda:us-east-1:{acct}:function:worker', resourcePolicy: true },
  { action: 'iam:PassRole', resource: 'arn:aws:iam::{acct}:role/app/runner', resourcePolicy: false },
  { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::{acct}:user/alice', resourcePolicy: false },
  { action: 'ec2:TerminateInstances', resource: 'arn:aws:ec2:eu-west-1:{acct}:instance/i-0abc', resourcePolicy: false },
  { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:{acct}:table/Users', resourcePolicy: false },
];

function actionPatterns(rng: Rng, action: string): string {
  const [svc, name] = action.split(':') as [string, string];
  const other = rng.pick(ACTIONS).action;
  return rng.pick([
    action,
    action,
    `${svc}:*`,
    `${svc}:${name.slice(0, 3)}*`,
    `${svc}:${name.slice(0, -1)}?`,
    `${svc.toUpperCase()}:${name.toLowerCase()}`,
    '*',
    `${svc}:*${name.slice(-4)}`,
    other,
    `${svc}:Describe*`,
  ]);
}

/**
 * `short`: ARNs with fewer than six fields. AWS refuses them in RCPs when the policy is written,
 * so RCPs never carry them (iam-simulate treats them as matching nothing there).
 */
function resourcePatterns(rng: Rng, resource: string, short = true): string {
  const parts = resource.split(':');
  const tail = parts.slice(5).join(':');
  const head = parts.slice(0, 5).join(':');
  const cut = tail.includes('/') ? tail.slice(0, tail.lastIndexOf('/') + 1) : tail.slice(0, Math.max(1, tail.length - 3));
  return rng.pick([
    '*',
    resource,
    resource,
    `${head}:${cut}*`,
    `${head}:*`,
    `${parts.slice(0, 4).join(':')}:*:${tail}`,
    ...(short ? [`arn:aws:${parts[2]}:*`] : []),
    `${head}:${tail.replace(/[a-z]$/, '?')}`,
    resource.toUpperCase(),
    `${head}:${cut}\${aws:username}*`,
    `${head}:${cut}\${aws:PrincipalTag/team}*`,
    'arn:aws:s3:::other-bucket/*',
    `arn:aws:iam::${B}:role/*`,
  ]);
}

type KeyKind = 'string' | 'multi' | 'ip' | 'date' | 'number' | 'bool' | 'arn' | 'binary';

interface KeySpec {
  key: string;
  kind: KeyKind;
  /** Values the request may carry. */
  values: string[];
  /** Whether the principal decides it (then the generator sets it from the principal). */
  fromPrincipal?: boolean;
}

export const KEYS: KeySpec[] = [
  { key: 'aws:PrincipalTag/team', kind: 'string', values: ['ops', 'dev', 'Ops'], fromPrincipal: true },
  { key: 'aws:RequestedRegion', kind: 'string', values: ['us-east-1', 'eu-west-1'] },
  { key: 'aws:ResourceTag/env', kind: 'string', values: ['prod', 'dev'] },
  { key: 'sts:ExternalId', kind: 'string', values: ['x-123', 'x-999'] },
  { key: 'aws:TagKeys', kind: 'multi', values: ['env', 'team', 'owner'] },
  { key: 'aws:SourceIp', kind: 'ip', values: ['10.1.2.3', '192.0.2.10', '2001:db8::1'] },
  { key: 'aws:CurrentTime', kind: 'date', values: ['2025-06-01T12:00:00Z', '2030-01-01T00:00:00Z'] },
  { key: 'aws:EpochTime', kind: 'number', values: ['1700000000', '1900000000'] },
  { key: 'aws:MultiFactorAuthAge', kind: 'number', values: ['30', '7200'] },
  { key: 'aws:MultiFactorAuthPresent', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:SecureTransport', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:SourceArn', kind: 'arn', values: [`arn:aws:lambda:us-east-1:${A}:function:worker`, `arn:aws:s3:::data-bucket`] },
  { key: 'aws:SourceAccount', kind: 'string', values: [A, B] },
  { key: 'aws:PrincipalTag/blob', kind: 'binary', values: ['QmluYXJ5', 'b3RoZXI='], fromPrincipal: true },
];

const OPERATORS: Record<KeyKind, string[]> = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  multi: ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'],
  ip: ['IpAddress', 'NotIpAddress'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  number: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  bool: ['Bool'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  binary: ['BinaryEquals'],
};

function conditionValue(rng: Rng, spec: KeySpec, op: string): string {
  const v = rng.pick(spec.values);
  switch (spec.kind) {
    case 'ip':
      return rng.pick(['10.0.0.0/8', '192.0.2.0/24', '2001:db8::/32', v, '203.0.113.0/24']);
    case 'date':
      return rng.pick(['2026-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '1800000000', v]);
    case 'number':
      return rng.pick(['3600', '30', '1800000000', '30.5', v]);
    case 'arn':
      return rng.pick([v, `arn:aws:lambda:*:${A}:function:*`, `arn:aws:s3:::data-*`, `arn:aws:lambda:us-east-1:${B}:function:worker`]);
    case 'string':
    case 'multi':
      if (rng.chance(0.1) && op.startsWith('String')) return '${aws:PrincipalTag/team}';
      if (op.includes('Like')) return rng.pick([`${v.slice(0, 2)}*`, `${v.slice(0, -1)}?`, v, '*']);
      return v;
    default:
      return v;
  }
}

function condition(rng: Rng): Json {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (let i = 0, n = 1 + rng.int(2); i < n; i++) {
    const spec = rng.pick(KEYS);
    let op: string;
    if (rng.chance(0.08)) {
      op = 'Null';
      (out[op] ??= {})[spec.key] = rng.pick(['true', 'false']);
      continue;
    }
    op = rng.pick(OPERATORS[spec.kind]);
    if (spec.kind === 'multi') op = `${rng.pick(['ForAllValues', 'ForAnyValue'])}:${op}`;
    if (rng.chance(0.2)) op += 'IfExists';
    const values = Array.from({ length: 1 + rng.int(2) }, () => conditionValue(rng, spec, op));
    (out[op] ??= {})[spec.key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

const oneOrTwo = <T>(rng: Rng, f: () => T): T | T[] => (rng.chance(0.7) ? f() : [f(), f()]);

function statement(rng: Rng, req: { action: string; resource: string }, opts: { principal?: () => Json; denyBias?: number; resource?: boolean; shortArns?: boolean } = {}): Json {
  const s: Json = { Effect: rng.chance(opts.denyBias ?? 0.3) ? 'Deny' : 'Allow' };
  s[rng.chance(0.15) ? 'NotAction' : 'Action'] = oneOrTwo(rng, () => actionPatterns(rng, req.action));
  if (opts.resource !== false) s[rng.chance(0.12) ? 'NotResource' : 'Resource'] = oneOrTwo(rng, () => resourcePatterns(rng, req.resource, opts.shortArns ?? true));
  if (opts.principal) Object.assign(s, opts.principal());
  if (rng.chance(0.4)) s.Condition = condition(rng);
  return s;
}

const policy = (statements: Json[]) => ({ Version: '2012-10-17', Statement: statements });
const many = (rng: Rng, max: number, f: () => Json) => Array.from({ length: 1 + rng.int(max) }, f);

export const FULL_ACCESS = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);

export interface Case {
  n: number;
  principal: { type: 'user' | 'role'; arn: string; sessionArn?: string; sessionName?: string };
  action: string;
  resource: string;
  resourceAccount: string;
  identity: Json[];
  boundary?: Json;
  scps?: { target: string; policies: Json[] }[];
  rcps?: { target: string; policies: Json[] }[];
  resourcePolicy?: Json;
  /** Every condition key of the request: present with values, or absent (not listed). */
  context: Record<string, string | string[]>;
  tags: Record<string, string>;
}

function resourcePrincipal(rng: Rng, c: Pick<Case, 'principal'>): Json {
  const p = c.principal;
  const session = p.sessionArn ?? `arn:aws:sts::${A}:assumed-role/target/s1`;
  const value = () =>
    rng.pick([
      A,
      `arn:aws:iam::${A}:root`,
      p.arn,
      p.arn,
      session,
      `arn:aws:sts::${A}:assumed-role/${p.arn.split('/').pop()}/other-session`,
      `arn:aws:iam::${A}:user/bob`,
      `arn:aws:iam::${B}:root`,
      B,
    ]);
  const block = (): Json | '*' =>
    rng.pick<Json | '*'>(['*', { AWS: '*' }, { AWS: oneOrTwo(rng, value) }, { AWS: oneOrTwo(rng, value) }, { AWS: oneOrTwo(rng, value) }, { Service: 'ec2.amazonaws.com' }]);
  return rng.chance(0.1) ? { NotPrincipal: block() } : { Principal: block() };
}

export function generateCase(seed: number, n: number): Case {
  const rng = prng(seed * 1_000_003 + n);
  const spec = rng.pick(ACTIONS);
  const resourceAccount = rng.chance(0.7) ? A : B;
  const resource = spec.resource.replace('{acct}', resourceAccount);
  const req = { action: spec.action, resource };
  const principal: Case['principal'] = rng.chance(0.55)
    ? { type: 'user', arn: `arn:aws:iam::${A}:user/alice` }
    : { type: 'role', arn: `arn:aws:iam::${A}:role/app/runner`, sessionArn: `arn:aws:sts::${A}:assumed-role/runner/s1`, sessionName: 's1' };

  const tags: Record<string, string> = {};
  if (rng.chance(0.6)) tags.team = rng.pick(['ops', 'dev', 'Ops']);
  if (rng.chance(0.3)) tags.blob = rng.pick(['QmluYXJ5', 'b3RoZXI=']);

  const context: Record<string, string | string[]> = {};
  for (const k of KEYS) {
    if (k.fromPrincipal) continue;
    if (rng.chance(0.3)) continue;
    // A multivalued key with no values is absent from a real request, so it is left out.
    const values = k.kind === 'multi' ? k.values.filter(() => rng.chance(0.5)) : [rng.pick(k.values)];
    if (values.length > 0) context[k.key] = k.kind === 'multi' ? values : values[0]!;
  }
  for (const [k, v] of Object.entries(tags)) context[`aws:PrincipalTag/${k}`] = v;

  const c: Case = { n, principal, action: spec.action, resource, resourceAccount, identity: [], context, tags };
  c.identity = many(rng, 2, () => policy(many(rng, 3, () => statement(rng, req, { denyBias: 0.2 }))));
  if (rng.chance(0.3)) c.boundary = policy(many(rng, 2, () => statement(rng, req, { denyBias: 0.15 })));
  if (rng.chance(0.3)) {
    const level = (target: string) => ({
      target,
      policies: [...(rng.chance(0.8) ? [FULL_ACCESS] : []), ...(rng.chance(0.5) ? [policy(many(rng, 2, () => statement(rng, req, { denyBias: 0.6 })))] : [])],
    });
    c.scps = [level(ROOT), level(OU), level(A)].map((l) => (l.policies.length ? l : { ...l, policies: [FULL_ACCESS] }));
  }
  if (rng.chance(0.2)) {
    const star = () => ({ Principal: '*' });
    c.rcps = [ROOT, OU, resourceAccount].map((target) => ({
      target,
      policies: rng.chance(0.6) ? [policy(many(rng, 2, () => statement(rng, req, { denyBias: 1, principal: star, shortArns: false })))] : [],
    }));
  }
  // A role always has a trust policy and a key always has a key policy; other resources may have none.
  const alwaysHasPolicy = spec.action === 'sts:AssumeRole' || spec.action.startsWith('kms:');
  if (spec.resourcePolicy && (alwaysHasPolicy || rng.chance(0.6))) {
    const trust = spec.action === 'sts:AssumeRole';
    c.resourcePolicy = policy(many(rng, 3, () => statement(rng, req, { principal: () => resourcePrincipal(rng, c), denyBias: 0.25, resource: !trust })));
  }
  return c;
}
