import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { GraphEdge } from '../../src/model/graph.js';
import { TRAVERSABLE_EDGE_KINDS } from '../../src/model/catalogue/edge-kinds.js';
import { analyseUnused } from '../../src/analysis/unused/index.js';
import { ANALYSED_PERMISSIONS } from '../../src/analysis/gcp/permissions.js';
import { grantedOn, rolesOf, withChanges } from '../../src/analysis/unused/gcp-insights.js';
import type { RemovalProposal } from '../../src/analysis/unused/types.js';
import type { Inventory, UsageInventory } from '../../src/model/inventory/index.js';
import { emptyGcpInventory } from '../../src/model/inventory/gcp.js';

/**
 * Every insight-driven GCP proposal, over generated exercised-permission sets on an owner or editor
 * binding: re-analysed with it applied, every exercised (and inferred) permission is still granted
 * to the member on the binding's resource, the account reaches nothing it did not, the target account
 * stays reachable only through a used permission, and its token impersonation survives when used.
 */
const AT = new Date('2025-07-01T00:00:00Z');
const APP = 'app@p.iam.gserviceaccount.com';
const TARGET = 'target@p.iam.gserviceaccount.com';
const PROJECT = '//cloudresourcemanager.googleapis.com/projects/1';
/** Analysed permissions (the shipped role data lists them) and others (only a custom role can be proven to grant them). */
const POOL = ['iam.serviceAccounts.getAccessToken', 'iam.serviceAccounts.signBlob', 'storage.objects.get', 'secretmanager.versions.access', 'iam.serviceAccountKeys.create', 'resourcemanager.projects.setIamPolicy', 'run.services.get', 'storage.objects.list', 'compute.instances.list', 'resourcemanager.projects.get'];
const IMPERSONATE = 'CAN_IMPERSONATE|gcp:iam:serviceAccounts.getAccessToken';
/** Permissions of the pool that lead to the target account (token, signature, key, or the project's policy). */
const REACH_TARGET = ['iam.serviceAccounts.getAccessToken', 'iam.serviceAccounts.signBlob', 'iam.serviceAccountKeys.create', 'resourcemanager.projects.setIamPolicy'];

/** Every node reachable from `from` over traversable edges. */
function reach(edges: readonly GraphEdge[], from: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of edges) if (TRAVERSABLE_EDGE_KINDS.has(e.kind)) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    for (const n of out.get(todo.pop()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  return seen;
}

function world(role: string, exercised: string[], inferred: string[]): Inventory[] {
  const gcp = emptyGcpInventory();
  gcp.containers.push({ name: 'projects/1', projectId: 'p', state: 'ACTIVE' });
  gcp.serviceAccounts.push({ email: APP, projectId: 'p', disabled: false }, { email: TARGET, projectId: 'p', disabled: false });
  gcp.policies.push({ resource: PROJECT, assetType: 'cloudresourcemanager.googleapis.com/Project', bindings: [{ role, members: [`serviceAccount:${APP}`] }], source: 'policy.json' });
  const to = '2025-06-30T07:00:00.000Z';
  const source = { kind: 'gcp-insight' as const, file: 'insights.json', to, from: '2025-04-01T07:00:00.000Z' };
  const usage: UsageInventory = {
    provider: 'usage',
    identities: [{ subject: { provider: 'gcp', email: APP }, ...(exercised.length ? { lastUsed: to } : {}), services: [], role, insight: { resources: [PROJECT], member: `serviceAccount:${APP}`, exercised, inferred }, source }],
    credentials: [],
    sources: [source],
  };
  return [gcp, usage];
}

describe('GCP insight proposals (property)', () => {
  it('keep every exercised and inferred permission on the resource, reach nothing new, cut what went unused', async () => {
    const subset = fc.subarray(POOL, { minLength: 0, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('roles/owner', 'roles/editor'), subset, subset, async (role, exercisedAll, inferredAll) => {
        // An insight lists permissions of the role: analysed ones the role lacks cannot appear.
        const ofRole = (p: string) => !ANALYSED_PERMISSIONS.includes(p) || rolesOf([]).get(role)!.permissions.has(p);
        const exercised = exercisedAll.filter(ofRole);
        const inferred = inferredAll.filter((p) => ofRole(p) && !exercised.includes(p));
        const inventories = world(role, exercised, inferred);
        const { graph } = analyse(inventories, { at: AT });
        const report = await analyseUnused(inventories, graph, { crownJewels: [] }, { at: AT });
        const f = report.identities.find((i) => i.id === `gcp:sa:${APP}`)!;
        const p = f.proposal as RemovalProposal | undefined;
        const needed = [...new Set([...exercised, ...inferred])];
        if (!p) {
          // No proposal only when the role is needed whole, which neither basic role ever is here.
          throw new Error(`no proposal for ${role} with ${needed.join(',')}`);
        }
        if (needed.length === 0) {
          expect(p.remove.map((r) => r.role)).toEqual([role]);
          expect(p.replace ?? []).toEqual([]);
        } else {
          expect(p.replace!.map((r) => [r.role, r.permissions])).toEqual([[role, [...needed].sort()]]);
          expect(p.verification).toMatchObject({ exercisedStillGranted: true, failures: [] });
        }
        const after = withChanges(inventories, p.remove, p.replace ?? [], p.keys ?? []);
        // Independently of the verdict: each needed permission is still granted on the project.
        const granted = grantedOn(after, PROJECT, `serviceAccount:${APP}`, undefined);
        for (const perm of needed) expect(granted.has(perm), perm).toBe(true);
        expect(grantedOn(after, PROJECT, `serviceAccount:${APP}`, undefined).has(role === 'roles/owner' ? 'resourcemanager.projects.setIamPolicy' : 'iam.serviceAccounts.actAs')).toBe(needed.includes(role === 'roles/owner' ? 'resourcemanager.projects.setIamPolicy' : 'iam.serviceAccounts.actAs'));
        const re = analyse(after, { at: AT }).graph;
        const beforeReach = reach(graph.edges, `gcp:sa:${APP}`);
        const afterReach = reach(re.edges, `gcp:sa:${APP}`);
        // Nothing reachable after that was not before: the change only narrows.
        for (const id of afterReach) expect(beforeReach.has(id), id).toBe(true);
        // The target account stays reachable when, and only when, a permission that reaches it was used.
        if (afterReach.has(`gcp:sa:${TARGET}`)) expect(needed.some((x) => REACH_TARGET.includes(x)), needed.join(',')).toBe(true);
        if (needed.includes('iam.serviceAccounts.getAccessToken')) expect(re.edges.some((e) => e.id === `${IMPERSONATE}|gcp:sa:${APP}|gcp:sa:${TARGET}`)).toBe(true);
        // The report's unused edges are exactly the account's edges the re-analysis no longer derives.
        const afterIds = new Set(re.edges.map((e) => e.id));
        expect(f.unusedEdges.map((e) => e.id).sort()).toEqual(graph.edges.filter((e) => e.source === `gcp:sa:${APP}` && TRAVERSABLE_EDGE_KINDS.has(e.kind) && !afterIds.has(e.id)).map((e) => e.id).sort());
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
