import type { CrownJewelHit, ReachedNode, Risk } from './types.js';

/**
 * A coarse, explainable score (docs/blast-json.md): reaching tier zero dominates, then crown
 * jewels and the fan-out of identities. Conditional reach counts for less than certain reach.
 */
export function assessRisk(input: { tierZero: boolean; tierZeroConditional: boolean; crownJewels: CrownJewelHit[]; identities: ReachedNode[]; active: boolean }): Risk {
  const reasons: string[] = [];
  if (!input.active) return { level: 'none', score: 0, reasons: ['the credential is not active: it authenticates nothing'] };
  let score = 0;
  if (input.tierZero) {
    score += input.tierZeroConditional ? 50 : 70;
    reasons.push(input.tierZeroConditional ? 'reaches a tier-zero identity, under conditions' : 'reaches a tier-zero (admin-equivalent) identity');
  }
  const certainJewels = input.crownJewels.filter((j) => !j.conditional).length;
  const condJewels = input.crownJewels.length - certainJewels;
  // One certain crown jewel is already a serious finding; more add less each.
  if (certainJewels > 0) score += 40 + Math.min(15, (certainJewels - 1) * 5);
  else if (condJewels > 0) score += 15 + Math.min(10, (condJewels - 1) * 2);
  if (input.crownJewels.length) reasons.push(`reaches ${input.crownJewels.length} crown jewel(s)${condJewels ? `, ${condJewels} under conditions` : ''}`);
  const moreIdentities = input.identities.filter((i) => i.hops > 1).length;
  score += Math.min(10, moreIdentities);
  if (moreIdentities) reasons.push(`can move to ${moreIdentities} further identit${moreIdentities === 1 ? 'y' : 'ies'}`);
  score = Math.min(100, score);
  const level = score >= 70 ? 'critical' : score >= 40 ? 'high' : score >= 15 ? 'medium' : 'low';
  if (reasons.length === 0) reasons.push('reaches only its own identity');
  return { level, score, reasons };
}
