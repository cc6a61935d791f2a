import type { CrownJewelHit, ReachedNode, Risk } from './types.js';

/**
 * A coarse, explainable score (docs/blast-json.md). Reaching tier zero dominates (70, or 50 when
 * only under conditions); other crown jewels add 40 for the first when tier zero is out of reach
 * (one certain crown jewel is already a serious finding) or 10 when it is not, 5 for each further
 * one (at most 15), half that when conditional; each further identity reachable adds 1 (at most 10).
 * Levels: critical ≥ 70, high ≥ 40, medium ≥ 15, low otherwise; none for a credential that
 * authenticates nothing.
 */
export function assessRisk(input: {
  tierZero: boolean;
  tierZeroConditional: boolean;
  crownJewels: CrownJewelHit[];
  identities: ReachedNode[];
  active: boolean;
  /** The hop bound that cut the search short, when it did: the score is then a lower bound. */
  cutAt?: number;
}): Risk {
  if (!input.active) return { level: 'none', score: 0, reasons: ['the credential is not active: it authenticates nothing'] };
  const reasons: string[] = [];
  let score = 0;
  if (input.tierZero) {
    score += input.tierZeroConditional ? 50 : 70;
    reasons.push(input.tierZeroConditional ? 'reaches a tier-zero identity, under conditions' : 'reaches a tier-zero (admin-equivalent) identity');
  }
  const others = input.crownJewels.filter((j) => !j.reason.startsWith('tier zero'));
  const certain = others.filter((j) => !j.conditional).length;
  const conditional = others.length - certain;
  const weigh = (n: number, first: number) => (n === 0 ? 0 : first + Math.min(15, (n - 1) * 5));
  score += weigh(certain, input.tierZero ? 10 : 40) + Math.floor(weigh(conditional, input.tierZero ? 10 : 40) / 2);
  if (others.length) reasons.push(`reaches ${others.length} other crown jewel(s)${conditional ? `, ${conditional} under conditions` : ''}`);
  const further = input.identities.filter((i) => i.hops > 1).length;
  score += Math.min(10, further);
  if (further) reasons.push(`can move to ${further} further identit${further === 1 ? 'y' : 'ies'}`);
  score = Math.min(100, score);
  const level = score >= 70 ? 'critical' : score >= 40 ? 'high' : score >= 15 ? 'medium' : 'low';
  if (input.cutAt !== undefined) {
    reasons.push(`search cut at ${input.cutAt} hop${input.cutAt === 1 ? '' : 's'} with more beyond: a lower bound`);
  } else if (reasons.length === 0) reasons.push('reaches only its own identity');
  return { level, score, reasons };
}
