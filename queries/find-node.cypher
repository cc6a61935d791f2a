// name: find-node
// answers: Which nodes a name typed by a user may mean: exact id, id in any case, alias (access key id,
//   appId:keyId…) in any case, or exact name. The Neo4j engine resolves every --from, --to and
//   credential argument with this query, then applies the same rules as the embedded engine.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   q: string — the text to look up, trimmed
//   lower: string — the same text in lower case
// Neo4j Browser: :param {graph: 'default', q: 'AKIAEXAMPLE', lower: 'akiaexample'}
CALL {
  MATCH (n:LeakpathNode {graph: $graph, id: $q}) RETURN n
  UNION
  MATCH (n:LeakpathNode {graph: $graph, idLower: $lower}) RETURN n
  UNION
  MATCH (n:LeakpathNode {graph: $graph}) WHERE $lower IN n.aliasesLower RETURN n
  UNION
  MATCH (n:LeakpathNode {graph: $graph, name: $q}) RETURN n
}
RETURN n, properties(n) AS properties
ORDER BY n.seq
