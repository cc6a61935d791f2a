import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { Neo4jFlags } from '../neo4j/connection.js';
import { RISK_LEVELS, type BlastResult, type QueryEngine } from '../query/types.js';
import type { SnapshotView } from '../store/snapshot.js';
import { DEFAULT_STORE, SnapshotStore } from '../store/store.js';
import type { OutputFormat } from './output.js';
import { quoted } from '../echo.js';

export { log, warn } from './output.js';

type RiskLevel = BlastResult['risk']['level'];

export interface GlobalOptions {
  store: string;
  config?: string;
  engine: 'embedded' | 'neo4j';
  snapshot?: string;
  neo4j?: Neo4jFlags;
  quiet: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions> & Neo4jFlags;
  const engine = o.engine ?? 'embedded';
  if (engine !== 'embedded' && engine !== 'neo4j') throw new UsageError(`--engine must be embedded or neo4j, got ${quoted(engine)}`);
  const neo4j = { neo4jUri: o.neo4jUri, neo4jUser: o.neo4jUser, neo4jDatabase: o.neo4jDatabase, neo4jGraph: o.neo4jGraph };
  return { store: o.store ?? DEFAULT_STORE, config: o.config, engine, snapshot: o.snapshot, neo4j, quiet: o.quiet === true };
}

/**
 * Opens the engine the user asked for, over the store's latest (or chosen) snapshot; a caller that
 * has already read that snapshot's graph passes it, so it is not decoded twice.
 */
export async function openEngine(opts: GlobalOptions, read?: SnapshotView): Promise<{ engine: QueryEngine; config: Config }> {
  const config = await loadConfig(opts.config);
  if (opts.engine === 'neo4j') return openNeo4jEngine(opts, config);
  // The graph and run record only: no query of the embedded engine reads the inventories.
  const [snapshot, { EmbeddedEngine }, { analysisTime }] = await Promise.all([read ?? new SnapshotStore(opts.store).readGraph(opts.snapshot), import('../query/embedded/engine.js'), import('../snapshot/facts.js')]);
  // Credential age and expiry are judged as of the snapshot's analysis time, never the reader's clock.
  return { engine: new EmbeddedEngine(snapshot.graph, config, { at: analysisTime(snapshot) }), config };
}

/**
 * The Neo4j engine over the last push (with a what-if's edges left out): queries run on the
 * server and nothing is read from the local store. The driver is loaded only here, so the
 * embedded engine starts without it.
 */
export async function openNeo4jEngine(opts: GlobalOptions, config: Config, without: readonly string[] = []) {
  const [{ Neo4jConnection, neo4jSettings }, { Neo4jEngine }] = await Promise.all([import('../neo4j/connection.js'), import('../neo4j/engine.js')]);
  const conn = await Neo4jConnection.open(neo4jSettings(opts.neo4j));
  const engine = await Neo4jEngine.open(conn, config, { snapshot: opts.snapshot, without });
  return { engine, config, removed: engine.withoutCount };
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got ${quoted(value)}`);
    return n;
  };
}

export type Format = 'text' | 'json' | 'markdown';

/** A --format parser that accepts exactly what the command can render (and what its help says). */
export function formatOption<F extends OutputFormat>(...allowed: F[]): { description: string; parse: (value: string) => F } {
  return {
    description: `output format: ${allowed.join(' | ')}`,
    parse: (value: string) => {
      const v = value.toLowerCase() as F;
      if (allowed.includes(v)) return v;
      throw new UsageError(`--format must be ${allowed.length === 2 ? allowed.join(' or ') : `one of ${allowed.join(', ')}`}, got ${quoted(value)}`);
    },
  };
}

/** A gate on 'none' would always trip; the lowest useful threshold is 'low'. */
const GATE_LEVELS: readonly RiskLevel[] = RISK_LEVELS.slice(1);

/** `--fail-on`: a risk level in any case (the text output prints them in capitals). */
export function parseFailOn(value: string): RiskLevel {
  const v = value.toLowerCase() as RiskLevel;
  if (GATE_LEVELS.includes(v)) return v;
  throw new UsageError(`--fail-on must be one of ${GATE_LEVELS.join(', ')} (any case), got ${quoted(value)}`);
}

export const FAIL_ON_HELP = `exit 1 when a risk is at least this level (${GATE_LEVELS.join('|')}), for CI gates`;

/**
 * The CI gate: exit 1, saying why on stderr, when a result is at or over the threshold — or when
 * a search was cut short by --max-hops, since what lies beyond was never looked at.
 */
export function applyGate(results: readonly BlastResult[], failOn: RiskLevel | undefined): void {
  if (!failOn) return;
  const over = results.filter((r) => RISK_LEVELS.indexOf(r.risk.level) >= RISK_LEVELS.indexOf(failOn));
  const cut = results.filter((r) => r.truncated && !over.includes(r));
  if (over.length === 0 && cut.length === 0) return;
  const name = (r: BlastResult) => r.credential.name;
  const lines = over.map((r) => `${name(r)} is ${r.risk.level.toUpperCase()} (${r.risk.score}/100), at or over --fail-on ${failOn}`);
  for (const r of cut) lines.push(`${name(r)}: the search stopped at --max-hops ${r.maxHops} with more beyond, so it cannot pass --fail-on ${failOn}; raise --max-hops or drop it`);
  const shown = lines.slice(0, 10);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  process.stderr.write(`leakpath: failing (exit 1): ${shown.join('\n  ')}\n`);
  process.exitCode = 1;
}
