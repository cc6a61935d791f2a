import { analyseExports } from '../helpers/analyse.js';
import type { AttackGraph, GraphEdge } from '../../src/model/graph.js';
import { hierarchy } from './fixtures/cai.js';

/** Records (with the standard hierarchy) through the real parse → merge → build → analysis pipeline. */
export function graphOf(...records: object[]): { graph: AttackGraph; warnings: string[] } {
  return analyseExports({ 'export.json': [...hierarchy(), ...records] });
}

export function find(graph: AttackGraph, technique: string, source: string, target: string): GraphEdge | undefined {
  return graph.edges.find((e) => e.technique === technique && e.source === source && e.target === target);
}

export function fromTo(graph: AttackGraph, source: string, target: string): GraphEdge[] {
  return graph.edges.filter((e) => e.source === source && e.target === target);
}
