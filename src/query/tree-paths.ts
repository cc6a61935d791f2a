/** A shortest-path tree as both engines build it: each reached node with the edge that reached it. */
export interface PathTree<E> {
  get(node: string): { via?: E } | undefined;
}

/** The edges from the tree's start to `node` (an outbound tree). */
export function pathTo<E extends { source: string }>(tree: PathTree<E>, node: string): E[] {
  const edges: E[] = [];
  let at = tree.get(node);
  while (at?.via) {
    edges.push(at.via);
    at = tree.get(at.via.source);
  }
  return edges.reverse();
}

/** The edges from `node` to the tree's target (an inbound tree). */
export function pathFrom<E extends { target: string }>(tree: PathTree<E>, node: string): E[] {
  const edges: E[] = [];
  let at = tree.get(node);
  while (at?.via) {
    edges.push(at.via);
    at = tree.get(at.via.target);
  }
  return edges;
}
