// name: sync-runs
// answers: The pushes of a graph, newest first: when, from which snapshot (and its analysis time), how much was written and
//   removed, and whether each completed. The Neo4j engine refuses a graph whose newest push is not
//   complete.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (s:LeakpathSyncRun {graph: $graph})
RETURN s.tag AS tag, s.status AS status, toString(s.startedAt) AS startedAt, toString(s.finishedAt) AS finishedAt,
       s.snapshot AS snapshot, s.analysedAt AS analysedAt, s.nodes AS nodes, s.relationships AS relationships,
       s.staleNodesDeleted AS staleNodesDeleted, s.staleRelationshipsDeleted AS staleRelationshipsDeleted,
       s.progress AS progress, s.leaseUntil > timestamp() AS leaseLive, s.error AS error
ORDER BY s.tag DESC
