import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import * as H from './fixtures/azurehound.js';
import { APPS, estate, KEYS, links, ROLES } from './fixtures/estate.js';

let store: string;
let ingestRun: ReturnType<typeof leakpath>;
beforeAll(() => {
  const dir = tempDir('leakpath-azure-cli-');
  store = path.join(dir, 'store');
  writeFileSync(path.join(dir, 'azurehound.json'), JSON.stringify(estate()));
  writeFileSync(path.join(dir, 'links.json'), JSON.stringify(links()));
  ingestRun = leakpath(['--store', store, 'ingest', path.join(dir, 'azurehound.json'), path.join(dir, 'links.json')]);
});

type Blast = { credential: { id: string; status: string | null }; tierZero: boolean; crownJewels: { id: string; path: { edge: string; technique: string; evidence: { summary: string; refs: unknown[] } }[] }[] };
const blast = (q: string) => leakpath(['--store', store, 'blast', q, '--format', 'json']);

describe('leakpath ingest <azurehound.json>, then blast --format json', () => {
  it('ingests AzureHound output and the secret-link file', () => {
    expect(ingestRun.code, ingestRun.stderr).toBe(0);
    expect(ingestRun.stdout).toContain('azure: AzureHound JSON');
    expect(ingestRun.stdout).toContain('azure: leakpath azure-secret-links/1');
  });

  it('blast <appId>:<keyId> reports the path to Global Administrator with edge names and evidence', () => {
    const r = blast(`${APPS.ci.app}:${KEYS.ciActive}`);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Blast;
    expect(out.tierZero).toBe(true);
    const ga = out.crownJewels.find((j) => j.id === `azure:role:${ROLES.GA}@${H.TENANT}`)!;
    expect(ga.path.map((s) => s.edge)).toEqual(['AUTHENTICATES_AS', 'CAN_CREATE_CREDENTIAL', 'RUNS_AS', 'CAN_GRANT_ROLE']);
    for (const step of ga.path) {
      expect(step.evidence.summary.length).toBeGreaterThan(0);
      expect(step.evidence.refs.length).toBeGreaterThan(0);
    }
  });

  it('look-alikes report nothing: an expired secret of the same app, an app that only requests permissions', () => {
    const expired = JSON.parse(blast(`${APPS.ci.app}:${KEYS.ciExpired}`).stdout) as Blast;
    expect(expired.credential.status).toBe('expired');
    expect(expired.crownJewels).toEqual([]);
    const requested = JSON.parse(blast(`${APPS.reporting.app}:${KEYS.reporting}`).stdout) as Blast;
    expect(requested.tierZero).toBe(false);
    expect(requested.crownJewels).toEqual([]);
  });

  it('an app id alone or an unknown keyId is not a credential: exit 2, and nothing is guessed', () => {
    for (const q of [APPS.ci.app, `${APPS.ci.app}:${KEYS.ops}`]) {
      const r = blast(q);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('bad AzureHound input', () => {
  it('exits 2 naming the file and the record, and leaves the store untouched', () => {
    const dir = tempDir('leakpath-azure-bad-');
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(H.file([H.tenant(), { kind: 'AZServicePrincipal', data: { displayName: 'no ids' } }])));
    const r = leakpath(['--store', path.join(dir, 'store'), 'ingest', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: at data[1] (AZServicePrincipal).data.id`);
    expect(leakpath(['--store', path.join(dir, 'store'), 'blast', 'x']).code).not.toBe(0);
  });
});
