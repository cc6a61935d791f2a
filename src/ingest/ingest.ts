import { analyseAsync } from '../analysis/index.js';
import { SNAPSHOT_SCHEMA_VERSION, type RunRecord, type Snapshot, type SnapshotSummary } from '../store/snapshot.js';
import { storeSalt } from '../store/salt.js';
import { SnapshotStore } from '../store/store.js';
import { parseDocuments, readInputs, type IngestResult, type InputDocument, type ReadOptions } from './read-inputs.js';

export interface IngestOutcome {
  summary: SnapshotSummary;
  snapshot: Snapshot;
}

/**
 * Offline exports → a new snapshot. Everything is read, validated and analysed before the store
 * is touched, so a bad file leaves the store exactly as it was.
 */
export async function ingest(
  inputs: readonly string[],
  storeDir: string,
  progress: (line: string) => void = () => {},
  options: ReadOptions & { at?: Date } = {},
): Promise<IngestOutcome> {
  const startedAt = new Date();
  // A store that cannot take the snapshot fails now, not after reading and analysing everything.
  await new SnapshotStore(storeDir).assertWritable();
  progress(`reading ${inputs.length} input${inputs.length === 1 ? '' : 's'}…`);
  const salt = await storeSalt(storeDir);
  const read = await readInputs(inputs, options, { salt: salt.salt });
  progress(`read ${read.sources.length} file(s); analysing…`);
  const outcome = await recordRun({ kind: 'ingest', startedAt, read, ...(options.at ? { at: options.at } : {}) }, storeDir, progress, options.onProgress);
  await salt.persist();
  return outcome;
}

/**
 * A live collection's responses → parsed with the store's salt (so a secret's hash is the same in
 * every run of the store) → analysed → one snapshot; a new salt is kept only once it is written.
 */
export async function recordCollected(
  documents: readonly InputDocument[],
  run: { startedAt: Date; warnings?: readonly string[] },
  storeDir: string,
  progress: (line: string) => void = () => {},
): Promise<IngestOutcome> {
  const salt = await storeSalt(storeDir);
  const read = parseDocuments(documents, { salt: salt.salt });
  const outcome = await recordRun({ kind: 'collect', startedAt: run.startedAt, read, ...(run.warnings ? { warnings: run.warnings } : {}) }, storeDir, progress);
  await salt.persist();
  return outcome;
}

/**
 * Already-parsed inventories (an ingest's files, a live collection's responses) → analysed →
 * one snapshot with its run record. `warnings` adds gaps the parsed inputs cannot show.
 */
export async function recordRun(
  run: { kind: RunRecord['kind']; startedAt: Date; read: IngestResult; warnings?: readonly string[]; at?: Date; record?: Pick<RunRecord, 'sourceStatus' | 'crownJewels'> },
  storeDir: string,
  progress: (line: string) => void = () => {},
  onProgress?: ReadOptions['onProgress'],
): Promise<IngestOutcome> {
  const { read } = run;
  // `--at` sets the instant credential validity and time conditions are judged at; default now.
  const analysedAt = run.at ?? new Date();
  const { graph, warnings } = await analyseAsync(read.inventories, { at: analysedAt, ...(onProgress ? { onStep: (done: number, total: number) => onProgress('analysis steps', done, total) } : {}) });
  const finishedAt = new Date();
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: SnapshotStore.newId(finishedAt),
    createdAt: finishedAt.toISOString(),
    run: {
      kind: run.kind,
      startedAt: run.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      sources: read.sources,
      ...(read.skipped.length ? { skipped: read.skipped } : {}),
      warnings: [...(run.warnings ?? []), ...read.warnings, ...warnings],
      analysedAt: analysedAt.toISOString(),
      ...run.record,
    },
    inventories: read.inventories,
    graph,
  };
  progress(`writing snapshot (${graph.nodes.length} nodes, ${graph.edges.length} edges)…`);
  onProgress?.('snapshot written', 0, 1);
  const summary = await new SnapshotStore(storeDir).write(snapshot);
  onProgress?.('snapshot written', 1, 1);
  return { summary, snapshot };
}
