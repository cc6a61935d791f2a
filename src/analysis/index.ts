import type { AttackGraph, GraphEdge, GraphNode } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildBaseGraph } from '../build/index.js';
import { analyseAws, callersOf, finishAws, prepareAws } from './aws/index.js';
import { awsInWorkers } from './workers/pool.js';
import { awsThreads, requestedThreads } from './workers/threads.js';
import { analyseAzure } from './azure/index.js';
import { analyseFederation } from './federation/index.js';
import { analyseGcp } from './gcp/index.js';
import { analyseKubernetes } from './kubernetes/index.js';
import { analyseGithub } from './github/index.js';
import type { AnalysisResult } from './types.js';
import { appendAll } from '../model/append.js';

function analyseOne(inventory: Inventory, at: Date, fold: boolean): AnalysisResult {
  switch (inventory.provider) {
    case 'aws':
      return analyseAws(inventory, at, { fold });
    case 'azure':
      return analyseAzure(inventory, at, { fold });
    case 'kubernetes':
      return analyseKubernetes(inventory);
    case 'gcp':
      return analyseGcp(inventory, at, { fold });
    case 'github':
      return analyseGithub(inventory, at);
    case 'usage':
    case 'secrets':
      // Findings are joined in the builder; usage is read against the graph (src/analysis/unused). No edges.
      return { edges: [], tierZero: [], warnings: [] };
  }
}

export interface AnalyseOptions {
  /**
   * The analysis time: when the attacker is taken to act. Time condition keys (aws:CurrentTime,
   * aws:EpochTime, the aws:TokenIssueTime of a session the attacker creates) take it. Defaults to now.
   */
  at?: Date;
  /** Called after each step (the base graph, each inventory's analysis, the cross-system pass): progress display. */
  onStep?: (done: number, total: number) => void;
  /**
   * Fold wildcard grants through hub nodes (src/model/hubs.ts; default true). `false` gives the
   * unfolded graph, which every answer must equal (test/analysis/hub-folding.test.ts).
   */
  fold?: boolean;
}

/**
 * The whole pipeline after collection: inventories → base graph → attack graph. Edges are
 * de-duplicated by id and sorted so the same inventory (at the same `at`) always yields the same graph.
 */
export function analyse(inventories: readonly Inventory[], options: AnalyseOptions = {}): { graph: AttackGraph; warnings: string[] } {
  const at = options.at ?? new Date();
  const fold = options.fold !== false;
  const joined = new Joined(inventories, at, options.onStep);
  for (const inv of inventories) joined.add(analyseOne(inv, at, fold));
  joined.add(analyseFederation(inventories, at));
  return joined.result();
}

/**
 * `analyse`, with the per-account part of a large multi-account AWS analysis in worker threads
 * (src/analysis/workers): `threads` (else LEAKPATH_THREADS, else automatic by the estate's size;
 * 1 keeps it in process). The graph and warnings are the same as `analyse` gives.
 */
export async function analyseAsync(inventories: readonly Inventory[], options: AnalyseOptions & { threads?: number } = {}): Promise<{ graph: AttackGraph; warnings: string[] }> {
  const at = options.at ?? new Date();
  const fold = options.fold !== false;
  const requested = requestedThreads(options.threads);
  const joined = new Joined(inventories, at, options.onStep);
  for (const inv of inventories) {
    const threads = inv.provider === 'aws' ? awsThreads(inv, requested) : 1;
    if (inv.provider !== 'aws' || threads <= 1) {
      joined.add(analyseOne(inv, at, fold));
      continue;
    }
    const work = awsInWorkers(inv, at, fold, threads);
    // This thread builds its own caller models while the workers build theirs and judge admins.
    const built = callersOf(inv, at);
    const { marks, parts } = await work;
    joined.add(finishAws(prepareAws(inv, at, marks, built), parts));
  }
  joined.add(analyseFederation(inventories, at));
  return joined.result();
}

/** The base graph, then each analysis's nodes, edges and tier-zero marks joined in, in order. */
class Joined {
  private readonly warnings: string[];
  private readonly nodes: Map<string, GraphNode>;
  private readonly edges: Map<string, GraphEdge>;
  private readonly steps: number;
  private done = 1;

  constructor(inventories: readonly Inventory[], at: Date, private readonly onStep?: (done: number, total: number) => void) {
    this.steps = inventories.length + 2;
    const base = buildBaseGraph(inventories, at);
    onStep?.(1, this.steps);
    this.warnings = [...base.warnings];
    this.nodes = new Map(base.nodes.map((n) => [n.id, n]));
    this.edges = new Map<string, GraphEdge>(base.edges.map((e) => [e.id, e]));
  }

  add(result: AnalysisResult): void {
    const { nodes, edges, warnings } = this;
    this.onStep?.(++this.done, this.steps);
    appendAll(warnings, result.warnings);
    for (const n of result.nodes ?? []) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of result.edges) {
      if (!nodes.has(e.source) || !nodes.has(e.target)) {
        warnings.push(`analysis: edge ${e.id} dropped, an endpoint is not in the graph`);
        continue;
      }
      edges.set(e.id, e);
    }
    for (const t of result.tierZero) {
      const node = nodes.get(t.nodeId);
      if (node) node.tierZero = { reason: t.reason, technique: t.technique, evidence: t.evidence, conditional: t.conditional, ...(t.conditions ? { conditions: t.conditions } : {}) };
    }
  }

  result(): { graph: AttackGraph; warnings: string[] } {
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { graph: { nodes: [...this.nodes.values()].sort(byId), edges: [...this.edges.values()].sort(byId) }, warnings: this.warnings };
  }
}
