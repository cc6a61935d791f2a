import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Neo4jFlags } from '../../neo4j/connection.js';
import { SnapshotStore } from '../../store/store.js';
import { formatOption, globals, log, parsePositiveInt, type Format } from '../context.js';
import { quoted } from '../../echo.js';

/** The driver and the parsers load inside the actions: other commands start without them. */
const driver = () => Promise.all([import('../../neo4j/connection.js'), import('../../neo4j/named-queries.js')]);

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
  if (i < 1) throw new UsageError(`--param expects name=value, got ${quoted(value)}`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
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

  const pushFormat = formatOption('text', 'json');
  const queryFormat = formatOption('text', 'json');
  const listFormat = formatOption('text', 'json');
  const neo = program
    .command('neo4j')
    .description('push the attack graph to Neo4j, and run named queries there (explore it in Neo4j Browser)');

  neo
    .command('push')
    .description(
      'push a snapshot (default: the latest; or ingest the given exports first) as the named graph, replacing what an earlier push left',
    )
    .argument('[inputs...]', 'export files or directories to ingest into the store before pushing')
    .option('--batch-size <n>', 'rows per UNWIND batch (default 5000)', parsePositiveInt('--batch-size'))
    .option('--format <format>', `${pushFormat.description} (json: the push figures on stdout)`, pushFormat.parse, 'text')
    .action(async (inputs: string[], opts: { batchSize?: number; format: Format }, cmd: Command) => {
      const options = globals(cmd);
      const [[{ Neo4jConnection, neo4jSettings }], { DEFAULT_BATCH_SIZE, pushGraph }] = await Promise.all([driver(), import('../../neo4j/push.js')]);
      const settings = neo4jSettings(neo4jFlags(cmd));
      const snapshot =
        inputs.length > 0
          ? (await (await import('../../ingest/ingest.js')).ingest(inputs, options.store, log)).snapshot
          : await new SnapshotStore(options.store).readGraph(options.snapshot);
      const conn = await Neo4jConnection.open(settings);
      try {
        log(
          `neo4j push: snapshot ${snapshot.id} (${snapshot.graph.nodes.length} nodes, ${snapshot.graph.edges.length} edges)`,
        );
        const { analysisTime } = await import('../../snapshot/facts.js');
        const stats = await pushGraph(conn, snapshot.graph, {
          snapshotId: snapshot.id,
          analysedAt: analysisTime(snapshot).toISOString(),
          batchSize: opts.batchSize ?? DEFAULT_BATCH_SIZE,
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
    .option('--format <format>', queryFormat.description, queryFormat.parse, 'text')
    .action(async (name: string, opts: { param: Record<string, string>; format: Format }, cmd: Command) => {
      const [[{ Neo4jConnection, neo4jSettings }, { bindParams, namedQuery }], { plain, table }] = await Promise.all([driver(), import('./neo4j-rows.js')]);
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
    .option('--format <format>', listFormat.description, listFormat.parse, 'text')
    .action(async (opts: { format: Format }) => {
      const { loadNamedQueries } = await import('../../neo4j/named-queries.js');
      const queries = loadNamedQueries();
      if (opts.format === 'json') {
        const list = queries.map((q) => ({ name: q.name, answers: q.answers, params: q.params.filter((p) => p.name !== 'graph') }));
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      for (const q of queries) {
        const params = q.params
          .filter((p) => p.name !== 'graph')
          .map((p) => `${p.name}${p.default !== undefined ? `=${p.default}` : ''}`);
        console.log(`${q.name}${params.length ? ` (${params.join(', ')})` : ''}\n  ${q.answers}`);
      }
    });

  for (const c of neo.commands) c.exitOverride();
  neo.exitOverride();
}
