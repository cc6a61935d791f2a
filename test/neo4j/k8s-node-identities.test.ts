import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { ADMIN, gaad, role, trustService } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { connect, uniqueGraph } from './helpers.js';
import { envelope, pod, role as k8sRole, roleBinding, rule, sa, saSubject } from '../kubernetes/helpers.js';

// Needs the real Neo4j test server: LEAKPATH_TEST_SERVERS=neo4j npx vitest run test/neo4j/k8s-node-identities.test.ts
const ACCT = '111122223333';
const ROLE = `arn:aws:iam::${ACCT}:role/nodes`;

describe('queries/k8s-node-identities.cypher: the cloud identities nodes hold, and who gets them', () => {
  let conn: Neo4jConnection;
  beforeAll(async () => {
    const inventories = readInputsFromJson({
      'c.json': envelope([sa('dev', 'ci'), sa('dev', 'app'), k8sRole('dev', 'deploy', [rule(['create'], ['pods'])]), roleBinding('dev', 'ci', { kind: 'Role', name: 'deploy' }, [saSubject('dev', 'ci')]), pod('dev', 'app', 'app', { nodeName: 'n1' })]),
      'ng.json': { nodegroup: { nodegroupName: 'ng', clusterName: 'prod', nodeRole: ROLE } },
      'gaad.json': gaad({ roles: [role(ACCT, 'nodes', trustService('ec2.amazonaws.com'), { attached: [ADMIN] })] }),
    }).inventories;
    conn = await connect(uniqueGraph('k8s-nodes'));
    await pushGraph(conn, analyse(inventories).graph);
  });
  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('lists the node role with who takes the node over and who reads it from IMDS', async () => {
    const q = namedQuery('k8s-node-identities');
    const { records } = await conn.read(q.cypher, bindParams(q, {}));
    const rows = records.map((r) => ({ node: r.get('node'), cloud: r.get('cloudIdentity'), technique: r.get('technique'), tierZero: r.get('tierZero'), takeover: r.get('nodeTakeover'), metadata: r.get('viaMetadata') }));
    expect(rows).toEqual([{ node: 'k8s:prod:node:n1', cloud: ROLE, technique: 'kubernetes:eks:NodeRole', tierZero: true, takeover: ['k8s:prod:sa:dev/ci'], metadata: expect.arrayContaining(['k8s:prod:sa:dev/ci']) }]);
  });
});
