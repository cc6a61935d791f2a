/**
 * Hub folding (src/model/hubs.ts, src/analysis/aws/fold) must change no answer: on random estates
 * the folded graph, unfolded again, is the graph analysis gives without folding (same edge ids,
 * flags, conditions and cited statements), and blast, paths and who-can-reach give the same
 * answers on both. Estates mix what folding must respect: trusts of whole accounts (own, other,
 * by id or root, with conditions, next to a service or a named principal), callers whose
 * sts:AssumeRole is on `*`, on a name pattern, on one role, under MFA or resource-tag conditions,
 * with a Deny on one role, capped by a permissions boundary. Bounded runs; the bench runs more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { expandHubs, isHub, isHubId, unfoldedEdgeCount } from '../../src/model/hubs.js';
import { findChokepoints } from '../../src/query/chokepoints/index.js';
import { withoutEdges } from '../../src/query/chokepoints/without.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { accessKeys, allow, doc, gaad, role, user } from '../helpers/aws-estate.js';
import { ESTATE_ACCOUNTS, estateSpecOf, files } from '../helpers/aws-random-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { canonicalEdges, refsAsSets } from '../helpers/hub-equality.js';

const ACCOUNTS = ESTATE_ACCOUNTS;
const AT = new Date('2026-01-01T00:00:00Z');
const estateSpec = estateSpecOf(2);


async function answers(graph: AttackGraph) {
  const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
  const out: unknown[] = [];
  const real = graph.nodes.filter((n) => !isHub(n));
  for (const c of real.filter((n) => n.kind === 'Credential')) {
    out.push(refsAsSets(await engine.blast(c.id)));
    out.push(refsAsSets(await engine.blast(c.id, { maxHops: 2 })));
  }
  for (const r of real.filter((n) => n.type === 'aws:iam:role' || n.tierZero)) {
    out.push(refsAsSets(await engine.whoCanReach(r.id)));
    out.push(refsAsSets(await engine.whoCanReach(r.id, { maxHops: 1 })));
  }
  const users = real.filter((n) => n.type === 'aws:iam:user').slice(0, 3);
  for (const u of users) {
    for (const t of real.filter((n) => n.type === 'aws:iam:role').slice(0, 4)) out.push(refsAsSets(await engine.paths(u.id, { to: t.id, k: 3, maxHops: 5 })));
  }
  // Choke points list the edges a fix removes: those a hub stands for, as unfolded.
  out.push(refsAsSets(await findChokepoints(graph, EMPTY_CONFIG, { at: AT })));
  return out;
}

describe('hub folding', () => {
  it('changes no edge, and no blast, paths or who-can-reach answer, on random estates', async () => {
    let folds = 0;
    let passFolds = 0;
    await fc.assert(
      fc.asyncProperty(estateSpec, async (spec) => {
        const read = readInputsFromJson(files(spec));
        const folded = analyse(read.inventories, { at: AT }).graph;
        const unfolded = analyse(read.inventories, { at: AT, fold: false }).graph;
        if (folded.nodes.some((n) => n.type === 'aws:hub:assume-role')) folds++;
        if (folded.nodes.some((n) => n.type === 'aws:hub:pass-role')) passFolds++;
        expect(unfolded.nodes.some(isHub)).toBe(false);
        expect(canonicalEdges(expandHubs(folded))).toEqual(canonicalEdges(unfolded));
        expect(unfoldedEdgeCount(folded)).toBe(unfolded.edges.length);
        expect(await answers(folded)).toEqual(await answers(unfolded));
      }),
      { numRuns: Number(process.env.LEAKPATH_FOLD_RUNS ?? 50), seed: Number(process.env.LEAKPATH_FOLD_SEED ?? 16) },
    );
    // The property is only worth something if hubs were actually made.
    expect(folds).toBeGreaterThan(5);
    expect(passFolds).toBeGreaterThan(3);
  }, 60_000);

  it('folds a wildcard grant into one hub with the evidence of both halves', () => {
    const acct = ACCOUNTS[0]!;
    const roles = Array.from({ length: 4 }, (_, i) => role(acct, `app-${i}`, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' })));
    const users = Array.from({ length: 3 }, (_, i) => user(acct, `ci-${i}`, { inline: { any: doc(allow('sts:AssumeRole', '*')) } }));
    const read = readInputsFromJson({ 'g.json': gaad({ users, roles }) });
    const { graph } = analyse(read.inventories, { at: AT });
    const hub = graph.nodes.find(isHub)!;
    expect(hub).toMatchObject({ id: `hub:aws:assume-role:${acct}:${acct}`, kind: 'Hub', type: 'aws:hub:assume-role' });
    const into = graph.edges.filter((e) => e.target === hub.id);
    const out = graph.edges.filter((e) => e.source === hub.id);
    expect([into.length, out.length]).toEqual([3, 4]);
    expect(into[0]!.evidence.refs.map((r) => r.type)).toEqual(['identity-policy']);
    expect(out[0]!.evidence.refs.map((r) => r.type)).toEqual(['trust-policy']);
    // 12 pairs unfolded, 7 edges folded; a hub is never reached, and paths step over it.
    expect(unfoldedEdgeCount(graph)).toBe(graph.edges.length - 7 + 12);
  });

  it('a hub is no reached identity, and --without takes one pair a hub stands for out alone', async () => {
    const acct = ACCOUNTS[0]!;
    const roles = Array.from({ length: 3 }, (_, i) => role(acct, `app-${i}`, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' }), i === 2 ? { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] } : {}));
    const users = Array.from({ length: 3 }, (_, i) => user(acct, `ci-${i}`, { inline: { any: doc(allow('sts:AssumeRole', '*')) } }));
    const read = readInputsFromJson({ 'g.json': gaad({ users, roles }), 'k.json': accessKeys('ci-0', { id: 'AKIAFOLD000000000000' }) });
    const { graph } = analyse(read.inventories, { at: AT });
    expect(graph.nodes.some(isHub)).toBe(true);
    const blast = await new EmbeddedEngine(graph, EMPTY_CONFIG).blast('AKIAFOLD000000000000');
    expect(blast.reachable.identities.map((i) => i.id).some((id) => id.startsWith('hub:'))).toBe(false);
    const jewel = blast.crownJewels.find((j) => j.id.endsWith('role/app-2'))!;
    expect(jewel.path.map((s) => [s.from, s.to])).toEqual([
      ['aws:access-key:AKIAFOLD000000000000', `arn:aws:iam::${acct}:user/ci-0`],
      [`arn:aws:iam::${acct}:user/ci-0`, `arn:aws:iam::${acct}:role/app-2`],
    ]);
    expect(jewel.path[1]!.evidence.refs.map((r) => r.type).sort()).toEqual(['identity-policy', 'trust-policy']);

    const pair = jewel.path[1]!;
    const id = `${pair.edge}|${pair.technique}|${pair.from}|${pair.to}`;
    const after = new EmbeddedEngine(withoutEdges(graph, [id]).graph, EMPTY_CONFIG);
    const reached = (await after.blast('AKIAFOLD000000000000')).reachable.identities.map((i) => i.id);
    // app-0 and app-1 are still assumed, as edges of their own now; app-2 no longer.
    expect(reached.sort()).toEqual([`arn:aws:iam::${acct}:role/app-0`, `arn:aws:iam::${acct}:role/app-1`, `arn:aws:iam::${acct}:user/ci-0`]);
    const unfolded = new EmbeddedEngine(withoutEdges(analyse(read.inventories, { at: AT, fold: false }).graph, [id]).graph, EMPTY_CONFIG);
    expect(await after.blast('AKIAFOLD000000000000')).toEqual(await unfolded.blast('AKIAFOLD000000000000'));

    const chokepoints = await findChokepoints(graph, EMPTY_CONFIG);
    const plain = await findChokepoints(analyse(read.inventories, { at: AT, fold: false }).graph, EMPTY_CONFIG);
    expect(chokepoints.chokepoints.map((c) => [c.id, c.pathsCut, c.weightCut])).toEqual(plain.chokepoints.map((c) => [c.id, c.pathsCut, c.weightCut]));
    // The edges a fix removes are those the hub stands for (ci-0's statement: its three pairs), never a half.
    expect(chokepoints.chokepoints.flatMap((c) => c.edges).some((e) => isHubId(e.from) || isHubId(e.to))).toBe(false);
    expect(chokepoints.chokepoints.find((c) => c.id.includes('user/ci-0 inline policy'))!.edges.map((e) => e.to)).toEqual(roles.map((r) => r.Arn));
    expect(chokepoints).toEqual(plain);
  });
});
