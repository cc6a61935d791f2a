import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { leakpathAsync } from '../../helpers/cli.js';

/** The built CLI run as a child (async, so the loopback replay in the same process can answer). */
export const run = (args: string[], env: Record<string, string> = {}) => leakpathAsync(args, { env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent', ...env } });

/** Node and edge ids of a store's (only) snapshot, with its run warnings and tier-zero nodes. */
export function graphOf(store: string): { nodes: string[]; edges: string[]; warnings: string[]; tierZero: string[] } {
  const dir = path.join(store, 'snapshots');
  const snap = JSON.parse(readFileSync(path.join(dir, readdirSync(dir).filter((f) => f.endsWith('.json'))[0]!), 'utf8'));
  return { nodes: snap.graph.nodes.map((n: { id: string }) => n.id).sort(), edges: snap.graph.edges.map((e: { id: string }) => e.id).sort(), warnings: snap.run.warnings, tierZero: snap.graph.nodes.filter((n: { tierZero?: boolean }) => n.tierZero).map((n: { id: string }) => n.id).sort() };
}

