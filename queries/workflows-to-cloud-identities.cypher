// name: workflows-to-cloud-identities
// answers: Which GitHub Actions workflow jobs can become cloud identities — the OIDC token each
//   job context mints and the AWS role, Entra app or GCP service account that federates it — and
//   which of them any GitHub account reaches (pwn requests, trusts with no subject pinned)?
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (w:Identity:LeakpathNode {graph: $graph})-[mint:CAN_MINT_TOKEN]->(tok:Identity)-[fed:FEDERATES]->(cloud:Identity)
WHERE w.type IN ['github:workflow-job', 'github:anyone']
OPTIONAL MATCH (anyone:Identity {graph: $graph, id: 'github:anyone'})-[:CAN_EXECUTE_AS]->(w)
RETURN w.id AS workflowJob, w.name AS job, tok.id AS token, tok.subject AS subject, cloud.id AS cloudIdentity,
       cloud.provider AS cloud, fed.technique AS technique, fed.conditional AS conditional,
       anyone IS NOT NULL OR w.id = 'github:anyone' AS reachableByAnyone
ORDER BY reachableByAnyone DESC, cloudIdentity, workflowJob
