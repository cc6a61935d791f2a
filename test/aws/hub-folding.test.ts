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
import { expandHubs, isHub, unfoldedEdgeCount } from '../../src/model/hubs.js';
import { findChokepoints } from '../../src/query/chokepoints/index.js';
import { withoutEdges } from '../../src/query/chokepoints/without.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { accessKeys, allow, deny, doc, gaad, managed, role, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const AT = new Date('2026-01-01T00:00:00Z');

const trustKinds = ['own-root', 'own-id', 'other-root', 'own-root-condition', 'service', 'service', 'service-condition', 'named-user', 'own-root+service', 'own-root-deny-user'] as const;
const grantKinds = ['none', 'any', 'any', 'pattern-r', 'one-role', 'any-mfa', 'any-resource-tag', 'any-deny-one', 'any-boundary', 'admin', 'pass-any', 'pass-any', 'pass-pattern', 'pass-to-lambda', 'pass-tagged', 'pass-deny-one'] as const;

const principal = fc.record({ grant: fc.constantFrom(...grantKinds), target: fc.nat(20), tag: fc.constantFrom('a', 'b') });
const roleSpec = fc.record({ trust: fc.constantFrom(...trustKinds), prefix: fc.constantFrom('r', 'r', 'x'), who: fc.nat(20) }).chain((t) => principal.map((p) => ({ ...t, ...p })));
const estateSpec = fc.array(fc.record({ roles: fc.array(roleSpec, { minLength: 2, maxLength: 9 }), users: fc.array(principal, { minLength: 1, maxLength: 5 }) }), { minLength: 2, maxLength: 2 });

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Spec = Of<typeof estateSpec>;

function files(spec: Spec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  spec.forEach((a, ai) => {
    const acct = ACCOUNTS[ai]!;
    const other = ACCOUNTS[1 - ai]!;
    const roleName = (i: number) => `${a.roles[i]!.prefix}-${i}`;
    const roleArn = (i: number) => `arn:aws:iam::${acct}:role/${roleName(i % a.roles.length)}`;
    const userArn = (i: number) => `arn:aws:iam::${acct}:user/u-${i % a.users.length}`;
    const boundary = `arn:aws:iam::${acct}:policy/only-r`;
    const compute = ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'];
    const grant = (p: Of<typeof principal>) => {
      const inline: Record<string, object> = {};
      const opts: { inline: Record<string, object>; attached?: string[]; boundary?: string; tags: Record<string, string> } = { inline, tags: { team: p.tag } };
      const assumeAny = allow('sts:AssumeRole', '*');
      switch (p.grant) {
        case 'none':
          break;
        case 'any':
          inline.any = doc(assumeAny);
          break;
        case 'pattern-r':
          inline.pattern = doc(allow('sts:AssumeRole', `arn:aws:iam::${p.target % 2 ? other : acct}:role/r-*`));
          break;
        case 'one-role':
          inline.one = doc(allow('sts:AssumeRole', roleArn(p.target)));
          break;
        case 'any-mfa':
          inline.mfa = doc(allow('sts:AssumeRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
          break;
        case 'any-resource-tag':
          inline.tagged = doc(allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': p.tag } } }));
          break;
        case 'any-deny-one':
          inline.deny = doc(assumeAny, deny('sts:AssumeRole', roleArn(p.target)));
          break;
        case 'any-boundary':
          inline.any = doc(assumeAny);
          opts.boundary = boundary;
          break;
        case 'admin':
          opts.attached = ['arn:aws:iam::aws:policy/AdministratorAccess'];
          break;
        case 'pass-any':
          inline.pass = doc(allow(['iam:PassRole', ...compute], '*'));
          break;
        case 'pass-pattern':
          inline.pass = doc(allow('iam:PassRole', `arn:aws:iam::${acct}:role/r-*`), allow(compute, '*'));
          break;
        case 'pass-to-lambda':
          inline.pass = doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }), allow(compute, '*'));
          break;
        case 'pass-tagged':
          inline.pass = doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': p.tag } } }), allow(compute, '*'));
          break;
        case 'pass-deny-one':
          inline.pass = doc(allow(['iam:PassRole', ...compute], '*'), deny('iam:PassRole', roleArn(p.target)));
          break;
      }
      return opts;
    };
    const trust = (r: Of<typeof roleSpec>): object => {
      const root = (x: string) => `arn:aws:iam::${x}:root`;
      const stmt = (principal: string, extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
      switch (r.trust) {
        case 'own-root':
          return doc(stmt(root(acct)));
        case 'own-id':
          return doc(stmt(acct));
        case 'other-root':
          return doc(stmt(root(other)));
        case 'own-root-condition':
          return doc(stmt(root(acct), { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }));
        case 'service':
          return doc({ Effect: 'Allow', Principal: { Service: r.who % 2 ? 'lambda.amazonaws.com' : 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
        case 'service-condition':
          return doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': acct } } });
        case 'named-user':
          return doc(stmt(userArn(r.who)));
        case 'own-root+service':
          return doc(stmt(root(acct)), { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
        case 'own-root-deny-user':
          return doc(stmt(root(acct)), { Effect: 'Deny', Principal: { AWS: userArn(r.who) }, Action: 'sts:AssumeRole' });
      }
    };
    out[`${acct}-gaad.json`] = gaad({
      users: a.users.map((u, i) => user(acct, `u-${i}`, grant(u))),
      roles: a.roles.map((r, i) => role(acct, roleName(i), trust(r), grant(r))),
      policies: [managed('AdministratorAccess', doc(allow('*'))), managed('only-r', doc(allow('sts:AssumeRole', `arn:aws:iam::*:role/r-*`), allow('s3:*')), acct)],
    });
    out[`${acct}-keys.json`] = { AccessKeyMetadata: a.users.flatMap((_, i) => accessKeys(`u-${i}`, { id: `AKIA${acct.slice(0, 4)}${String(i).padStart(12, '0')}` }).AccessKeyMetadata) };
  });
  return out;
}

/** An edge as answers see it: refs compared as a set, whichever half cites them first. */
const canonical = (g: AttackGraph) =>
  g.edges.map((e) => ({ ...e, evidence: { ...e.evidence, refs: [...e.evidence.refs].map((r) => JSON.stringify(r)).sort() } }));

async function answers(graph: AttackGraph) {
  const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
  const refsSorted = (x: unknown) =>
    JSON.parse(JSON.stringify(x), (k, v) => (k === 'refs' && Array.isArray(v) ? [...v].map((r) => JSON.stringify(r)).sort() : v));
  const out: unknown[] = [];
  const real = graph.nodes.filter((n) => !isHub(n));
  for (const c of real.filter((n) => n.kind === 'Credential')) {
    out.push(refsSorted(await engine.blast(c.id)));
    out.push(refsSorted(await engine.blast(c.id, { maxHops: 2 })));
  }
  for (const r of real.filter((n) => n.type === 'aws:iam:role' || n.tierZero)) {
    out.push(refsSorted(await engine.whoCanReach(r.id)));
    out.push(refsSorted(await engine.whoCanReach(r.id, { maxHops: 1 })));
  }
  const users = real.filter((n) => n.type === 'aws:iam:user').slice(0, 3);
  for (const u of users) {
    for (const t of real.filter((n) => n.type === 'aws:iam:role').slice(0, 4)) out.push(refsSorted(await engine.paths(u.id, { to: t.id, k: 3, maxHops: 5 })));
  }
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
        expect(canonical(expandHubs(folded))).toEqual(canonical(unfolded));
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
  });
});
