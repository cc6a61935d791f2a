import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { ADMIN, accessKeys, doc, gaad, role, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { githubRaw } from '../github/fixtures/org.js';
import { gitleaks } from '../secrets/seeds.js';
import { connect, uniqueGraph } from './helpers.js';

/** findings-reaching-tier-zero and workflows-to-cloud-identities on a real Neo4j. */
const A = '111111111111';
const HOST = 'token.actions.githubusercontent.com';
const KEY = 'AKIAYAAAAAAAAAAAAAAA';

describe('named queries for scanner findings and GitHub federation', () => {
  let graph: AttackGraph;
  let conn: Neo4jConnection;
  const run = async (name: string) => {
    const q = namedQuery(name);
    return (await conn.read(q.cypher, bindParams(q, {}))).records.map((r) => r.toObject() as Record<string, unknown>);
  };

  beforeAll(async () => {
    const trust = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/${HOST}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${HOST}:sub`]: 'repo:acme/*' } } });
    const read = readInputsFromJson({
      'gaad.json': gaad({ users: [user(A, 'ci', { attached: [ADMIN] })], roles: [role(A, 'gh-deploy', trust, { attached: [ADMIN] })] }),
      'keys.json': accessKeys('ci', { id: KEY }),
      'gh.json': githubRaw(),
      'gl.json': [gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' })],
    });
    graph = analyse(read.inventories).graph;
    conn = await connect(uniqueGraph('federation-queries'));
    await pushGraph(conn, graph);
  });

  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('findings-reaching-tier-zero: the gitleaks finding, its key, the admin user', async () => {
    const rows = await run('findings-reaching-tier-zero');
    const row = rows.find((r) => r.tierZeroIdentity === `arn:aws:iam::${A}:user/ci`)!;
    expect(row).toMatchObject({ scanner: 'gitleaks', file: 'deploy/.env', credential: `aws:access-key:${KEY}` });
  });

  it('workflows-to-cloud-identities: every FEDERATES edge from a job\'s token, as in the graph', async () => {
    const expected = graph.edges
      .filter((e) => e.kind === 'FEDERATES')
      .flatMap((f) => graph.edges.filter((m) => m.kind === 'CAN_MINT_TOKEN' && m.target === f.source).map((m) => [m.source, f.source, f.target]))
      .sort();
    const rows = await run('workflows-to-cloud-identities');
    expect(rows.map((r) => [r.workflowJob, r.token, r.cloudIdentity]).sort()).toEqual(expected);
    expect(rows.some((r) => r.cloudIdentity === `arn:aws:iam::${A}:role/gh-deploy`)).toBe(true);
  });
});
