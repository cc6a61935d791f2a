import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { email, hierarchy, key, policy, PROD, saPolicy, serviceAccount } from './fixtures/cai.js';

/** A seeded private key: it must appear in no output and no stored file. */
const SECRET = 'SEEDED-leakpath-gcp-private-key-7f3a9c';
const KEY_ID = '3f1e5c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f';
const DISABLED_KEY_ID = '0000aaaa1111bbbb2222cccc3333dddd4444eeee';
const LEAKED = email('ci');
const ADMIN = email('admin');

function keyFile(dir: string, name: string, keyId: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ type: 'service_account', project_id: 'prod', private_key_id: keyId, private_key: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`, client_email: LEAKED, client_id: '1', token_uri: 'https://oauth2.googleapis.com/token' }));
  return file;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe('leakpath ingest <Cloud Asset export dir> && blast --key-file (built CLI)', () => {
  const dir = tempDir();
  const store = path.join(dir, 'store');
  const outputs: string[] = [];
  const run = (args: string[]) => {
    const r = leakpath(['--store', store, ...args]);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(() => {
    mkdirSync(path.join(dir, 'export'));
    const lines = [
      ...hierarchy(),
      serviceAccount(LEAKED),
      serviceAccount(ADMIN),
      key(LEAKED, KEY_ID),
      key(LEAKED, DISABLED_KEY_ID, PROD, { disabled: true }),
      saPolicy(ADMIN, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${LEAKED}`] }]),
      policy(PROD, [{ role: 'roles/owner', members: [`serviceAccount:${ADMIN}`] }]),
    ];
    writeFileSync(path.join(dir, 'export/assets.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = run(['ingest', path.join(dir, 'export')]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('reports the chain with technique names and evidence, tier zero included', () => {
    const r = run(['blast', '--key-file', keyFile(dir, 'sa-key.json', KEY_ID), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { credential: { id: string }; tierZero: boolean; crownJewels: { id: string; path: { technique: string; evidence: { summary: string } }[] }[] };
    expect(out.credential.id).toBe(`gcp:sa-key:${KEY_ID}`);
    expect(out.tierZero).toBe(true);
    const admin = out.crownJewels.find((j) => j.id === `gcp:sa:${ADMIN}`);
    expect(admin?.path.map((p) => p.technique)).toEqual(['gcp:iam:ServiceAccountKey', 'gcp:iam:serviceAccounts.getAccessToken']);
    expect(admin?.path[1]?.evidence.summary).toContain('roles/iam.serviceAccountTokenCreator');
  });

  it('finds the key by key id and by client_email:key id', () => {
    for (const q of [KEY_ID, `${LEAKED}:${KEY_ID}`]) {
      const r = run(['blast', q, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { credential: { id: string } }).credential.id).toBe(`gcp:sa-key:${KEY_ID}`);
    }
  });

  it('negative: a disabled key reaches nothing', () => {
    const r = run(['blast', '--key-file', keyFile(dir, 'old-key.json', DISABLED_KEY_ID), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { tierZero: boolean; crownJewels: unknown[]; startIdentities: unknown[] };
    expect(out.tierZero).toBe(false);
    expect(out.crownJewels).toEqual([]);
  });

  it('a key file that is not one, or a key not in the inventory: exit 2 without quoting the file', () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, `{"private_key": "${SECRET}`);
    expect(run(['blast', '--key-file', broken]).code).toBe(2);
    const unknown = run(['blast', '--key-file', keyFile(dir, 'unknown.json', 'ab'.repeat(20))]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`gcp:sa:${LEAKED}`);
    // A key file ingested by mistake is refused, and not echoed.
    expect(run(['ingest', path.join(dir, 'sa-key.json')]).code).toBe(2);
  });

  it('the private key is in no output and no stored file', () => {
    for (const o of outputs) expect(o).not.toContain(SECRET);
    for (const f of allFiles(store)) expect(readFileSync(f, 'utf8'), f).not.toContain(SECRET);
  });
});
