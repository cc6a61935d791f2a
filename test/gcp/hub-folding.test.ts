/**
 * GCP binding hubs (src/analysis/gcp/fold.ts, src/model/hubs.ts) must change no answer: on random
 * Cloud Asset estates the folded graph, unfolded again, is the graph analysis gives with
 * `fold: false` (edge ids, flags, conditions, evidence), and blast, paths and who-can-reach answer
 * alike on both. Estates mix what folding must respect: bindings at the organisation, a folder, a
 * project or one service account; one member in several bindings, two bindings of one role in one
 * policy; IAM conditions the time settles (either way) or leaves open; deny rules that remove a
 * grant or may apply (a group); members that are themselves targets; deploy rules that need two
 * bindings; a member whose pair to one account says more than its other pairs (a second role
 * there); a scope administrator whose edges a container covers.
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
import { customRole, customRoleName, hierarchy, key, ORG, policy, PROD, sa, saPolicy, serviceAccount, type Binding } from './fixtures/cai.js';
import { account, CONDITIONS, estateSpec, files, GROUP } from './fixtures/random-estate.js';

const AT = new Date('2026-01-01T00:00:00Z');

async function answers(graph: AttackGraph) {
  const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
  const out: unknown[] = [];
  const real = graph.nodes.filter((n) => !isHub(n));
  for (const c of real.filter((n) => n.kind === 'Credential')) {
    out.push(refsAsSets(await engine.blast(c.id)));
    out.push(refsAsSets(await engine.blast(c.id, { maxHops: 2 })));
  }
  const accounts = real.filter((n) => n.id.startsWith('gcp:sa:'));
  for (const t of accounts) out.push(refsAsSets(await engine.whoCanReach(t.id)));
  const starts = real.filter((n) => n.id === `gcp:${GROUP}` || n.id === 'gcp:user:alice@example.com').concat(accounts.slice(0, 2));
  for (const s of starts) for (const t of accounts.slice(0, 4)) if (s.id !== t.id) out.push(refsAsSets(await engine.paths(s.id, { to: t.id, k: 3, maxHops: 5 })));
  return out;
}

const graphs = (f: Record<string, unknown>) => {
  const read = readInputsFromJson(f);
  return { folded: analyse(read.inventories, { at: AT }).graph, unfolded: analyse(read.inventories, { at: AT, fold: false }).graph };
};

describe('GCP binding hubs', () => {
  it('change no edge, and no blast, paths or who-can-reach answer, on random estates', async () => {
    let folds = 0;
    await fc.assert(
      fc.asyncProperty(estateSpec, async (spec) => {
        const { folded, unfolded } = graphs(files(spec));
        if (folded.nodes.some((n) => n.type === 'gcp:hub:binding')) folds++;
        expect(unfolded.nodes.some(isHub)).toBe(false);
        expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
        expect(unfoldedEdgeCount(folded)).toBe(unfolded.edges.length);
        expect(await answers(folded)).toEqual(await answers(unfolded));
      }),
      { numRuns: Number(process.env.LEAKPATH_FOLD_RUNS ?? 60), seed: Number(process.env.LEAKPATH_FOLD_SEED ?? 16) },
    );
    // The property is only worth something if hubs were actually made.
    expect(folds).toBeGreaterThan(10);
  }, 120_000);

  const members = ['serviceAccount:' + account(0), 'serviceAccount:' + account(1), GROUP];
  const estate = (condition?: Binding['condition']) => ({
    'export.json': [
      ...hierarchy(),
      ...[0, 1, 3, 4, 6].map((i) => serviceAccount(account(i))),
      key(account(0), 'k0'.padEnd(40, 'a')),
      policy(PROD, [{ role: 'roles/iam.serviceAccountTokenCreator', members, ...(condition ? { condition } : {}) }]),
    ],
  });

  it('folds a project-wide Token Creator into one hub, the binding on the member half and the summary on the target half', async () => {
    const { folded, unfolded } = graphs(estate());
    const hub = folded.nodes.find(isHub)!;
    expect(hub).toMatchObject({ id: 'hub:gcp:binding:gcp:iam:serviceAccounts.getAccessToken:projects/300|roles/iam.serviceAccountTokenCreator', kind: 'Hub', type: 'gcp:hub:binding', scope: PROD });
    const into = folded.edges.filter((e) => e.target === hub.id);
    const out = folded.edges.filter((e) => e.source === hub.id);
    expect([into.length, out.length]).toEqual([3, 5]);
    expect(into.find((e) => e.source === `gcp:${GROUP}`)!.evidence.refs[0]!.detail).toBe(`roles/iam.serviceAccountTokenCreator → ${GROUP}`);
    expect(out.every((e) => e.evidence.refs.length === 0 && e.evidence.summary.startsWith(`${hub.id} may create OAuth access tokens for`))).toBe(true);
    // 3 members × 5 accounts, less the two accounts' pairs to themselves.
    expect(unfoldedEdgeCount(folded)).toBe(folded.edges.length - 8 + 13);
    const pair = expandHubs(folded).edges.find((e) => e.source === `gcp:${GROUP}` && e.target === sa(account(3)))!;
    expect(pair.evidence.summary).toBe(`${GROUP} may create OAuth access tokens for ${account(3)} (roles/iam.serviceAccountTokenCreator grants iam.serviceAccounts.getAccessToken). Also: iam.serviceAccounts.signJwt, iam.serviceAccounts.signBlob, iam.serviceAccounts.getOpenIdToken.`);
    expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
    // A leaked key of sa-0 reaches the other accounts in one hop, never the hub.
    const blast = await new EmbeddedEngine(folded, EMPTY_CONFIG).blast(`gcp:sa-key:${'k0'.padEnd(40, 'a')}`);
    const ids = blast.reachable.identities.map((i) => i.id);
    expect(ids.some((id) => id.startsWith('hub:'))).toBe(false);
    for (const i of [1, 3, 4, 6]) expect(ids).toContain(sa(account(i)));
  });

  it('negative: a binding whose condition the data leaves open stays unfolded, each pair conditional', () => {
    const { folded, unfolded } = graphs(estate(CONDITIONS.tag));
    expect(folded.nodes.some(isHub)).toBe(false);
    const pairs = folded.edges.filter((e) => e.technique === 'gcp:iam:serviceAccounts.getAccessToken');
    expect(pairs).toHaveLength(13);
    expect(pairs.every((e) => e.conditional && e.conditions!.includes('prod only'))).toBe(true);
    expect(folded).toEqual(unfolded);
  });

  it('negative: a member whose pair to one account rests on another binding keeps all its edges unfolded', () => {
    const f = estate();
    (f['export.json'] as object[]).push(saPolicy(account(3), [{ role: 'roles/iam.serviceAccountTokenCreator', members: [GROUP] }]));
    const { folded, unfolded } = graphs(f);
    const hub = folded.nodes.find(isHub)!;
    expect(folded.edges.filter((e) => e.target === hub.id).map((e) => e.source).sort()).toEqual([sa(account(0)), sa(account(1))]);
    expect(folded.edges.filter((e) => e.source === `gcp:${GROUP}`).map((e) => e.target).sort()).toEqual([0, 1, 3, 4, 6].map((i) => sa(account(i))).sort());
    expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
  });
});

describe('GCP binding hubs: a member whose pair says more on one account', () => {
  it('keeps that member unfolded (its pair to that account lists a permission the others do not)', () => {
    const f = {
      'export.json': [
        ...hierarchy(),
        customRole('tokenOnly', ['iam.serviceAccounts.getAccessToken']),
        customRole('signOnly', ['iam.serviceAccounts.signBlob']),
        ...[0, 1, 3, 4, 6].map((i) => serviceAccount(account(i))),
        policy(PROD, [{ role: customRoleName('tokenOnly'), members: [`serviceAccount:${account(0)}`, `serviceAccount:${account(1)}`, GROUP] }]),
        saPolicy(account(3), [{ role: customRoleName('signOnly'), members: [GROUP] }]),
      ],
    };
    const { folded, unfolded } = graphs(f);
    const hub = folded.nodes.find(isHub)!;
    expect(folded.edges.filter((e) => e.target === hub.id).map((e) => e.source).sort()).toEqual([sa(account(0)), sa(account(1))]);
    const group = folded.edges.filter((e) => e.source === `gcp:${GROUP}`);
    expect(group.map((e) => e.target).sort()).toEqual([0, 1, 3, 4, 6].map((i) => sa(account(i))).sort());
    expect(group.find((e) => e.target === sa(account(3)))!.evidence.summary).toMatch(/Also: iam.serviceAccounts.signBlob\.$/);
    expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
  });
});

describe('GCP: one edge per member and account', () => {
  it('a member holding key creation through an unconditional and an undecided binding gets one unconditional edge', () => {
    for (const fold of [true, false]) {
      const read = readInputsFromJson({
        'export.json': [
          ...hierarchy(),
          serviceAccount(account(0)),
          serviceAccount(account(1)),
          policy(PROD, [{ role: 'roles/iam.serviceAccountKeyAdmin', members: [GROUP] }]),
          policy(ORG, [{ role: 'roles/iam.serviceAccountKeyAdmin', members: [GROUP], condition: CONDITIONS.tag }]),
        ],
      });
      const { graph } = analyse(read.inventories, { at: AT, fold });
      const edges = expandHubs(graph).edges.filter((e) => e.technique === 'gcp:iam:serviceAccountKeys.create' && e.target === sa(account(1)));
      expect(edges).toHaveLength(1);
      expect(edges[0]!.conditional).toBe(false);
      expect(edges[0]!.evidence.refs[0]!.source).toMatch(/projects\/300/);
    }
  });
});
