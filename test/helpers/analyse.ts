import { analyse } from '../../src/analysis/index.js';
import { readInputsFromJson } from './inputs.js';
import type { AttackGraph } from '../../src/model/graph.js';

/** Runs the real parse → merge → build → analysis pipeline on in-memory export JSON. */
export function analyseExports(files: Record<string, unknown>): { graph: AttackGraph; warnings: string[] } {
  const read = readInputsFromJson(files);
  const result = analyse(read.inventories);
  return { graph: result.graph, warnings: [...read.warnings, ...result.warnings] };
}

export function edgesOf(graph: AttackGraph, kind: string) {
  return graph.edges.filter((e) => e.kind === kind);
}

export function hasEdge(graph: AttackGraph, kind: string, source: string, target: string) {
  return graph.edges.find((e) => e.kind === kind && e.source === source && e.target === target);
}

export function node(graph: AttackGraph, id: string) {
  return graph.nodes.find((n) => n.id === id);
}
