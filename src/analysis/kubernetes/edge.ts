import { makeEdge, type EvidenceRef, type GraphEdge } from '../../model/graph.js';
import { grantText, type Grant } from './rbac.js';

export function grantRefs(grants: readonly Grant[]): EvidenceRef[] {
  const seen = new Set<string>();
  const out: EvidenceRef[] = [];
  for (const g of grants) {
    const source = `${g.binding.kind} ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name}`;
    const detail = grantText(g);
    if (seen.has(detail)) continue;
    seen.add(detail);
    out.push({ type: 'role-assignment', source, statement: `rule ${g.ruleIndex}`, detail });
  }
  return out;
}

export function k8sEdge(
  kind: string,
  technique: string,
  source: string,
  target: string,
  summary: string,
  refs: EvidenceRef[],
  opts: { conditions?: string; assumptions?: string[] } = {},
): GraphEdge {
  return makeEdge(kind, technique, source, target, { summary, refs, ...(opts.assumptions?.length ? { assumptions: opts.assumptions } : {}) }, opts.conditions);
}
