import { describe, expect, it } from 'vitest';
import { analyseExports, node } from '../helpers/analyse.js';
import { inputError } from '../helpers/inputs.js';
import { SEEDS } from '../secrets/seeds.js';
import { githubRaw } from './fixtures/org.js';

/** token_last_eight is kept as a hint — the same `hint` prop Entra client secrets have — and never as more of the token. */
describe('GitHub token_last_eight as a hint', () => {
  it('the credential authorisation node carries hint (and alias) = the last eight characters, no other copy', () => {
    const { graph } = analyseExports({ 'gh.json': githubRaw() });
    const n = node(graph, 'github:credential-authorization:161195')!;
    expect(n.props.hint).toBe('71c3fc11');
    expect(n.props).not.toHaveProperty('tokenLastEight');
    expect(n.aliases).toContain('71c3fc11');
    for (const c of graph.nodes.filter((x) => x.provider === 'github' && x.kind === 'Credential')) {
      const h = c.props.hint;
      expect(h === undefined || h === null || (typeof h === 'string' && h.length <= 8), c.id).toBe(true);
    }
  });

  it('bad input: a token_last_eight longer than eight characters is refused (exit 2) without quoting it', () => {
    const e = inputError({ 'gh.json': githubRaw({ aliceTokenLastEight: SEEDS.githubPat }) });
    expect(e.message).toContain('token_last_eight');
    expect(e.message).toContain('at most the last eight characters');
    expect(e.message).not.toContain(SEEDS.githubPat.slice(6, 26));
  });
});
