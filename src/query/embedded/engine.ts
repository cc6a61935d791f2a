import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphNode } from '../../model/graph.js';
import { assembleBlast, nodeRef, step } from '../assemble.js';
import { crownJewelReason } from '../crown-jewels.js';
import { candidatesFor, parseLookup, pickNode } from '../resolve.js';
import type { BlastOptions, FoundPath, PathsOptions, PathsResult, QueryEngine, Reacher, WhoCanReachResult, BlastResult } from '../types.js';
import { kShortestPaths } from './k-shortest.js';
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
    const targets = options.to
      ? [this.resolve(options.to, 'node')]
      : this.graph.nodes.filter((n) => n.id !== source.id && crownJewelReason(n, this.config) !== undefined);
    const paths: FoundPath[] = [];
    for (const target of targets) {
      for (const edges of kShortestPaths(this.g, source.id, target.id, options.k, options.maxHops)) {
        paths.push({ to: nodeRef(target), hops: edges.length, conditional: edges.some((e) => e.conditional), steps: edges.map(step) });
      }
    }
    paths.sort((a, b) => a.hops - b.hops || (a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0));
    return {
      from: nodeRef(source),
      ...(options.to ? { to: nodeRef(targets[0]!) } : {}),
      k: options.k,
      maxHops: options.maxHops,
      paths,
    };
  }

  async whoCanReach(target: string, options: { maxHops?: number } = {}): Promise<WhoCanReachResult> {
    const node = this.resolve(target, 'node');
    const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
    const tree = shortestTree(this.g, [node.id], 'inbound', maxHops);
    const reachers: Reacher[] = [...tree.keys()]
      .filter((id) => id !== node.id)
      .map((id) => {
        const path = pathFrom(tree, id);
        return {
          ...nodeRef(this.g.getNodeAttributes(id)),
          hops: path.length,
          conditional: path.some((e) => e.conditional),
          path: path.map(step),
        };
      })
      .sort((a, b) => a.hops - b.hops || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      target: nodeRef(node),
      maxHops,
      credentials: reachers.filter((r) => r.kind === 'Credential'),
      identities: reachers.filter((r) => r.kind === 'Identity'),
    };
  }

  async credentials() {
    return this.graph.nodes.filter((n) => n.kind === 'Credential').map(nodeRef);
  }

  async close(): Promise<void> {}
}
