import type { Evidence, NodeKind, Provider } from '../model/graph.js';

/**
 * Query results: the boundary between engines (embedded, Neo4j) and reports. Both engines return
 * exactly these shapes, so reports and tests never know which engine answered.
 */
export const BLAST_SCHEMA_VERSION = '1.0';

export interface NodeRef {
  id: string;
  name: string;
  kind: NodeKind;
  type: string;
  provider: Provider;
}

export interface PathStep {
  from: string;
  to: string;
  edge: string;
  technique: string;
  evidence: Evidence;
  conditional: boolean;
  conditions?: string;
  /** Commands that walk this hop (red-team walk-through), from the technique catalogue. */
  walkthrough?: string[];
}

export interface ReachedNode extends NodeRef {
  hops: number;
  /** True when every shortest way there crosses a conditional edge. */
  conditional: boolean;
  tierZero: boolean;
}

export interface CrownJewelHit extends NodeRef {
  reason: string;
  hops: number;
  conditional: boolean;
  path: PathStep[];
  /** OWASP NHI Top 10 and MITRE ATT&CK ids of the techniques on the path. */
  tags: { owaspNhi: string[]; mitre: string[] };
}

/** Risk levels, least first; `--fail-on` and report ordering rank by this list. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;

export interface RiskFactor {
  /** tier-zero, crown-jewels, crown-jewels-conditional, lateral-movement, inactive. */
  factor: string;
  /** Points it adds (the score is their sum, capped at 100). */
  points: number;
  detail: string;
}

export interface Risk {
  level: (typeof RISK_LEVELS)[number];
  score: number;
  reasons: string[];
  /** What each factor added; docs/reports.md "Risk score". */
  factors: RiskFactor[];
  /** The weights in force (src/query/risk.ts RISK_WEIGHTS). */
  weights: Readonly<Record<string, number | Readonly<Record<string, number>>>>;
}

export interface BlastResult {
  schemaVersion: string;
  credential: NodeRef & { owner: string | null; status: string | null };
  startIdentities: NodeRef[];
  tierZero: boolean;
  crownJewels: CrownJewelHit[];
  reachable: {
    identities: ReachedNode[];
    resources: ReachedNode[];
    credentials: ReachedNode[];
    secretLocations: ReachedNode[];
  };
  risk: Risk;
}

export interface FoundPath {
  to: NodeRef;
  hops: number;
  conditional: boolean;
  steps: PathStep[];
}

export interface PathsResult {
  from: NodeRef;
  /** Undefined when paths to every crown jewel were asked for. */
  to?: NodeRef;
  k: number;
  maxHops: number;
  paths: FoundPath[];
}

export interface Reacher extends NodeRef {
  hops: number;
  conditional: boolean;
  path: PathStep[];
}

export interface WhoCanReachResult {
  target: NodeRef;
  maxHops: number;
  credentials: Reacher[];
  identities: Reacher[];
}

export interface BlastOptions {
  maxHops?: number;
}

export interface PathsOptions {
  to?: string;
  k: number;
  maxHops: number;
}

/** Every engine answers the same questions with the same shapes. */
export interface QueryEngine {
  blast(credential: string, options?: BlastOptions): Promise<BlastResult>;
  paths(from: string, options: PathsOptions): Promise<PathsResult>;
  whoCanReach(target: string, options?: { maxHops?: number }): Promise<WhoCanReachResult>;
  /** Every credential in the graph, by id. */
  credentials(): Promise<NodeRef[]>;
  close(): Promise<void>;
}
