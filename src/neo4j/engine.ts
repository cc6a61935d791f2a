import type { Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';
import { assembleBlast, assemblePaths, assembleWhoCanReach, isPrincipal, isServiceLinked, nodeRef } from '../query/assemble.js';
import { kShortestPaths } from '../query/k-shortest.js';
import { crownJewelReason } from '../query/crown-jewels.js';
import { EXPOSER_EDGES, repoNodeId, type Exposer } from '../query/credential-risk.js';
import { candidatesFor, parseLookup, pickNode } from '../query/resolve.js';
import { DEFAULT_MAX_HOPS, type BlastOptions, type BlastResult, type NodeRef, type PathsOptions, type PathsResult, type QueryEngine, type WhoCanReachOptions, type WhoCanReachResult } from '../query/types.js';
import { decodeNode } from './codec.js';
import { NODE_LABEL } from './schema.js';
import { toNumber, type Neo4jConnection } from './connection.js';
import { namedQuery } from './named-queries.js';
import { withoutOnServer } from './without.js';
import type { ChokepointOptions } from '../query/chokepoints/chokepoints.js';
import type { ChokepointsResult } from '../query/chokepoints/types.js';
import {
  fetchEdges,
  fetchNodes,
  pathFrom,
  pathTo,
  searchWasCut,
  serverShortest,
  shortestTree,
  type LightEdge,
} from './traverse.js';

export interface SyncRunStatus {
  tag: number;
  status: string;
  snapshot: string | null;
  /** The snapshot's analysis time, when the push recorded it. */
  analysedAt: string | null;
  startedAt: string;
  leaseLive: boolean;
}

/** The newest push of the connection's graph, or undefined when nothing was pushed. */
export async function lastSyncRun(conn: Neo4jConnection): Promise<SyncRunStatus | undefined> {
  const { records } = await conn.read(namedQuery('sync-runs').cypher);
  const r = records[0];
  if (!r) return undefined;
  return {
    tag: toNumber(r.get('tag')),
    status: r.get('status'),
    snapshot: r.get('snapshot'),
    analysedAt: r.get('analysedAt') ?? null,
    startedAt: r.get('startedAt'),
    leaseLive: r.get('leaseLive') === true,
  };
}

/**
 * The second engine: the same questions answered by Cypher on the server, over the last complete
 * push. Only what an answer shows is fetched (the reached nodes and the edges on the chosen
 * paths); results go through the same assembly as the embedded engine's.
 */
export class Neo4jEngine implements QueryEngine {
  private constructor(
    private readonly conn: Neo4jConnection,
    private readonly config: Config,
    /** Relationship ids a what-if (`--without`) leaves out: every search skips them. */
    private readonly without: ReadonlySet<string> = new Set(),
    /** The snapshot id of the push the engine reads. */
    readonly snapshot: string | null = null,
    /** The snapshot's analysis time, recorded by the push: credential age and expiry are judged as of it. */
    private readonly at?: Date,
  ) {}

  /** The nodes that make the credential obtainable (docs/reports.md "Risk score"). */
  private async exposers(credential: string): Promise<Exposer[]> {
    const { records } = await this.conn.read(
      `MATCH (l:${NODE_LABEL} {graph: $graph})-[r:${[...EXPOSER_EDGES].join('|')}]->(:${NODE_LABEL} {graph: $graph, id: $id})
       WHERE NOT r.id IN $without
       RETURN type(r) AS edge, properties(l) AS p ORDER BY r.id`,
      { id: credential, without: [...this.without] },
    );
    const found = records.map((r) => ({ edge: r.get('edge') as string, node: decodeNode(r.get('p')) }));
    const repos = await fetchNodes(this.conn, found.flatMap(({ node }) => (typeof node.props.repo === 'string' ? [repoNodeId(node.props.repo)] : [])));
    return found.map(({ edge, node }) => {
      const visibility = typeof node.props.repo === 'string' ? repos.get(repoNodeId(node.props.repo))?.props.visibility : undefined;
      return { edge, node, ...(typeof visibility === 'string' ? { repositoryVisibility: visibility } : {}) };
    });
  }

  /** How many relationships the what-if leaves out. */
  get withoutCount(): number {
    return this.without.size;
  }

  /** The same engine (one connection: close only this one) leaving these edges out as well. */
  alsoWithout(edges: Iterable<string>): Neo4jEngine {
    const more = [...edges];
    return more.length === 0 ? this : new Neo4jEngine(this.conn, this.config, new Set([...this.without, ...more]), this.snapshot, this.at);
  }

  /** Choke points over the server's graph (with this engine's what-if applied). */
  async chokepoints(options: ChokepointOptions = {}): Promise<ChokepointsResult> {
    const [{ findChokepointsWith }, { neo4jChokepointSearch }] = await Promise.all([import('../query/chokepoints/chokepoints.js'), import('./chokepoint-search.js')]);
    return findChokepointsWith(neo4jChokepointSearch(this.conn, this, this.config, this.without), options);
  }

  /** Refuses a graph that was never pushed, or whose last push is running or did not complete: it mixes two estates. */
  static async open(
    conn: Neo4jConnection,
    config: Config,
    options: { snapshot?: string; without?: readonly string[] } = {},
  ): Promise<Neo4jEngine> {
    try {
      const run = await lastSyncRun(conn);
      const where = `graph "${conn.graph}" at ${conn.where()}`;
      if (!run)
        throw new UsageError(`nothing has been pushed to ${where}: run \`leakpath neo4j push\` first`);
      if (run.status !== 'complete') {
        const state =
          run.status === 'running' ? (run.leaseLive ? 'is still running' : 'was interrupted') : `failed`;
        throw new UsageError(
          `the last push to ${where} (sync run ${run.tag}, started ${run.startedAt}) ${state}, so the graph mixes two pushes; ${run.leaseLive ? 'wait for it to finish' : 'run `leakpath neo4j push` again'}`,
        );
      }
      if (options.snapshot && !(run.snapshot ?? '').startsWith(options.snapshot)) {
        throw new UsageError(
          `${where} holds snapshot ${run.snapshot ?? '(unknown)'}, not ${options.snapshot}: push that snapshot with \`leakpath neo4j push --snapshot ${options.snapshot}\``,
        );
      }
      const { edges } = await withoutOnServer(conn, options.without ?? []);
      return new Neo4jEngine(conn, config, edges, run.snapshot, run.analysedAt ? new Date(run.analysedAt) : undefined);
    } catch (e) {
      await conn.close();
      throw e;
    }
  }

  private get blocked() {
    return this.without.size > 0 ? { edges: this.without } : undefined;
  }

  private async resolve(query: string, what: 'credential' | 'node'): Promise<GraphNode> {
    const lookup = parseLookup(query);
    const q = lookup.key;
    const { records } = await this.conn.read(namedQuery('find-node').cypher, { q, lower: q.toLowerCase() });
    return pickNode(
      lookup,
      candidatesFor(
        lookup,
        records.map((r) => decodeNode(r.get('properties'))),
      ),
      what,
    );
  }

  private async materialise(paths: LightEdge[][]): Promise<Map<string, GraphEdge>> {
    return fetchEdges(this.conn, paths.flat());
  }

  async blast(credential: string, options: BlastOptions = {}): Promise<BlastResult> {
    const start = await this.resolve(credential, 'credential');
    const maxHops = options.maxHops ?? Infinity;
    const tree = await shortestTree(this.conn, [start.id], 'outbound', maxHops, this.blocked);
    const ids = [...tree.keys()].filter((id) => id !== start.id);
    const lightPaths = new Map(ids.map((id) => [id, pathTo(tree, id)]));
    const [nodes, edges, truncated, exposers] = await Promise.all([
      fetchNodes(this.conn, ids),
      this.materialise([...lightPaths.values()]),
      searchWasCut(this.conn, tree, 'outbound', maxHops, this.without),
      this.exposers(start.id),
    ]);
    const reached = ids.map((id) => ({
      node: nodes.get(id)!,
      path: lightPaths.get(id)!.map((e) => edges.get(e.id)!),
    }));
    return assembleBlast({ credential: start, reached, maxHops: options.maxHops, truncated, exposers, at: this.at }, this.config);
  }

  async paths(from: string, options: PathsOptions): Promise<PathsResult> {
    const source = await this.resolve(from, 'node');
    const to = options.to ? await this.resolve(options.to, 'node') : undefined;
    // Only what is reachable within maxHops can have a path; the same tree gives each target's
    // first (unblocked) shortest path.
    const tree = await shortestTree(this.conn, [source.id], 'outbound', options.maxHops, this.blocked);
    const targets = to
      ? [to]
      : [...(await fetchNodes(this.conn, [...tree.keys()].filter((id) => id !== source.id))).values()].filter(
          (n) => crownJewelReason(n, this.config) !== undefined,
        );
    const search = serverShortest(this.conn, this.without);
    const found: { target: GraphNode; path: LightEdge[] }[] = [];
    for (const target of targets) {
      if (!tree.has(target.id)) continue;
      const paths = await kShortestPaths(search, source.id, target.id, options.k, options.maxHops, pathTo(tree, target.id));
      for (const path of paths) found.push({ target, path });
    }
    const edges = await this.materialise(found.map((f) => f.path));
    return assemblePaths(
      source,
      to,
      options,
      found.map(({ target, path }) => ({ target, path: path.map((e) => edges.get(e.id)!) })),
      await searchWasCut(this.conn, tree, 'outbound', options.maxHops, this.without),
    );
  }

  async whoCanReach(target: string, options: WhoCanReachOptions = {}): Promise<WhoCanReachResult> {
    const node = await this.resolve(target, 'node');
    const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
    const tree = await shortestTree(this.conn, [node.id], 'inbound', maxHops, this.blocked);
    const ids = [...tree.keys()].filter((id) => id !== node.id);
    const lightPaths = new Map(ids.map((id) => [id, pathFrom(tree, id)]));
    const [nodes, edges, truncated] = await Promise.all([
      fetchNodes(this.conn, ids),
      this.materialise([...lightPaths.values()]),
      searchWasCut(this.conn, tree, 'inbound', maxHops, this.without),
    ]);
    return assembleWhoCanReach(
      node,
      { maxHops, truncated, includeServiceLinked: options.includeServiceLinked },
      ids.map((id) => ({ node: nodes.get(id)!, path: lightPaths.get(id)!.map((e) => edges.get(e.id)!) })),
    );
  }

  async credentials(): Promise<NodeRef[]> {
    const { records } = await this.conn.read(namedQuery('credentials').cypher);
    return records.map((r) => ({
      id: r.get('id'),
      name: r.get('name'),
      kind: r.get('kind'),
      type: r.get('type'),
      provider: r.get('provider'),
    }));
  }

  async principals(options: { includeServiceLinked?: boolean } = {}): Promise<NodeRef[]> {
    const { records } = await this.conn.read(
      `MATCH (n:${NODE_LABEL} {graph: $graph, kind: 'Identity'}) RETURN properties(n) AS p ORDER BY n.seq`,
    );
    return records
      .map((r) => decodeNode(r.get('p')))
      .filter((n) => isPrincipal(n) && (options.includeServiceLinked || !isServiceLinked(n)))
      .map(nodeRef);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
