// name: k8s-cloud-identities
// answers: Which Kubernetes service accounts become cloud identities, and through what? EKS IRSA,
//   GKE Workload Identity, AKS workload identity and other workload identity pools (the service
//   account's OIDC token, then the cloud's federation trust) and EKS Pod Identity associations. One
//   row per service account and cloud identity, with the techniques of each hop.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH p = (sa:Identity:LeakpathNode {graph: $graph, type: 'kubernetes:service-account'})
          (()-[r WHERE type(r) IN ['CAN_MINT_TOKEN', 'FEDERATES', 'CAN_ASSUME']]->()){1,2}
          (cloud:Identity:LeakpathNode)
WHERE cloud.provider IN ['aws', 'gcp', 'azure']
  AND type(relationships(p)[0]) = CASE length(p) WHEN 1 THEN 'CAN_ASSUME' ELSE 'CAN_MINT_TOKEN' END
RETURN sa.id AS serviceAccount, cloud.id AS cloudIdentity, cloud.provider AS cloud, cloud.type AS type,
       [x IN relationships(p) | x.technique] AS techniques,
       any(x IN relationships(p) WHERE x.conditional) AS conditional, coalesce(cloud.tierZero, false) AS tierZero, p
ORDER BY serviceAccount, cloudIdentity
