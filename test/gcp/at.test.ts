import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { parseAt } from '../../src/cli/commands/ingest.js';
import { UsageError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/ingest.js';
import { SnapshotStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { email, hierarchy, key, sa, saPolicy, serviceAccount } from './fixtures/cai.js';

const A = email('leaked');
const B = email('target');
const records = [
  ...hierarchy(),
  serviceAccount(A),
  serviceAccount(B),
  key(A, 'a1a1', undefined, { validAfterTime: '2025-01-01T00:00:00Z', validBeforeTime: '2026-01-01T00:00:00Z' }),
  saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${A}`], condition: { title: 'until 2025-07', expression: 'request.time < timestamp("2025-07-01T00:00:00Z")' } }]),
];
const at = (iso: string) => analyse(readInputsFromJson({ 'export.json': records }).inventories, { at: new Date(iso) }).graph;

describe('--at: the analysis time', () => {
  it('decides key validity and IAM time conditions', () => {
    const before = at('2024-06-01T00:00:00Z');
    expect(before.nodes.find((n) => n.id === 'gcp:sa-key:a1a1')?.props.status).toBe('not-yet-valid');
    const during = at('2025-03-01T00:00:00Z');
    expect(during.edges.some((e) => e.source === 'gcp:sa-key:a1a1')).toBe(true);
    expect(during.edges.some((e) => e.source === sa(A) && e.target === sa(B))).toBe(true);
    const later = at('2025-09-01T00:00:00Z');
    expect(later.edges.some((e) => e.source === sa(A) && e.target === sa(B))).toBe(false);
    expect(at('2026-02-01T00:00:00Z').nodes.find((n) => n.id === 'gcp:sa-key:a1a1')?.props.status).toBe('expired');
  });

  it('applies to Azure credential validity too', () => {
    const tenant = '11111111-1111-1111-1111-111111111111';
    const app = { kind: 'AZApp', data: { id: 'aaaaaaaa-0000-0000-0000-000000000001', appId: 'bbbbbbbb-0000-0000-0000-000000000001', displayName: 'app', tenantId: tenant, passwordCredentials: [{ keyId: 'cccccccc-0000-0000-0000-000000000001', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-31T00:00:00Z' }] } };
    const sp = { kind: 'AZServicePrincipal', data: { id: 'dddddddd-0000-0000-0000-000000000001', appId: 'bbbbbbbb-0000-0000-0000-000000000001', displayName: 'app', tenantId: tenant, servicePrincipalType: 'Application' } };
    const inv = readInputsFromJson({ 'azurehound.json': { data: [app, sp], meta: { type: 'azure', version: 5, count: 2, methods: 0 } } }).inventories;
    const edgesAt = (iso: string) => analyse(inv, { at: new Date(iso) }).graph.edges.filter((e) => e.kind === 'AUTHENTICATES_AS');
    expect(edgesAt('2025-06-01T00:00:00Z')).toHaveLength(1);
    expect(edgesAt('2026-06-01T00:00:00Z')).toHaveLength(0);
  });

  it('is recorded in the snapshot; a bad value is a usage error', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.json'), JSON.stringify(records));
    const store = path.join(dir, 'store');
    await ingest([path.join(dir, 'export.json')], store, () => {}, { at: parseAt('2025-03-01T00:00:00Z') });
    const snapshot = await new SnapshotStore(store).read();
    expect(snapshot.run.analysedAt).toBe('2025-03-01T00:00:00.000Z');
    expect(() => parseAt('yesterday')).toThrow(UsageError);
  });
});
