// name: cross-boundary-edges
// answers: Which attack edges cross an account, subscription, tenant or project boundary, or go
//   from one cloud to another? Those are where one estate's leak becomes another's breach.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (a:LeakpathNode {graph: $graph})-[r WHERE r.traversable]->(b:LeakpathNode)
WHERE a.provider <> b.provider OR coalesce(a.scope, '') <> coalesce(b.scope, '')
RETURN a.provider + ':' + coalesce(a.scope, '-') AS fromScope, b.provider + ':' + coalesce(b.scope, '-') AS toScope,
       type(r) AS edge, r.technique AS technique, a.id AS source, b.id AS target, r.conditional AS conditional
ORDER BY fromScope, toScope, source, target
