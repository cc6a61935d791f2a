import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseOrThrow } from '../ingest/validate.js';
import type { AttackGraph } from '../model/graph.js';
import type { Snapshot, StoreIndex } from './snapshot.js';

/**
 * The store's own files, read back: a truncated, hand-edited or foreign file is bad input (exit 2
 * naming the file), never a crash deeper in. JSON errors say where, not what: the text could be
 * anything, a secret included, and is never echoed.
 */
function parseJsonFile(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    const where = text.trim() === '' ? 'the file is empty' : at !== undefined ? `invalid JSON at character ${at} of ${text.length}` : `invalid JSON (${text.length} characters, truncated?)`;
    throw new InputError(file, '', `expected ${what} as JSON: ${where}`);
  }
}

const indexSchema = z.object({
  schemaVersion: z.number(),
  latest: z.string().nullable(),
  snapshots: z.array(
    z
      .object({
        id: z.string().min(1),
        createdAt: z.string(),
        file: z.string().min(1),
        nodes: z.number(),
        edges: z.number(),
        providers: z.array(z.string()),
        sources: z.number(),
      })
      .loose(),
  ),
});

export function parseIndex(text: string, file: string): StoreIndex {
  return parseOrThrow(indexSchema, parseJsonFile(text, file, 'the store index'), file, 'the store index') as StoreIndex;
}

const snapshotHead = z
  .object({
    schemaVersion: z.number(),
    id: z.string(),
    createdAt: z.string(),
    run: z.object({ kind: z.string(), sources: z.array(z.unknown()), warnings: z.array(z.unknown()) }).loose(),
    inventories: z.array(z.object({ provider: z.string() }).loose()),
    graph: z.object({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()) }).loose(),
  })
  .loose();

/**
 * A snapshot: its envelope by schema, its nodes and edges by a loop over the fields every reader
 * relies on (a schema over a million edges would cost more than reading them).
 */
export function parseSnapshotText(text: string, file: string): Snapshot {
  const json = parseJsonFile(text, file, 'a snapshot');
  // Checked by the schema, kept as parsed: zod's copy would reorder keys and copy every array.
  parseOrThrow(snapshotHead, json, file, 'a snapshot');
  const snapshot = json as Snapshot;
  if (snapshot.schemaVersion !== 1) return snapshot; // the caller names the version mismatch
  checkGraph(snapshot.graph, file);
  return snapshot;
}

/** Nodes and edges by a loop over the fields every reader relies on, whatever the file's encoding. */
export function checkGraph(graph: AttackGraph, file: string): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  graph.nodes.forEach((n, i) => {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.kind !== 'string' || !isObject(n.props) || !isObject(n.tags)) {
      throw new InputError(file, `graph.nodes[${i}]`, 'expected a node with id, kind, props and tags');
    }
  });
  graph.edges.forEach((e, i) => {
    if (!isObject(e) || typeof e.id !== 'string' || typeof e.source !== 'string' || typeof e.target !== 'string' || typeof e.kind !== 'string' || !isObject(e.evidence)) {
      throw new InputError(file, `graph.edges[${i}]`, 'expected an edge with id, source, target, kind and evidence');
    }
  });
}
