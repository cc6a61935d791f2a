import { UsageError } from '../errors.js';
import type { GraphNode } from '../model/graph.js';

/**
 * An AWS secret access key is 40 base64 characters. leakpath never stores secrets, so it cannot
 * look one up; say so without echoing it.
 */
const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

export function rejectSecretValue(query: string): void {
  if (AWS_SECRET_SHAPE.test(query) && !/^A[KS]IA/.test(query)) {
    throw new UsageError(
      'that looks like an AWS secret access key; leakpath never stores secret values and cannot look one up. Pass the access key id (AKIA…) that goes with it, or the credential node id.',
    );
  }
}

/** Nodes a user's query may mean, best match class first: id, then alias, then name. */
export function candidatesFor(query: string, nodes: Iterable<GraphNode>): GraphNode[] {
  const q = query.trim();
  const lower = q.toLowerCase();
  const byId: GraphNode[] = [];
  const byIdCi: GraphNode[] = [];
  const byAlias: GraphNode[] = [];
  const byName: GraphNode[] = [];
  for (const n of nodes) {
    if (n.id === q) byId.push(n);
    else if (n.id.toLowerCase() === lower) byIdCi.push(n);
    else if (n.aliases?.some((a) => a.toLowerCase() === lower)) byAlias.push(n);
    else if (n.name === q) byName.push(n);
  }
  return [byId, byIdCi, byAlias, byName].find((list) => list.length > 0) ?? [];
}

/** Picks exactly one node or explains why it cannot (not found, ambiguous, wrong kind). */
export function pickNode(query: string, candidates: GraphNode[], what: 'credential' | 'node'): GraphNode {
  rejectSecretValue(query);
  const wanted = what === 'credential' ? candidates.filter((c) => c.kind === 'Credential') : candidates;
  const list = what === 'credential' && wanted.length === 0 ? candidates : wanted;
  if (list.length === 0) {
    throw new UsageError(`no ${what} matches "${query}": give an access key id, a node id (e.g. an ARN) or a unique name`);
  }
  if (list.length > 1) {
    const shown = list.slice(0, 10).map((c) => `  ${c.id} (${c.type})`).join('\n');
    throw new UsageError(`"${query}" is ambiguous, it matches ${list.length} nodes:\n${shown}\nuse a node id`);
  }
  return list[0]!;
}
