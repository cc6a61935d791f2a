import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { doc, gaad, role } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { connect, uniqueGraph } from './helpers.js';
import { ISSUER, envelope, pod, sa } from '../kubernetes/helpers.js';

// Needs the real Neo4j test server: LEAKPATH_TEST_SERVERS=neo4j npx vitest run test/neo4j/k8s-cloud-identities.test.ts
const ACCT = '111122223333';
const HOST = ISSUER.replace('https://', '');
const irsa = (subject: string) => doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${HOST}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${HOST}:sub`]: subject } } });
const podTrust = doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });

describe('queries/k8s-cloud-identities.cypher: service accounts that become cloud identities', () => {
  let conn: Neo4jConnection;
  beforeAll(async () => {
    const inventories = readInputsFromJson({
      'c.json': envelope([sa('dev', 'payments'), sa('dev', 'worker'), sa('dev', 'plain'), pod('dev', 'p', 'plain')]),
      'pia.json': { association: { clusterName: 'prod', namespace: 'dev', serviceAccount: 'worker', roleArn: `arn:aws:iam::${ACCT}:role/worker`, associationId: 'a-1' } },
      'gaad.json': gaad({ roles: [role(ACCT, 'payments', irsa('system:serviceaccount:dev:payments')), role(ACCT, 'worker', podTrust), role(ACCT, 'nobody', irsa('system:serviceaccount:other:x'))] }),
    }).inventories;
    conn = await connect(uniqueGraph('k8s-cloud'));
    await pushGraph(conn, analyse(inventories).graph);
  });
  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('lists IRSA and Pod Identity, with the techniques of each hop; a service account without a trust is absent', async () => {
    const q = namedQuery('k8s-cloud-identities');
    const { records } = await conn.read(q.cypher, bindParams(q, {}));
    const rows = records.map((r) => [r.get('serviceAccount'), r.get('cloudIdentity'), r.get('techniques')]);
    expect(rows).toEqual([
      ['k8s:prod:sa:dev/payments', `arn:aws:iam::${ACCT}:role/payments`, ['kubernetes:serviceaccounts:ProjectedToken', 'aws:sts:AssumeRoleWithWebIdentity']],
      ['k8s:prod:sa:dev/worker', `arn:aws:iam::${ACCT}:role/worker`, ['kubernetes:eks:PodIdentityAssociation']],
    ]);
  });
});
