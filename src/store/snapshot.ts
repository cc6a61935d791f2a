import type { Selector } from '../config/config.js';
import type { AttackGraph } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** The record of the run that produced a snapshot: what was read, what went wrong, what is missing. */
export interface RunRecord {
  kind: 'ingest' | 'collect' | 'snapshot';
  startedAt: string;
  finishedAt: string;
  sources: { file: string; format: string }[];
  /** Files of a directory ingest left out (not JSON, or no known format). */
  skipped?: { file: string; reason: string }[];
  warnings: string[];
  /** The time the estate was judged as of (credential age, expiry, "unused for N days"); finishedAt when absent. */
  analysedAt?: string;
  /** Per configured source of a `leakpath snapshot` run: ok or failed, and its coverage gaps. */
  sourceStatus?: SourceStatus[];
  /** Crown-jewel selectors in force when the snapshot was taken, so metrics can be recomputed from the snapshot alone. */
  crownJewels?: Selector[];
}

/** How one configured source fared in a run. A failed source collected nothing usable. */
export interface SourceStatus {
  name: string;
  /** `offline`, `aws`, `azure`… */
  type: string;
  status: 'ok' | 'failed';
  /** Providers the source yielded inventories for. */
  providers: string[];
  /** What the source could not read (listings, accounts, subscriptions), never secret values. */
  gaps: string[];
  error?: string;
  files?: number;
}

/** One ingest's complete result: the inventories it read and the attack graph analysed from them. */
export interface Snapshot {
  schemaVersion: number;
  id: string;
  createdAt: string;
  run: RunRecord;
  inventories: Inventory[];
  graph: AttackGraph;
}

/**
 * A snapshot as the query commands read it: run record and graph at once, inventories on demand
 * (`wanted` picks providers, e.g. only Kubernetes for a leaked token, without decoding the rest).
 */
/** A snapshot opened by its header: the run record and providers at once, graph and inventories when asked for. */
export interface OpenedSnapshot extends Omit<Snapshot, 'inventories' | 'graph'> {
  /** Providers of the inventories, known without reading them. */
  providers: string[];
  graph(): Promise<AttackGraph>;
  inventories(wanted?: (provider: string) => boolean): Promise<Inventory[]>;
}

export interface SnapshotView extends Omit<OpenedSnapshot, 'graph'> {
  graph: AttackGraph;
}

export interface SnapshotSummary {
  id: string;
  createdAt: string;
  file: string;
  nodes: number;
  edges: number;
  providers: string[];
  sources: number;
}

export interface StoreIndex {
  schemaVersion: number;
  latest: string | null;
  snapshots: SnapshotSummary[];
}
