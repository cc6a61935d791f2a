import type { Evidence, GraphEdge } from '../model/graph.js';

export type { GraphEdge };

export interface TierZeroMark {
  nodeId: string;
  technique: string;
  reason: string;
  evidence: Evidence;
  conditional: boolean;
  /** Text of the conditions a conditional mark hangs on. */
  conditions?: string;
}

/** What a provider's analysis adds to the base graph. */
export interface AnalysisResult {
  edges: GraphEdge[];
  tierZero: TierZeroMark[];
  warnings: string[];
}
