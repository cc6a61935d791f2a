import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { BUILT_IN_ARM_ROLES } from '../../src/analysis/azure/known.js';
import { allowsAction } from '../../src/analysis/azure/permissions.js';
import { withNarrowing } from '../../src/analysis/unused/azure-narrow.js';
import { deepestScope, narrowestRole, within } from '../../src/analysis/unused/azure-roles.js';
import { analyseUnused, type NarrowingProposal } from '../../src/analysis/unused/index.js';
import { parseDocuments, readDocuments } from '../../src/ingest/read-inputs.js';

/**
 * Azure activity-log usage against the bundled AzureHound estate: role assignments narrowed to the
 * operations used, proven by re-analysis.
 */

const AT = new Date('2025-07-01T00:00:00Z');
const AZUREHOUND = path.resolve(import.meta.dirname, '../../examples/azure/azurehound.json');
const SUB = '/subscriptions/55555555-0000-4000-8000-000000000001';
const RG = `${SUB}/resourceGroups/rg-app`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-build`;
const FUNC = `${RG}/providers/Microsoft.Web/sites/func-report`;
const CONTRIBUTOR_APP = { oid: 'eeeeeeee-0000-4000-8000-000000000010', appId: 'cccccccc-0000-4000-8000-000000000010' };
const WEB_DEPLOYER = { oid: 'eeeeeeee-0000-4000-8000-000000000017', appId: 'cccccccc-0000-4000-8000-000000000017' };
const BILLING = { oid: 'eeeeeeee-0000-4000-8000-000000000005', appId: 'cccccccc-0000-4000-8000-000000000005' };
const role = (name: string) => BUILT_IN_ARM_ROLES.find((r) => r.roleName === name)!;

/** One event as `az monitor activity-log list` prints it, by an application's token. */
const event = (who: { oid: string; appId: string }, action: string, scope: string, time = '2025-06-20T10:00:00Z', status = 'Succeeded') => ({
  authorization: { action, scope },
  caller: who.oid,
  claims: { aud: 'https://management.azure.com/', appid: who.appId, appidacr: '1', idtyp: 'app', 'http://schemas.microsoft.com/identity/claims/objectidentifier': who.oid },
  category: { value: 'Administrative', localizedValue: 'Administrative' },
  eventDataId: `${action}-${time}`,
  eventTimestamp: time,
  operationName: { value: action },
  resourceId: scope,
  status: { value: status },
});
/** The log starts with the window, so it speaks for all of it. */
const opening = event({ oid: '00000000-0000-4000-8000-0000000000aa', appId: '00000000-0000-4000-8000-0000000000ab' }, 'Microsoft.Resources/tags/write', SUB, '2025-04-02T00:00:00Z');

const docs = await readDocuments([AZUREHOUND]);
async function unused(events: object[], extra: { file: string; json: unknown }[] = []) {
  const read = parseDocuments([...docs, { file: 'activity.json', json: [opening, ...events] }, ...extra]);
  const { graph } = analyse(read.inventories, { at: AT });
  return { read, report: await analyseUnused(read.inventories, graph, { crownJewels: [] }, { at: AT }) };
}
const narrowing = (r: Awaited<ReturnType<typeof unused>>['report'], name: string): NarrowingProposal => {
  const p = r.identities.find((i) => i.name === name)?.proposal;
  if (p?.kind !== 'narrow-grants') throw new Error(`expected a narrowing proposal for ${name}, got ${p?.kind}`);
  return p;
};

describe('narrowing Azure role assignments to the operations the activity log shows', async () => {
  const { read, report } = await unused([
    event(CONTRIBUTOR_APP, 'Microsoft.Compute/virtualMachines/start/action', VM),
    event(CONTRIBUTOR_APP, 'Microsoft.Compute/virtualMachines/write', VM, '2025-06-21T10:00:00Z'),
    // Failed: not use (Contributor could not have done it anyway).
    event(CONTRIBUTOR_APP, 'Microsoft.Authorization/roleAssignments/write', SUB, '2025-06-22T10:00:00Z', 'Failed'),
    event(WEB_DEPLOYER, 'Microsoft.Web/sites/write', FUNC),
  ]);

  it('Contributor on the subscription, used only on one VM: Virtual Machine Contributor on that VM, Reader kept on the subscription', () => {
    const p = narrowing(report, 'CONTRIBUTOR-APP');
    expect(p.changes).toHaveLength(1);
    const [c] = p.changes;
    expect(c!.from).toEqual({ roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c', role: 'Contributor', scope: SUB });
    expect(c!.to).toEqual([
      { roleDefinitionId: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c', role: 'Virtual Machine Contributor', scope: VM.toLowerCase() },
      { roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', role: 'Reader', scope: SUB },
    ]);
    expect(c!.used.map((u) => u.action)).toEqual(['microsoft.compute/virtualmachines/start/action', 'microsoft.compute/virtualmachines/write']);
    expect(c!.commands).toEqual([
      `az role assignment create --assignee-object-id ${CONTRIBUTOR_APP.oid} --assignee-principal-type ServicePrincipal --role 9980e02c-c2be-4d73-94e8-173b1dc7cf3c --scope '${VM.toLowerCase()}'`,
      `az role assignment create --assignee-object-id ${CONTRIBUTOR_APP.oid} --assignee-principal-type ServicePrincipal --role acdd72a7-3385-48ef-bd42-f606fba81ae7 --scope '${SUB}'`,
      `az role assignment delete --ids '${SUB}/providers/microsoft.authorization/roleassignments/ra-contrib'`,
    ]);
    expect(p.verification).toEqual({ usedStillAllowed: true, checked: 2, failures: [], narrowsOnly: true, pathsGone: true });
  });

  it('…and the paths it cuts: the function app\'s identity and the subscription write go, the VM\'s identity it used stays', () => {
    const f = report.identities.find((i) => i.name === 'CONTRIBUTOR-APP')!;
    expect(f).toMatchObject({ coverage: 'actions', unusedShare: 1, sources: ['azure-activity-log'] });
    expect(f.unusedEdges.map((e) => [e.technique, e.toName])).toEqual(expect.arrayContaining([['azure:arm:WebAppDeploy', 'FUNC-REPORT'], ['azure:arm:WriteAccess', expect.any(String)]]));
    expect(f.unusedEdges.some((e) => e.technique === 'azure:arm:VMRunCommand')).toBe(false);
    // Independently: re-analysed with the change, the VM run-command edge is still derived, the web deploy edge is not.
    const after = analyse(withNarrowing(read.inventories, CONTRIBUTOR_APP.oid, narrowing(report, 'CONTRIBUTOR-APP').changes), { at: AT }).graph;
    const from = after.edges.filter((e) => e.source === `azure:sp:${CONTRIBUTOR_APP.oid}`).map((e) => e.technique);
    expect(from).toContain('azure:arm:VMRunCommand');
    expect(from).not.toContain('azure:arm:WebAppDeploy');
    expect(from).not.toContain('azure:arm:WriteAccess');
  });

  it('a role already no wider than its use keeps its role, narrowed to the resource it was used on', () => {
    const [c] = narrowing(report, 'WEB-DEPLOYER').changes;
    expect(c!.to.map((t) => [t.role, t.scope])).toEqual([
      ['Website Contributor', FUNC.toLowerCase()],
      ['Reader', RG.toLowerCase()],
    ]);
  });

  it('an Owner with no operation in the window keeps only its reads (Reader), and loses the role-assignment write', () => {
    const p = narrowing(report, 'BILLING');
    expect(p.changes.map((c) => [c.from.role, c.to.map((t) => `${t.role}@${t.scope}`), c.reason])).toEqual([['Owner', [`Reader@${SUB}`], expect.stringMatching(/no write, delete or action operation in the window/)]]);
    expect(report.identities.find((i) => i.name === 'BILLING')!.unusedEdges.map((e) => e.technique)).toContain('azure:arm:RoleAssignmentWrite');
    expect(p.verification).toMatchObject({ usedStillAllowed: true, narrowsOnly: true, pathsGone: true });
  });

  it('Reader, unused: nothing to narrow (reads are not logged), and no proposal', () => {
    const f = report.identities.find((i) => i.name === 'READER-APP')!;
    expect(f.proposal).toBeUndefined();
    expect(f.unusedShare).toBe(0);
    expect(f.note).toMatch(/Nothing to narrow: Reader at scope .*: reads only: reads are not in the activity log/);
  });

  it('an assignment with an ABAC condition is kept as it is, with the reason, and nothing is proposed', () => {
    const f = report.identities.find((i) => i.name === 'CONDITIONAL-UAA')!;
    expect(f).toMatchObject({ coverage: 'actions', unusedShare: 0 });
    expect(f.proposal).toBeUndefined();
    expect(f.note).toMatch(/Nothing to narrow: User Access Administrator at scope \/subscriptions\/55555555-0000-4000-8000-000000000001: an assignment with a condition \(ABAC\)/);
  });

  it('an assignment in a subscription the log does not cover is not judged, and its identity gets no activity coverage', async () => {
    const other = event(CONTRIBUTOR_APP, 'Microsoft.Compute/virtualMachines/write', '/subscriptions/55555555-0000-4000-8000-000000000002/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/y');
    const { read: r2 } = { read: parseDocuments([...docs, { file: 'activity.json', json: [other] }]) };
    const rep = await analyseUnused(r2.inventories, analyse(r2.inventories, { at: AT }).graph, { crownJewels: [] }, { at: AT });
    const f = rep.identities.find((i) => i.name === 'CONTRIBUTOR-APP');
    expect(f?.proposal?.kind).not.toBe('narrow-grants');
    expect(f?.coverage).not.toBe('actions');
  });

  it('sign-in activity that says the identity was not used at all wins: its assignments are removed, not narrowed', async () => {
    const signIns = { file: 'sp.json', json: { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities', value: [{ id: 'x', appId: BILLING.appId, lastSignInActivity: { lastSignInDateTime: '2024-10-01T00:00:00Z' } }] } };
    const { report: r } = await unused([], [signIns]);
    expect(r.identities.find((i) => i.name === 'BILLING')!.proposal?.kind).toBe('remove-grants');
  });

  it('markdown and text name each change with its commands and the verdict', async () => {
    const { unusedMarkdown, unusedText } = await import('../../src/report/unused.js');
    const md = unusedMarkdown(report);
    expect(md).toContain('### Proposed role assignments');
    expect(md).toContain('Contributor at /subscriptions/55555555-0000-4000-8000-000000000001 → Virtual Machine Contributor at');
    expect(md).toContain("`az role assignment delete --ids '/subscriptions/55555555-0000-4000-8000-000000000001/providers/microsoft.authorization/roleassignments/ra-contrib'`");
    expect(md).toMatch(/proven safe: 2 used operation\(s\) still allowed/);
    expect(unusedText(report)).toContain('proposal: narrower role assignments (proven safe');
  });
});

describe('role and scope arithmetic', () => {
  it('the narrowest built-in role allowing the used actions, never one the current role does not contain', () => {
    expect(narrowestRole(role('Contributor'), ['Microsoft.Web/sites/write']).roleName).toBe('Website Contributor');
    expect(narrowestRole(role('Contributor'), ['Microsoft.Storage/storageAccounts/listKeys/action']).roleName).toBe('Contributor');
    // User Access Administrator is narrower than Owner and allows role assignment writes; Contributor does not contain it.
    expect(narrowestRole(role('Owner'), ['Microsoft.Authorization/roleAssignments/write']).roleName).toBe('Role Based Access Control Administrator');
    expect(narrowestRole(role('Contributor'), ['Microsoft.Authorization/roleAssignments/write']).roleName).toBe('Contributor');
    expect(within(role('User Access Administrator'), role('Contributor'))).toBe(false);
    expect(within(role('Reader'), role('Contributor'))).toBe(true);
    expect(within(role('Contributor'), role('Reader'))).toBe(false);
  });

  it('the deepest assignable scope covering every use, within the assignment', () => {
    const exists = (id: string) => id === VM.toLowerCase();
    expect(deepestScope(SUB, [VM, `${VM}/extensions/x`], exists)).toBe(VM.toLowerCase());
    expect(deepestScope(SUB, [VM, FUNC], exists)).toBe(RG.toLowerCase());
    // A resource the inventory does not know (created in the window, deleted since): its resource group.
    expect(deepestScope(SUB, [FUNC], exists)).toBe(RG.toLowerCase());
    expect(deepestScope(SUB, [VM, '/subscriptions/55555555-0000-4000-8000-000000000001/resourceGroups/other'], exists)).toBe(SUB);
    expect(deepestScope(RG, [SUB], exists)).toBe(RG.toLowerCase());
    // Subscription-level resources have no resource group: the subscription is the deepest scope.
    expect(deepestScope(SUB, [`${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`, `${SUB}/providers/Microsoft.Security/pricings/SqlServers`], () => true)).toBe(SUB);
  });
});

describe('property: over generated activity logs, every proposal keeps each used operation allowed and cuts only what it claims', () => {
  const ACTIONS = ['Microsoft.Compute/virtualMachines/write', 'Microsoft.Compute/virtualMachines/start/action', 'Microsoft.Compute/virtualMachines/runCommand/action', 'Microsoft.Web/sites/write', 'Microsoft.Web/sites/config/write', 'Microsoft.KeyVault/vaults/write', 'Microsoft.Storage/storageAccounts/listKeys/action', 'Microsoft.Resources/deployments/write', 'Microsoft.Authorization/roleAssignments/write'];
  const SCOPES = [SUB, RG, VM, FUNC, `${RG}/providers/Microsoft.KeyVault/vaults/kv-legacy`, `${RG}/providers/Microsoft.Storage/storageAccounts/gone`, `${SUB}/resourceGroups/rg-other`];
  const WHO = [CONTRIBUTOR_APP, WEB_DEPLOYER, BILLING];
  const op = fc.record({ who: fc.constantFrom(...WHO), action: fc.constantFrom(...ACTIONS), scope: fc.constantFrom(...SCOPES), day: fc.integer({ min: 1, max: 28 }) });

  it('holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 8 }), async (ops) => {
        const events = ops.map((o) => event(o.who, o.action, o.scope, `2025-06-${String(o.day).padStart(2, '0')}T10:00:00Z`));
        const { read, report } = await unused(events);
        for (const who of WHO) {
          const f = report.identities.find((i) => i.id === `azure:sp:${who.oid}`)!;
          const p = f.proposal;
          if (p?.kind !== 'narrow-grants') continue;
          expect(p.verification).toMatchObject({ usedStillAllowed: true, narrowsOnly: true, pathsGone: true });
          // Independently of the proposal's own check: each used operation its old assignment allowed is
          // allowed by one of the new assignments, by role and by scope.
          for (const c of p.changes) {
            const old = BUILT_IN_ARM_ROLES.find((r) => r.id === c.from.roleDefinitionId)!;
            const under = (scope: string, at: string) => scope === at || scope.startsWith(`${at}/`);
            for (const o of ops.filter((x) => x.who === who && allowsAction(old, x.action) && under(x.scope.toLowerCase(), c.from.scope.toLowerCase()))) {
              const scope = o.scope.toLowerCase();
              const ok = c.to.some((t) => allowsAction(BUILT_IN_ARM_ROLES.find((r) => r.id === t.roleDefinitionId)!, o.action) && under(scope, t.scope));
              expect(ok, `${o.action} at ${scope} after ${JSON.stringify(c.to)}`).toBe(true);
            }
            for (const t of c.to) expect(under(t.scope, c.from.scope.toLowerCase())).toBe(true);
          }
          // The edges it reports unused are not derived once the change is applied; the others are.
          const after = analyse(withNarrowing(read.inventories, who.oid, p.changes), { at: AT }).graph;
          const afterIds = new Set(after.edges.map((e) => e.id));
          for (const e of f.unusedEdges) expect(afterIds.has(e.id)).toBe(false);
        }
      }),
      { numRuns: 30, seed: 15 },
    );
  }, 60_000);
});
