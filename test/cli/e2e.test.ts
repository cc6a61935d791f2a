import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessKeys, allow, doc, gaad, role, trustAws, user, ADMIN } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { exportedSnapshot } from '../helpers/snapshot.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'examples/demo-estate');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs/blast.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

const A = '111111111111';
const B = '222222222222';
const KEY = 'AKIAAAAAAAAAAAAAAAAA';

/** A two-account estate: key → ci user → (cross account) deployer → admin. */
function writeEstate(dir: string) {
  writeFileSync(
    path.join(dir, 'a-gaad.json'),
    JSON.stringify(gaad({ users: [user(A, 'ci', { inline: { p: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/deployer`)) } })] })),
  );
  writeFileSync(
    path.join(dir, 'b-gaad.json'),
    JSON.stringify(
      gaad({
        roles: [
          role(B, 'deployer', trustAws(`arn:aws:iam::${A}:root`), { inline: { p: doc(allow('sts:AssumeRole', '*')) } }),
          role(B, 'admin', trustAws(`arn:aws:iam::${B}:role/deployer`), { attached: [ADMIN] }),
        ],
      }),
    ),
  );
  writeFileSync(path.join(dir, 'a-keys.json'), JSON.stringify({ leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: A, output: accessKeys('ci', { id: KEY }) }));
}

describe('CLI end to end', () => {
  let estate: string;
  let store: string;
  beforeAll(() => {
    estate = tempDir();
    store = tempDir();
    writeEstate(estate);
    const r = leakpath(['--store', store, 'ingest', estate]);
    expect(r.stderr).toBe(r.code === 0 ? r.stderr : '');
    expect(r.code).toBe(0);
  });

  it('ingest then blast --format json follows the public schema and shows the path with evidence', () => {
    const r = leakpath(['--store', store, 'blast', KEY, '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.tierZero).toBe(true);
    expect(result.credential).toMatchObject({ id: `aws:access-key:${KEY}`, owner: `arn:aws:iam::${A}:user/ci`, status: 'Active' });
    expect(result.startIdentities.map((s: { id: string }) => s.id)).toEqual([`arn:aws:iam::${A}:user/ci`]);
    const admin = result.crownJewels.find((j: { id: string }) => j.id === `arn:aws:iam::${B}:role/admin`);
    expect(admin.hops).toBe(3);
    expect(admin.path.map((s: { technique: string }) => s.technique)).toEqual(['aws:iam:AccessKey', 'aws:sts:AssumeRole', 'aws:sts:AssumeRole']);
    expect(admin.path[1].evidence.refs.map((x: { type: string }) => x.type)).toEqual(['trust-policy', 'identity-policy']);
    expect(result.risk.level).toBe('critical');
  });

  it('blast accepts the credential node id and prints readable text by default', () => {
    const r = leakpath(['--store', store, 'blast', `aws:access-key:${KEY}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tier zero reachable: YES');
    expect(r.stdout).toContain('─CAN_ASSUME [aws:sts:AssumeRole]→ admin');
    expect(r.stdout).toContain('evidence: trust-policy');
  });

  it('paths and who-can-reach answer from the same snapshot', () => {
    const paths = JSON.parse(leakpath(['--store', store, 'paths', '--from', KEY, '--to', `arn:aws:iam::${B}:role/admin`, '--format', 'json']).stdout);
    expect(paths.paths).toHaveLength(1);
    expect(paths.paths[0].hops).toBe(3);
    const who = JSON.parse(leakpath(['--store', store, 'who-can-reach', `arn:aws:iam::${B}:role/admin`, '--format', 'json']).stdout);
    expect(who.credentials.map((c: { id: string }) => c.id)).toEqual([`aws:access-key:${KEY}`]);
    expect(leakpath(['--store', store, 'paths', '--from', KEY, '--to', `arn:aws:iam::${B}:role/admin`, '--max-hops', '2', '--format', 'json']).stdout).toContain('"paths": []');
  });

  it('a --fail-on threshold turns findings into exit code 1', () => {
    expect(leakpath(['--store', store, 'blast', KEY, '--fail-on', 'high']).code).toBe(1);
    expect(leakpath(['--store', store, 'blast', KEY, '--fail-on', 'bogus']).code).toBe(2);
  });

  it('a malformed file exits 2, names file and record, and leaves the previous snapshot intact', () => {
    const before = readFileSync(path.join(store, 'index.json'), 'utf8');
    const snapshotsBefore = readdirSync(path.join(store, 'snapshots')).sort();
    const bad = tempDir();
    const broken = gaad({ roles: [role(A, 'r', trustAws(A))] });
    (broken.RoleDetailList[0] as { Arn: unknown }).Arn = 42;
    writeFileSync(path.join(bad, 'broken.json'), JSON.stringify(broken));
    const r = leakpath(['--store', store, 'ingest', path.join(bad, 'broken.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).toContain('RoleDetailList[0].Arn');
    expect(readFileSync(path.join(store, 'index.json'), 'utf8')).toBe(before);
    expect(readdirSync(path.join(store, 'snapshots')).sort()).toEqual(snapshotsBefore);
    expect(leakpath(['--store', store, 'blast', KEY, '--format', 'json']).code).toBe(0);
  });

  it('invalid JSON and unknown formats are rejected with exit 2', () => {
    const bad = tempDir();
    writeFileSync(path.join(bad, 'x.json'), '{"UserDetailList": [');
    expect(leakpath(['--store', tempDir(), 'ingest', path.join(bad, 'x.json')])).toMatchObject({ code: 2 });
    writeFileSync(path.join(bad, 'y.json'), '{"hello": 1}');
    const r = leakpath(['--store', tempDir(), 'ingest', path.join(bad, 'y.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/y\.json: expected a known export format/);
    expect(leakpath(['--store', tempDir(), 'ingest', path.join(bad, 'missing.json')]).code).toBe(2);
  });

  it('a secret access key in an input is dropped with a warning and never stored or printed', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const dir = tempDir();
    const s = tempDir();
    writeEstate(dir);
    writeFileSync(
      path.join(dir, 'created.json'),
      JSON.stringify({ AccessKey: { UserName: 'ci', AccessKeyId: 'AKIABBBBBBBBBBBBBBBB', Status: 'Active', SecretAccessKey: secret, CreateDate: '2025-01-01T00:00:00Z' } }),
    );
    const r = leakpath(['--store', s, 'ingest', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('SecretAccessKey');
    expect(r.stderr + r.stdout).not.toContain(secret);
    // Snapshot files hold strings as plain UTF-8 (docs/snapshots.md): the key id is found, the secret is not.
    const stored = readdirSync(path.join(s, 'snapshots')).map((f) => readFileSync(path.join(s, 'snapshots', f), 'utf8'));
    expect(stored.join('')).toContain('AKIABBBBBBBBBBBBBBBB');
    for (const text of [...stored, JSON.stringify(exportedSnapshot(s))]) expect(text).not.toContain(secret);
    const blast = leakpath(['--store', s, 'blast', secret]);
    expect(blast.code).toBe(2);
    expect(blast.stderr).toContain('secret access key');
    expect(blast.stderr).not.toContain(secret);
    expect(leakpath(['--store', s, 'blast', 'AKIABBBBBBBBBBBBBBBB', '--format', 'json']).code).toBe(0);
  });

  it('an unknown credential and an empty store are usage errors (exit 2)', () => {
    expect(leakpath(['--store', store, 'blast', 'AKIAZZZZZZZZZZZZZZZZ']).code).toBe(2);
    const r = leakpath(['--store', tempDir(), 'blast', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no snapshot');
  });

  it('crown jewels come from the config file by id glob, kind and tag', () => {
    const cfg = path.join(tempDir(), 'jewels.yaml');
    writeFileSync(cfg, `crownJewels:\n  - id: "arn:aws:iam::${B}:role/deploy*"\n    reason: deploys prod\n`);
    const result = JSON.parse(leakpath(['--store', store, '--config', cfg, 'blast', KEY, '--format', 'json']).stdout);
    expect(result.crownJewels.map((j: { id: string; reason: string }) => [j.id, j.reason])).toContainEqual([`arn:aws:iam::${B}:role/deployer`, 'deploys prod']);
    writeFileSync(cfg, 'crownJewels:\n  - colour: red\n');
    const bad = leakpath(['--store', store, '--config', cfg, 'blast', KEY]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('jewels.yaml');
  });

  it('demo runs on the bundled estate with no cloud access', () => {
    const s = tempDir();
    const r = leakpath(['--store', s, 'demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CRITICAL/);
    expect(r.stdout).toContain('platform-admin');
    const ciKey = JSON.parse(readFileSync(path.join(DEMO, '111111111111-dev-access-keys-ci-deploy.json'), 'utf8')).AccessKeyMetadata[0].AccessKeyId;
    const blast = JSON.parse(leakpath(['--store', s, '--config', path.join(ROOT, 'examples/demo-config.yaml'), 'blast', ciKey, '--format', 'json']).stdout);
    expect(validate(blast), JSON.stringify(validate.errors)).toBe(true);
    const admin = blast.crownJewels.find((j: { name: string }) => j.name === 'platform-admin');
    expect(admin.hops).toBe(4);
    // Look-alikes must not be reached: explicit group deny, MFA-gated trust, account trust without permission.
    const names = blast.reachable.identities.map((i: { name: string }) => i.name);
    expect(names).not.toContain('ci-break-glass');
    expect(names).not.toContain('dev-admin');
    expect(names).not.toContain('audit-collector');
  });

  it('--help exits 0 and bad usage exits 2', () => {
    expect(leakpath(['--help']).code).toBe(0);
    expect(leakpath(['paths']).code).toBe(2);
    expect(leakpath(['frobnicate']).code).toBe(2);
  });
});
