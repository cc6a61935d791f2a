import { edgeId, type Evidence, type GraphEdge } from '../../model/graph.js';

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
