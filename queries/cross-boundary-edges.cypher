// name: cross-boundary-edges
// answers: Which attack edges cross an account, subscription, tenant or project boundary, or go
//   from one cloud to another? Those are where one estate's leak becomes another's breach.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
// A hub (docs/architecture.md "Hub folding") is no edge end: `a → hub → b` is the one edge a → b,
// of the kind and technique of its halves (a pair to itself is none).
CALL {
  MATCH (a:LeakpathNode {graph: $graph})-[r WHERE r.traversable]->(b:LeakpathNode)
  WHERE NOT a:Hub AND NOT b:Hub
  RETURN a, r, b, r.conditional AS conditional
  UNION
  MATCH (a:LeakpathNode {graph: $graph})-[r WHERE r.traversable]->(:Hub)-[h WHERE h.traversable]->(b:LeakpathNode)
  WHERE a <> b
  RETURN a, r, b, r.conditional OR h.conditional AS conditional
}
WITH a, r, b, conditional
WHERE a.provider <> b.provider OR coalesce(a.scope, '') <> coalesce(b.scope, '')
RETURN a.provider + ':' + coalesce(a.scope, '-') AS fromScope, b.provider + ':' + coalesce(b.scope, '-') AS toScope,
       type(r) AS edge, r.technique AS technique, a.id AS source, b.id AS target, conditional
ORDER BY fromScope, toScope, source, target
