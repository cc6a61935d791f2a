import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { analyseUnused } from '../../src/analysis/unused/index.js';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { parseDocuments, readDocuments } from '../../src/ingest/read-inputs.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';

/** IAM users' console passwords: PasswordLastUsed from list-users / get-user, judged with get-login-profile. */

const AT = new Date('2025-07-01T00:00:00Z');
const A = '123456789012';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/usage');
const ESTATE = path.resolve(import.meta.dirname, '../../examples/unused-estate');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const usageOf = (files: Record<string, unknown>) => readInputsFromJson(files).inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
const user = (name: string, passwordLastUsed?: string) => ({ Path: '/', UserName: name, UserId: `AIDA${name.toUpperCase().replace(/-/g, '')}EXAMPLE`, Arn: `arn:aws:iam::${A}:user/${name}`, CreateDate: '2023-01-01T00:00:00Z', ...(passwordLastUsed ? { PasswordLastUsed: passwordLastUsed } : {}) });
const loginProfile = (name: string, present: boolean) => ({
  leakpath: 'aws-cli/1',
  command: 'iam get-login-profile',
  parameters: { UserName: name },
  account: A,
  ...(present ? { output: { LoginProfile: { UserName: name, CreateDate: '2023-01-02T00:00:00Z', PasswordResetRequired: false } } } : { error: { code: 'NoSuchEntity', message: `Login Profile for User ${name} cannot be found.` } }),
});

describe('aws iam list-users / get-user', () => {
  it('the CLI reference examples: recognised by shape, one console password per user, none used', () => {
    const u = usageOf({ 'users.json': fixture('aws-list-users.json') });
    expect(u.credentials.map((c) => [c.nodeId, c.lastUsed, c.source.kind])).toEqual([
      ['aws:console-password:arn:aws:iam::123456789012:user/Adele', undefined, 'aws-list-users'],
      ['aws:console-password:arn:aws:iam::123456789012:user/Bob', undefined, 'aws-list-users'],
    ]);
    expect(usageOf({ 'bob.json': fixture('aws-get-user.json') }).credentials.map((c) => c.nodeId)).toEqual(['aws:console-password:arn:aws:iam::123456789012:user/Bob']);
  });

  it('PasswordLastUsed is the password\'s last use; the aws-cli/1 envelope is read too', () => {
    const listed = { Users: [user('ops', '2025-06-30T09:00:00Z')] };
    expect(usageOf({ 'users.json': listed }).credentials[0]).toMatchObject({ subject: { provider: 'aws', arn: `arn:aws:iam::${A}:user/ops` }, lastUsed: '2025-06-30T09:00:00.000Z' });
    const env = { leakpath: 'aws-cli/1', command: 'iam list-users', parameters: {}, account: A, output: listed };
    expect(usageOf({ 'env.json': env }).credentials[0]!.lastUsed).toBe('2025-06-30T09:00:00.000Z');
  });

  it('a PasswordLastUsed that is not a time, or a user ARN that is not one, is an input error naming the record', () => {
    expect(inputError({ 'users.json': { Users: [user('ops', 'last week')] } }).message).toMatch(/users\.json: at Users\[0\]\.PasswordLastUsed: expected an `aws iam list-users` output: an ISO 8601 time/);
    expect(inputError({ 'users.json': { Users: [{ ...user('ops'), Arn: 'arn:aws:iam::123456789012:role/ops' }] } }).message).toMatch(/at Users\[0\]\.Arn: .*the ARN of an IAM user/);
  });
});

describe('console passwords in leakpath unused', async () => {
  const estate = await readDocuments([ESTATE]);
  const run = async (extra: { file: string; json: unknown }[]) => {
    const read = parseDocuments([...estate, ...extra]);
    return analyseUnused(read.inventories, analyse(read.inventories, { at: AT }).graph, { crownJewels: [] }, { at: AT });
  };

  it('a password unused for 90+ days is stale, one with no PasswordLastUsed that get-login-profile shows exists was never used', async () => {
    const r = await run([
      { file: 'users.json', json: { Users: [user('ci-deploy', '2025-01-15T08:00:00Z'), user('reports-bot')] } },
      { file: 'lp-ci.json', json: loginProfile('ci-deploy', true) },
      { file: 'lp-reports.json', json: loginProfile('reports-bot', true) },
    ]);
    const passwords = r.credentials.filter((c) => c.type === 'aws:console-password');
    expect(passwords.map((c) => [c.id, c.name, c.owner, c.state, c.lastUsed, c.source])).toEqual([
      [`aws:console-password:arn:aws:iam::${A}:user/ci-deploy`, 'ci-deploy console password', 'ci-deploy', 'stale', '2025-01-15T08:00:00.000Z', 'aws-list-users'],
      [`aws:console-password:arn:aws:iam::${A}:user/reports-bot`, 'reports-bot console password', 'reports-bot', 'never-used', undefined, 'aws-list-users'],
    ]);
    expect(r.summary).toMatchObject({ credentialsStale: expect.any(Number), credentialsNeverUsed: expect.any(Number) });
    expect(r.summary.credentialsNeverUsed).toBeGreaterThanOrEqual(1);
  });

  it('a password used in the window is used; a user with no password, or of unknown password, gets no finding without a use', async () => {
    const r = await run([
      { file: 'users.json', json: { Users: [user('ci-deploy', '2025-06-20T08:00:00Z'), user('reports-bot')] } },
      { file: 'lp-reports.json', json: loginProfile('reports-bot', false) },
    ]);
    expect(r.credentials.filter((c) => c.type === 'aws:console-password').map((c) => [c.owner, c.state])).toEqual([['ci-deploy', 'used']]);
    const unknown = await run([{ file: 'users.json', json: { Users: [user('reports-bot')] } }]);
    expect(unknown.credentials.filter((c) => c.type === 'aws:console-password')).toEqual([]);
  });

  it('a deleted password (NoSuchEntity) that was once used is not reported', async () => {
    const r = await run([
      { file: 'users.json', json: { Users: [user('reports-bot', '2024-01-01T00:00:00Z')] } },
      { file: 'lp-reports.json', json: loginProfile('reports-bot', false) },
    ]);
    expect(r.credentials.filter((c) => c.type === 'aws:console-password')).toEqual([]);
  });
});
