import { loadConfig, type Config } from '../config/config.js';
import type { AttackGraph } from '../model/graph.js';
import type { QueryEngine } from '../query/types.js';
import { SnapshotStore } from '../store/store.js';
import { log, openEngine, openNeo4jEngine, type GlobalOptions } from './context.js';

/** `--without <ref>`, repeatable: an edge id, a technique, or a fix id from `leakpath chokepoints`. */
export const collectWithout = (value: string, previous: string[] = []) => [...previous, value];
export const WITHOUT_HELP = 'what-if: leave out edges matching an edge id, a technique or a fix id (repeatable)';

/** The snapshot graph (embedded engine) with the `--without` edges removed. */
export async function whatIfGraph(opts: GlobalOptions, without: readonly string[]): Promise<{ graph: AttackGraph; config: Config; removed: number; at: Date }> {
  const config = await loadConfig(opts.config);
  const snapshot = await new SnapshotStore(opts.store).readGraph(opts.snapshot);
  const [{ withoutEdges }, { analysisTime }] = await Promise.all([import('../query/chokepoints/without.js'), import('../snapshot/facts.js')]);
  const { graph, removed } = withoutEdges(snapshot.graph, without);
  if (without.length > 0) log(`what-if: ${removed.length} edge(s) left out (${without.join(', ')})`);
  return { graph, config, removed: removed.length, at: analysisTime(snapshot) };
}

/**
 * openEngine, or, with `--without`, an engine that leaves those edges out: the embedded engine over
 * the snapshot graph without them, or the Neo4j engine skipping them in every search.
 */
export async function openEngineWithout(opts: GlobalOptions, without: readonly string[] = []): Promise<{ engine: QueryEngine; config: Config }> {
  if (without.length === 0) return openEngine(opts);
  if (opts.engine === 'neo4j') {
    const { engine, config, removed } = await openNeo4jEngine(opts, await loadConfig(opts.config), without);
    log(`what-if: ${removed} edge(s) left out (${without.join(', ')})`);
    return { engine, config };
  }
  const [{ graph, config, at }, { EmbeddedEngine }] = await Promise.all([whatIfGraph(opts, without), import('../query/embedded/engine.js')]);
  return { engine: new EmbeddedEngine(graph, config, { at }), config };
}
