import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { edgeId, type AttackGraph, type GraphEdge, type GraphNode } from '../../src/model/graph.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';

const n = (id: string, kind: GraphNode['kind'] = 'Identity', extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  kind,
  provider: 'aws',
  type: kind === 'Credential' ? 'aws:iam:access-key' : 'aws:iam:role',
  name: id,
  tags: {},
  props: {},
  ...extra,
});
const e = (kind: string, source: string, target: string, conditional = false, technique = kind === 'AUTHENTICATES_AS' ? 'aws:iam:AccessKey' : 'aws:sts:AssumeRole'): GraphEdge => ({
  id: edgeId(kind, technique, source, target),
  source,
  target,
  kind,
  technique,
  evidence: { summary: `${source}→${target}`, refs: [] },
  conditional,
  ...(conditional ? { conditions: 'x' } : {}),
});
const admin = { reason: 'admin', technique: 'aws:iam:AdministratorAccess', evidence: { summary: 'admin', refs: [] }, conditional: false };

/**
 *  key → u → a → b → admin      (4 hops)
 *        u ⇒ c → admin          (3 hops, u⇒c conditional)
 *        u → e → admin          (3 hops, certain)
 *        u → d ⇢ admin          (MEMBER_OF is not traversable)
 *  other-key → v (no path)
 */
const graph: AttackGraph = {
  nodes: [n('key', 'Credential', { aliases: ['AKIAEXAMPLE'], props: { owner: 'u', status: 'Active' } }), n('u'), n('a'), n('b'), n('c'), n('d'), n('e'), n('admin', 'Identity', { tierZero: admin }), n('other-key', 'Credential'), n('v')],
  edges: [
    e('AUTHENTICATES_AS', 'key', 'u'),
    e('CAN_ASSUME', 'u', 'a'),
    e('CAN_ASSUME', 'a', 'b'),
    e('CAN_ASSUME', 'b', 'admin'),
    e('CAN_ASSUME', 'u', 'c', true),
    e('CAN_ASSUME', 'c', 'admin'),
    e('CAN_ASSUME', 'u', 'd'),
    e('CAN_ASSUME', 'u', 'e'),
    e('CAN_ASSUME', 'e', 'admin'),
    e('MEMBER_OF', 'd', 'admin', false, 'aws:iam:GroupMembership'),
    e('AUTHENTICATES_AS', 'other-key', 'v'),
  ],
};
const engine = () => new EmbeddedEngine(graph, EMPTY_CONFIG);

describe('embedded engine', () => {
  it('blast reaches everything downstream, with shortest hop counts, and finds the tier-zero jewel', async () => {
    const r = await engine().blast('AKIAEXAMPLE');
    expect(r.credential.id).toBe('key');
    expect(r.startIdentities.map((s) => s.id)).toEqual(['u']);
    expect(r.reachable.identities.map((i) => [i.id, i.hops])).toEqual([['u', 1], ['a', 2], ['c', 2], ['d', 2], ['e', 2], ['admin', 3], ['b', 3]]);
    expect(r.tierZero).toBe(true);
    expect(r.crownJewels.map((j) => [j.id, j.hops])).toEqual([['admin', 3]]);
  });

  it('of equally short routes, reports the one with fewer conditional edges', async () => {
    const jewel = (await engine().blast('key')).crownJewels[0]!;
    expect(jewel.path.map((s) => s.to)).toEqual(['u', 'e', 'admin']);
    expect(jewel.conditional).toBe(false);
    expect(jewel.path[0]!.evidence.summary).toBe('key→u');
  });

  it('blast honours --max-hops', async () => {
    const r = await engine().blast('key', { maxHops: 2 });
    expect(r.tierZero).toBe(false);
    expect(r.reachable.identities.map((i) => i.id)).toEqual(['u', 'a', 'c', 'd', 'e']);
  });

  it('base facts (MEMBER_OF) are never walked', async () => {
    const r = await engine().whoCanReach('admin');
    expect(r.identities.map((i) => i.id)).not.toContain('d');
  });

  it('paths returns k shortest loopless paths in order, bounded by max hops', async () => {
    const r = await engine().paths('key', { to: 'admin', k: 3, maxHops: 8 });
    expect(r.paths.map((p) => p.steps.map((s) => s.to).join('>'))).toEqual(['u>e>admin', 'u>c>admin', 'u>a>b>admin']);
    expect(r.paths.map((p) => p.conditional)).toEqual([false, true, false]);
    const bounded = await engine().paths('key', { to: 'admin', k: 3, maxHops: 3 });
    expect(bounded.paths).toHaveLength(2);
    const one = await engine().paths('key', { to: 'admin', k: 1, maxHops: 8 });
    expect(one.paths).toHaveLength(1);
  });

  it('paths without --to goes to every crown jewel', async () => {
    const r = await engine().paths('u', { k: 1, maxHops: 8 });
    expect(r.paths.map((p) => p.to.id)).toEqual(['admin']);
  });

  it('who-can-reach lists credentials and identities with their path to the target', async () => {
    const r = await engine().whoCanReach('admin');
    expect(r.credentials.map((c) => [c.id, c.hops])).toEqual([['key', 3]]);
    expect(r.credentials[0]!.path.at(-1)!.to).toBe('admin');
    expect(r.identities.map((i) => i.id)).toEqual(['b', 'c', 'e', 'a', 'u']);
    const none = await engine().whoCanReach('v');
    expect(none.credentials.map((c) => c.id)).toEqual(['other-key']);
  });

  it('an unreachable target gives no paths, an unknown one a usage error', async () => {
    expect((await engine().paths('other-key', { to: 'admin', k: 3, maxHops: 8 })).paths).toEqual([]);
    await expect(engine().blast('nope')).rejects.toThrow(/no credential matches/);
  });

  it('an inactive credential (no AUTHENTICATES_AS) reaches nothing and has no risk', async () => {
    const g: AttackGraph = { nodes: [n('k', 'Credential', { props: { status: 'Inactive' } }), n('u')], edges: [] };
    const r = await new EmbeddedEngine(g, EMPTY_CONFIG).blast('k');
    expect(r.reachable.identities).toEqual([]);
    expect(r.risk.level).toBe('none');
  });
});
