/**
 * Azure and GCP estates whose graphs hold hubs (src/model/hubs.ts), for the engines' differential
 * test: random estates of the hub-folding tests with the grants that fold forced in, and small
 * dense estates of the benchmark.
 */
import fc from 'fast-check';
import { denseAzureRecords, denseGcpAssets } from '../../bench/dense-cloud-estate.js';
import { analyse } from '../../src/analysis/index.js';
import type { AttackGraph } from '../../src/model/graph.js';
import * as H from '../azure/fixtures/azurehound.js';
import { azurehound, estateSpec as azureSpec, secretLinks } from '../azure/fixtures/random-estate.js';
import { estateSpec as gcpSpec, files as gcpFiles } from '../gcp/fixtures/random-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';

export const AT = new Date('2026-01-01T00:00:00Z');

const hubTypes = (graph: AttackGraph) => new Set(graph.nodes.filter((n) => n.kind === 'Hub').map((n) => n.type));
const hubEdges = (graph: AttackGraph) => graph.edges.filter((e) => e.source.startsWith('hub:') || e.target.startsWith('hub:')).length;

type Inventories = ReturnType<typeof readInputsFromJson>['inventories'];

/** An estate's graph, folded (as analysis gives it) or not (`fold: false`: no hub). */
export type EstateGraph = (options?: { fold?: boolean }) => AttackGraph;

const graphOf = (inventories: Inventories): EstateGraph => (options = {}) => analyse(inventories, { at: AT, ...options }).graph;

/** Of `estates`, the one with the most hub edges among those holding every hub type of `types`. */
function richest(estates: Inventories[], types: readonly string[]): EstateGraph {
  const fit = estates.map(graphOf).map((of) => ({ of, graph: of() })).filter(({ graph }) => types.every((t) => hubTypes(graph).has(t)));
  if (fit.length === 0) throw new Error(`no sampled estate holds hubs of ${types.join(', ')}`);
  return fit.reduce((a, b) => (hubEdges(b.graph) > hubEdges(a.graph) ? b : a)).of;
}

/**
 * Random AzureHound estates (nested groups, role assignments to groups, vaults whose access
 * policies name groups), each with a group-wide Contributor on a subscription and a second access
 * policy to a nested group forced in: the richest in role-assignment and access-policy hubs.
 */
export function randomAzureGraph(seed: number): EstateGraph {
  const graphs = fc.sample(azureSpec, { seed, numRuns: 30 }).map((spec) => {
    const forced = {
      ...spec,
      groups: spec.groups.length > 1 ? spec.groups : [...spec.groups, { members: [1, 2], parent: 0 }],
      assignments: [...spec.assignments, { role: 'Contributor' as const, to: 0, scope: 'sub0' as const, condition: false }],
      vaults: spec.vaults.map((v, i) => (i === 0 ? { ...v, rbac: false, policies: [...v.policies, { to: 3, secrets: true, keys: true, compound: false }] } : v)),
    };
    return readInputsFromJson({ 'azurehound.json': azurehound(forced), 'links.json': secretLinks(forced) }).inventories;
  });
  return richest(graphs, ['azure:hub:role-assignment', 'azure:hub:access-policy']);
}

/** Random Cloud Asset estates with project-wide Token Creator, Service Account User and deploy bindings to a group forced in. */
export function randomGcpGraph(seed: number): EstateGraph {
  const graphs = fc.sample(gcpSpec, { seed, numRuns: 30 }).map((spec) => {
    // Member 12 % 4 = 0 is the group (past the service accounts), 13 a user.
    const toGroup = (role: string) => ({ on: 'prod' as const, sa: 0, role, members: [0, 1, 12, 13], condition: 'none' as const });
    const forced = {
      ...spec,
      sas: Math.max(spec.sas, 8),
      bindings: [...spec.bindings, toGroup('roles/iam.serviceAccountTokenCreator'), toGroup('roles/iam.serviceAccountUser'), toGroup('roles/cloudfunctions.developer')],
    } as typeof spec;
    return readInputsFromJson(gcpFiles(forced)).inventories;
  });
  return richest(graphs, ['gcp:hub:binding']);
}

/** The benchmark's dense Azure tenant at `n` service principals. */
export function denseAzureGraph(n: number): EstateGraph {
  return richest([readInputsFromJson({ 'azurehound.json': H.file([...denseAzureRecords(n)]) }).inventories], ['azure:hub:role-assignment', 'azure:hub:access-policy']);
}

/** The benchmark's dense GCP organisation at `n` service accounts. */
export function denseGcpGraph(n: number): EstateGraph {
  return richest([readInputsFromJson({ 'resources.json': [...denseGcpAssets(n, 'resource')], 'policies.json': [...denseGcpAssets(n, 'iam_policy')] }).inventories], ['gcp:hub:binding']);
}
