import type { EvidenceRef, GraphEdge } from '../../model/graph.js';

/**
 * What a defender changes to remove an attack edge, derived from the edge's evidence: one policy
 * statement, one trust statement, one managed-policy attachment, one role assignment, one grant,
 * one membership, one stored secret. Several edges cite the same unit when one statement opens
 * several ways; removing the unit removes them all.
 */
export type FixKind =
  | 'policy-statement'
  | 'policy-attachment'
  | 'trust-statement'
  | 'resource-policy-statement'
  | 'role-assignment'
  | 'grant'
  | 'membership'
  | 'stored-secret'
  | 'configuration'
  | 'edge';

export interface FixUnit {
  /** Stable and typable: what `--without` takes. */
  id: string;
  kind: FixKind;
  /** The evidence it stands for; undefined for an edge that cites nothing. */
  ref?: EvidenceRef;
}

/** Statement-bearing references: the statement, not the matched action, is what a defender edits. */
const STATEMENT_TYPES = new Set<EvidenceRef['type']>(['identity-policy', 'trust-policy', 'resource-policy', 'permissions-boundary', 'session-policy', 'scp', 'rcp']);

const ATTACHED = /^attached to (\S+)/;

function kindOf(ref: EvidenceRef, edge: GraphEdge): FixKind {
  switch (ref.type) {
    case 'identity-policy':
      return ATTACHED.test(ref.detail ?? '') ? 'policy-attachment' : 'policy-statement';
    case 'trust-policy':
      return 'trust-statement';
    case 'resource-policy':
      return 'resource-policy-statement';
    case 'permissions-boundary':
    case 'session-policy':
    case 'scp':
    case 'rcp':
      return 'policy-statement';
    case 'role-assignment':
      return 'role-assignment';
    case 'grant':
      return 'grant';
    case 'group-membership':
      return 'membership';
    default:
      return edge.kind === 'EXPOSES' || edge.kind === 'STORED_IN' ? 'stored-secret' : 'configuration';
  }
}

/** The fix unit one evidence reference stands for on one edge. */
export function fixUnitOf(ref: EvidenceRef, edge: GraphEdge): FixUnit {
  const kind = kindOf(ref, edge);
  if (kind === 'policy-attachment') {
    // A managed policy is fixed where it is attached: AWS-managed policies cannot be edited, and
    // editing a customer-managed one changes every holder.
    const holder = ATTACHED.exec(ref.detail ?? '')![1]!;
    return { id: `attachment:${ref.source}@${holder}`, kind, ref: { type: ref.type, source: ref.source, detail: `attached to ${holder}` } };
  }
  if (STATEMENT_TYPES.has(ref.type)) {
    const { detail: _d, ...stable } = ref;
    return { id: `${ref.type}:${ref.source}${ref.statement ? `:${ref.statement}` : ''}`, kind, ref: stable };
  }
  // Inventory facts share a source ("iam list-access-keys"): the detail tells them apart.
  return { id: `${ref.type}:${ref.source}${ref.statement ? `:${ref.statement}` : ''}${ref.detail ? `:${ref.detail}` : ''}`, kind, ref };
}

/** Every distinct fix unit an edge cites; an edge citing nothing is its own unit. */
export function fixUnitsOf(edge: GraphEdge): FixUnit[] {
  if (edge.evidence.refs.length === 0) return [{ id: `edge:${edge.id}`, kind: 'edge' }];
  const units = new Map<string, FixUnit>();
  for (const ref of edge.evidence.refs) {
    const u = fixUnitOf(ref, edge);
    if (!units.has(u.id)) units.set(u.id, u);
  }
  return [...units.values()];
}

/**
 * Whether removing the unit surely removes the edge: no other unit of the same evidence type is
 * cited on it. When there is one, it may be an alternative grant (two statements allowing the same
 * action), so the fix is reported as needing confirmation by a re-run after the change.
 */
export function soleOfItsType(unit: FixUnit, edge: GraphEdge): boolean {
  if (unit.kind === 'edge') return true;
  return fixUnitsOf(edge).every((u) => u.id === unit.id || u.ref?.type !== unit.ref?.type);
}
