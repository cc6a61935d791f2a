// name: tier-zero-exposure
// answers: Which credentials reach a tier-zero (admin-equivalent) identity, which one, and how
//   close? One row per credential and tier-zero identity, nearest first.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   maxHops: integer = 8 — longest path considered
// Neo4j Browser: :param {graph: 'default', maxHops: 8}
MATCH (c:Credential:LeakpathNode {graph: $graph})
MATCH p = SHORTEST 1 (c)(()-[r WHERE r.traversable]->())+(t:Identity:LeakpathNode {tierZero: true})
WHERE length(p) - size([x IN nodes(p) WHERE x:Hub]) <= $maxHops
RETURN c.id AS credential, c.status AS status, t.id AS tierZeroIdentity, t.tierZeroReason AS reason,
       length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops, any(x IN relationships(p) WHERE x.conditional) OR t.tierZeroConditional AS conditional, p
ORDER BY hops, credential, tierZeroIdentity
