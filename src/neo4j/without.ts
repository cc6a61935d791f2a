import { withoutUsageError } from '../query/chokepoints/without.js';
import { UsageError } from '../errors.js';
import type { Neo4jConnection } from './connection.js';

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
  const unused = specs.filter((s) => !used.has(s));
  if (unused.length > 0) {
    const old = await conn.read(`MATCH ()-[r {graph: $graph}]->() WHERE r.fixUnits IS NULL RETURN r.id LIMIT 1`);
    if (old.records.length > 0) {
      throw new UsageError(`--without ${JSON.stringify(unused[0])}: the graph on the server was pushed by an older leakpath, without fix ids on its relationships; run \`leakpath neo4j push\` again`);
    }
    throw withoutUsageError(unused[0]!);
  }
  return { edges, removed: records.length };
}
