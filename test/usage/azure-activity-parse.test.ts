import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { looksLikeAzureActivityLog } from '../../collectors/usage/offline/azure-activity.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { tempDir } from '../helpers/cli.js';

/** The Azure activity log as exported: Microsoft's documented examples, and app-token variants of them. */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/usage');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown> & unknown[];
const usageOf = (files: Record<string, unknown>) => readInputsFromJson(files).inventories.find((i): i is UsageInventory => i.provider === 'usage')!;

const USER_CLAIMS = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'puid', 'name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'onprem_sid'];
/** The documented user's token, as an application's (client-credentials) token would be: no user claims. */
function asApp(claims: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(Object.entries(claims).filter(([k]) => !USER_CLAIMS.includes(k))), idtyp: 'app' };
}
const restApp = () => {
  const [e] = fixture('azure-activity-log-list.json') as Record<string, unknown>[];
  return { ...e!, claims: asApp(e!.claims as Record<string, unknown>) };
};

describe('az monitor activity-log list', () => {
  it('Microsoft\'s Administrative sample: recognised, its span and subscription kept; a user\'s operation is not use of the client app', () => {
    const u = usageOf({ 'activity.json': fixture('azure-activity-log-list.json') });
    expect(u.identities).toEqual([]);
    expect(u.sources).toEqual([{ kind: 'azure-activity-log', file: 'activity.json', from: '2018-01-29T20:42:31.381Z', to: '2018-01-29T20:42:31.381Z', scopes: ['/subscriptions/<subscription id>'] }]);
  });

  it('the same operation by an application: its action at its scope, by object id and app id, and no other claim', () => {
    const u = usageOf({ 'activity.json': [restApp()] });
    expect(u.identities).toHaveLength(1);
    const [id] = u.identities;
    expect(id!.subject).toEqual({ provider: 'azure', appId: '00001111-aaaa-2222-bbbb-3333cccc4444', servicePrincipalId: 'f409edeb-4d29-44b5-9763-ee9348ad91bb' });
    expect(id!.services).toEqual([
      {
        service: 'microsoft.network',
        actionsKnown: true,
        lastUsed: '2018-01-29T20:42:31.381Z',
        actions: [{ action: 'Microsoft.Network/networkSecurityGroups/write', lastUsed: '2018-01-29T20:42:31.381Z', resources: [{ arn: '/subscriptions/<subscription id>/resourcegroups/myresourcegroup/providers/microsoft.network/networksecuritygroups/mynsg', lastUsed: '2018-01-29T20:42:31.381Z' }] }],
      },
    ]);
    const text = JSON.stringify(u);
    for (const kept of ['111.111.1.111', 'A3GgTJdwK4vy7Fa7l6DgJC2mI0GX44tML385OpU1Q', 'IdP3SUJGtkGlt7dDQVRPAA', 'b-24Jf94A3FH2sHWVIFqO3', '10845a4d-ffa4-4b61-a3b4-e57b9b31cdb5']) expect(text).not.toContain(kept);
  });

  it('failed, started and non-Administrative events are not use', () => {
    const ok = restApp();
    const u = usageOf({
      'activity.json': [
        { ...ok, status: { value: 'Failed', localizedValue: 'Failed' } },
        { ...ok, status: { value: 'Started' }, eventTimestamp: '2018-01-29T20:40:00Z' },
        { ...ok, category: { value: 'Policy' } },
      ],
    });
    expect(u.identities).toEqual([]);
    expect(u.sources[0]).toMatchObject({ from: '2018-01-29T20:40:00.000Z', to: '2018-01-29T20:42:31.381Z' });
  });

  it('other categories do not speak for a subscription: a service-health event alone gives no span and no subscription', () => {
    const health = { ...restApp(), category: { value: 'ServiceHealth' }, claims: undefined, authorization: undefined, resourceId: '/subscriptions/s9' };
    expect(usageOf({ 'activity.json': [health] }).sources).toEqual([{ kind: 'azure-activity-log', file: 'activity.json', scopes: [] }]);
  });

  it('an event whose time is not a time is an input error naming the file and record', () => {
    expect(inputError({ 'activity.json': [restApp(), { ...restApp(), eventTimestamp: 'yesterday' }] }).message).toMatch(/activity\.json: at \[1\]\.eventTimestamp: an ISO 8601 time/);
  });
});

describe('the activity log archived by a diagnostic setting (insights-activity-logs)', () => {
  const archived = () => (fixture('azure-activity-log-archive-records.json') as unknown as { records: Record<string, unknown>[] }).records[0]!;
  const archivedApp = (extra: object = {}) => {
    const r = archived();
    const identity = r.identity as { claims: Record<string, unknown> };
    return { ...r, identity: { ...identity, claims: asApp(identity.claims) }, ...extra };
  };

  it('Microsoft\'s example record ({"records": […]}): a user\'s, so no identity; its span is kept', () => {
    const u = usageOf({ 'PT1H.json': fixture('azure-activity-log-archive-records.json') });
    expect(u.identities).toEqual([]);
    expect(u.sources[0]).toMatchObject({ kind: 'azure-activity-log', from: '2019-01-21T22:14:26.979Z', scopes: ['/subscriptions/s1'] });
  });

  it('by an application: the action at its scope (the stray spaces of the example gone); an object id that is no GUID is not kept', () => {
    const [id] = usageOf({ 'PT1H.json': { records: [archivedApp()] } }).identities;
    expect(id!.subject).toEqual({ provider: 'azure', appId: '11112222-bbbb-3333-cccc-4444dddd5555' });
    expect(id!.services[0]!.actions[0]).toMatchObject({
      action: 'Microsoft.Storage/storageAccounts/listAccountSas/action',
      resources: [{ arn: '/subscriptions/bbbb1b1b-cc2c-dd3d-ee4e-ffffff5f5f5f/resourcegroups/rg-001/providers/microsoft.storage/storageaccounts/msftstorageaccount' }],
    });
    expect(JSON.stringify(id)).not.toContain('111.111.111.11');
  });

  it('one record per line (blobs since November 2018), read from a file; a failed record is not use', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'PT1H.json');
    const oid = '0f0f0f0f-0000-4000-8000-000000000001';
    const lines = [archivedApp(), archivedApp({ resultType: 'Failure', time: '2019-01-21T23:00:00Z', identity: { ...archivedApp().identity, authorization: { action: 'Microsoft.Storage/storageAccounts/delete', scope: '/subscriptions/s1' } } })];
    (lines[0]!.identity as { claims: Record<string, unknown> }).claims['http://schemas.microsoft.com/identity/claims/objectidentifier'] = oid;
    (lines[1]!.identity as { claims: Record<string, unknown> }).claims['http://schemas.microsoft.com/identity/claims/objectidentifier'] = oid;
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const u = (await readInputs([file])).inventories.find((i): i is UsageInventory => i.provider === 'usage')!;
    expect(u.identities.map((i) => [i.subject, i.services.flatMap((s) => s.actions.map((a) => a.action))])).toEqual([
      [{ provider: 'azure', appId: '11112222-bbbb-3333-cccc-4444dddd5555', servicePrincipalId: oid }, ['Microsoft.Storage/storageAccounts/listAccountSas/action']],
    ]);
    expect(u.sources[0]).toMatchObject({ to: '2019-01-21T23:00:00.000Z' });
  });

  it('other resource logs in the same schema (a Key Vault AuditEvent) are not taken for the activity log', () => {
    expect(looksLikeAzureActivityLog({ records: [archivedApp({ category: 'AuditEvent', operationName: 'SecretGet' })] })).toBe(false);
    expect(looksLikeAzureActivityLog([archivedApp()])).toBe(true);
  });

  it('a record whose time is not a time is an input error', () => {
    expect(inputError({ 'PT1H.json': { records: [archivedApp({ time: 'soon' })] } }).message).toMatch(/PT1H\.json: at records\[0\]\.time: an ISO 8601 time/);
  });
});
