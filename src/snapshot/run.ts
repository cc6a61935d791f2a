import type { Config } from '../config/config.js';
import { sourceName, sourceType, type SourceConfig } from '../config/sources.js';
import { InputError, LeakpathError, SourceUnreachableError, UsageError } from '../errors.js';
import { recordRun, type IngestOutcome } from '../ingest/ingest.js';
import { DocumentParser, FORMATS_DOC } from '../ingest/read-inputs.js';
import type { SourceStatus } from '../store/snapshot.js';
import { runSource, type SourceYield } from './sources.js';
import { appendAll } from '../model/append.js';
import { storeSalt } from '../store/salt.js';

export interface SnapshotRunOptions {
  config: Config;
  /** Directory the config's relative paths start from. */
  baseDir: string;
  store: string;
  progress?: (line: string) => void;
  /** Replaces how a source is run (tests of failure handling); default runSource. */
  run?: (source: SourceConfig, baseDir: string, progress: (line: string) => void) => Promise<SourceYield>;
}

export interface SnapshotRunResult extends IngestOutcome {
  statuses: SourceStatus[];
}

/** An error's message as a user may see it: our own errors are written for that; others get their class and message. */
function describe(e: unknown): string {
  if (e instanceof LeakpathError) return e.message;
  const err = e as Error;
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}

/**
 * One scheduled snapshot: every configured source in turn, each one's failure recorded and the
 * others carried on; the analysed result stored with a run record naming each source's status.
 * Throws, leaving the store untouched, only when no source yielded anything usable.
 */
export async function takeSnapshot(o: SnapshotRunOptions): Promise<SnapshotRunResult> {
  const progress = o.progress ?? (() => {});
  const sources = o.config.sources ?? [];
  if (sources.length === 0) throw new UsageError('no sources: list them under `sources:` in leakpath.config.yaml (docs/snapshots.md), or pass --config');
  const run = o.run ?? runSource;
  const startedAt = new Date();
  const statuses: SourceStatus[] = [];
  const errors: unknown[] = [];
  const collectionGaps: string[] = [];

  // The store's salt: a secret's hash is then the same in every run of this store.
  const salt = await storeSalt(o.store);
  // Each source's documents are parsed once: alone (its status, its errors), then its parts are
  // joined with the other sources' (src/ingest/read-inputs.ts, DocumentParser.addParsed).
  const all = new DocumentParser({ salt: salt.salt });
  let documents = 0;
  for (const [i, source] of sources.entries()) {
    const name = sourceName(source, i);
    const type = sourceType(source);
    progress(`source ${name} (${type})…`);
    try {
      const got = await run(source, o.baseDir, progress);
      // Parsed alone first, so that a bad export fails its own source and not the whole run.
      const parser = new DocumentParser({ salt: salt.salt });
      for (const d of got.documents) parser.add(d);
      const parsed = parser.finish();
      // Files of no known format in a source's folders are skipped (as by ingest); a source with
      // nothing else fails, naming the first.
      const first = parsed.skipped[0];
      if (parsed.sources.length === 0 && first) throw new InputError(first.file, '', `expected a known export format (listed in ${FORMATS_DOC}); ${first.reason}`);
      const skipped = parsed.skipped.map((x) => `skipped ${x.file}: ${x.reason}`);
      all.addParsed(parser);
      documents += got.documents.length;
      appendAll(collectionGaps, [...got.gaps, ...skipped].map((g) => `source ${name}: ${g}`));
      const providers = [...new Set(parsed.inventories.map((inv) => inv.provider))].sort();
      statuses.push({ name, type, status: 'ok', providers, gaps: [...got.gaps, ...skipped, ...parsed.warnings], files: got.documents.length });
      progress(`source ${name}: ok, ${got.documents.length} document(s)${got.gaps.length ? `, ${got.gaps.length} coverage gap(s)` : ''}`);
    } catch (e) {
      errors.push(e);
      statuses.push({ name, type, status: 'failed', providers: [], gaps: [], error: describe(e) });
      progress(`source ${name}: FAILED: ${describe(e)}`);
    }
  }

  if (documents === 0) {
    const why = statuses.map((s) => `${s.name}: ${s.error ?? 'nothing collected'}`).join('; ');
    if (errors.length > 0 && errors.every((e) => e instanceof InputError || e instanceof UsageError)) throw new UsageError(`nothing usable was collected (${why})`);
    throw new SourceUnreachableError(`nothing usable was collected (${why})`);
  }
  const read = all.finish();
  const failed = statuses.filter((s) => s.status === 'failed');
  const outcome = await recordRun(
    {
      kind: 'snapshot',
      startedAt,
      read,
      warnings: [...failed.map((s) => `source ${s.name} failed: ${s.error}`), ...collectionGaps],
      record: { sourceStatus: statuses, crownJewels: o.config.crownJewels },
    },
    o.store,
    progress,
  );
  await salt.persist();
  return { ...outcome, statuses };
}
