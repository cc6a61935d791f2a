import type { Risk } from '../query/types.js';

/** Each factor with the points it adds (docs/reports.md "Risk score"), for a reader to recompute the score. */
export function riskFactorList(risk: Risk): string[] {
  return risk.factors.map((f) => `${f.factor} +${f.points}`);
}

/** One line: the factors and their points, and the cap when it bites. */
export function riskFactorsText(risk: Risk): string {
  const sum = risk.factors.reduce((s, f) => s + f.points, 0);
  const capped = sum > risk.score ? ` = ${sum}, capped at ${risk.score}` : '';
  return `${riskFactorList(risk).join(', ') || 'none'}${capped}`;
}
