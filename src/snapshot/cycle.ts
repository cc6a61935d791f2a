import path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig, type Config } from '../config/config.js';
import type { SnapshotSummary, SourceStatus } from '../store/snapshot.js';
import { SnapshotStore } from '../store/store.js';
import { pushSnapshot } from './push.js';
import { analysisTime } from './facts.js';
import { applyRetention } from './retention.js';
import { takeSnapshot, type SnapshotRunOptions } from './run.js';

export interface CycleResult {
  summary: SnapshotSummary;
  statuses: SourceStatus[];
  /** Snapshots retention removed. */
  removed: string[];
  /** Set when the config asks for a push: the figures, or why it failed (the snapshot is stored either way). */
  neo4j?: { nodes: number; relationships: number } | { error: string };
}

/** The config and the directory its relative paths start from. */
export async function loadSnapshotConfig(file?: string): Promise<{ config: Config; baseDir: string }> {
  const config = await loadConfig(file);
  return { config, baseDir: path.dirname(path.resolve(file ?? DEFAULT_CONFIG_FILE)) };
}

/** One scheduled cycle: snapshot, optional Neo4j push, retention. */
export async function snapshotCycle(o: SnapshotRunOptions): Promise<CycleResult> {
  const progress = o.progress ?? (() => {});
  const { summary, snapshot, statuses } = await takeSnapshot(o);
  const result: CycleResult = { summary, statuses, removed: [] };
  if (o.config.neo4j?.push) {
    try {
      const stats = await pushSnapshot(o.config.neo4j, snapshot.graph, snapshot.id, progress, analysisTime(snapshot).toISOString());
      result.neo4j = { nodes: stats.nodes, relationships: stats.relationships };
    } catch (e) {
      result.neo4j = { error: (e as Error).message };
      progress(`neo4j push failed (the snapshot is stored): ${(e as Error).message}`);
    }
  }
  result.removed = await applyRetention(new SnapshotStore(o.store), o.config.retention);
  if (result.removed.length) progress(`retention: removed ${result.removed.length} snapshot(s): ${result.removed.join(', ')}`);
  return result;
}
