// name: shortest-paths
// answers: How does a leaked credential get to a crown jewel? Up to k of the shortest attack paths
//   (k at most 10) from a credential or identity to a target, fewest hops first, then fewest
//   conditional edges.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   from: string — node id or alias of the credential or identity the attacker holds
//   to: string — node id of the target (an ARN, a resource id)
//   k: integer = 3 — how many paths
//   maxHops: integer = 8 — longest path considered
// Neo4j Browser: :param {graph: 'default', from: 'AKIAEXAMPLE', to: 'arn:aws:iam::111111111111:role/admin', k: 3, maxHops: 8}
MATCH (a:LeakpathNode {graph: $graph})
WHERE a.id = $from OR toLower($from) IN a.aliasesLower
MATCH (b:LeakpathNode {graph: $graph, id: $to})
MATCH p = SHORTEST 10 (a)(()-[r WHERE r.traversable]->())+(b)
WHERE length(p) - size([x IN nodes(p) WHERE x:Hub]) <= $maxHops
WITH p, size([x IN relationships(p) WHERE x.conditional]) AS conditionalEdges
RETURN length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops, conditionalEdges, [x IN relationships(p) | x.technique] AS techniques, p
ORDER BY hops, conditionalEdges
LIMIT $k
