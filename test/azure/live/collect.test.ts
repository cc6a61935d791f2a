import { leakpathAsync } from '../../helpers/cli.js';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from './replay-server.js';
import { BILLING, CI, MI, routes, SIGN_IN, STORED_SECRET_VALUE, SUB, T, VAULT } from './tenant-replay.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import { exportedSnapshot } from '../../helpers/snapshot.js';
import type { UsageInventory } from '../../../src/model/inventory/index.js';

const CLIENT_SECRET = 'replay-client-secret-not-real';

const cli = (args: string[], env: Record<string, string> = {}) => leakpathAsync(args, { env });

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

let server: ReplayServer;
let dir: string;
let run: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'leakpath-azure-live-'));
  server = await startReplayServer(dir, routes());
  run = await cli(
    [
      '--store', path.join(dir, 'store'),
      'collect', 'azure',
      '--tenant', T,
      '--client-id', CI.app,
      '--authority-host', server.base,
      '--graph-endpoint', `${server.base}/graph`,
      '--arm-endpoint', `${server.base}/arm`,
      '--read-secret-values',
      '--save-raw', path.join(dir, 'raw'),
      '--max-retries', '2',
    ],
    { AZURE_CLIENT_SECRET: CLIENT_SECRET, NODE_EXTRA_CA_CERTS: server.certFile, AZURE_CLIENT_ID: '', AZURE_TENANT_ID: '' },
  );
});
afterAll(async () => server?.close());

describe('leakpath collect azure against a replay of Graph, ARM and Key Vault', () => {
  it('finishes, reporting the tenant and three coverage gaps (two refusals, a listing failing past its retries)', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`tenant ${T}`);
    expect(run.stdout).toContain('3 coverage gap(s)');
    const calls = server.requests.filter((r) => r.path.startsWith('/graph/v1.0/oauth2PermissionGrants'));
    expect(calls).toHaveLength(3);
    expect(run.stderr).toMatch(/oauth2PermissionGrants: failed \(.*HTTP 503.*\), recorded as a coverage gap/);
  });

  it('signs in through the real ClientSecretCredential against the local token endpoint and uses the token everywhere', () => {
    const tokenCalls = server.requests.filter((r) => r.path.split('?')[0]!.endsWith('/oauth2/v2.0/token'));
    expect(tokenCalls.length).toBeGreaterThan(0);
    const form = new URLSearchParams(tokenCalls[0]!.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(CI.app);
    const api = server.requests.filter((r) => /^\/(graph|arm|vault)\//.test(r.path));
    expect(api.length).toBeGreaterThan(20);
    for (const r of api) expect(r.authorization, r.path).toMatch(/^Bearer replay-token-\d+$/);
  });

  it('follows @odata.nextLink (Graph) and nextLink (ARM) to the last page', () => {
    expect(server.requests.some((r) => r.path.startsWith('/graph/v1.0/users') && r.path.includes('skiptoken=p2'))).toBe(true);
    expect(server.requests.some((r) => /roleAssignments\?.*skiptoken=p2/.test(r.path))).toBe(true);
  });

  it('waits for Retry-After on a 429 and retries', () => {
    const calls = server.requests.filter((r) => /^\/graph\/v1\.0\/applications\?/.test(r.path));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('records the 403 as a coverage gap in the snapshot and goes on', () => {
    const store = path.join(dir, 'store');
    const snapshot = exportedSnapshot(store);
    expect(snapshot.run.warnings.join('\n')).toMatch(/coverage gap.*roleEligibilityScheduleInstances.*403/);
  });

  it('blast <appId>:<keyId> --format json shows the path to Global Administrator with edge names and evidence', async () => {
    const r = await cli(['--store', path.join(dir, 'store'), 'blast', `${CI.app}:${CI.key}`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const blast = JSON.parse(r.stdout) as { tierZero: boolean; crownJewels: { id: string; path: { edge: string; technique: string; evidence: { refs: { source: string }[] } }[] }[] };
    expect(blast.tierZero).toBe(true);
    const ga = blast.crownJewels.find((j) => j.id === `azure:role:62e90394-69f5-4237-9190-012177145e10@${T}`)!;
    expect(ga.path.map((s) => s.edge)).toEqual(['AUTHENTICATES_AS', 'CAN_CREATE_CREDENTIAL', 'RUNS_AS', 'CAN_GRANT_ROLE']);
    expect(ga.path[3]!.evidence.refs[0]!.source).toBe('appRoleAssignment ara-sync-rolemgmt');
  });

  it('links the vault secret to the billing credential by its recognised identifiers, and reaches the subscription from it', async () => {
    const r = await cli(['--store', path.join(dir, 'store'), 'who-can-reach', `/subscriptions/${SUB}`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const reach = JSON.parse(r.stdout) as { credentials: { id: string }[] };
    expect(reach.credentials.map((c) => c.id)).toContain(`azure:secret:${BILLING.app}:${BILLING.key}`);
    const raw = filesUnder(path.join(dir, 'raw')).map((f) => JSON.parse(readFileSync(f, 'utf8')) as { kind: string; items: unknown[] });
    expect(raw.find((f) => f.kind === 'keyVaultSecretRecognitions')?.items).toEqual([
      { secretName: 'client-secret-billing', credential: { type: 'azure-client-secret', appId: BILLING.app, keyId: BILLING.key } },
    ]);
  });

  it('never writes a secret value: not the vault secret, not the collector\'s own client secret', () => {
    const written = [...filesUnder(path.join(dir, 'store')), ...filesUnder(path.join(dir, 'raw'))].map((f) => readFileSync(f, 'utf8'));
    written.push(run.stdout, run.stderr);
    for (const text of written) {
      expect(text).not.toContain(STORED_SECRET_VALUE);
      expect(text).not.toContain(CLIENT_SECRET);
    }
    expect(server.requests.some((r) => r.path.startsWith('/vault/kv-rbac/secrets/client-secret-billing'))).toBe(true);
  });

  it('reads the Entra sign-in reports over @odata.nextLink and saves them as Graph pages; a 403 is a gap naming AuditLog.Read.All', () => {
    expect(server.requests.some((r) => r.path.startsWith('/graph/beta/reports/servicePrincipalSignInActivities') && r.path.includes('skiptoken=p2'))).toBe(true);
    const tenantDir = path.join(dir, 'raw', 'azure', T);
    const saved = JSON.parse(readFileSync(path.join(tenantDir, 'usage-servicePrincipalSignInActivities.json'), 'utf8')) as unknown;
    const usage = parseDocuments([{ file: 'sp.json', json: saved }]).inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
    const ids = usage.identities.map((i) => ({ subject: i.subject, lastUsed: i.lastUsed }));
    expect(ids).toContainEqual(expect.objectContaining({ lastUsed: new Date(SIGN_IN).toISOString() }));
    expect(ids).toHaveLength(2);
    expect(readdirSync(tenantDir)).not.toContain('usage-appCredentialSignInActivities.json');
    const store = path.join(dir, 'store');
    const snapshot = exportedSnapshot(store);
    expect(snapshot.run.warnings.join('\n')).toMatch(/coverage gap.*appCredentialSignInActivities.*403.*AuditLog\.Read\.All/);
  });

  it('ingesting the --save-raw files gives the same graph as the live run', async () => {
    const again = path.join(dir, 'store-replayed');
    const r = await cli(['--store', again, 'ingest', path.join(dir, 'raw')]);
    expect(r.code, r.stderr).toBe(0);
    const load = (store: string) => exportedSnapshot(store);
    const live = load(path.join(dir, 'store'));
    const replayed = load(again);
    expect(replayed.graph.edges.map((e) => e.id)).toEqual(live.graph.edges.map((e) => e.id));
    expect(replayed.graph.nodes.map((n) => n.id)).toEqual(live.graph.nodes.map((n) => n.id));
    expect(live.graph.nodes.map((n) => n.id)).toContain(`azure:sp:${MI}`);
    expect(live.graph.nodes.map((n) => n.id)).toContain(`${VAULT.toLowerCase()}/secrets/client-secret-billing`);
  });
});
