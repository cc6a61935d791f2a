// name: credentials
// answers: Every credential in the graph (key ids, client secrets, certificates…), in the order of
//   the snapshot; never a secret value, only identifiers.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (c:Credential:LeakpathNode {graph: $graph})
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.type AS type, c.provider AS provider, c.status AS status, c.owner AS owner
ORDER BY c.seq
