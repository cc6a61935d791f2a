import type { BlastResult, NodeRef } from '../query/types.js';

/** Display names for every node a result mentions, so renderers never need the graph. */
export function namesIn(result: BlastResult): Map<string, NodeRef> {
  const names = new Map<string, NodeRef>();
  const add = (n: NodeRef) => names.set(n.id, n);
  add(result.credential);
  result.startIdentities.forEach(add);
  for (const list of Object.values(result.reachable)) list.forEach(add);
  result.crownJewels.forEach(add);
  return names;
}
