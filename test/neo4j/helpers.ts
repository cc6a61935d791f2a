import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { edgeId, type AttackGraph, type GraphEdge, type GraphNode } from '../../src/model/graph.js';
import { Neo4jConnection, neo4jSettings } from '../../src/neo4j/connection.js';

/** Every test file shares one database: each test works in its own named graph. */
export const uniqueGraph = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export function testSettings(
  graph: string,
  server: { uri: string; username: string; password: string } = inject('neo4j'),
) {
  return neo4jSettings(
    { neo4jUri: server.uri, neo4jUser: server.username, neo4jGraph: graph },
    { NEO4J_PASSWORD: server.password },
  );
}

export const connect = (graph: string, server?: { uri: string; username: string; password: string }) =>
  Neo4jConnection.open(testSettings(graph, server));

/** What the server holds for a graph, minus the sync stamps: comparable across pushes. */
export async function dump(conn: Neo4jConnection): Promise<{ nodes: unknown[]; rels: unknown[] }> {
  const strip = (p: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(p)
        .filter(([k]) => k !== 'firstseen' && k !== 'lastupdated')
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  const nodes = await conn.read(
    'MATCH (n:LeakpathNode {graph: $graph}) RETURN labels(n) AS labels, properties(n) AS p ORDER BY n.id',
  );
  const rels = await conn.read(
    'MATCH (a:LeakpathNode {graph: $graph})-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY r.id',
  );
  return {
    nodes: nodes.records.map((r) => ({
      labels: [...(r.get('labels') as string[])].sort(),
      ...strip(r.get('p')),
    })),
    rels: rels.records.map((r) => ({ a: r.get('a'), t: r.get('t'), b: r.get('b'), ...strip(r.get('p')) })),
  };
}

const node = (
  id: string,
  kind: GraphNode['kind'] = 'Identity',
  extra: Partial<GraphNode> = {},
): GraphNode => ({
  id,
  kind,
  provider: 'aws',
  type: kind === 'Credential' ? 'aws:iam:access-key' : kind === 'Identity' ? 'aws:iam:role' : 'aws:s3:bucket',
  name: id,
  tags: {},
  props: {},
  ...extra,
});

const edge = (
  kind: string,
  technique: string,
  source: string,
  target: string,
  conditional = false,
): GraphEdge => ({
  id: edgeId(kind, technique, source, target),
  source,
  target,
  kind,
  technique,
  evidence: {
    summary: `${source} → ${target}`,
    refs: [{ type: 'identity-policy', source: 'p', statement: '#0', detail: technique }],
  },
  conditional,
  ...(conditional ? { conditions: '{"StringEquals":{"aws:SourceAccount":"1"}}' } : {}),
});

/**
 * A small estate where the tie-breaks decide: equally short paths that differ only in
 * conditional edges or in edge ids, two techniques between the same pair, a cycle, a self-loop,
 * base edges that must not be walked, a name shared by two nodes, aliases in mixed case.
 */
export function tieBreakGraph(): AttackGraph {
  const admin = {
    reason: 'admin',
    technique: 'aws:iam:AdministratorAccess',
    evidence: { summary: 'admin', refs: [] },
    conditional: false,
  };
  return {
    nodes: [
      node('key', 'Credential', {
        aliases: ['AKIAEXAMPLE'],
        props: { owner: 'u', status: 'Active', createDate: '2024-01-02T03:04:05Z', age: 400 },
      }),
      node('key2', 'Credential', {
        aliases: ['AKIAOTHER'],
        name: 'shared-name',
        props: { status: 'Inactive' },
      }),
      node('u'),
      node('a'),
      node('b'),
      node('c', 'Identity', { name: 'shared-name' }),
      node('d'),
      node('e'),
      node('f'),
      node('admin', 'Identity', { tierZero: admin }),
      node('cond-admin', 'Identity', { tierZero: { ...admin, conditional: true } }),
      node('bucket', 'Resource', { tags: { data: 'crown' } }),
      node('vault', 'SecretLocation', { type: 'aws:secretsmanager:secret' }),
    ],
    edges: [
      edge('AUTHENTICATES_AS', 'aws:iam:AccessKey', 'key', 'u'),
      edge('AUTHENTICATES_AS', 'aws:iam:AccessKey', 'key2', 'c'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'u', 'a'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'u', 'b'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'u', 'c', true),
      edge('CAN_PASS_ROLE_TO', 'aws:lambda:CreateFunction', 'u', 'c'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'a', 'admin'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'b', 'admin', true),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'c', 'admin'),
      edge('CAN_PASS_ROLE_TO', 'aws:ec2:RunInstances', 'a', 'd'),
      edge('CAN_PASS_ROLE_TO', 'aws:lambda:CreateFunction', 'a', 'd'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'd', 'e'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'e', 'd'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'e', 'e'),
      edge('CAN_ASSUME', 'aws:sts:AssumeRole', 'e', 'cond-admin'),
      edge('HAS_ACCESS', 'aws:s3:PutBucketPolicy', 'admin', 'bucket'),
      edge('HAS_ACCESS', 'aws:s3:PutBucketPolicy', 'e', 'bucket', true),
      edge('CAN_READ', 'aws:secretsmanager:GetSecretValue', 'd', 'vault'),
      edge('EXPOSES', 'aws:secretsmanager:SecretString', 'vault', 'key2'),
      edge('STORED_IN', 'aws:secretsmanager:SecretString', 'key2', 'vault'),
      edge('MEMBER_OF', 'aws:iam:GroupMembership', 'u', 'f'),
      edge('TRUSTS', 'aws:iam:TrustPolicy', 'f', 'admin'),
    ],
  };
}

/** A dense random graph (seeded): many equal-length alternatives, so every tie-break is exercised. */
export function randomGraph(seed: number, nodes = 60, edges = 260): AttackGraph {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const kinds = [
    'CAN_ASSUME',
    'CAN_PASS_ROLE_TO',
    'CAN_CREATE_CREDENTIAL',
    'CAN_MODIFY_POLICY',
    'MEMBER_OF',
  ] as const;
  const techniques = ['t:a', 't:b'];
  const ns: GraphNode[] = [];
  for (let i = 0; i < nodes; i++) {
    const kind: GraphNode['kind'] = i < 6 ? 'Credential' : i < nodes - 6 ? 'Identity' : 'Resource';
    const id = `n${String(i).padStart(3, '0')}`;
    ns.push(
      node(
        id,
        kind,
        rand() < 0.08 && kind === 'Identity'
          ? {
              tierZero: {
                reason: 'admin',
                technique: 'x',
                evidence: { summary: 'x', refs: [] },
                conditional: rand() < 0.3,
              },
            }
          : {},
      ),
    );
  }
  const es = new Map<string, GraphEdge>();
  const identities = ns.filter((n) => n.kind === 'Identity');
  for (const c of ns.filter((n) => n.kind === 'Credential')) {
    const e = edge('AUTHENTICATES_AS', 'aws:iam:AccessKey', c.id, pick(identities).id);
    es.set(e.id, e);
  }
  while (es.size < edges) {
    const a = pick(identities);
    const b = rand() < 0.1 ? pick(ns.filter((n) => n.kind === 'Resource')) : pick(identities);
    const kind = b.kind === 'Resource' ? 'HAS_ACCESS' : pick(kinds);
    const e = edge(kind, pick(techniques), a.id, b.id, rand() < 0.25);
    es.set(e.id, e);
  }
  return { nodes: ns, edges: [...es.values()] };
}
