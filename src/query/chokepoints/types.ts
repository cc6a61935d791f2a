import type { EvidenceRef } from '../../model/graph.js';
import type { NodeRef } from '../types.js';
import type { Fix } from './fix-text.js';
import type { FixKind } from './fix-units.js';

export const CHOKEPOINTS_SCHEMA_VERSION = '1.0';

/** One credential → crown-jewel pair: "a path" in choke-point counts (at least one way exists). */
export interface JewelPath {
  credential: NodeRef;
  jewel: NodeRef;
  /** Hops of the shortest way before the fix. */
  hops: number;
  /** The credential's risk score before any fix: the weight of this path. */
  weight: number;
}

export interface ChokepointEdge {
  id: string;
  from: string;
  fromName: string;
  to: string;
  toName: string;
  edge: string;
  technique: string;
}

export interface Chokepoint {
  rank: number;
  /** Pass to `--without` to see the estate after the fix. */
  id: string;
  kind: FixKind;
  ref?: EvidenceRef;
  fix: Fix;
  /**
   * False when an edge it removes also cites another reference of the same type, which may grant
   * the same thing: make the change, re-ingest and re-run to confirm.
   */
  certain: boolean;
  /** Every traversable edge citing the unit (removed together). */
  edges: ChokepointEdge[];
  pathsCut: number;
  /** Sum of the cut paths' weights. */
  weightCut: number;
  /** Sum over the affected credentials of (risk score before − after). */
  riskRemoved: number;
  paths: JewelPath[];
}

export interface ChokepointsResult {
  schemaVersion: string;
  totals: { credentials: number; paths: number; weight: number; candidates: number };
  chokepoints: Chokepoint[];
  /** The `--without` specs applied before the analysis, and how many edges they removed. */
  without?: { specs: string[]; edgesRemoved: number };
  /** What the analysis leaves out, said once. */
  notes: string[];
}
