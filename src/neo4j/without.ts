import { withoutUsageError } from '../query/chokepoints/without.js';
import { UsageError } from '../errors.js';
import type { Neo4jConnection } from './connection.js';
import { HUB_KIND } from '../model/hubs.js';
import { NODE_LABEL } from './schema.js';

/**
 * `--without` on the server: the ids of the relationships a what-if leaves out — those whose id,
 * technique or cited fix id (`fixUnits`, written at push time from the evidence) is named. The
 * searches then skip them, which answers as the embedded engine does over the graph without them.
 */
export async function withoutOnServer(conn: Neo4jConnection, specs: readonly string[]): Promise<{ edges: Set<string>; removed: number }> {
  if (specs.length === 0) return { edges: new Set(), removed: 0 };
  const { records } = await conn.read(
    `MATCH ()-[r {graph: $graph}]->()
     WHERE r.id IN $specs OR r.technique IN $specs OR any(u IN coalesce(r.fixUnits, []) WHERE u IN $specs)
     RETURN r.id AS id, r.technique AS technique, coalesce(r.fixUnits, []) AS units`,
    { specs: [...specs] },
  );
  const used = new Set<string>();
  const edges = new Set<string>();
  for (const r of records) {
    const id = r.get('id') as string;
    edges.add(id);
    for (const s of specs) if (s === id || s === r.get('technique') || (r.get('units') as string[]).includes(s)) used.add(s);
  }
  for (const id of await hubPairs(conn, specs.filter((s) => !used.has(s)))) {
    edges.add(id);
    used.add(id);
  }
  const unused = specs.filter((s) => !used.has(s));
  if (unused.length > 0) {
    const old = await conn.read(`MATCH ()-[r {graph: $graph}]->() WHERE r.fixUnits IS NULL RETURN r.id LIMIT 1`);
    if (old.records.length > 0) {
      throw new UsageError(`--without ${JSON.stringify(unused[0])}: the graph on the server was pushed by an older leakpath, without fix ids on its relationships; run \`leakpath neo4j push\` again`);
    }
    throw withoutUsageError(unused[0]!);
  }
  return { edges, removed: edges.size };
}

/**
 * The specs that name an edge a hub stands for (`kind|technique|source|target`, as paths show it):
 * no relationship has that id, but the searches compose it and skip it when blocked, which is the
 * embedded what-if's (src/query/chokepoints/without.ts): that pair gone, the caller's other pairs
 * through the hub kept. Node ids may hold `|`, so every split of the tail is tried.
 */
async function hubPairs(conn: Neo4jConnection, specs: readonly string[]): Promise<Set<string>> {
  return new Set((await hubPairHalves(conn, specs)).map((h) => h.spec));
}

/** For each spec naming an edge a hub stands for: the caller's half into the hub (kind, ends, properties). */
export async function hubPairHalves(conn: Neo4jConnection, specs: readonly string[]): Promise<{ spec: string; kind: string; source: string; hub: string; props: Record<string, unknown> }[]> {
  const candidates = specs.flatMap((spec) => {
    const parts = spec.split('|');
    if (parts.length < 4) return [];
    const prefix = `${parts[0]}|${parts[1]}|`;
    return parts.slice(2, -1).map((_, i) => ({
      spec,
      prefix,
      source: parts.slice(2, 3 + i).join('|'),
      target: parts.slice(3 + i).join('|'),
    }));
  });
  if (candidates.length === 0) return [];
  const { records } = await conn.read(
    `UNWIND $candidates AS c
     MATCH (a:${NODE_LABEL} {graph: $graph, id: c.source})-[r]->(h:${HUB_KIND} {graph: $graph})-[o]->(b:${NODE_LABEL} {graph: $graph, id: c.target})
     WHERE a <> b AND r.id = c.prefix + c.source + '|' + h.id
     RETURN DISTINCT c.spec AS spec, type(r) AS kind, a.id AS source, h.id AS hub, properties(r) AS props`,
    { candidates },
  );
  return records.map((r) => ({ spec: r.get('spec'), kind: r.get('kind'), source: r.get('source'), hub: r.get('hub'), props: r.get('props') }));
}
