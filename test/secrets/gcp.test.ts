import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { blastFindings, findFindings } from '../../src/query/findings.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { analyseExports } from '../helpers/analyse.js';
import { PROD, email, hierarchy, key, policy, serviceAccount } from '../gcp/fixtures/cai.js';
import { SEEDS, leakedSeeds } from './seeds.js';

/** A TruffleHog GCP key finding → the inventoried key → its service account → project owner. */
const SA = email('deployer');
const KEY_ID = '0123456789abcdef0123456789abcdef01234567';

const finding = {
  SourceMetadata: { Data: { Git: { commit: 'abc123', file: 'deploy/sa.json', line: 1, repository: 'https://github.com/acme/infra.git' } } },
  SourceType: 16,
  DetectorType: 6,
  DetectorName: 'GCP',
  DecoderName: 'PLAIN',
  Verified: false,
  Raw: SA,
  RawV2: JSON.stringify({ type: 'service_account', project_id: 'prod-project', private_key_id: KEY_ID, private_key: SEEDS.gcpPrivateKey, client_email: SA }),
  Redacted: SA,
  ExtraData: { project: 'prod-project', private_key_id: KEY_ID },
  StructuredData: null,
};

const estate = (keyExtra: object = {}) =>
  analyseExports({
    'cai.json': [...hierarchy(), serviceAccount(SA), key(SA, KEY_ID, PROD, keyExtra), policy(PROD, [{ role: 'roles/owner', members: [`serviceAccount:${SA}`] }])],
    'th.jsonl': [finding],
  }).graph;

describe('TruffleHog GCP key → service account → project owner', () => {
  it('the finding joins gcp:sa-key:<private_key_id> and reaches tier zero', async () => {
    const graph = estate();
    const report = await blastFindings(new EmbeddedEngine(graph, EMPTY_CONFIG), graph, findFindings(graph, 'deploy/sa.json:1'));
    expect(report.leaked).toHaveLength(1);
    const b = report.leaked[0]!.blast;
    expect(b.credential.id).toBe(`gcp:sa-key:${KEY_ID}`);
    expect(b.startIdentities.map((s) => s.id)).toEqual([`gcp:sa:${SA}`]);
    expect(b.tierZero).toBe(true);
    expect(leakedSeeds(JSON.stringify({ graph, report }))).toEqual([]);
    expect(JSON.stringify(graph)).not.toContain('MIIseed');
  });

  it('made-safe twin: the key is disabled, so the finding is hygiene', async () => {
    const graph = estate({ disabled: true });
    const report = await blastFindings(new EmbeddedEngine(graph, EMPTY_CONFIG), graph, findFindings(graph, 'deploy/sa.json:1'));
    expect(report.leaked).toEqual([]);
    expect(report.hygiene[0]).toMatchObject({ credential: { id: `gcp:sa-key:${KEY_ID}`, status: 'disabled' } });
  });
});
