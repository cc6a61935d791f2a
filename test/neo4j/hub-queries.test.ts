/**
 * The named queries (queries/*.cypher) on a graph with hubs answer as on the same estate analysed
 * with `fold: false` (no hub): a hub crossing is one hop, a hub is never a reader, a reached node,
 * a principal or an edge end. Random Azure estates (role-assignment and key vault access-policy
 * hubs, nested groups, vault secrets holding credentials) and GCP estates (project-wide Token
 * Creator, Service Account User and deploy bindings to a group).
 *
 * Needs the real Neo4j test server: LEAKPATH_TEST_SERVERS=neo4j npx vitest run test/neo4j/hub-queries.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { connect, uniqueGraph } from './helpers.js';
import { randomAzureGraph, randomGcpGraph, type EstateGraph } from './hub-estates.js';

/** A query's rows, the columns that do not depend on which of equally short paths the server picked. */
async function rows(conn: Neo4jConnection, name: string, params: Record<string, string>, columns: readonly string[]): Promise<string[]> {
  const q = namedQuery(name);
  const { records } = await conn.read(q.cypher, bindParams(q, params));
  return records.map((r) => JSON.stringify(columns.map((c) => { const v = r.get(c); return typeof v === 'object' && v !== null && 'toNumber' in v ? v.toNumber() : v; }))).sort();
}

const estates: { name: string; graph: EstateGraph; targets: (g: AttackGraph) => string[] }[] = [
  { name: 'random Azure estate', graph: randomAzureGraph(7), targets: (g) => g.nodes.filter((n) => n.kind === 'SecretLocation' || n.id.startsWith('azure:sp:dddddddd')).map((n) => n.id) },
  { name: 'random GCP estate', graph: randomGcpGraph(7), targets: (g) => g.nodes.filter((n) => n.type === 'gcp:service-account').map((n) => n.id) },
];

for (const estate of estates) {
  describe(`named queries over hubs answer as unfolded: ${estate.name}`, () => {
    let folded: AttackGraph;
    let hubs: Neo4jConnection;
    let plain: Neo4jConnection;
    /** The same query on both graphs: the same rows, none naming a hub. */
    const same = async (name: string, params: Record<string, string>, columns: readonly string[]) => {
      const [a, b] = await Promise.all([rows(hubs, name, params, columns), rows(plain, name, params, columns)]);
      expect(a, `${name} ${JSON.stringify(params)}`).toEqual(b);
      expect(a.join('\n')).not.toContain('"hub:');
      return a;
    };

    beforeAll(async () => {
      folded = estate.graph();
      expect(folded.nodes.some((n) => n.kind === 'Hub')).toBe(true);
      const unfolded = estate.graph({ fold: false });
      expect(unfolded.nodes.some((n) => n.kind === 'Hub')).toBe(false);
      hubs = await connect(uniqueGraph('hubq'));
      plain = await connect(uniqueGraph('plainq'));
      // One after the other: two first pushes race to create the schema.
      await pushGraph(hubs, folded);
      await pushGraph(plain, unfolded);
    });
    afterAll(async () => {
      for (const conn of [hubs, plain]) {
        await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
        await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
        await conn?.close();
      }
    });

    it('exposed-credentials: the readers of a stored credential through a hub, as its members', async () => {
      await same('exposed-credentials', {}, ['credential', 'authenticatesAs', 'location', 'locationType', 'reader', 'technique', 'conditional']);
    });

    it('cross-boundary-edges: the edges a hub stands for, never a hub as an end', async () => {
      await same('cross-boundary-edges', {}, ['fromScope', 'toScope', 'edge', 'technique', 'source', 'target', 'conditional']);
    });

    it('blast-radius, tier-zero-exposure and gcp-keys-to-tier-zero: a hub crossing is one hop', async () => {
      let reached = 0;
      for (const c of folded.nodes.filter((n) => n.kind === 'Credential')) {
        for (const maxHops of ['8', '2']) reached += (await same('blast-radius', { credential: c.id, maxHops }, ['id', 'hops'])).length;
      }
      expect(reached).toBeGreaterThan(0);
      await same('tier-zero-exposure', {}, ['credential', 'tierZeroIdentity', 'hops']);
      await same('gcp-keys-to-tier-zero', {}, ['key', 'tierZero', 'hops']);
    });

    it('credentials-reaching, shortest-paths and gcp-who-can-impersonate on every target', async () => {
      let found = 0;
      for (const t of estate.targets(folded)) {
        found += (await same('credentials-reaching', { target: t }, ['credential', 'hops'])).length;
        for (const c of folded.nodes.filter((n) => n.kind === 'Credential').slice(0, 4)) await same('shortest-paths', { from: c.id, to: t, k: '1' }, ['hops']);
        if (t.startsWith('gcp:sa:')) await same('gcp-who-can-impersonate', { serviceAccount: t }, ['principal', 'principalType', 'edge', 'technique', 'conditional', 'conditions']);
      }
      expect(found).toBeGreaterThan(0);
    });
  });
}
