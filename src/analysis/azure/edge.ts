import { makeEdge, type EvidenceRef } from '../../model/graph.js';
import type { Effective } from './facts.js';

/** One attack edge with its evidence; `conditions` makes it conditional. */
export const edge = makeEdge;

/** Evidence of a membership chain, when a group's assignment reaches a member. */
export function membershipRefs(e: Effective): EvidenceRef[] {
  return e.via.length ? [{ type: 'group-membership', source: e.via.join(' → '), detail: `${e.principal.name} is a member` }] : [];
}

export const viaText = (e: Effective) => (e.via.length ? ` (as a member of ${e.via.join(' → ')})` : '');
