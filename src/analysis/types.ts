import type { Evidence, GraphEdge, GraphNode } from '../model/graph.js';

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
  /** Nodes the analysis adds: hubs that fold wildcard grants (src/model/hubs.ts). */
  nodes?: GraphNode[];
  edges: GraphEdge[];
  tierZero: TierZeroMark[];
  warnings: string[];
}
