import type { Command } from 'commander';
import neo4j from 'neo4j-driver';
import { UsageError } from '../../errors.js';
import { ingest } from '../../ingest/ingest.js';
import { Neo4jConnection, neo4jSettings, type Neo4jFlags } from '../../neo4j/connection.js';
import { bindParams, loadNamedQueries, namedQuery } from '../../neo4j/named-queries.js';
import { DEFAULT_BATCH_SIZE, pushGraph } from '../../neo4j/push.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parseFormat, parsePositiveInt, type Format } from '../context.js';

export function neo4jFlags(cmd: Command): Neo4jFlags {
  const o = cmd.optsWithGlobals() as Neo4jFlags;
  return {
    neo4jUri: o.neo4jUri,
    neo4jUser: o.neo4jUser,
    neo4jDatabase: o.neo4jDatabase,
    neo4jGraph: o.neo4jGraph,
  };
}

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const i = value.indexOf('=');
  if (i < 1) throw new UsageError(`--param expects name=value, got "${value}"`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** Driver values → plain JSON: nodes by id, paths as `a -[TYPE]-> b`, integers as numbers, temporals as ISO text. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isNode(value)) return (value.properties.id as string | undefined) ?? value.elementId;
  if (neo4j.isRelationship(value)) return value.type;
  if (neo4j.isPath(value)) {
    const id = (n: { properties: Record<string, unknown>; elementId: string }) =>
      (n.properties.id as string | undefined) ?? n.elementId;
    return [id(value.start), ...value.segments.map((s) => `-[${s.relationship.type}]-> ${id(s.end)}`)].join(
      ' ',
    );
  }
  if (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  )
    return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]),
    );
  return value;
}

function table(keys: string[], rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const cell = (v: unknown) => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const cells = rows.map((r) => keys.map((k) => cell(r[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  return [line(keys), ...cells.map(line)].join('\n');
}

export function registerNeo4j(program: Command): void {
  // Global, so that `blast --engine neo4j` and friends take them too.
  program
    .option(
      '--neo4j-uri <uri>',
      'Neo4j server (env NEO4J_URI, default bolt://localhost:7687; neo4j+s:// for Aura and clusters); password from NEO4J_PASSWORD',
    )
    .option('--neo4j-user <name>', 'Neo4j user (env NEO4J_USERNAME, default neo4j)')
    .option(
      '--neo4j-database <name>',
      "Neo4j database (env NEO4J_DATABASE, default the user's home database)",
    )
    .option(
      '--neo4j-graph <name>',
      'named graph in that database, so several estates can share it (env LEAKPATH_NEO4J_GRAPH, default "default")',
    );

  const neo = program
    .command('neo4j')
    .description('push the attack graph to Neo4j, and run named queries there (explore it in Neo4j Browser)');

  neo
    .command('push')
    .description(
      'push a snapshot (default: the latest; or ingest the given exports first) as the named graph, replacing what an earlier push left',
    )
    .argument('[inputs...]', 'export files or directories to ingest into the store before pushing')
    .option('--batch-size <n>', 'rows per UNWIND batch', parsePositiveInt('--batch-size'), DEFAULT_BATCH_SIZE)
    .option('--format <format>', 'text | json (json: the push figures on stdout)', parseFormat, 'text')
    .action(async (inputs: string[], opts: { batchSize: number; format: Format }, cmd: Command) => {
      const options = globals(cmd);
      const settings = neo4jSettings(neo4jFlags(cmd));
      const snapshot =
        inputs.length > 0
          ? (await ingest(inputs, options.store, log)).snapshot
          : await new SnapshotStore(options.store).read(options.snapshot);
      const conn = await Neo4jConnection.open(settings);
      try {
        log(
          `neo4j push: snapshot ${snapshot.id} (${snapshot.graph.nodes.length} nodes, ${snapshot.graph.edges.length} edges)`,
        );
        const stats = await pushGraph(conn, snapshot.graph, {
          snapshotId: snapshot.id,
          batchSize: opts.batchSize,
          progress: log,
        });
        log(
          `neo4j push: graph "${stats.graph}" at ${conn.where()} now holds snapshot ${snapshot.id}: ${stats.nodes} nodes, ${stats.relationships} relationships ` +
            `(${stats.staleNodesDeleted} stale nodes, ${stats.staleRelationshipsDeleted} stale relationships removed) in ${stats.seconds.toFixed(1)} s; ` +
            `relationships at ${Math.round(stats.relationshipsPerSecond)}/s; sync run ${stats.tag}`,
        );
        if (opts.format === 'json') console.log(JSON.stringify({ snapshot: snapshot.id, ...stats }, null, 2));
        log(
          'explore: Neo4j Browser with queries/browser-style.grass (docs/neo4j.md), or leakpath --engine neo4j blast <key id>',
        );
      } finally {
        await conn.close();
      }
    });

  neo
    .command('query')
    .description('run a named query from queries/ (list them with `leakpath neo4j queries`)')
    .argument('<name>', 'query name, e.g. blast-radius')
    .option('--param <name=value>', 'a query parameter (repeatable)', collectParam, {})
    .option('--format <format>', 'text | json', parseFormat, 'text')
    .action(async (name: string, opts: { param: Record<string, string>; format: Format }, cmd: Command) => {
      const q = namedQuery(name);
      const params = bindParams(q, opts.param);
      const conn = await Neo4jConnection.open(neo4jSettings(neo4jFlags(cmd)));
      try {
        const { keys, records } = await conn.read(q.cypher, params);
        const rows = records.map((r) => Object.fromEntries(keys.map((k) => [k, plain(r.get(k))])));
        if (opts.format === 'json') console.log(JSON.stringify(rows, null, 2));
        else console.log(table(keys.map(String), rows));
      } finally {
        await conn.close();
      }
    });

  neo
    .command('queries')
    .description('list the named queries, their parameters and what each answers')
    .action(() => {
      for (const q of loadNamedQueries()) {
        const params = q.params
          .filter((p) => p.name !== 'graph')
          .map((p) => `${p.name}${p.default !== undefined ? `=${p.default}` : ''}`);
        console.log(`${q.name}${params.length ? ` (${params.join(', ')})` : ''}\n  ${q.answers}`);
      }
    });

  for (const c of neo.commands) c.exitOverride();
  neo.exitOverride();
}
