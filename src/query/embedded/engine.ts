import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphNode } from '../../model/graph.js';
import { assembleBlast, assemblePaths, assembleWhoCanReach, nodeRef } from '../assemble.js';
import { crownJewelReason } from '../crown-jewels.js';
import { kShortestPaths } from '../k-shortest.js';
import { candidatesFor, parseLookup, pickNode } from '../resolve.js';
import type { BlastOptions, BlastResult, PathsOptions, PathsResult, QueryEngine, WhoCanReachResult } from '../types.js';
import { inMemoryShortest } from './k-shortest.js';
import { loadTraversalGraph, type TraversalGraph } from './load.js';
import { pathFrom, pathTo, shortestTree } from './shortest-tree.js';

export const DEFAULT_MAX_HOPS = 8;

/** The default engine: the snapshot's graph in memory (graphology), no server. */
export class EmbeddedEngine implements QueryEngine {
  private readonly g: TraversalGraph;

  constructor(
    private readonly graph: AttackGraph,
    private readonly config: Config,
  ) {
    this.g = loadTraversalGraph(graph);
  }

  private resolve(query: string, what: 'credential' | 'node'): GraphNode {
    const lookup = parseLookup(query);
    return pickNode(lookup, candidatesFor(lookup, this.graph.nodes), what);
  }

  async blast(credential: string, options: BlastOptions = {}): Promise<BlastResult> {
    const start = this.resolve(credential, 'credential');
    const tree = shortestTree(this.g, [start.id], 'outbound', options.maxHops ?? Infinity);
    const reached = [...tree.keys()]
      .filter((id) => id !== start.id)
      .map((id) => ({ node: this.g.getNodeAttributes(id), path: pathTo(tree, id) }));
    return assembleBlast({ credential: start, reached }, this.config);
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
    return assemblePaths(source, to, options, found);
  }

  async whoCanReach(target: string, options: { maxHops?: number } = {}): Promise<WhoCanReachResult> {
    const node = this.resolve(target, 'node');
    const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
    const tree = shortestTree(this.g, [node.id], 'inbound', maxHops);
    const reached = [...tree.keys()].filter((id) => id !== node.id).map((id) => ({ node: this.g.getNodeAttributes(id), path: pathFrom(tree, id) }));
    return assembleWhoCanReach(node, maxHops, reached);
  }

  async credentials() {
    return this.graph.nodes.filter((n) => n.kind === 'Credential').map(nodeRef);
  }

  async close(): Promise<void> {}
}
