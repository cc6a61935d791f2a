import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../model/graph.js';
import { assembleBlast, assemblePaths, assembleWhoCanReach, isPrincipal, isServiceLinked, nodeRef } from '../assemble.js';
import { crownJewelReason } from '../crown-jewels.js';
import { EXPOSER_EDGES, repoNodeId, type Exposer } from '../credential-risk.js';
import { kShortestPaths } from '../k-shortest.js';
import { NodeIndex, parseLookup, pickNode } from '../resolve.js';
import { DEFAULT_MAX_HOPS, type BlastOptions, type BlastResult, type PathsOptions, type PathsResult, type QueryEngine, type WhoCanReachOptions, type WhoCanReachResult } from '../types.js';
import { inMemoryShortest } from './k-shortest.js';
import { loadTraversalGraph, type TraversalGraph } from './load.js';
import type { PathTree } from '../tree-paths.js';
import { byHopsThenId, numberedTree, pathFrom, pathTo, pathTree, searchWasCut, shortestTree, treeMap } from './shortest-tree.js';

export { DEFAULT_MAX_HOPS };

/**
 * A reached node whose path is built when read. A class, so the getter is the prototype's: an
 * object literal with a getter per reached node cost more than the search at a million edges.
 */
class LazyPath {
  constructor(
    private readonly tree: PathTree<GraphEdge>,
    readonly node: GraphNode,
    readonly hops: number,
    readonly conditional: boolean,
  ) {}

  get path(): GraphEdge[] {
    return pathTo(this.tree, this.node.id);
  }
}

/** The default engine: the snapshot's graph in memory (compact adjacency, load.ts), no server. */
export class EmbeddedEngine implements QueryEngine {
  private readonly g: TraversalGraph;
  private index?: NodeIndex;

  constructor(
    private readonly graph: AttackGraph,
    private readonly config: Config,
    /** `at`: the analysis time credential age and expiry are judged as of (the snapshot's). */
    private readonly options: { at?: Date } = {},
  ) {
    this.g = loadTraversalGraph(graph);
  }

  /** The nodes that make the credential obtainable (docs/reports.md "Risk score"). */
  private exposers(credential: string): Exposer[] {
    const out: Exposer[] = [];
    this.g.forEachInEdge(credential, (_k, e, source) => {
      if (!EXPOSER_EDGES.has(e.kind)) return;
      const node = this.g.getNodeAttributes(source);
      const repo = typeof node.props.repo === 'string' ? repoNodeId(node.props.repo) : undefined;
      const visibility = repo && this.g.hasNode(repo) ? this.g.getNodeAttributes(repo).props.visibility : undefined;
      out.push({ edge: e.kind, node, ...(typeof visibility === 'string' ? { repositoryVisibility: visibility } : {}) });
    });
    return out;
  }

  private resolve(query: string, what: 'credential' | 'node'): GraphNode {
    const lookup = parseLookup(query);
    // A node id (what the CLI passes once it has its starting point) is the first match class on
    // its own: a one-query process need not index every node for it.
    const exact = this.g.hasNode(lookup.key) ? this.g.getNodeAttributes(lookup.key) : undefined;
    if (exact && (!lookup.onlyCredentials || exact.kind === 'Credential')) return pickNode(lookup, [exact], what);
    this.index ??= new NodeIndex(this.graph.nodes);
    return pickNode(lookup, this.index.candidates(lookup), what);
  }

  async blast(credential: string, options: BlastOptions = {}): Promise<BlastResult> {
    const start = this.resolve(credential, 'credential');
    const maxHops = options.maxHops ?? Infinity;
    const tree = numberedTree(this.g, [start.id], 'outbound', maxHops);
    const paths = pathTree(this.g, tree);
    // Paths are built only for what the result shows (start identities, crown jewels); the nodes
    // come ordered as the result lists them.
    const reached = byHopsThenId(this.g, tree).map((n) => new LazyPath(paths, this.g.nodeAt(n), tree.hops[n]!, tree.conditionals[n]! > 0));
    const truncated = Number.isFinite(maxHops) && searchWasCut(this.g, treeMap(this.g, tree), 'outbound', maxHops);
    return assembleBlast({ credential: start, reached, sorted: true, maxHops: options.maxHops, truncated, exposers: this.exposers(start.id), at: this.options.at }, this.config);
  }

  async paths(from: string, options: PathsOptions): Promise<PathsResult> {
    const source = this.resolve(from, 'node');
    const to = options.to ? this.resolve(options.to, 'node') : undefined;
    // Without --to, only crown jewels reachable within maxHops can have a path.
    const tree = shortestTree(this.g, [source.id], 'outbound', options.maxHops);
    const targets = to
      ? [to]
      : [...tree.keys()].map((id) => this.g.getNodeAttributes(id)).filter((n) => n.id !== source.id && crownJewelReason(n, this.config) !== undefined);
    const search = inMemoryShortest(this.g);
    const found = [];
    for (const target of targets) {
      const first = tree.has(target.id) ? pathTo(tree, target.id) : undefined;
      if (!first) continue;
      for (const path of await kShortestPaths(search, source.id, target.id, options.k, options.maxHops, first)) found.push({ target, path });
    }
    return assemblePaths(source, to, options, found, searchWasCut(this.g, tree, 'outbound', options.maxHops));
  }

  async whoCanReach(target: string, options: WhoCanReachOptions = {}): Promise<WhoCanReachResult> {
    const node = this.resolve(target, 'node');
    const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
    const tree = shortestTree(this.g, [node.id], 'inbound', maxHops);
    const reached = [...tree.keys()].filter((id) => id !== node.id).map((id) => ({ node: this.g.getNodeAttributes(id), path: pathFrom(tree, id) }));
    const truncated = searchWasCut(this.g, tree, 'inbound', maxHops);
    return assembleWhoCanReach(node, { maxHops, truncated, includeServiceLinked: options.includeServiceLinked }, reached);
  }

  async credentials() {
    return this.graph.nodes.filter((n) => n.kind === 'Credential').map(nodeRef);
  }

  async principals(options: { includeServiceLinked?: boolean } = {}) {
    return this.graph.nodes.filter((n) => isPrincipal(n) && (options.includeServiceLinked || !isServiceLinked(n))).map(nodeRef);
  }

  async close(): Promise<void> {}
}
