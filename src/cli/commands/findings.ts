import { UsageError } from '../../errors.js';
import { allFindings, blastFindings, findFindings, type FindingsReport } from '../../query/findings.js';
import { findingsMarkdown, findingsText } from '../../report/findings.js';
import { SnapshotStore } from '../../store/store.js';
import { sarifJson } from '../../report/sarif.js';
import { openEngine, type GlobalOptions } from '../context.js';

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

/** Renderers for emitOutput; SARIF carries the leaked credentials' paths (hygiene has none). */
export function renderFindings(report: FindingsReport, detail: number, version: string) {
  return {
    json: () => JSON.stringify(report, null, 2),
    text: () => findingsText(report, detail),
    markdown: () => findingsMarkdown(report, detail),
    sarif: () => sarifJson(report.leaked.map((l) => l.blast), { version }),
  };
}
