import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { InputError, LeakpathError } from '../../src/errors.js';
import { expired } from '../../src/snapshot/retention.js';
import { takeSnapshot } from '../../src/snapshot/run.js';
import type { SnapshotSummary } from '../../src/store/snapshot.js';
import { SnapshotStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { estateBefore } from './helpers.js';
import { treeText } from '../helpers/files.js';
import { ingest } from '../../src/ingest/ingest.js';
import { gitleaks } from '../secrets/seeds.js';

function writeFiles(dir: string, files: Record<string, unknown>) {
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(json));
}

async function configAt(dir: string, yaml: string) {
  const file = path.join(dir, 'leakpath.config.yaml');
  writeFileSync(file, yaml);
  return loadConfig(file);
}

describe('leakpath snapshot: sources from the config', () => {
  it('reads offline sources relative to the config, records each source, and carries on past a failed one', async () => {
    const dir = tempDir();
    writeFiles(path.join(dir, 'estate'), estateBefore());
    const config = await configAt(dir, 'sources:\n  - name: estate\n    offline: estate\n  - name: gone\n    offline: [missing-dir]\nretention: { keepLast: 3 }\n');
    const store = path.join(dir, 'store');
    const r = await takeSnapshot({ config, baseDir: dir, store });
    expect(r.statuses).toEqual([
      { name: 'estate', type: 'offline', status: 'ok', providers: ['aws'], gaps: [], files: 3 },
      { name: 'gone', type: 'offline', status: 'failed', providers: [], gaps: [], error: expect.stringContaining('missing-dir') },
    ]);
    const stored = await new SnapshotStore(store).read();
    expect(stored.run).toMatchObject({ kind: 'snapshot', sourceStatus: r.statuses, crownJewels: [] });
    expect(stored.run.analysedAt).toBeDefined();
    expect(stored.run.warnings[0]).toMatch(/^source gone failed: /);
  });

  it('a bad export fails its own source only', async () => {
    const dir = tempDir();
    writeFiles(path.join(dir, 'good'), estateBefore());
    writeFiles(path.join(dir, 'bad'), { 'x.json': { not: 'an export' } });
    const config = await configAt(dir, 'sources:\n  - { name: good, offline: good }\n  - { name: bad, offline: bad }\n');
    const r = await takeSnapshot({ config, baseDir: dir, store: path.join(dir, 'store') });
    expect(r.statuses.map((s) => [s.name, s.status])).toEqual([
      ['good', 'ok'],
      ['bad', 'failed'],
    ]);
    expect(r.statuses[1]!.error).toMatch(/x\.json: expected a known export format/);
  });

  it('nothing usable: an error, and the store untouched', async () => {
    const dir = tempDir();
    const config = await configAt(dir, 'sources:\n  - offline: nowhere\n');
    const store = path.join(dir, 'store');
    const e = await takeSnapshot({ config, baseDir: dir, store }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LeakpathError);
    expect((e as Error).message).toMatch(/nothing usable was collected \(offline-1: .*nowhere/);
    expect(readdirSync(dir)).toEqual(['leakpath.config.yaml']);
  });

  it('a live source that throws is a failed source, the run goes on', async () => {
    const dir = tempDir();
    writeFiles(path.join(dir, 'estate'), estateBefore());
    const config = await configAt(dir, 'sources:\n  - offline: estate\n  - aws: { regions: [eu-west-1], profile: audit }\n');
    const r = await takeSnapshot({
      config,
      baseDir: dir,
      store: path.join(dir, 'store'),
      run: async (s, base, progress) => {
        if ('aws' in s) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        const { runSource } = await import('../../src/snapshot/sources.js');
        return runSource(s, base, progress);
      },
    });
    expect(r.statuses[1]).toMatchObject({ name: 'aws-2', type: 'aws', status: 'failed', error: 'Error: connect ECONNREFUSED 127.0.0.1:1' });
  });
});

describe('a live source that cannot sign in', () => {
  it('is a failed source; the secret it was given is nowhere in the store, the record or the log', async () => {
    const SEED = 'Xy78Q~seededSECRETvalue0123456789abcdefgh';
    process.env.LEAKPATH_TEST_SEEDED_SECRET = SEED;
    try {
      const dir = tempDir();
      writeFiles(path.join(dir, 'estate'), estateBefore());
      // The Entra authority is a closed loopback port: sign-in fails without leaving the machine.
      const config = await configAt(
        dir,
        [
          'sources:',
          '  - offline: estate',
          '  - name: entra',
          '    azure:',
          '      tenant: 00000000-0000-0000-0000-000000000001',
          '      clientId: 11111111-1111-1111-1111-111111111111',
          '      clientSecretEnv: LEAKPATH_TEST_SEEDED_SECRET',
          '      authorityHost: https://127.0.0.1:9/',
          '      graphEndpoint: https://127.0.0.1:9',
          '      armEndpoint: https://127.0.0.1:9',
          '      maxRetries: 1',
          '',
        ].join('\n'),
      );
      const logged: string[] = [];
      const store = path.join(dir, 'store');
      const r = await takeSnapshot({ config, baseDir: dir, store, progress: (l) => logged.push(l) });
      expect(r.statuses[1]).toMatchObject({ name: 'entra', type: 'azure', status: 'failed' });
      const everything = [JSON.stringify(r.statuses), logged.join('\n'), treeText(store)].join('\n');
      expect(everything).toContain('entra');
      expect(everything).not.toContain(SEED);
      expect(everything).not.toContain('seededSECRET');
    } finally {
      delete process.env.LEAKPATH_TEST_SEEDED_SECRET;
    }
  }, 120_000);

  it('an unset secret variable fails the source with its name', async () => {
    const dir = tempDir();
    writeFiles(path.join(dir, 'estate'), estateBefore());
    const config = await configAt(dir, 'sources:\n  - offline: estate\n  - azure: { tenant: t, clientId: c, clientSecretEnv: LEAKPATH_TEST_UNSET_VARIABLE }\n');
    const r = await takeSnapshot({ config, baseDir: dir, store: path.join(dir, 'store') });
    expect(r.statuses[1]).toMatchObject({ status: 'failed', error: 'environment variable LEAKPATH_TEST_UNSET_VARIABLE (clientSecretEnv) is not set' });
  });
});

describe('config: secrets are referenced, never inline', () => {
  const SECRETS = ['Abc8Q~abcdefghijklmnopqrstuvwxyz01234', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '-----BEGIN PRIVATE KEY-----', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'];
  for (const [i, secret] of SECRETS.entries()) {
    it(`refuses a secret-looking value (${i}) and names where it is, not what it is`, async () => {
      const dir = tempDir();
      const e = await configAt(dir, `sources:\n  - azure:\n      tenant: t\n      clientId: c\n      certificateFile: ${JSON.stringify(secret)}\n`).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).exitCode).toBe(2);
      expect((e as Error).message).toContain('sources[0].azure.certificateFile');
      expect((e as Error).message).toContain('clientSecretEnv');
      expect((e as Error).message).not.toContain(secret);
    });
  }

  it('refuses a secret under a secret-named key, whatever it looks like', async () => {
    const e = await configAt(tempDir(), 'neo4j:\n  uri: bolt://localhost:7687\n  password: hunter2\n').catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/neo4j\.password: no inline secret/);
    expect((e as Error).message).not.toContain('hunter2');
  });

  it('accepts references: env names, files, profiles', async () => {
    const config = await configAt(
      tempDir(),
      'sources:\n  - azure: { tenant: t, clientId: c, clientSecretEnv: LEAKPATH_AZ_SECRET }\n  - aws: { profile: audit, credentialsFile: ./aws-creds, regions: all }\nneo4j: { uri: "bolt://neo4j:7687", passwordEnv: NEO4J_PASSWORD }\n',
    );
    expect(config.sources).toHaveLength(2);
    expect(config.neo4j).toMatchObject({ push: true, passwordEnv: 'NEO4J_PASSWORD' });
  });
});

describe('retention', () => {
  const snap = (id: string, day: number): SnapshotSummary => ({ id, createdAt: new Date(Date.UTC(2026, 0, day)).toISOString(), file: `${id}.json`, nodes: 1, edges: 0, providers: [], sources: 1 });
  const five = [snap('a', 1), snap('b', 2), snap('c', 10), snap('d', 20), snap('e', 21)];

  it('keeps the newest N', () => expect(expired(five, { keepLast: 2 })).toEqual(['a', 'b', 'c']));
  it('keeps the last D days before the newest snapshot', () => expect(expired(five, { keepDays: 11 })).toEqual(['a', 'b']));
  it('keeps what either window keeps', () => expect(expired(five, { keepLast: 1, keepDays: 2 })).toEqual(['a', 'b', 'c']));
  it('never the newest, even with a zero-day window', () => expect(expired(five, { keepDays: 0.0001 })).toEqual(['a', 'b', 'c', 'd']));
  it('no policy, nothing removed', () => expect(expired(five, {})).toEqual([]));
});

describe('leakpath snapshot: secret hashes', () => {
  it("hashes a secret with the store's salt, so ingest and every scheduled run name the same secret alike", async () => {
    const dir = tempDir();
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSEEDSALT01';
    writeFiles(path.join(dir, 'scans'), { 'gitleaks.json': [gitleaks({ RuleID: 'generic-api-key', Secret: secret, File: 'deploy/.env', StartLine: 4 })] });
    const config = await configAt(dir, 'sources:\n  - { name: scans, offline: scans }\n');
    const store = path.join(dir, 'store');
    const hashes: (string | undefined)[] = [];
    const hashOf = async () => {
      const s = await new SnapshotStore(store).read();
      const inv = s.inventories.find((i) => i.provider === 'secrets');
      return inv?.provider === 'secrets' ? inv.findings[0]?.valueHash : undefined;
    };
    await takeSnapshot({ config, baseDir: dir, store });
    hashes.push(await hashOf());
    await takeSnapshot({ config, baseDir: dir, store });
    hashes.push(await hashOf());
    await ingest([path.join(dir, 'scans')], store);
    hashes.push(await hashOf());
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(hashes).size).toBe(1);
    // A second store has a salt of its own.
    await takeSnapshot({ config, baseDir: dir, store: path.join(dir, 'other') });
    const other = await new SnapshotStore(path.join(dir, 'other')).read();
    const otherInv = other.inventories.find((i) => i.provider === 'secrets');
    expect(otherInv?.provider === 'secrets' ? otherInv.findings[0]?.valueHash : undefined).not.toBe(hashes[0]);
    expect(treeText(store)).not.toContain(secret);
  });
});
