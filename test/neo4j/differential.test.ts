import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseAwsEstate } from '../../bench/dense-estate.js';
import { syntheticEstate } from '../../bench/synthetic-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG, loadConfig, type Config } from '../../src/config/config.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { Neo4jEngine } from '../../src/neo4j/engine.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { connect, randomGraph, tieBreakGraph, uniqueGraph } from './helpers.js';
import { AT, denseAzureGraph, denseGcpGraph, randomAzureGraph, randomGcpGraph } from './hub-estates.js';
import { findChokepoints } from '../../src/query/chokepoints/chokepoints.js';
import { withoutEdges } from '../../src/query/chokepoints/without.js';
import { composeThroughHub, expandHubs, hubHalves, isHubId } from '../../src/model/hubs.js';
import type { Config as Cfg } from '../../src/config/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The same question to both engines: the same answer, or the same error. */
async function same<T>(
  question: string,
  embedded: () => Promise<T>,
  neo4j: () => Promise<T>,
): Promise<T | undefined> {
  const settle = async (f: () => Promise<T>) =>
    f().then(
      (value) => ({ value }),
      (e: Error) => ({ error: `${e.name}: ${e.message}` }),
    );
  const [a, b] = await Promise.all([settle(embedded), settle(neo4j)]);
  expect(b, question).toStrictEqual(a);
  return 'value' in a ? a.value : undefined;
}

interface Estate {
  name: string;
  graph: () => Promise<AttackGraph>;
  config: () => Promise<Config>;
  /** Credentials to ask about (all when undefined). */
  sample?: number;
  /** Also compare choke points, and `--without` edges that hubs stand for (estates with hubs). */
  whatIf?: boolean;
}

const AZURE_JEWELS: Cfg = { crownJewels: [{ kind: 'SecretLocation' }, { id: 'azure:sp:dddddddd*' }] };
const GCP_JEWELS: Cfg = { crownJewels: [{ type: 'gcp:service-account', id: 'gcp:sa:sa-1@*' }] };

const estates: Estate[] = [
  {
    name: 'demo estate',
    graph: async () =>
      analyse((await readInputs([path.join(ROOT, 'examples/demo-estate')])).inventories).graph,
    config: () => loadConfig(path.join(ROOT, 'examples/demo-config.yaml')),
  },
  {
    name: 'tie-break graph',
    graph: async () => tieBreakGraph(),
    config: async () => ({ crownJewels: [{ tag: 'data=crown', reason: 'customer data' }] }),
  },
  {
    name: 'random graph (seed 7)',
    graph: async () => randomGraph(7),
    config: async () => ({ crownJewels: [{ kind: 'Resource' }] }),
  },
  {
    name: 'random graph (seed 1234)',
    graph: async () => randomGraph(1234, 40, 200),
    config: async () => EMPTY_CONFIG,
  },
  {
    // Dense: wildcard grants folded through hubs (src/model/hubs.ts), crossed by both engines.
    name: 'dense estate with hubs',
    graph: async () => {
      const files: Record<string, unknown> = {};
      for (const a of denseAwsEstate({ roles: 120, accounts: 3 })) {
        files[`${a.accountId}-gaad.json`] = a.gaad;
        files[`${a.accountId}-keys.json`] = a.accessKeys;
      }
      const { graph } = analyse(readInputsFromJson(files).inventories);
      expect(graph.nodes.some((n) => n.kind === 'Hub')).toBe(true);
      return graph;
    },
    config: async () => EMPTY_CONFIG,
    sample: 8,
  },
  {
    // Nested groups, role assignments and key vault access policies to groups (src/analysis/azure).
    name: 'random Azure estate with role-assignment and access-policy hubs',
    graph: async () => randomAzureGraph(7)(),
    config: async () => AZURE_JEWELS,
    whatIf: true,
  },
  {
    name: 'dense Azure tenant with hubs',
    graph: async () => denseAzureGraph(800)(),
    config: async () => AZURE_JEWELS,
    // Yen's paths and choke points on the server take minutes here: the random estate covers the what-if.
    sample: 4,
  },
  {
    // Project-wide Token Creator, Service Account User and deploy bindings to a group (src/analysis/gcp/fold.ts).
    name: 'random GCP estate with binding hubs',
    graph: async () => randomGcpGraph(7)(),
    config: async () => GCP_JEWELS,
    whatIf: true,
  },
  {
    name: 'dense GCP organisation with binding hubs',
    graph: async () => denseGcpGraph(200)(),
    config: async () => GCP_JEWELS,
    sample: 8,
    whatIf: true,
  },
  {
    name: 'synthetic estate',
    graph: async () =>
      analyse([syntheticEstate({ accounts: 3, usersPerAccount: 5, rolesPerAccount: 20, seed: 42 })]).graph,
    config: async () => EMPTY_CONFIG,
    sample: 6,
  },
];

for (const estate of estates) {
  describe(`embedded and Neo4j engines agree: ${estate.name}`, () => {
    let graph: AttackGraph;
    let embedded: EmbeddedEngine;
    let neo4j: Neo4jEngine;
    let conn: Neo4jConnection;
    let config: Config;
    let name: string;

    beforeAll(async () => {
      graph = await estate.graph();
      config = await estate.config();
      name = uniqueGraph('diff');
      conn = await connect(name);
      await pushGraph(conn, graph, { analysedAt: AT.toISOString() });
      embedded = new EmbeddedEngine(graph, config, { at: AT });
      neo4j = await Neo4jEngine.open(await connect(name), config);
    });

    afterAll(async () => {
      await neo4j?.close();
      await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
      await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
      await conn?.close();
    });

    let sampled: AttackGraph['nodes'] | undefined;
    /** All credentials, or a sample: half that reach a crown jewel, half that do not. */
    const credentials = async () => {
      const all = graph.nodes.filter((n) => n.kind === 'Credential');
      if (!estate.sample) return all;
      if (!sampled) {
        const reaching: AttackGraph['nodes'] = [];
        const not: AttackGraph['nodes'] = [];
        for (const c of all) ((await embedded.blast(c.id)).crownJewels.length > 0 ? reaching : not).push(c);
        sampled = [...reaching.slice(0, estate.sample / 2), ...not.slice(0, estate.sample / 2)];
      }
      return sampled;
    };

    it('lists the same credentials', async () => {
      await same(
        'credentials',
        () => embedded.credentials(),
        () => neo4j.credentials(),
      );
    });

    it('gives the same blast radius for every credential, unbounded and at 2 hops', async () => {
      let crownJewels = 0;
      for (const c of await credentials()) {
        const r = await same(
          `blast ${c.id}`,
          () => embedded.blast(c.id),
          () => neo4j.blast(c.id),
        );
        crownJewels += r?.crownJewels.length ?? 0;
        await same(
          `blast ${c.id} --max-hops 2`,
          () => embedded.blast(c.id, { maxHops: 2 }),
          () => neo4j.blast(c.id, { maxHops: 2 }),
        );
      }
      // Otherwise the estate would prove little about paths.
      expect(crownJewels).toBeGreaterThan(0);
    });

    it('lists the same principals, and blasts them alike: tier-zero starts and searches cut by --max-hops', async () => {
      const principals = await same(
        'principals',
        () => embedded.principals(),
        () => neo4j.principals(),
      );
      await same(
        'principals --include-service-linked',
        () => embedded.principals({ includeServiceLinked: true }),
        () => neo4j.principals({ includeServiceLinked: true }),
      );
      let cut = 0;
      for (const p of (principals ?? []).slice(0, 12)) {
        await same(
          `blast ${p.id}`,
          () => embedded.blast(p.id),
          () => neo4j.blast(p.id),
        );
        const r = await same(
          `blast ${p.id} --max-hops 1`,
          () => embedded.blast(p.id, { maxHops: 1 }),
          () => neo4j.blast(p.id, { maxHops: 1 }),
        );
        if (r?.truncated) cut++;
      }
      for (const c of await credentials()) {
        const r = await same(
          `blast ${c.id} --max-hops 1`,
          () => embedded.blast(c.id, { maxHops: 1 }),
          () => neo4j.blast(c.id, { maxHops: 1 }),
        );
        if (r?.truncated) cut++;
      }
      // Otherwise truncated would be proven only false.
      expect(cut).toBeGreaterThan(0);
    });

    it('gives the same k shortest paths to every crown jewel and to every reached node', async () => {
      for (const c of await credentials()) {
        await same(
          `paths ${c.id}`,
          () => embedded.paths(c.id, { k: 3, maxHops: 8 }),
          () => neo4j.paths(c.id, { k: 3, maxHops: 8 }),
        );
        const reached = (await embedded.blast(c.id, { maxHops: 4 })).reachable;
        const targets = [...reached.identities, ...reached.resources].slice(0, 6);
        for (const t of targets) {
          await same(
            `paths ${c.id} → ${t.id} k=5`,
            () => embedded.paths(c.id, { to: t.id, k: 5, maxHops: 6 }),
            () => neo4j.paths(c.id, { to: t.id, k: 5, maxHops: 6 }),
          );
        }
      }
    });

    it('gives the same who-can-reach for every tier-zero node and a sample of others', async () => {
      const targets = [
        ...graph.nodes.filter((n) => n.tierZero),
        ...graph.nodes.filter((_, i) => i % 7 === 0),
      ].slice(0, 15);
      for (const t of targets) {
        await same(
          `who-can-reach ${t.id}`,
          () => embedded.whoCanReach(t.id),
          () => neo4j.whoCanReach(t.id),
        );
        await same(
          `who-can-reach ${t.id} --max-hops 2`,
          () => embedded.whoCanReach(t.id, { maxHops: 2 }),
          () => neo4j.whoCanReach(t.id, { maxHops: 2 }),
        );
      }
    });

    // The what-if checks run where choke points finish within the test's time on the server.
    if (estate.whatIf) {
      it('ranks the same choke points', async () => {
        const embeddedRanking = await findChokepoints(graph, config, { top: 10, at: AT });
        expect(await neo4j.chokepoints({ top: 10 })).toStrictEqual(embeddedRanking);
        expect(embeddedRanking.chokepoints.length).toBeGreaterThan(0);
      });

      it('--without an edge a hub stands for: the same what-if, the pair gone and its siblings kept', async () => {
        // The edges hubs stand for (as paths and `--without` name them), those on a crown jewel's path first.
        const { into, out } = hubHalves(graph);
        const pairs = [...into].flatMap(([hub, ins]) => ins.flatMap((a) => (out.get(hub) ?? []).flatMap((b) => [composeThroughHub(a, b)].filter((e) => e !== undefined))));
        const onPaths = new Set<string>();
        for (const c of await credentials()) {
          for (const j of (await embedded.blast(c.id)).crownJewels) for (const step of j.path) onPaths.add(`${step.from}|${step.technique}|${step.to}`);
        }
        const used = pairs.filter((e) => onPaths.has(`${e.source}|${e.technique}|${e.target}`));
        // Otherwise no answer crossed a hub and the what-if would prove little.
        expect(used.length).toBeGreaterThan(0);
        const crossings = new Map([...used, ...pairs.filter((e) => !used.includes(e))].map((e) => [e.id, e]));
        expect(graph.edges.some((e) => crossings.has(e.id))).toBe(false);
        for (const [id, pair] of [...crossings].slice(0, 2)) {
          const after = withoutEdges(graph, [id]);
          expect(after.removed.map((e) => e.id)).toEqual([id]);
          // That pair alone is gone: its caller keeps the hub's other pairs.
          const left = new Set(expandHubs(after.graph).edges.map((e) => e.id));
          expect(left.has(id)).toBe(false);
          expect(expandHubs(graph).edges.filter((e) => !left.has(e.id)).map((e) => e.id)).toEqual([id]);
          const whatIf = new EmbeddedEngine(after.graph, config, { at: AT });
          const server = await Neo4jEngine.open(await connect(name), config, { without: [id] });
          try {
            expect(server.withoutCount, id).toBe(after.removed.length);
            for (const c of await credentials()) {
              await same(`blast ${c.id} --without ${id}`, () => whatIf.blast(c.id), () => server.blast(c.id));
              await same(`paths ${c.id} → ${pair.target} --without ${id}`, () => whatIf.paths(c.id, { to: pair.target, k: 3, maxHops: 6 }), () => server.paths(c.id, { to: pair.target, k: 3, maxHops: 6 }));
            }
            await same(`paths ${pair.source} → ${pair.target} --without ${id}`, () => whatIf.paths(pair.source, { to: pair.target, k: 3, maxHops: 6 }), () => server.paths(pair.source, { to: pair.target, k: 3, maxHops: 6 }));
            const who = await same(`who-can-reach ${pair.target} --without ${id}`, () => whatIf.whoCanReach(pair.target), () => server.whoCanReach(pair.target));
            expect([...(who?.credentials ?? []), ...(who?.identities ?? [])].some((p) => isHubId(p.id))).toBe(false);
            expect(await server.chokepoints({ top: 5 })).toStrictEqual(await findChokepoints(after.graph, config, { top: 5, at: AT }));
          } finally {
            await server.close();
          }
        }
      });
    }
  });
}

describe('name resolution is the same on both engines', () => {
  let embedded: EmbeddedEngine;
  let neo4j: Neo4jEngine;
  let conn: Neo4jConnection;
  beforeAll(async () => {
    const graph = tieBreakGraph();
    const name = uniqueGraph('resolve');
    conn = await connect(name);
    await pushGraph(conn, graph);
    embedded = new EmbeddedEngine(graph, EMPTY_CONFIG);
    neo4j = await Neo4jEngine.open(await connect(name), EMPTY_CONFIG);
  });
  afterAll(async () => {
    await neo4j?.close();
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.close();
  });

  it.each([
    ['an alias in another case', 'akiaexample'],
    ['an id in another case', 'KEY'],
    ['an id with spaces around', '  key  '],
    ['a name two nodes share (ambiguous)', 'shared-name'],
    ['nothing', 'no-such-thing'],
    ['a secret access key (refused, never looked up)', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYx'],
    ['an identity where a credential is wanted', 'u'],
  ])('%s', async (_what, query) => {
    await same(
      `blast ${query}`,
      () => embedded.blast(query),
      () => neo4j.blast(query),
    );
    await same(
      `who-can-reach ${query}`,
      () => embedded.whoCanReach(query),
      () => neo4j.whoCanReach(query),
    );
    await same(
      `paths ${query}`,
      () => embedded.paths(query, { k: 2, maxHops: 5 }),
      () => neo4j.paths(query, { k: 2, maxHops: 5 }),
    );
  });
});
