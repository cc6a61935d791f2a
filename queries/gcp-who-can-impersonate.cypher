// name: gcp-who-can-impersonate
// answers: Who can become this Google Cloud service account, and how? Every node with an attack
//   edge into it: token creation (getAccessToken, signJwt, signBlob, implicit delegation), key
//   creation, actAs with a deploy, the code or metadata of compute that runs as it, its IAM policy,
//   workload identity federation, the administrator of a container above it. One row per edge, with
//   the technique, the binding behind it (evidence JSON) and its condition.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   serviceAccount: string — the service account's email, or its node id gcp:sa:EMAIL
// Neo4j Browser: :param {graph: 'default', serviceAccount: 'deployer@my-project.iam.gserviceaccount.com'}
MATCH (sa:Identity:LeakpathNode {graph: $graph, type: 'gcp:service-account'})
WHERE sa.id = $serviceAccount OR sa.id = 'gcp:sa:' + toLower($serviceAccount)
// A binding folded into a hub (docs/architecture.md "Hub folding") is one edge per member: the
// member's half cites the binding, so its evidence is the row's.
CALL {
  WITH sa
  MATCH p = (who:LeakpathNode {graph: $graph})-[r WHERE r.traversable]->(sa)
  WHERE NOT who:Hub
  RETURN who, r, r.conditional AS conditional, r.conditions AS conditions, p
  UNION
  WITH sa
  MATCH p = (who:LeakpathNode {graph: $graph})-[r WHERE r.traversable]->(:Hub)-[h WHERE h.traversable]->(sa)
  // A member of a hub that is also one of its targets has no pair to itself.
  WHERE who <> sa
  RETURN who, r, r.conditional OR h.conditional AS conditional,
         CASE WHEN r.conditions IS NULL THEN h.conditions WHEN h.conditions IS NULL THEN r.conditions ELSE r.conditions + ' AND ' + h.conditions END AS conditions, p
}
RETURN sa.id AS serviceAccount, who.id AS principal, who.type AS principalType, type(r) AS edge, r.technique AS technique,
       r.evidence AS evidence, conditional, conditions,
       coalesce(who.tierZero, false) AS principalIsTierZero, p
ORDER BY principal, technique
