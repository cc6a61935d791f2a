import type { Neo4jTarget } from '../config/sources.js';
import type { AttackGraph } from '../model/graph.js';
import { Neo4jConnection, neo4jSettings } from '../neo4j/connection.js';
import { pushGraph, type PushStats } from '../neo4j/push.js';

/** Pushes a snapshot's graph to the Neo4j the config names; the password comes from the named environment variable. */
export async function pushSnapshot(target: Neo4jTarget, graph: AttackGraph, snapshotId: string, progress: (line: string) => void, analysedAt?: string): Promise<PushStats> {
  const env = { ...process.env };
  if (target.passwordEnv) env.NEO4J_PASSWORD = process.env[target.passwordEnv];
  const settings = neo4jSettings(
    { ...(target.uri ? { neo4jUri: target.uri } : {}), ...(target.user ? { neo4jUser: target.user } : {}), ...(target.database ? { neo4jDatabase: target.database } : {}), ...(target.graph ? { neo4jGraph: target.graph } : {}) },
    env,
  );
  const conn = await Neo4jConnection.open(settings);
  try {
    return await pushGraph(conn, graph, { snapshotId, progress, ...(analysedAt ? { analysedAt } : {}) });
  } finally {
    await conn.close();
  }
}
