// name: credentials-reaching
// answers: Which credentials, if leaked, lead to this crown jewel, and in how many hops? One
//   shortest path per credential, closest first.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   target: string — node id of the crown jewel (an ARN, a resource id)
//   maxHops: integer = 8 — longest path considered
// Neo4j Browser: :param {graph: 'default', target: 'arn:aws:iam::111111111111:role/admin', maxHops: 8}
MATCH (t:LeakpathNode {graph: $graph, id: $target})
MATCH p = SHORTEST 1 (c:Credential:LeakpathNode {graph: $graph})(()-[r WHERE r.traversable]->())+(t)
WHERE length(p) - size([x IN nodes(p) WHERE x:Hub]) <= $maxHops
RETURN c.id AS credential, c.owner AS owner, c.status AS status, length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops,
       any(x IN relationships(p) WHERE x.conditional) AS conditional, p
ORDER BY hops, credential
