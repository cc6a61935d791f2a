import type { AttackGraph } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** The record of the run that produced a snapshot: what was read, what went wrong, what is missing. */
export interface RunRecord {
  kind: 'ingest' | 'collect';
  startedAt: string;
  finishedAt: string;
  sources: { file: string; format: string }[];
  /** Files of a directory ingest left out (not JSON, or no known format). */
  skipped?: { file: string; reason: string }[];
  warnings: string[];
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
