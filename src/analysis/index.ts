import type { AttackGraph, GraphEdge } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { buildBaseGraph } from '../build/index.js';
import { analyseAws } from './aws/index.js';
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
      return analyseGcp(inventory, at);
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
  const steps = inventories.length + 2;
  const base = buildBaseGraph(inventories, at);
  options.onStep?.(1, steps);
  const warnings = [...base.warnings];
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  const edges = new Map<string, GraphEdge>(base.edges.map((e) => [e.id, e]));

  const analyses = [...inventories.map((inv) => () => analyseOne(inv, at, options.fold !== false)), () => analyseFederation(inventories, at)];
  for (const [i, run] of analyses.entries()) {
    const result = run();
    options.onStep?.(i + 2, steps);
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
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { graph: { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) }, warnings };
}
