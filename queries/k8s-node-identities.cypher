// name: k8s-node-identities
// answers: Which cloud identities do a cluster's nodes hold (EKS node role, GKE node pool service
//   account, AKS kubelet identity), and which principals get them: by taking a node over
//   (privileged or host-mounting pod, exec into one, nodes/proxy) or by reading the metadata
//   service from a pod they can create? One row per node and cloud identity.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (node:Identity:LeakpathNode {graph: $graph, type: 'kubernetes:node'})-[hold:CAN_EXECUTE_AS]->(cloud:Identity:LeakpathNode)
WHERE hold.technique IN ['kubernetes:eks:NodeRole', 'kubernetes:gke:NodeServiceAccount', 'kubernetes:aks:KubeletIdentity']
OPTIONAL MATCH (taker:Identity:LeakpathNode {graph: $graph})-[:CAN_EXECUTE_AS]->(node)
WHERE taker.type <> 'kubernetes:cluster-admin'
WITH node, hold, cloud, collect(DISTINCT taker.id) AS nodeTakeover
OPTIONAL MATCH (reader:Identity:LeakpathNode {graph: $graph})-[m:CAN_EXECUTE_AS {technique: 'kubernetes:pods:MetadataIdentity'}]->(cloud)
WITH node, hold, cloud, nodeTakeover, collect(DISTINCT reader.id) AS viaMetadata
RETURN node.id AS node, cloud.id AS cloudIdentity, cloud.provider AS cloud, hold.technique AS technique,
       hold.conditional AS conditional, coalesce(cloud.tierZero, false) AS tierZero,
       [x IN nodeTakeover WHERE x IS NOT NULL] AS nodeTakeover, viaMetadata
ORDER BY cloudIdentity, node
