/**
 * Azure role-assignment and key vault access-policy hubs (src/analysis/azure/rules/arm.ts,
 * key-vault.ts, src/model/hubs.ts) must change no answer: on random AzureHound estates the folded graph, unfolded again, is the graph analysis
 * gives with `fold: false` (edge ids, flags, conditions, evidence), and blast, paths and
 * who-can-reach answer alike on both. Estates mix what folding must respect: nested groups, one
 * principal in several groups, assignments at the root management group, a subscription, a
 * resource group or a vault, with ABAC conditions, roles that run code directly, through a self-
 * granted role or only by login (conditional), identities shared by two VMs, a managed identity
 * that is a member of the group that reaches it, and two assignments reaching one pair; access-policy
 * vaults with several entries (to groups, nested groups, service principals, twice to one group,
 * compound identities), named secrets linked to credentials, and keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { expandHubs, isHub, unfoldedEdgeCount } from '../../src/model/hubs.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { canonicalEdges, refsAsSets } from '../helpers/hub-equality.js';
import * as H from './fixtures/azurehound.js';
import { azurehound, estateSpec, g, rg, ROLES, secretLinks, SUBS } from './fixtures/random-estate.js';

const AT = new Date('2026-01-01T00:00:00Z');

async function answers(graph: AttackGraph) {
  const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
  const out: unknown[] = [];
  const real = graph.nodes.filter((n) => !isHub(n));
  for (const c of real.filter((n) => n.kind === 'Credential')) {
    out.push(refsAsSets(await engine.blast(c.id)));
    out.push(refsAsSets(await engine.blast(c.id, { maxHops: 2 })));
  }
  // Managed identities: object ids g(13, i).
  const managed = real.filter((n) => n.id.startsWith(`azure:sp:${'d'.repeat(8)}`));
  for (const t of [...managed, ...real.filter((n) => n.id.includes('#') || n.id.includes('/secrets/'))]) out.push(refsAsSets(await engine.whoCanReach(t.id)));
  const sps = real.filter((n) => n.id.startsWith('azure:sp:')).slice(0, 3);
  for (const s of sps) for (const t of managed.slice(0, 3)) out.push(refsAsSets(await engine.paths(s.id, { to: t.id, k: 3, maxHops: 5 })));
  return out;
}

describe('Azure role-assignment hubs', () => {
  it('change no edge, and no blast, paths or who-can-reach answer, on random estates', async () => {
    let folds = 0;
    let policyFolds = 0;
    await fc.assert(
      fc.asyncProperty(estateSpec, async (spec) => {
        const read = readInputsFromJson({ 'azurehound.json': azurehound(spec), 'links.json': secretLinks(spec) });
        const folded = analyse(read.inventories, { at: AT }).graph;
        const unfolded = analyse(read.inventories, { at: AT, fold: false }).graph;
        if (folded.nodes.some((n) => n.type === 'azure:hub:role-assignment')) folds++;
        if (folded.nodes.some((n) => n.type === 'azure:hub:access-policy')) policyFolds++;
        expect(unfolded.nodes.some(isHub)).toBe(false);
        expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
        expect(unfoldedEdgeCount(folded)).toBe(unfolded.edges.length);
        expect(await answers(folded)).toEqual(await answers(unfolded));
      }),
      { numRuns: Number(process.env.LEAKPATH_FOLD_RUNS ?? 40), seed: Number(process.env.LEAKPATH_FOLD_SEED ?? 16) },
    );
    // The property is only worth something if hubs were actually made.
    expect(folds).toBeGreaterThan(5);
    expect(policyFolds).toBeGreaterThan(5);
  }, 60_000);

  it('folds a group-wide Contributor into one hub per technique, with the evidence of both halves', async () => {
    const r: H.Record_[] = [H.tenant(), H.subscription(SUBS[0]!, 'sub-0'), H.resourceGroup(SUBS[0]!, 'rg'), H.group(g(6, 0), 'workloads')];
    for (let i = 0; i < 3; i++) r.push(H.app({ objectId: g(10, i), appId: g(12, i), name: `app-${i}`, secrets: [{ keyId: g(1, i), hint: 'abc' }] }), H.sp({ id: g(14, i), appId: g(12, i), name: `app-${i}` }), H.groupMember(g(6, 0), 'servicePrincipal', g(14, i)));
    for (let i = 0; i < 4; i++) {
      const id = `${rg(0)}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
      r.push(H.sp({ id: g(13, i), appId: g(11, i), name: `vm-${i}`, type: 'ManagedIdentity', alternativeNames: ['isExplicit=False', id] }), H.vm(id, `vm-${i}`, g(13, i)));
    }
    const scope = `/subscriptions/${SUBS[0]}`;
    r.push(H.subscriptionRoleAssignments(SUBS[0]!, H.armRa(`${scope}/providers/Microsoft.Authorization/roleAssignments/ra-1`, ROLES.Contributor, g(6, 0), scope)));
    const { graph } = analyse(readInputsFromJson({ 'a.json': H.file(r) }).inventories, { at: AT });
    const hub = graph.nodes.find(isHub)!;
    expect(hub).toMatchObject({ id: `hub:azure:role-assignment:azure:arm:VMRunCommand:${scope}/providers/microsoft.authorization/roleassignments/ra-1`, kind: 'Hub', type: 'azure:hub:role-assignment' });
    const into = graph.edges.filter((e) => e.target === hub.id);
    const out = graph.edges.filter((e) => e.source === hub.id);
    // The group itself and its three members; four VM identities.
    expect([into.length, out.length]).toEqual([4, 4]);
    expect(into.find((e) => e.source === `azure:sp:${g(14, 0)}`)!.evidence.refs.map((x) => x.type).sort()).toEqual(['group-membership', 'role-assignment']);
    expect(out[0]!.evidence.refs.map((x) => x.type)).toEqual(['inventory']);
    expect(unfoldedEdgeCount(graph)).toBe(graph.edges.length - 8 + 16);

    // A leaked secret of app-0 reaches every VM identity in two hops, never the hub.
    const blast = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast(`azure:secret:${g(12, 0)}:${g(1, 0)}`);
    const ids = blast.reachable.identities.map((i) => i.id);
    expect(ids.some((id) => id.startsWith('hub:'))).toBe(false);
    for (let i = 0; i < 4; i++) expect(ids).toContain(`azure:sp:${g(13, i)}`);
  });

  it("folds a group's access policies across vaults into one hub; a member named again later and a single principal keep plain edges", async () => {
    const r: H.Record_[] = [H.tenant(), H.subscription(SUBS[0]!, 'sub-0'), H.resourceGroup(SUBS[0]!, 'rg'), H.group(g(6, 0), 'readers'), H.group(g(6, 1), 'nested')];
    for (let i = 0; i < 4; i++) r.push(H.app({ objectId: g(10, i), appId: g(12, i), name: `app-${i}`, secrets: [{ keyId: g(1, i), hint: 'abc' }] }), H.sp({ id: g(14, i), appId: g(12, i), name: `app-${i}` }));
    r.push(H.groupMember(g(6, 0), 'servicePrincipal', g(14, 0)), H.groupMember(g(6, 0), 'servicePrincipal', g(14, 1)), H.groupMember(g(6, 0), 'group', g(6, 1)), H.groupMember(g(6, 1), 'servicePrincipal', g(14, 2)));
    const vault = (i: number) => `${rg(0)}/providers/Microsoft.KeyVault/vaults/kv-${i}`;
    // Node ids are lower-case ARM ids.
    const node = (i: number) => vault(i).toLowerCase();
    // kv-0 names app-1 again after the group; kv-2's only policy is to app-3 alone.
    r.push(H.keyVault(vault(0), 'kv-0', false, [{ objectId: g(6, 0), secrets: ['get'] }, { objectId: g(14, 1), secrets: ['all'] }]));
    r.push(H.keyVault(vault(1), 'kv-1', false, [{ objectId: g(6, 0), secrets: ['get'], keys: ['decrypt'] }]));
    r.push(H.keyVault(vault(2), 'kv-2', false, [{ objectId: g(14, 3), secrets: ['get'], keys: ['sign'] }]));
    const read = readInputsFromJson({ 'a.json': H.file(r) });
    const { graph } = analyse(read.inventories, { at: AT });
    const hubs = graph.nodes.filter(isHub);
    expect(hubs.map((h) => [h.id, h.type])).toEqual([[`hub:azure:access-policy:azure:keyvault:AccessPolicy:${g(6, 0)}`, 'azure:hub:access-policy']]);
    const into = graph.edges.filter((e) => e.target === hubs[0]!.id);
    const out = graph.edges.filter((e) => e.source === hubs[0]!.id);
    // The group, app-0, the nested group and app-2 through it (app-1 is named again in kv-0); kv-0's secrets, kv-1's secrets and keys.
    expect(into.map((e) => e.source).sort()).toEqual([`azure:group:${g(6, 0)}`, `azure:group:${g(6, 1)}`, `azure:sp:${g(14, 0)}`, `azure:sp:${g(14, 2)}`].sort());
    expect(out.map((e) => e.target).sort()).toEqual([`${node(0)}#secrets`, `${node(1)}#keys`, `${node(1)}#secrets`].sort());
    expect(into.find((e) => e.source === `azure:sp:${g(14, 2)}`)!.evidence.refs.map((x) => [x.type, x.source])).toEqual([['group-membership', 'readers → nested']]);
    expect(out.every((e) => e.evidence.refs.length === 1 && e.evidence.refs[0]!.type === 'resource-policy')).toBe(true);

    // app-1: kv-0's secrets by its own entry (#1), kv-1 by the group's, all plain.
    const app1 = graph.edges.filter((e) => e.source === `azure:sp:${g(14, 1)}` && e.technique === 'azure:keyvault:AccessPolicy');
    expect(app1.map((e) => [e.target, e.evidence.refs.find((x) => x.type === 'resource-policy')!.statement]).sort()).toEqual(
      [[`${node(0)}#secrets`, '#1'], [`${node(1)}#keys`, '#0'], [`${node(1)}#secrets`, '#0']].sort(),
    );
    // app-3 alone on kv-2: two plain edges, no hub.
    const app3 = graph.edges.filter((e) => e.source === `azure:sp:${g(14, 3)}` && e.technique === 'azure:keyvault:AccessPolicy');
    expect(app3.map((e) => e.target).sort()).toEqual([`${node(2)}#keys`, `${node(2)}#secrets`]);
    const unfolded = analyse(read.inventories, { at: AT, fold: false }).graph;
    expect(canonicalEdges(expandHubs(graph))).toEqual(canonicalEdges(unfolded));

    // A leaked secret of app-2 reaches both vaults through its nested membership, never the hub.
    const blast = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast(`azure:secret:${g(12, 2)}:${g(1, 2)}`);
    const json = JSON.stringify(blast);
    expect(json).not.toContain('hub:');
    for (const t of [`${node(0)}#secrets`, `${node(1)}#secrets`, `${node(1)}#keys`]) expect(json).toContain(t);
    expect(json).not.toContain(`${node(2)}#`);
  });
});
