import neo4j from 'neo4j-driver';
import { InputError, LeakpathError, SourceUnreachableError, UsageError } from '../errors.js';
import { NODE_KINDS, type AttackGraph, type GraphEdge, type NodeKind } from '../model/graph.js';
import { edgeGroup, encodeEdge, encodeNode, type EdgeGroup, type NodeRow } from './codec.js';
import { toNumber, type Neo4jConnection } from './connection.js';
import { loadGroups } from './load-rows.js';
import {
  edgeCreate,
  edgeUpsert,
  isObsoleteSchema,
  nodeCreate,
  nodeUpsert,
  relType,
  schemaStatements,
  STALE_EDGE_CLEANUP,
  STALE_NODE_CLEANUP,
  NODE_LABEL,
  SYNC_LOCK_LABEL,
  SYNC_RUN_LABEL,
} from './schema.js';

/** Rows per UNWIND: see bench/neo4j.ts for the measurement behind it. */
export const DEFAULT_BATCH_SIZE = 5000;
/** Transactions in flight at once; the server's cores, not ours, are what they keep busy. */
export const DEFAULT_IN_FLIGHT = 4;
const CLEANUP_BATCH = 10_000;
/** A push that stops renewing its lease (process killed, server gone) stops blocking others after this long. */
const LEASE_MS = 120_000;
const RENEW_EVERY_MS = 10_000;
const KEEP_SYNC_RUNS = 20;

export interface PushOptions {
  /** The snapshot the graph came from, recorded on the sync run. */
  snapshotId?: string;
  /** The snapshot's analysis time (ISO), recorded on the sync run: the Neo4j engine judges credential age and expiry as of it. */
  analysedAt?: string;
  batchSize?: number;
  /** Batches written concurrently (1: one after the other). */
  inFlight?: number;
  progress?: (line: string) => void;
}

export interface PushStats {
  graph: string;
  tag: number;
  nodes: number;
  relationships: number;
  staleNodesDeleted: number;
  staleRelationshipsDeleted: number;
  seconds: number;
  /** Relationship load phase only, the figure that dominates on real estates. */
  relationshipsPerSecond: number;
  /** The graph had no node on the server: nodes and relationships were CREATEd, not MERGEd. */
  fresh: boolean;
}

/** A push that started and did not finish: the graph now mixes two pushes, and the sync run says so. */
export class PushFailedError extends LeakpathError {
  constructor(
    message: string,
    readonly reason: Error,
  ) {
    super(message, reason instanceof LeakpathError ? reason.exitCode : 4);
  }
}

/**
 * Refuses a graph the load statements could not write faithfully, before the server is touched.
 * Two edges of one id would be two relationships of one id: no constraint on the server refuses them.
 */
function validate(graph: AttackGraph): void {
  const ids = new Set<string>();
  graph.nodes.forEach((n, i) => {
    if (!(NODE_KINDS as readonly string[]).includes(n.kind))
      throw new InputError(
        'graph',
        `nodes[${i}] (${n.id})`,
        `expected kind ${NODE_KINDS.join(' | ')}, found "${n.kind}"`,
      );
    ids.add(n.id);
  });
  const edgeIds = new Set<string>();
  graph.edges.forEach((e, i) => {
    relType(e.kind);
    if (edgeIds.has(e.id)) throw new InputError('graph', `edges[${i}] (${e.id})`, 'expected a unique edge id; an earlier edge has it');
    edgeIds.add(e.id);
    for (const end of [e.source, e.target]) {
      if (!ids.has(end))
        throw new InputError(
          'graph',
          `edges[${i}] (${e.id})`,
          `expected both ends among the nodes; "${end}" is not`,
        );
    }
  });
}

/**
 * Pushes a whole graph under a new sync tag, then deletes what earlier pushes of the same named
 * graph left behind, so pushing the same graph twice leaves the database as one push would.
 * A `LeakpathSyncRun` node records each push: `running` while it goes, `complete` at the end,
 * `failed` (or, when the server vanished, still `running` with an expired lease) otherwise, and
 * the Neo4j engine refuses to answer over a graph whose last push did not complete.
 */
export async function pushGraph(
  conn: Neo4jConnection,
  graph: AttackGraph,
  options: PushOptions = {},
): Promise<PushStats> {
  validate(graph);
  const progress = options.progress ?? (() => {});
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const t0 = performance.now();

  progress(`neo4j: ${conn.where()}, graph "${conn.graph}": constraints and indexes…`);
  await ensureSchema(conn, schemaStatements());

  const tag = await startRun(conn, graph, options.snapshotId, options.analysedAt);
  let lastRenewal = performance.now();
  const renew = async (done: string) => {
    if (performance.now() - lastRenewal < RENEW_EVERY_MS) return;
    lastRenewal = performance.now();
    await conn.write(
      `MATCH (s:${SYNC_RUN_LABEL} {graph: $graph, tag: $tag}) SET s.leaseUntil = timestamp() + $lease, s.progress = $done`,
      {
        tag: neo4j.int(tag),
        lease: neo4j.int(LEASE_MS),
        done,
      },
    );
  };

  let nodesDone = 0;
  let relsDone = 0;
  const inFlight = Math.max(1, options.inFlight ?? DEFAULT_IN_FLIGHT);
  let fresh = false;
  try {
    // The sync lease keeps other pushes of this graph out, so "no node yet" stays true while we load.
    fresh = (await conn.read(`MATCH (n:${NODE_LABEL} {graph: $graph}) RETURN n.id LIMIT 1`)).records.length === 0;
    const byKind = new Map<NodeKind, NodeRow[]>();
    graph.nodes.forEach((n, seq) => {
      const rows = byKind.get(n.kind) ?? [];
      rows.push(encodeNode(n, seq));
      byKind.set(n.kind, rows);
    });
    // The server's internal id of each node, by its position in graph.nodes.
    const internalIds: unknown[] = new Array(graph.nodes.length);
    const meter = throughput('nodes', graph.nodes.length, progress);
    const nodeLoads = [...byKind].map(([kind, rows]) => ({ group: fresh ? nodeCreate(kind) : nodeUpsert(kind), rows }));
    await loadGroups(nodeLoads, { batchSize, inFlight }, async (statement, batch) => {
      const { records } = await conn.write(statement, { rows: batch, tag: neo4j.int(tag) });
      const seqs = records[0]!.get('seqs') as unknown[];
      const ids = records[0]!.get('ids') as unknown[];
      seqs.forEach((seq, i) => (internalIds[toNumber(seq)] = ids[i]));
      nodesDone += batch.length;
      meter.tick(nodesDone);
      await renew(`nodes ${nodesDone}/${graph.nodes.length}`);
    });
    meter.done(nodesDone);

    // Grouped by type (the type is part of the statement) and technique (a parameter), and by
    // source within a group so that concurrent batches mostly lock different start nodes; the
    // groups' batches share the transactions in flight.
    const seqOf = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const groups = new Map<string, { group: EdgeGroup; edges: GraphEdge[] }>();
    for (const e of graph.edges) {
      const key = `${e.kind}|${e.technique}`;
      let entry = groups.get(key);
      if (!entry) groups.set(key, (entry = { group: edgeGroup(e), edges: [] }));
      entry.edges.push(e);
    }
    const relMeter = throughput('relationships', graph.edges.length, progress);
    const relStart = performance.now();
    const loads = [...groups.values()].map(({ group, edges }) => {
      edges.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
      const rows = edges.map((e) => encodeEdge(e, internalIds[seqOf.get(e.source)!], internalIds[seqOf.get(e.target)!]));
      return { group: { ...group, statement: fresh ? edgeCreate(group.kind) : edgeUpsert(group.kind) }, rows };
    });
    await loadGroups(loads, { batchSize, inFlight }, async ({ statement, kind, technique, traversable, layer, prefix }, batch) => {
      const { records } = await conn.write(statement, { rows: batch, tag: neo4j.int(tag), technique, traversable, layer, prefix });
      const written = toNumber(records[0]?.get('written') ?? 0);
      if (written !== batch.length)
        throw new Error(`wrote ${written} of ${batch.length} ${kind} relationships: an end node is missing on the server`);
      relsDone += batch.length;
      relMeter.tick(relsDone);
      await renew(`relationships ${relsDone}/${graph.edges.length}`);
    });
    const relSeconds = (performance.now() - relStart) / 1000;
    relMeter.done(relsDone);

    // A fresh push found no node of the graph, and a relationship of the graph joins two of its
    // nodes: there is nothing stale to look for.
    let staleRelationshipsDeleted = 0;
    let staleNodesDeleted = 0;
    if (!fresh) {
      progress('neo4j: removing what earlier pushes left behind…');
      staleRelationshipsDeleted = await drain(conn, STALE_EDGE_CLEANUP, tag);
      staleNodesDeleted = await drain(conn, STALE_NODE_CLEANUP, tag);
    }

    await conn.write(
      `MATCH (s:${SYNC_RUN_LABEL} {graph: $graph, tag: $tag})
       SET s.status = 'complete', s.finishedAt = datetime(), s.nodes = $nodes, s.relationships = $relationships,
           s.staleNodesDeleted = $staleNodes, s.staleRelationshipsDeleted = $staleRels, s.progress = null, s.leaseUntil = null
       WITH s
       MATCH (old:${SYNC_RUN_LABEL} {graph: $graph}) WITH old ORDER BY old.tag DESC SKIP $keep DELETE old`,
      {
        tag: neo4j.int(tag),
        nodes: neo4j.int(nodesDone),
        relationships: neo4j.int(relsDone),
        staleNodes: neo4j.int(staleNodesDeleted),
        staleRels: neo4j.int(staleRelationshipsDeleted),
        keep: neo4j.int(KEEP_SYNC_RUNS),
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      graph: conn.graph,
      tag,
      nodes: nodesDone,
      relationships: relsDone,
      staleNodesDeleted,
      staleRelationshipsDeleted,
      seconds,
      relationshipsPerSecond: relSeconds > 0 ? relsDone / relSeconds : relsDone,
      fresh,
    };
  } catch (e) {
    const cause = conn.explain(e);
    // On a server that is gone, trying to mark the run would only add the driver's retry time.
    const marked =
      cause instanceof SourceUnreachableError
        ? `left marked running (sync run ${tag}); its lease expires within ${LEASE_MS / 1000} s`
        : await conn
            .write(
              `MATCH (s:${SYNC_RUN_LABEL} {graph: $graph, tag: $tag}) SET s.status = 'failed', s.error = $error, s.finishedAt = datetime(), s.leaseUntil = null`,
              {
                tag: neo4j.int(tag),
                error: cause.message,
              },
            )
            .then(
              () => `marked failed (sync run ${tag})`,
              () => `left marked running (sync run ${tag}); its lease expires within ${LEASE_MS / 1000} s`,
            );
    throw new PushFailedError(
      `push to ${conn.where()} graph "${conn.graph}" stopped after ${nodesDone}/${graph.nodes.length} nodes and ${relsDone}/${graph.edges.length} relationships: ${cause.message}\n` +
        `the graph now mixes this push with the previous one and is ${marked}; queries with --engine neo4j refuse it until \`leakpath neo4j push\` completes`,
      cause,
    );
  }
}

/** Opens the sync run, or refuses when another push of the same graph holds a live lease. */
async function startRun(
  conn: Neo4jConnection,
  graph: AttackGraph,
  snapshotId: string | undefined,
  analysedAt: string | undefined,
): Promise<number> {
  // The write on the lock node serialises concurrent starts: the second waits for the first to
  // commit and then sees its running sync run.
  const { records } = await conn.write(
    `MERGE (l:${SYNC_LOCK_LABEL} {graph: $graph})
     SET l.touched = timestamp()
     WITH l
     OPTIONAL MATCH (busy:${SYNC_RUN_LABEL} {graph: $graph, status: 'running'}) WHERE busy.leaseUntil > timestamp()
     WITH l, collect(busy {.tag, .startedAt}) AS busy
     OPTIONAL MATCH (prev:${SYNC_RUN_LABEL} {graph: $graph})
     WITH l, busy, max(prev.tag) AS lastTag, timestamp() AS now
     WITH busy, CASE WHEN lastTag IS NULL OR now > lastTag THEN now ELSE lastTag + 1 END AS tag
     FOREACH (_ IN CASE WHEN size(busy) = 0 THEN [1] ELSE [] END |
       CREATE (:${SYNC_RUN_LABEL} {graph: $graph, tag: tag, status: 'running', startedAt: datetime(), leaseUntil: timestamp() + $lease,
                                   snapshot: $snapshot, analysedAt: $analysedAt, nodesExpected: $nodes, relationshipsExpected: $relationships}))
     RETURN tag, busy`,
    {
      lease: neo4j.int(LEASE_MS),
      snapshot: snapshotId ?? null,
      analysedAt: analysedAt ?? null,
      nodes: neo4j.int(graph.nodes.length),
      relationships: neo4j.int(graph.edges.length),
    },
  );
  const record = records[0]!;
  const busy = record.get('busy') as { tag: unknown; startedAt: unknown }[];
  if (busy.length > 0) {
    throw new UsageError(
      `another push to graph "${conn.graph}" is running (sync run ${toNumber(busy[0]!.tag)}, started ${String(busy[0]!.startedAt)}); wait for it, or for its lease to expire (${LEASE_MS / 1000} s after it stopped)`,
    );
  }
  return toNumber(record.get('tag'));
}

async function drain(conn: Neo4jConnection, statement: string, tag: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { records } = await conn.write(statement, { tag: neo4j.int(tag), limit: neo4j.int(CLEANUP_BATCH) });
    const deleted = toNumber(records[0]?.get('deleted') ?? 0);
    total += deleted;
    if (deleted < CLEANUP_BATCH) return total;
  }
}

/** Progress at most once a second, and a closing line with the rate. */
function throughput(what: string, total: number, progress: (line: string) => void) {
  const start = performance.now();
  let last = start;
  const rate = (done: number) => Math.round(done / Math.max((performance.now() - start) / 1000, 1e-3));
  return {
    tick(done: number) {
      if (performance.now() - last < 1000) return;
      last = performance.now();
      progress(`neo4j: ${what} ${done}/${total} (${rate(done)}/s)`);
    },
    done(done: number) {
      progress(
        `neo4j: ${what} ${done}/${total} in ${((performance.now() - start) / 1000).toFixed(1)} s (${rate(done)}/s)`,
      );
    },
  };
}

/**
 * Constraints and indexes, created once: a push to a database that has them all runs no schema
 * statement (and does not wait for index population). Those an earlier leakpath created on
 * relationships are dropped (a constraint's own index goes with it). Listing needs SHOW
 * privileges; without them, every statement runs, each IF NOT EXISTS, and nothing is dropped.
 */
async function ensureSchema(conn: Neo4jConnection, statements: readonly string[]): Promise<void> {
  let existing = new Set<string>();
  try {
    const [constraints, indexes] = await Promise.all([
      conn.read('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names'),
      conn.read('SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL RETURN collect(name) AS names'),
    ]);
    const names = (r: typeof constraints) => (r.records[0]?.get('names') ?? []) as string[];
    for (const name of names(constraints).filter(isObsoleteSchema)) await conn.write(`DROP CONSTRAINT ${name} IF EXISTS`);
    for (const name of names(indexes).filter(isObsoleteSchema)) await conn.write(`DROP INDEX ${name} IF EXISTS`);
    existing = new Set([...names(constraints), ...names(indexes)]);
  } catch {
    // Fall through: create each one IF NOT EXISTS.
  }
  const missing = statements.filter((s) => !existing.has(/^CREATE (?:CONSTRAINT|INDEX) (\S+)/.exec(s)?.[1] ?? ''));
  for (const statement of missing) await conn.write(statement);
  if (missing.length > 0) await conn.write('CALL db.awaitIndexes(300)');
}
