import { InputError, UsageError } from '../../errors.js';
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
  const snapshot = await new SnapshotStore(opts.store).readGraph(opts.snapshot);
  const findings = query === undefined ? allFindings(snapshot.graph) : findFindings(snapshot.graph, query);
  if (findings.length === 0) throw new UsageError('the snapshot has no scanner findings; ingest a gitleaks, TruffleHog, detect-secrets or GitHub secret-scanning report');
  const { engine } = await openEngine(opts, snapshot);
  try {
    return await blastFindings(engine, snapshot.graph, findings, options);
  } finally {
    await engine.close();
  }
}

/**
 * `report --findings <report>`: a scanner report read directly, joined in memory to the snapshot's
 * other inventories (its own findings replaced by the report's) and analysed at the snapshot's
 * analysis time. Nothing is written: the store keeps its snapshot and its salt; a store without a
 * salt yet gets a throwaway one (hashes only group the report's own findings).
 */
export async function reportFileFindings(opts: GlobalOptions, file: string, options: { maxHops?: number }): Promise<{ report: FindingsReport; warnings: string[] }> {
  const [{ readInputs }, { storeSalt }, { analyse }, { EmbeddedEngine }, { loadConfig }, { analysisTime }] = await Promise.all([
    import('../../ingest/read-inputs.js'),
    import('../../store/salt.js'),
    import('../../analysis/index.js'),
    import('../../query/embedded/engine.js'),
    import('../../config/config.js'),
    import('../../snapshot/facts.js'),
  ]);
  if (opts.engine !== 'embedded') throw new UsageError('report --findings <report> analyses the report in memory: it needs the embedded engine (--engine embedded)');
  const snapshot = await new SnapshotStore(opts.store).read(opts.snapshot);
  const read = await readInputs([file], {}, { salt: (await storeSalt(opts.store)).salt });
  const reports = read.inventories.filter((i) => i.provider === 'secrets');
  if (reports.length === 0 || read.inventories.length !== reports.length) {
    throw new InputError(file, '', 'expected a secret-scanner report (gitleaks JSON, TruffleHog JSON lines, a detect-secrets baseline or GitHub secret-scanning alerts)');
  }
  // The snapshot's own warnings were shown at its ingest; only the report's are new.
  const at = analysisTime(snapshot);
  const { graph } = analyse([...snapshot.inventories.filter((i) => i.provider !== 'secrets'), ...reports], { at });
  const findings = allFindings(graph);
  if (findings.length === 0) throw new UsageError(`${file}: the report holds no findings`);
  // Credential age and expiry too are judged as of the snapshot, as `blast --finding` judges them.
  const engine = new EmbeddedEngine(graph, await loadConfig(opts.config), { at });
  try {
    return { report: await blastFindings(engine, graph, findings, options), warnings: read.warnings };
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
