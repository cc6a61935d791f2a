/**
 * Comparing a hub-folded graph with its unfolded form: a composed edge cites both halves' refs,
 * in whichever order the halves give them, so refs are compared as a set.
 */
import type { AttackGraph } from '../../src/model/graph.js';

const sortedRefs = (refs: readonly unknown[]) => refs.map((r) => JSON.stringify(r)).sort();

/** The graph's edges with their evidence refs as a set. */
export const canonicalEdges = (graph: AttackGraph) => graph.edges.map((e) => ({ ...e, evidence: { ...e.evidence, refs: sortedRefs(e.evidence.refs) } }));

/** Any answer (blast, paths, who-can-reach, unused) with every `refs` list as a set. */
export const refsAsSets = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (k, v) => (k === 'refs' && Array.isArray(v) ? sortedRefs(v) : v));
