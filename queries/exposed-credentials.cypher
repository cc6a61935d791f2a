// name: exposed-credentials
// answers: Which credentials are stored in places that identities other than their own can read
//   (secret stores, vaults, function settings, CI secrets), and who can read them?
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
// A read folded into a hub (docs/architecture.md "Hub folding": a group's key vault access policy
// or role assignment) is one read per member: the member is the reader, never the hub.
CALL {
  MATCH (reader:Identity:LeakpathNode {graph: $graph})-[read:CAN_READ]->(loc:SecretLocation)
  RETURN reader, loc, read.technique AS technique, read.conditional AS conditional
  UNION
  MATCH (reader:Identity:LeakpathNode {graph: $graph})-[read:CAN_READ]->(:Hub)-[h:CAN_READ]->(loc:SecretLocation)
  RETURN reader, loc, read.technique AS technique, read.conditional OR h.conditional AS conditional
}
MATCH (loc)-[:EXPOSES]->(c:Credential)
WHERE NOT (c)-[:AUTHENTICATES_AS]->(reader)
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(owner:Identity)
RETURN c.id AS credential, owner.id AS authenticatesAs, loc.id AS location, loc.type AS locationType,
       reader.id AS reader, technique, conditional
ORDER BY credential, location, reader
