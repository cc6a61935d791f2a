import { leakpathAsync } from '../../helpers/cli.js';
import { exportedSnapshot } from '../../helpers/snapshot.js';

/** The built CLI run as a child (async, so the loopback replay in the same process can answer). */
export const run = (args: string[], env: Record<string, string> = {}) => leakpathAsync(args, { env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent', ...env } });

/** Node and edge ids of a store's (only) snapshot, with its run warnings and tier-zero nodes. */
export function graphOf(store: string): { nodes: string[]; edges: string[]; warnings: string[]; tierZero: string[] } {
  const snap = exportedSnapshot(store);
  return { nodes: snap.graph.nodes.map((n: { id: string }) => n.id).sort(), edges: snap.graph.edges.map((e: { id: string }) => e.id).sort(), warnings: snap.run.warnings, tierZero: snap.graph.nodes.filter((n) => n.tierZero).map((n: { id: string }) => n.id).sort() };
}

