import { loadConfig, type Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { AttackGraph } from '../model/graph.js';
import type { QueryEngine } from '../query/types.js';
import { SnapshotStore } from '../store/store.js';
import { log, openEngine, type GlobalOptions } from './context.js';

/** `--without <ref>`, repeatable: an edge id, a technique, or a fix id from `leakpath chokepoints`. */
export const collectWithout = (value: string, previous: string[] = []) => [...previous, value];
export const WITHOUT_HELP = 'what-if: leave out edges matching an edge id, a technique or a fix id (repeatable)';

/** The snapshot graph (embedded engine only) with the `--without` edges removed. */
export async function whatIfGraph(opts: GlobalOptions, without: readonly string[]): Promise<{ graph: AttackGraph; config: Config; removed: number }> {
  if (opts.engine !== 'embedded') throw new UsageError('this command needs the embedded engine (--engine embedded): it reads the whole graph from the snapshot store');
  const config = await loadConfig(opts.config);
  const snapshot = await new SnapshotStore(opts.store).read(opts.snapshot);
  const { withoutEdges } = await import('../query/chokepoints/without.js');
  const { graph, removed } = withoutEdges(snapshot.graph, without);
  if (without.length > 0) log(`what-if: ${removed.length} edge(s) left out (${without.join(', ')})`);
  return { graph, config, removed: removed.length };
}

/** openEngine, or, with `--without`, the embedded engine over the graph without those edges. */
export async function openEngineWithout(opts: GlobalOptions, without: readonly string[] = []): Promise<{ engine: QueryEngine; config: Config }> {
  if (without.length === 0) return openEngine(opts);
  if (opts.engine !== 'embedded') throw new UsageError('--without needs the embedded engine (--engine embedded)');
  const [{ graph, config }, { EmbeddedEngine }] = await Promise.all([whatIfGraph(opts, without), import('../query/embedded/engine.js')]);
  return { engine: new EmbeddedEngine(graph, config), config };
}
