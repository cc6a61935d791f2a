import { analyseExports } from '../helpers/analyse.js';
import type { AttackGraph, GraphEdge } from '../../src/model/graph.js';
import { estate, links } from './fixtures/estate.js';

export const sp = (objectId: string) => `azure:sp:${objectId}`;
export const app = (appId: string) => `azure:app:${appId}`;
export const role = (templateId: string, tenant: string) => `azure:role:${templateId}@${tenant}`;
export const arm = (id: string) => id.toLowerCase();

/** The sample estate through the real parse → merge → build → analysis pipeline. */
export function estateGraph(): { graph: AttackGraph; warnings: string[] } {
  return analyseExports({ 'azurehound.json': estate(), 'links.json': links() });
}

export function edgesFrom(graph: AttackGraph, source: string, technique?: string): GraphEdge[] {
  return graph.edges.filter((e) => e.source === source && (!technique || e.technique === technique));
}

export function find(graph: AttackGraph, technique: string, source: string, target: string): GraphEdge | undefined {
  return graph.edges.find((e) => e.technique === technique && e.source === source && e.target === target);
}
