import { describe, expect, it } from 'vitest';
import { analyseExports } from '../helpers/analyse.js';
import { allow, doc, gaad, role, trustAws, user, ADMIN, accessKeys } from '../helpers/aws-estate.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { findChokepoints } from '../../src/query/chokepoints/chokepoints.js';
import { withoutEdges } from '../../src/query/chokepoints/without.js';
import { chokepointsMarkdown, chokepointsText } from '../../src/report/chokepoints.js';
import type { Config } from '../../src/config/config.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { azureEstate, demoEstate } from './estates.js';

/** Every credential → crown-jewel pair, from the public blast answers. */
async function allPairs(graph: AttackGraph, config: Config): Promise<string[]> {
  const engine = new EmbeddedEngine(graph, config);
  const pairs: string[] = [];
  for (const c of await engine.credentials()) for (const j of (await engine.blast(c.id)).crownJewels) pairs.push(`${c.id} → ${j.id}`);
  return pairs.sort();
}

describe('choke points', () => {
  it('on the demo estate names the change that cuts the most paths, with the command to make it', async () => {
    const { graph, config } = await demoEstate();
    const r = await findChokepoints(graph, config);
    const top = r.chokepoints[0]!;
    expect(top.id).toBe('identity-policy:arn:aws:iam::111111111111:group/ci inline policy ci-assume:#0');
    expect(top.kind).toBe('policy-statement');
    expect(top.fix.commands.at(-1)).toBe('aws iam put-group-policy --group-name ci --policy-name ci-assume --policy-document file://ci-assume.json');
    expect(top.pathsCut).toBe(2);
    expect(top.certain).toBe(true);
    expect(top.paths.map((p) => p.jewel.name).sort()).toEqual(['payments-db-admin', 'platform-admin']);
    // Ranked by weight cut, never increasing.
    const weights = r.chokepoints.map((c) => c.weightCut);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(r.chokepoints.map((c) => c.rank)).toEqual(r.chokepoints.map((_c, i) => i + 1));
  });

  it('checked by removal: without each choke point, exactly the paths it reports as cut are gone', async () => {
    const { graph, config } = await demoEstate();
    const before = await allPairs(graph, config);
    const r = await findChokepoints(graph, config);
    expect(r.chokepoints.length).toBeGreaterThan(3);
    for (const cp of r.chokepoints) {
      const after = await allPairs(withoutEdges(graph, [cp.id]).graph, config);
      const cut = cp.paths.map((p) => `${p.credential.id} → ${p.jewel.id}`).sort();
      expect(after, cp.id).toEqual(before.filter((p) => !cut.includes(p)));
      // And a re-run without it finds nothing more to cut along those paths.
      const again = await findChokepoints(withoutEdges(graph, [cp.id]).graph, config);
      expect(again.totals.paths).toBe(r.totals.paths - cp.pathsCut);
    }
  });

  it('the credential\'s own sign-in is never a choke point', async () => {
    const { graph, config } = await demoEstate();
    const r = await findChokepoints(graph, config, { top: 100 });
    for (const cp of r.chokepoints) for (const e of cp.edges) expect(e.edge === 'AUTHENTICATES_AS' && e.from.startsWith('aws:access-key:')).toBe(false);
  });

  it('a statement that is one of two grants of the same action is flagged for confirmation; a sole one is not', async () => {
    const [A, B] = ['111111111111', '222222222222'];
    const estate = (second: boolean) =>
      analyseExports({
        'a.json': gaad({
          users: [
            user(A, 'ci', {
              inline: { one: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/admin`)), ...(second ? { two: doc(allow('sts:AssumeRole', '*')) } : {}) },
            }),
          ],
        }),
        'b.json': gaad({ roles: [role(B, 'admin', trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN] })] }),
        'keys.json': { leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: A, output: accessKeys('ci', { id: 'AKIAAAAAAAAAAAAAAAAA' }) },
      }).graph;
    const one = `identity-policy:arn:aws:iam::${A}:user/ci inline policy one:#0`;
    const find = async (graph: AttackGraph) => (await findChokepoints(graph, { crownJewels: [] }, { top: 10 })).chokepoints.find((c) => c.id === one);
    expect((await find(estate(false)))?.certain).toBe(true);
    expect((await find(estate(true)))?.certain).toBe(false);
  });

  it('what-if refuses a reference that names nothing (a typo never passes for a proof)', async () => {
    const { graph } = await demoEstate();
    expect(() => withoutEdges(graph, ['trust-policy:arn:aws:iam::999999999999:role/nope trust policy:#0'])).toThrow(/names no edge id, technique or evidence reference/);
  });

  it('what-if by technique removes every edge of it', async () => {
    const { graph } = await demoEstate();
    const { graph: after, removed } = withoutEdges(graph, ['aws:sts:AssumeRole']);
    expect(removed.length).toBeGreaterThan(0);
    expect(after.edges.some((e) => e.technique === 'aws:sts:AssumeRole')).toBe(false);
    expect(after.edges.length + removed.length).toBe(graph.edges.length);
  });

  it('Azure: role assignments and grants become az commands', async () => {
    const { graph, config } = await azureEstate();
    const r = await findChokepoints(graph, config, { top: 50 });
    expect(r.chokepoints.length).toBeGreaterThan(0);
    const assignment = r.chokepoints.find((c) => c.kind === 'role-assignment' && c.ref?.source.startsWith('/subscriptions/'));
    expect(assignment?.fix.commands[0]).toMatch(/^az role assignment delete --ids \/subscriptions\//);
    for (const cp of r.chokepoints) {
      const after = withoutEdges(graph, [cp.id]).graph;
      expect(after.edges.length).toBeLessThan(graph.edges.length);
    }
  });

  it('renders text and markdown with the fix id to pass to --without', async () => {
    const { graph, config } = await demoEstate();
    const r = await findChokepoints(graph, config, { top: 2 });
    const text = chokepointsText(r);
    expect(text).toContain(`--without '${r.chokepoints[0]!.id}'`);
    expect(text).toContain('paths cut:');
    const md = chokepointsMarkdown(r);
    expect(md).toMatch(/^# leakpath choke points/);
    expect(md).toContain('| 1 | Remove or narrow statement #0 of the inline policy ci-assume of group ci. | 2 |');
  });
});
