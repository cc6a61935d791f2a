import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { AzureInventory } from '../../src/model/inventory/index.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import * as H from './fixtures/azurehound.js';
import { APPS, estate, id, KV_POLICY, links, SUB } from './fixtures/estate.js';

const azure = (files: Record<string, unknown>) => {
  const r = readInputsFromJson(files);
  return { inventory: r.inventories.find((i) => i.provider === 'azure') as AzureInventory, warnings: r.warnings, sources: r.sources };
};

describe('AzureHound files', () => {
  it('are recognised and normalised: ids lower-cased, null lists empty, owners joined across records', () => {
    const { inventory, sources, warnings } = azure({ 'ah.json': estate() });
    expect(sources).toEqual([{ file: 'ah.json', format: 'azure: AzureHound JSON' }]);
    const t = inventory.tenants[0]!;
    expect(t.tenantId).toBe(H.TENANT);
    const sync = t.applications.find((a) => a.appId === APPS.sync.app)!;
    expect(sync.owners).toEqual([{ id: APPS.ci.sp, type: 'servicePrincipal' }]);
    expect(sync.passwordCredentials).toEqual([]);
    expect(sync.federatedIdentityCredentials.map((f) => f.subject)).toContain('repo:acme/infra:environment:prod');
    expect(t.subscriptions.find((s) => s.subscriptionId === SUB)?.managementGroupId).toBe(`/providers/microsoft.management/managementgroups/${H.TENANT}`);
    expect(t.armRoleAssignments.map((a) => a.roleDefinitionId)).toContain('4633458b-17de-408a-b874-0445c86b69e6');
    expect(warnings).toEqual([]);
  });

  it('never keep a secret value an export might carry', () => {
    const record = H.app({ objectId: id('a', 1), appId: id('c', 1), name: 'x', secrets: [{ keyId: id('1', 1), hint: 'abc' }] });
    (record.data as { passwordCredentials: Record<string, unknown>[] }).passwordCredentials[0]!.secretText = 'abc8Q~NEVER-STORE-THIS';
    const { inventory } = azure({ 'ah.json': H.file([H.tenant(), record]) });
    expect(JSON.stringify(inventory)).not.toContain('NEVER-STORE-THIS');
  });

  it('report kinds leakpath does not read, once per kind', () => {
    const { warnings } = azure({ 'ah.json': H.file([H.tenant(), { kind: 'AZFutureThing', data: {} }, { kind: 'AZFutureThing', data: {} }]) });
    expect(warnings).toEqual(['ah.json: 2 AzureHound record(s) of kind AZFutureThing not read by leakpath']);
  });

  it('reject a malformed record naming the file, the record and the expectation', () => {
    const bad = H.file([H.tenant(), { kind: 'AZApp', data: { id: 'x', displayName: 'no appId' } }]);
    try {
      azure({ 'ah.json': bad });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).exitCode).toBe(2);
      expect((e as Error).message).toMatch(/^ah\.json: at data\[1\] \(AZApp\)\.data\.appId: expected a Graph application/);
    }
  });

  it('reject an ARM role-assignment kind whose list holds no assignment', () => {
    const bad = H.file([{ kind: 'AZSubscriptionOwner', data: { owners: [{ owner: { id: 'x' } }], subscriptionId: 'S' } }]);
    expect(() => azure({ 'ah.json': bad })).toThrow(/expected ARM role assignments/);
  });
});

describe('secret-link files', () => {
  it('resolve vaults by name or ARM id', () => {
    const { inventory } = azure({ 'ah.json': estate(), 'links.json': links() });
    expect(inventory.tenants[0]!.secretLinks.map((l) => [l.vaultId.split('/').pop(), l.secretName])).toEqual([
      ['kv-rbac', 'client-secret-billing'],
      ['kv-legacy', 'ci-dup'],
    ]);
  });
  it('refuse a link that carries a value', () => {
    const bad = { leakpath: 'azure-secret-links/1', links: [{ vault: KV_POLICY, secret: 's', credential: { type: 'azure-client-secret', appId: APPS.ci.app, value: 'abc8Q~x' } }] };
    expect(() => azure({ 'links.json': bad })).toThrow(InputError);
  });
  it('warn about a vault no input describes', () => {
    const l = { leakpath: 'azure-secret-links/1', links: [{ vault: 'kv-missing', secret: 's', credential: { type: 'aws-access-key', accessKeyId: 'AKIAEXAMPLE' } }] };
    expect(azure({ 'ah.json': estate(), 'links.json': l }).warnings.join('\n')).toMatch(/key vault "kv-missing"/);
  });
});
