import path from 'node:path';
import { analyse } from '../../src/analysis/index.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { AttackGraph } from '../../src/model/graph.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The bundled demo estate through the real read → analyse pipeline, with its config. */
export async function demoEstate(): Promise<{ graph: AttackGraph; config: Config }> {
  const read = await readInputs([path.join(ROOT, 'examples/demo-estate')]);
  return { graph: analyse(read.inventories).graph, config: await loadConfig(path.join(ROOT, 'examples/demo-config.yaml')) };
}

/** The bundled Azure example tenant (test/azure/fixtures/estate.ts, written from AzureHound's output format). */
export async function azureEstate(): Promise<{ graph: AttackGraph; config: Config }> {
  const read = await readInputs([path.join(ROOT, 'examples/azure')]);
  return { graph: analyse(read.inventories).graph, config: { crownJewels: [] } };
}
