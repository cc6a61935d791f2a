import type { Evidence, NodeKind, Provider } from '../model/graph.js';

/**
 * Query results: the boundary between engines (embedded, Neo4j) and reports. Both engines return
 * exactly these shapes, so reports and tests never know which engine answered.
 */
export const BLAST_SCHEMA_VERSION = '1.2';

/** Hop bound of paths and who-can-reach when none is given. */
export const DEFAULT_MAX_HOPS = 8;

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

/** What makes a node tier zero: the technique, and the policy and statement that allow it. */
export interface TierZeroProof {
  technique: string;
  evidence: Evidence;
  conditional: boolean;
  /** Text of the conditions a conditional tier-zero status hangs on, when the analysis gave it. */
  conditions?: string;
}

export interface CrownJewelHit extends NodeRef {
  reason: string;
  /** 0 when the blasted identity is itself the jewel. */
  hops: number;
  conditional: boolean;
  path: PathStep[];
  /** OWASP NHI Top 10 and MITRE ATT&CK ids of the techniques on the path. */
  tags: { owaspNhi: string[]; mitre: string[] };
  /** Present when the jewel is tier zero. */
  tierZero?: TierZeroProof;
}

/** Risk levels, least first; `--fail-on` and report ordering rank by this list. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;

export interface RiskFactor {
  /**
   * tier-zero, crown-jewels, crown-jewels-conditional, lateral-movement, inactive; of the credential
   * itself: exposure-found-by-scanner, exposure-public-repository, exposure-open-to-anyone, age,
   * no-expiry, expired.
   */
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
  /** The --max-hops bound, or null when the search was unbounded. */
  maxHops: number | null;
  /** The search stopped at maxHops while more lay beyond: what is shown is a lower bound. */
  truncated: boolean;
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
  /** More lies beyond maxHops: a longer path may exist. */
  truncated: boolean;
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
  /** More lies beyond maxHops: something further away may reach the target too. */
  truncated: boolean;
  credentials: Reacher[];
  identities: Reacher[];
  /** Service-linked roles that reach the target, left out (no credential of theirs can leak) unless asked for. */
  serviceLinkedOmitted: number;
}

export interface WhoCanReachOptions {
  maxHops?: number;
  /** List service-linked roles among the identities too. */
  includeServiceLinked?: boolean;
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
  whoCanReach(target: string, options?: WhoCanReachOptions): Promise<WhoCanReachResult>;
  /** Every credential in the graph, by id. */
  credentials(): Promise<NodeRef[]>;
  /** Every principal (user, role, service principal…) a compromise could start from, by id. */
  principals(options?: { includeServiceLinked?: boolean }): Promise<NodeRef[]>;
  close(): Promise<void>;
}
