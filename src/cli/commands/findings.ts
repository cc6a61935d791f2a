import { UsageError } from '../../errors.js';
import { allFindings, blastFindings, findFindings, type FindingsReport } from '../../query/findings.js';
import { findingsMarkdown, findingsText } from '../../report/findings.js';
import { SnapshotStore } from '../../store/store.js';
import { openEngine, type Format, type GlobalOptions } from '../context.js';

/**
 * `blast --finding` and `report --findings`. Findings are looked up in the local snapshot (the
 * same one the embedded engine reads; with --engine neo4j, the snapshot that was pushed).
 */
export async function findingsReport(opts: GlobalOptions, query: string | undefined, options: { maxHops?: number }): Promise<FindingsReport> {
  const snapshot = await new SnapshotStore(opts.store).read(opts.snapshot);
  const findings = query === undefined ? allFindings(snapshot.graph) : findFindings(snapshot.graph, query);
  if (findings.length === 0) throw new UsageError('the snapshot has no scanner findings; ingest a gitleaks, TruffleHog, detect-secrets or GitHub secret-scanning report');
  const { engine } = await openEngine(opts);
  try {
    return await blastFindings(engine, snapshot.graph, findings, options);
  } finally {
    await engine.close();
  }
}

export function renderFindings(report: FindingsReport, format: Format, detail: number): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  return format === 'markdown' ? findingsMarkdown(report, detail) : findingsText(report, detail);
}
