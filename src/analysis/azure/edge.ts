import { edgeId, type Evidence, type EvidenceRef, type GraphEdge } from '../../model/graph.js';
import type { Effective } from './facts.js';

/** One attack edge with its evidence; `conditions` makes it conditional. */
export function edge(kind: string, technique: string, source: string, target: string, evidence: Evidence, conditions?: string): GraphEdge {
  return {
    id: edgeId(kind, technique, source, target),
    source,
    target,
    kind,
    technique,
    evidence,
    conditional: conditions !== undefined,
    ...(conditions !== undefined ? { conditions } : {}),
  };
}

/** Evidence of a membership chain, when a group's assignment reaches a member. */
export function membershipRefs(e: Effective): EvidenceRef[] {
  return e.via.length ? [{ type: 'group-membership', source: e.via.join(' → '), detail: `${e.principal.name} is a member` }] : [];
}

export const viaText = (e: Effective) => (e.via.length ? ` (as a member of ${e.via.join(' → ')})` : '');
