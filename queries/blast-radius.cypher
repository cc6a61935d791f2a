// name: blast-radius
// answers: If this credential leaks, what can an attacker reach? Every node reachable over
//   traversable (attack) edges, at its fewest hops, with one shortest path each. The Browser shows
//   the paths as a graph; `leakpath blast --engine neo4j` gives the same reach with the engine's
//   deterministic choice among equally short paths.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   credential: string — access key id, alias or node id of the credential
//   maxHops: integer = 8 — longest path considered
// Neo4j Browser: :param {graph: 'default', credential: 'AKIAEXAMPLE', maxHops: 8}
MATCH (c:Credential:LeakpathNode {graph: $graph})
WHERE c.id = $credential OR toLower($credential) IN c.aliasesLower
MATCH p = SHORTEST 1 (c)(()-[r WHERE r.traversable]->())+(n:LeakpathNode)
// A hub (kind Hub) stands for the edges it folds: crossing it is one hop, and it is never reached.
WITH c, n, p, length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops
WHERE hops <= $maxHops AND n <> c AND NOT n:Hub
RETURN n.id AS id, n.kind AS kind, n.type AS type, hops, n.tierZero AS tierZero, p
ORDER BY hops, id
