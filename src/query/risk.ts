import { CREDENTIAL_WEIGHTS, type CredentialAssessment } from './credential-risk.js';
import type { CrownJewelHit, ReachedNode, Risk, RiskFactor } from './types.js';

/**
 * The weights of the risk score, published in docs/reports.md and in every blast result
 * (`risk.weights`), so a reader can recompute a score from its `factors`.
 */
export const RISK_WEIGHTS = {
  tierZero: 70,
  tierZeroConditional: 50,
  firstCrownJewel: 40,
  firstCrownJewelWithTierZero: 10,
  furtherCrownJewel: 5,
  furtherCrownJewelsMax: 15,
  /** Conditional crown jewels count this fraction (rounded down). */
  conditionalFactor: 0.5,
  furtherIdentity: 1,
  furtherIdentitiesMax: 10,
  max: 100,
  levels: { critical: 70, high: 40, medium: 15 },
  /** Exposure, age and expiry of the credential itself (src/query/credential-risk.ts). */
  ...CREDENTIAL_WEIGHTS,
} as const;

const W = RISK_WEIGHTS;

/**
 * A coarse, explainable score (docs/reports.md "Risk score"). Reaching tier zero dominates (70, or
 * 50 when only under conditions); other crown jewels add 40 for the first when tier zero is out of
 * reach (one certain crown jewel is already a serious finding) or 10 when it is not, 5 for each
 * further one (at most 15), half that when conditional; each further identity reachable adds 1
 * (at most 10). Levels: critical ≥ 70, high ≥ 40, medium ≥ 15, low otherwise; none for a
 * credential that authenticates nothing.
 */
export function assessRisk(input: {
  tierZero: boolean;
  tierZeroConditional: boolean;
  crownJewels: CrownJewelHit[];
  identities: ReachedNode[];
  active: boolean;
  /** Exposure of the blasted credential or identity; age and expiry of a credential. */
  credential?: CredentialAssessment;
  /** The hop bound that cut the search short, when it did: the score is then a lower bound. */
  cutAt?: number;
}): Risk {
  if (input.credential?.expired) {
    return { level: 'none', score: 0, reasons: [`the credential expired ${input.credential.expired}: it authenticates nothing`], factors: input.credential.factors, weights: W };
  }
  if (!input.active) {
    return { level: 'none', score: 0, reasons: ['the credential is not active: it authenticates nothing'], factors: [{ factor: 'inactive', points: 0, detail: 'authenticates nothing' }], weights: W };
  }
  const reasons: string[] = [];
  const factors: RiskFactor[] = [];
  if (input.tierZero) {
    const points = input.tierZeroConditional ? W.tierZeroConditional : W.tierZero;
    factors.push({ factor: 'tier-zero', points, detail: input.tierZeroConditional ? 'a tier-zero identity is reachable, only under conditions' : 'a tier-zero identity is reachable' });
    reasons.push(input.tierZeroConditional ? 'reaches a tier-zero identity, under conditions' : 'reaches a tier-zero (admin-equivalent) identity');
  }
  const others = input.crownJewels.filter((j) => !j.reason.startsWith('tier zero'));
  const certain = others.filter((j) => !j.conditional).length;
  const conditional = others.length - certain;
  const first = input.tierZero ? W.firstCrownJewelWithTierZero : W.firstCrownJewel;
  const weigh = (n: number) => (n === 0 ? 0 : first + Math.min(W.furtherCrownJewelsMax, (n - 1) * W.furtherCrownJewel));
  if (certain) factors.push({ factor: 'crown-jewels', points: weigh(certain), detail: `${certain} other crown jewel(s) reachable` });
  if (conditional) factors.push({ factor: 'crown-jewels-conditional', points: Math.floor(weigh(conditional) * W.conditionalFactor), detail: `${conditional} other crown jewel(s) reachable only under conditions` });
  if (others.length) reasons.push(`reaches ${others.length} other crown jewel(s)${conditional ? `, ${conditional} under conditions` : ''}`);
  const further = input.identities.filter((i) => i.hops > 1).length;
  if (further) {
    factors.push({ factor: 'lateral-movement', points: Math.min(W.furtherIdentitiesMax, further * W.furtherIdentity), detail: `${further} identit${further === 1 ? 'y' : 'ies'} beyond the first hop` });
    reasons.push(`can move to ${further} further identit${further === 1 ? 'y' : 'ies'}`);
  }
  // The credential's own exposure and age make a leak likelier or longer-lived; they add to what it reaches.
  for (const f of input.credential?.factors ?? []) {
    factors.push(f);
    reasons.push(f.detail);
  }
  const score = Math.min(W.max, factors.reduce((s, f) => s + f.points, 0));
  const level = score >= W.levels.critical ? 'critical' : score >= W.levels.high ? 'high' : score >= W.levels.medium ? 'medium' : 'low';
  if (input.cutAt !== undefined) {
    reasons.push(`search cut at ${input.cutAt} hop${input.cutAt === 1 ? '' : 's'} with more beyond: a lower bound`);
  } else if (reasons.length === 0) reasons.push('reaches only its own identity');
  return { level, score, reasons, factors, weights: W };
}
