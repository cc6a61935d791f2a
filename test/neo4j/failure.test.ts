import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticEstate } from '../../bench/synthetic-estate.js';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { Neo4jEngine } from '../../src/neo4j/engine.js';
import { PushFailedError, pushGraph } from '../../src/neo4j/push.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { startNeo4j, type Neo4jServer } from '../servers/neo4j.js';
import { connect, uniqueGraph } from './helpers.js';

/**
 * Failures in the middle of a push, on a private server: these tests terminate transactions and
 * stop the server, which the shared one must survive.
 */
describe('a push that fails midway', () => {
  let server: Neo4jServer;
  let estate: AttackGraph;
  let changed: AttackGraph;

  beforeAll(async () => {
    // A server the user supplied through NEO4J_URI cannot be stopped from here: start our own anyway.
    const external = process.env.NEO4J_URI;
    delete process.env.NEO4J_URI;
    try {
      server = await startNeo4j();
    } finally {
      if (external !== undefined) process.env.NEO4J_URI = external;
    }
    estate = analyse([
      syntheticEstate({ accounts: 5, usersPerAccount: 10, rolesPerAccount: 40, seed: 42 }),
    ]).graph;
    changed = analyse([
      syntheticEstate({ accounts: 5, usersPerAccount: 10, rolesPerAccount: 40, seed: 43 }),
    ]).graph;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Resolves once the running push has written part of its nodes. */
  async function midway(watcher: Neo4jConnection): Promise<void> {
    for (let i = 0; i < 2000; i++) {
      const { records } = await watcher.read(
        "MATCH (s:LeakpathSyncRun {graph: $graph, status: 'running'}) MATCH (n:LeakpathNode {graph: $graph, lastupdated: s.tag}) RETURN count(n) AS n",
      );
      if (Number(records[0]!.get('n')) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the push never got going');
  }

  it('terminated by the server: the sync run is marked failed, the engine refuses, and the next push repairs the graph', async () => {
    const graph = uniqueGraph('terminated');
    const conn = await connect(graph, server);
    const watcher = await connect(graph, server);
    const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.username, server.password));
    const session = driver.session();
    try {
      await pushGraph(conn, estate);
      // Hold a node the push reaches late, so its batch waits on the lock and can be caught and
      // terminated, each retry of it too, until the driver gives up.
      const kinds = [...new Set(changed.nodes.map((n) => n.kind))];
      const existing = new Set(estate.nodes.map((n) => n.id));
      const late = changed.nodes
        .filter((n) => n.kind === kinds.at(-1))
        .reverse()
        .find((n) => existing.has(n.id))!;
      const lock = await session.beginTransaction();
      await lock.run('MATCH (n:LeakpathNode {graph: $graph, id: $id}) SET n.held = true', {
        graph,
        id: late.id,
      });

      let settled = false;
      const pushing = pushGraph(conn, changed, { batchSize: 3 })
        .catch((e: Error) => e)
        .finally(() => (settled = true));
      while (!settled) {
        await watcher.write(
          "SHOW TRANSACTIONS YIELD transactionId AS txId, currentQuery WHERE currentQuery STARTS WITH 'UNWIND $rows' TERMINATE TRANSACTIONS txId YIELD message RETURN count(*) AS n",
        );
        await new Promise((r) => setTimeout(r, 50));
      }
      await lock.rollback();
      const err = await pushing;
      expect(err).toBeInstanceOf(PushFailedError);
      expect((err as Error).message).toMatch(
        new RegExp(
          `push to bolt://.* graph "${graph}" stopped after \\d+/${changed.nodes.length} nodes and 0/${changed.edges.length} relationships`,
        ),
      );
      expect((err as Error).message).toMatch(
        /marked failed \(sync run \d+\); queries with --engine neo4j refuse it until `leakpath neo4j push` completes/,
      );

      const runs = await watcher.read(
        'MATCH (s:LeakpathSyncRun {graph: $graph}) RETURN s.status AS status, s.error AS error ORDER BY s.tag',
      );
      expect(runs.records.map((r) => r.get('status'))).toEqual(['complete', 'failed']);
      expect(runs.records[1]!.get('error')).toMatch(/terminated/i);
      await expect(Neo4jEngine.open(await connect(graph, server), EMPTY_CONFIG)).rejects.toThrow(
        /failed, so the graph mixes two pushes; run `leakpath neo4j push` again/,
      );

      await pushGraph(conn, changed);
      const engine = await Neo4jEngine.open(await connect(graph, server), EMPTY_CONFIG);
      try {
        const key = changed.nodes.find((n) => n.kind === 'Credential')!;
        expect(await engine.blast(key.id)).toStrictEqual(
          await new EmbeddedEngine(changed, EMPTY_CONFIG).blast(key.id),
        );
      } finally {
        await engine.close();
      }
    } finally {
      await session.close();
      await driver.close();
      await conn.close();
      await watcher.close();
    }
  });

  it('the server stopping: a clear "unreachable" error with exit code 3, saying what was written', async () => {
    const graph = uniqueGraph('stopped');
    const conn = await connect(graph, server);
    const watcher = await connect(graph, server);
    try {
      await pushGraph(conn, estate);
      const pushing = pushGraph(conn, changed, { batchSize: 3 }).catch((e: Error) => e);
      await midway(watcher);
      await server.stop();
      const err = await pushing;
      expect(err).toBeInstanceOf(PushFailedError);
      expect((err as PushFailedError).exitCode).toBe(3);
      expect((err as Error).message).toMatch(
        /stopped after \d+\/\d+ nodes and 0\/\d+ relationships: Neo4j at bolt:\/\/127\.0\.0\.1:\d+ is unreachable/,
      );
      expect((err as Error).message).toMatch(
        /left marked running \(sync run \d+\); its lease expires within 120 s/,
      );
    } finally {
      await conn.close().catch(() => {});
      await watcher.close().catch(() => {});
    }
  });
});
