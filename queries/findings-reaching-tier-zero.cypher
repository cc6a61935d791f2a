// name: findings-reaching-tier-zero
// answers: Which secret-scanner findings (gitleaks, TruffleHog, detect-secrets, GitHub secret
//   scanning) expose a credential that reaches a tier-zero identity, and how close? One row per
//   finding and tier-zero identity, nearest first; the finding's file, line and scanner included.
// parameters:
//   graph: string = "default" — the pushed graph (leakpath neo4j push --neo4j-graph)
//   maxHops: integer = 10 — longest path considered, from the finding
// Neo4j Browser: :param {graph: 'default', maxHops: 10}
MATCH (f:SecretLocation:LeakpathNode {graph: $graph, type: 'secrets:finding'})
MATCH p = SHORTEST 1 (f)(()-[r WHERE r.traversable]->())+(t:Identity:LeakpathNode {tierZero: true})
WHERE length(p) - size([x IN nodes(p) WHERE x:Hub]) <= $maxHops
WITH f, t, p, nodes(p)[1] AS credential
RETURN f.id AS finding, f.scanner AS scanner, f.rule AS rule, f.repo AS repo, f.file AS file, f.line AS line,
       credential.id AS credential, t.id AS tierZeroIdentity, length(p) - size([x IN nodes(p) WHERE x:Hub]) AS hops,
       any(x IN relationships(p) WHERE x.conditional) OR t.tierZeroConditional AS conditional, p
ORDER BY hops, finding, tierZeroIdentity
