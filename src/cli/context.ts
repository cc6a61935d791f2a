import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import { Neo4jConnection, neo4jSettings, type Neo4jFlags } from '../neo4j/connection.js';
import { Neo4jEngine } from '../neo4j/engine.js';
import { EmbeddedEngine } from '../query/embedded/engine.js';
import type { QueryEngine } from '../query/types.js';
import { DEFAULT_STORE, SnapshotStore } from '../store/store.js';

export interface GlobalOptions {
  store: string;
  config?: string;
  engine: 'embedded' | 'neo4j';
  snapshot?: string;
  neo4j?: Neo4jFlags;
}

export function globals(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions> & Neo4jFlags;
  const engine = o.engine ?? 'embedded';
  if (engine !== 'embedded' && engine !== 'neo4j') throw new UsageError(`--engine must be embedded or neo4j, got "${engine}"`);
  const neo4j = { neo4jUri: o.neo4jUri, neo4jUser: o.neo4jUser, neo4jDatabase: o.neo4jDatabase, neo4jGraph: o.neo4jGraph };
  return { store: o.store ?? DEFAULT_STORE, config: o.config, engine, snapshot: o.snapshot, neo4j };
}

/** Opens the engine the user asked for, over the store's latest (or chosen) snapshot. */
export async function openEngine(opts: GlobalOptions): Promise<{ engine: QueryEngine; config: Config }> {
  const config = await loadConfig(opts.config);
  if (opts.engine === 'neo4j') {
    // Queries run on the server over the last push; nothing is read from the local store.
    const conn = await Neo4jConnection.open(neo4jSettings(opts.neo4j));
    return { engine: await Neo4jEngine.open(conn, config, { snapshot: opts.snapshot }), config };
  }
  const snapshot = await new SnapshotStore(opts.store).read(opts.snapshot);
  return { engine: new EmbeddedEngine(snapshot.graph, config), config };
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

export type Format = 'text' | 'json' | 'markdown';

export function parseFormat(value: string): Format {
  if (value === 'text' || value === 'json' || value === 'markdown') return value;
  throw new UsageError(`--format must be text, json or markdown, got "${value}"`);
}

/** Progress and warnings go to stderr so stdout stays machine-readable. */
export const log = (line: string) => process.stderr.write(`${line}\n`);
