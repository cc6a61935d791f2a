// name: gcp-keys-to-tier-zero
// answers: Which Google Cloud service-account keys reach a tier-zero node (an organisation, folder
//   or project administrator, a Workspace super administrator, a service account with domain-wide
//   delegation, every Workspace user), and how close? One row per key and tier-zero node, nearest
//   first, with the key's service account and status and the technique of each hop.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   maxHops: integer = 10 — longest path considered, from the key
// Neo4j Browser: :param {graph: 'default', maxHops: 10}
MATCH (k:Credential:LeakpathNode {graph: $graph, type: 'gcp:sa-key'})
MATCH p = SHORTEST 1 (k)(()-[r WHERE r.traversable]->())+(t:Identity:LeakpathNode {tierZero: true})
WHERE length(p) - size([x IN nodes(p) WHERE x:Hub]) <= $maxHops
// A hub crossing is one hop, by the technique of its halves.
RETURN k.id AS key, nodes(p)[1].id AS serviceAccount, k.status AS status, t.id AS tierZero, length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops,
       [x IN relationships(p) WHERE NOT 'Hub' IN labels(endNode(x)) | x.technique] AS techniques,
       any(x IN relationships(p) WHERE x.conditional) OR coalesce(t.tierZeroConditional, false) AS conditional, p
ORDER BY hops, key, tierZero
