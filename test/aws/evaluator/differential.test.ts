/**
 * Differential test: leakpath's evaluator against @cloud-copilot/iam-simulate (AGPL; a
 * devDependency used only here, as an oracle). 12,000 generated cases (seeded, deterministic)
 * cover identity policies, permissions boundaries, SCPs, RCPs, resource policies in the same and
 * another account, role trust and KMS key policies, NotAction/NotResource/NotPrincipal, wildcards,
 * policy variables and every condition operator family with present and missing keys.
 *
 * Every case must agree, or be explained by a documented deliberate difference (differences.ts,
 * docs/aws-evaluator.md). Figures: LEAKPATH_DIFF_REPORT=1 npx vitest run test/aws/evaluator/differential.test.ts
 */
import { describe, expect, it } from 'vitest';
import { generateCase, type Case } from './generate.js';
import { KNOWN_DIFFERENCES } from './differences.js';
import { oracle, ours } from './oracle.js';

const SEED = 1;
const CASES = 12_000;

interface Outcome {
  agreed: number;
  explained: Record<string, number>;
  unexplained: { n: number; ours: string; oracle: string }[];
  conditional: number[];
  verdicts: Record<string, number>;
}

function explain(c: Case, ourVerdict: string): string | undefined {
  let normalised = c;
  const used: string[] = [];
  for (const d of KNOWN_DIFFERENCES) {
    const next = d.normalise(normalised);
    if (JSON.stringify(next) !== JSON.stringify(normalised)) {
      used.push(d.id);
      normalised = next;
    }
  }
  if (used.length === 0) return undefined;
  const after = ours(normalised).verdict;
  // The rewrite must not change our own verdict, and must make the oracle agree.
  return after === ourVerdict && after === oracle(normalised) ? used.join('+') : undefined;
}

function run(): Outcome {
  const out: Outcome = { agreed: 0, explained: {}, unexplained: [], conditional: [], verdicts: {} };
  for (let n = 0; n < CASES; n++) {
    const c = generateCase(SEED, n);
    const mine = ours(c);
    const theirs = oracle(c);
    out.verdicts[theirs] = (out.verdicts[theirs] ?? 0) + 1;
    // Every key is known in these cases: nothing may be left conditional.
    if (mine.decision.conditional) out.conditional.push(n);
    if (mine.verdict === theirs) {
      out.agreed++;
      continue;
    }
    const why = explain(c, mine.verdict);
    if (why) out.explained[why] = (out.explained[why] ?? 0) + 1;
    else out.unexplained.push({ n, ours: mine.verdict, oracle: theirs });
  }
  return out;
}

describe('differential test against iam-simulate', () => {
  it(`${CASES} generated cases agree or differ only where documented`, () => {
    const out = run();
    if (process.env.LEAKPATH_DIFF_REPORT) console.log(JSON.stringify({ seed: SEED, cases: CASES, ...out }, null, 2));
    expect(out.unexplained).toEqual([]);
    expect(out.conditional).toEqual([]);
    expect(out.agreed + Object.values(out.explained).reduce((a, b) => a + b, 0)).toBe(CASES);
    // The generator must exercise all three outcomes substantially, or agreement means little.
    for (const v of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) expect(out.verdicts[v]).toBeGreaterThan(CASES / 10);
  });

  it.each([
    ['permissions boundaries ignored', (c: Case): Case => ({ ...c, boundary: undefined })],
    ['SCPs ignored', (c: Case): Case => ({ ...c, scps: undefined })],
    ['resource policies ignored', (c: Case): Case => ({ ...c, resourcePolicy: undefined })],
  ])('the harness catches a broken evaluator (%s)', (_name, breakIt) => {
    let caught = 0;
    for (let n = 0; n < 1500; n++) {
      const c = generateCase(SEED, n);
      if (ours(breakIt(c)).verdict !== oracle(c)) caught++;
    }
    expect(caught).toBeGreaterThan(10);
  });
});
