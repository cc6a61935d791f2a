/**
 * Neo4j figures: push throughput and blast / paths / who-can-reach latency on Neo4j next to the
 * embedded engine, over the synthetic estates of bench/run.ts. Nothing here asserts time.
 *   node --import tsx bench/neo4j.ts [--scales small,medium,large] [--dense 1k] [--batch 1000,5000] [--in-flight 1,4]
 * `--dense` pushes a dense estate of bench/dense-estate.ts (its rels/s is the figure that matters:
 * a hundred thousand relationships and more); `--graph a.json,b.json` pushes saved AttackGraph
 * JSON files (`{nodes, edges}`, e.g. a dense 40k estate: 463,000 relationships, whose analysis
 * alone takes minutes); `--batch` / `--in-flight` try several settings on each graph, the
 * measurement behind DEFAULT_BATCH_SIZE and DEFAULT_IN_FLIGHT. Each line also gives the server's
 * CPU seconds for the relationship phase when the server is the test server started here: on a
 * shared machine, wall-clock rels/s depends on what else runs, CPU per relationship much less.
 * Uses NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD when set (e.g. `docker compose up -d`);
 * otherwise starts the project's own test server (scripts/test-servers/neo4j, Java 17 + Maven).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';
import { analyse } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { Neo4jConnection, neo4jSettings } from '../src/neo4j/connection.js';
import { Neo4jEngine } from '../src/neo4j/engine.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_IN_FLIGHT, pushGraph } from '../src/neo4j/push.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import type { QueryEngine } from '../src/query/types.js';
import { startNeo4j } from '../test/servers/neo4j.js';
import { chosenScales, SCALES, syntheticEstate } from './synthetic-estate.js';
import { denseAwsEstate, denseScale } from './dense-estate.js';
import { parseDocuments } from '../src/ingest/read-inputs.js';

const chosen = chosenScales(process.argv, ['small', 'medium']);
const list = (flag: string, fallback: number[]) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1]!.split(',').map(Number) : fallback;
};
const batches = list('--batch', [DEFAULT_BATCH_SIZE]);
const inFlights = list('--in-flight', [DEFAULT_IN_FLIGHT]);
const dense = process.argv.includes('--dense') ? process.argv[process.argv.indexOf('--dense') + 1]!.split(',') : [];
const files = process.argv.includes('--graph') ? process.argv[process.argv.indexOf('--graph') + 1]!.split(',') : [];

function denseGraph(scale: string) {
  const docs = denseAwsEstate(denseScale(scale)).flatMap((a) => [
    { file: `${a.accountId}-gaad.json`, json: a.gaad },
    { file: `${a.accountId}-keys.json`, json: a.accessKeys },
  ]);
  return analyse(parseDocuments(docs).inventories).graph;
}

// The test server's defaults favour start-up time (C1 JIT only, serial GC, a 64 MB page cache); a
// benchmark runs it as docker-compose.yml runs Neo4j: full JIT, G1, 1 GB heap, 1 GB page cache.
process.env.NEO4J_TEST_JAVA_OPTS ??= '-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC -Xms1g -Xmx1g';
process.env.NEO4J_TEST_CONF ??= 'server.memory.pagecache.size=1g';
const server = process.env.NEO4J_URI
  ? {
      uri: process.env.NEO4J_URI,
      username: process.env.NEO4J_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      stop: async () => {},
    }
  : await startNeo4j();
/** CPU seconds the local server's JVM has used (Linux), found by the Bolt port it listens on. */
const serverPid = (() => {
  try {
    const port = new URL(server.uri.replace(/^bolt/, 'http')).port;
    const line = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    return /pid=(\d+)/.exec(line)?.[1];
  } catch {
    return undefined;
  }
})();
const serverCpu = (): number | undefined => {
  if (!serverPid) return undefined;
  const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
/** Times the relationship phase of a push: from the nodes' closing progress line to the relationships'. */
function relPhase() {
  let start: number | undefined;
  let cpu: number | undefined;
  let clientStart: NodeJS.CpuUsage | undefined;
  let client: number | undefined;
  return {
    progress: (line: string) => {
      if (/^neo4j: nodes \d+\/\d+ in /.test(line)) {
        start = serverCpu();
        clientStart = process.cpuUsage();
      }
      if (/^neo4j: relationships \d+\/\d+ in /.test(line) && clientStart) {
        const used = process.cpuUsage(clientStart);
        client = (used.user + used.system) / 1e6;
        if (start !== undefined) cpu = serverCpu()! - start;
      }
    },
    // This process's CPU (encoding the rows, the driver packing them) beside the server's: on a
    // shared machine both come out of the same cores.
    cpu: (rels: number) =>
      (cpu === undefined ? '' : `, server ${cpu.toFixed(1)} CPU-s (${Math.round(rels / Math.max(cpu, 0.01))} rels/CPU-s)`) +
      (client === undefined ? '' : `, client ${client.toFixed(1)} CPU-s`),
  };
}
const load = () => {
  try {
    return ` | load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on ${availableParallelism()} cores`;
  } catch {
    return '';
  }
};
const settings = (graph: string) =>
  neo4jSettings(
    { neo4jUri: server.uri, neo4jUser: server.username, neo4jGraph: graph },
    { NEO4J_PASSWORD: server.password },
  );

const ms = (x: number) => `${x.toFixed(1)} ms`;
async function perQuery(items: readonly string[], ask: (item: string) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (const item of items) await ask(item);
  return (performance.now() - t) / Math.max(1, items.length);
}

async function wipe(conn: Neo4jConnection) {
  for (let deleted = -1; deleted !== 0;) {
    const { records } = await conn.write(
      'MATCH (n:LeakpathNode {graph: $graph}) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n',
    );
    deleted = Number(records[0]!.get('n'));
  }
  await conn.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
  await conn.close();
}

try {
  console.log(
    `neo4j: ${server.uri}${process.env.NEO4J_URI ? '' : ' (project test server, started for this run)'}`,
  );
  const graphs = [
    ...((dense.length || files.length) && !process.argv.includes('--scales') ? [] : chosen).map((name) => ({ name: name as string, graph: () => analyse([syntheticEstate(SCALES[name])]).graph })),
    ...dense.map((name) => ({ name: `dense-${name}`, graph: () => denseGraph(name) })),
    ...files.map((file) => ({
      name: file.replace(/^.*\//, '').replace(/\.json$/, ''),
      graph: () => JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof denseGraph>,
    })),
  ];
  for (const { name, graph: make } of graphs) {
    const graph = make();
    for (const batchSize of batches.length > 1 || inFlights.length > 1 ? batches : [])
      for (const inFlight of inFlights) {
        const trial = `bench-trial-${randomBytes(3).toString('hex')}`;
        const conn = await Neo4jConnection.open(settings(trial));
        try {
          const phase = relPhase();
          const s = await pushGraph(conn, graph, { batchSize, inFlight, progress: phase.progress });
          console.log(`${name.padEnd(9)} batch ${String(batchSize).padStart(5)} in flight ${inFlight}: rels ${graph.edges.length}, ${Math.round(s.relationshipsPerSecond)} rels/s${phase.cpu(graph.edges.length)}, push ${s.seconds.toFixed(1)} s${load()}`);
        } finally {
          await wipe(conn);
        }
      }
    const graphName = `bench-${name}-${randomBytes(3).toString('hex')}`;
    const conn = await Neo4jConnection.open(settings(graphName));
    try {
      const phase = relPhase();
      const first = await pushGraph(conn, graph, { progress: phase.progress });
      const again = await pushGraph(conn, graph);
      const embedded = new EmbeddedEngine(graph, EMPTY_CONFIG);
      const neo4j = await Neo4jEngine.open(await Neo4jConnection.open(settings(graphName)), EMPTY_CONFIG);
      const keys = graph.nodes
        .filter((n) => n.kind === 'Credential')
        .slice(0, 20)
        .map((n) => n.id);
      const admins = graph.nodes
        .filter((n) => n.tierZero)
        .slice(0, 5)
        .map((n) => n.id);
      const row = async (engine: QueryEngine) => ({
        blast: await perQuery(keys, (k) => engine.blast(k)),
        paths: await perQuery(admins, (a) => engine.paths(keys[0]!, { to: a, k: 3, maxHops: 8 })),
        who: await perQuery(admins, (a) => engine.whoCanReach(a)),
      });
      await row(neo4j); // warm the server's query plans and page cache
      const e = await row(embedded);
      const n = await row(neo4j);
      await neo4j.close();
      console.log(
        `${name.padEnd(7)} nodes=${graph.nodes.length} rels=${graph.edges.length} | push ${first.seconds.toFixed(1)} s, relationships ${Math.round(first.relationshipsPerSecond)}/s${first.fresh ? ' (CREATE)' : ''}${phase.cpu(graph.edges.length)}, nodes+rels ${Math.round((graph.nodes.length + graph.edges.length) / first.seconds)}/s | re-push ${again.seconds.toFixed(1)} s` +
          ` | blast ${ms(e.blast)} embedded / ${ms(n.blast)} neo4j | paths k=3 ${ms(e.paths)} / ${ms(n.paths)} | who-can-reach ${ms(e.who)} / ${ms(n.who)}${load()}`,
      );
    } finally {
      await wipe(conn);
    }
  }
} finally {
  await server.stop();
}
