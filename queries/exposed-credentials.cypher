// name: exposed-credentials
// answers: Which credentials are stored in places that identities other than their own can read
//   (secret stores, vaults, function settings, CI secrets), and who can read them?
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
// Neo4j Browser: :param {graph: 'default'}
MATCH (reader:Identity:LeakpathNode {graph: $graph})-[read:CAN_READ]->(loc:SecretLocation)-[:EXPOSES]->(c:Credential)
WHERE NOT (c)-[:AUTHENTICATES_AS]->(reader)
OPTIONAL MATCH (c)-[:AUTHENTICATES_AS]->(owner:Identity)
RETURN c.id AS credential, owner.id AS authenticatesAs, loc.id AS location, loc.type AS locationType,
       reader.id AS reader, read.technique AS technique, read.conditional AS conditional
ORDER BY credential, location, reader
