import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { email, hierarchy, key, ORG, policy, sa, saPolicy, serviceAccount } from '../gcp/fixtures/cai.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { connect, uniqueGraph } from './helpers.js';

// Needs the real Neo4j test server: LEAKPATH_TEST_SERVERS=neo4j npx vitest run test/neo4j/gcp-queries.test.ts
const LEAKED = email('leaked');
const ADMIN = email('admin');
const IDLE = email('idle');

describe('GCP estate in Neo4j: the gcp Browser queries and blast-radius', () => {
  let conn: Neo4jConnection;
  beforeAll(async () => {
    const inventories = readInputsFromJson({
      'export.json': [
        ...hierarchy(),
        serviceAccount(LEAKED),
        serviceAccount(ADMIN),
        serviceAccount(IDLE),
        key(LEAKED, 'aa11'),
        key(IDLE, 'bb22'),
        key(LEAKED, 'cc33', undefined, { disabled: true }),
        saPolicy(ADMIN, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${LEAKED}`] }]),
        policy(ORG, [{ role: 'roles/resourcemanager.organizationAdmin', members: [`serviceAccount:${ADMIN}`] }]),
      ],
    }).inventories;
    conn = await connect(uniqueGraph('gcp'));
    await pushGraph(conn, analyse(inventories).graph);
  });
  afterAll(async () => {
    await conn?.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn?.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn?.close();
  });

  it('gcp-keys-to-tier-zero: the active key reaches the organisation administrator through token creation; idle and disabled keys are absent', async () => {
    const q = namedQuery('gcp-keys-to-tier-zero');
    const { records } = await conn.read(q.cypher, bindParams(q, {}));
    const rows = records.map((r) => ({ key: r.get('key'), sa: r.get('serviceAccount'), tierZero: r.get('tierZero'), techniques: r.get('techniques') }));
    expect(rows.map((r) => r.key)).not.toContain('gcp:sa-key:bb22');
    expect(rows.map((r) => r.key)).not.toContain('gcp:sa-key:cc33');
    const toAdmin = rows.find((r) => r.tierZero === sa(ADMIN));
    expect(toAdmin).toEqual({ key: 'gcp:sa-key:aa11', sa: sa(LEAKED), tierZero: sa(ADMIN), techniques: ['gcp:iam:ServiceAccountKey', 'gcp:iam:serviceAccounts.getAccessToken'] });
    expect(rows.some((r) => r.tierZero === `gcp:admin:${ORG}` && r.key === 'gcp:sa-key:aa11')).toBe(true);
  });

  it('gcp-who-can-impersonate: by email or node id, with the binding as evidence; nobody can become the idle account', async () => {
    const q = namedQuery('gcp-who-can-impersonate');
    for (const name of [ADMIN, sa(ADMIN)]) {
      const { records } = await conn.read(q.cypher, bindParams(q, { serviceAccount: name }));
      const direct = records.find((r) => r.get('principal') === sa(LEAKED))!;
      expect(direct.get('technique')).toBe('gcp:iam:serviceAccounts.getAccessToken');
      expect(JSON.parse(direct.get('evidence')).refs[0].detail).toContain('roles/iam.serviceAccountTokenCreator');
      expect(direct.get('conditional')).toBe(false);
    }
    const idle = await conn.read(q.cypher, bindParams(q, { serviceAccount: IDLE }));
    expect(idle.records.map((r) => r.get('principal')).filter((p: string) => !p.startsWith('gcp:admin:') && p !== 'gcp:sa-key:bb22')).toEqual([]);
  });

  it('blast-radius runs on a GCP key by its key id', async () => {
    const q = namedQuery('blast-radius');
    const { records } = await conn.read(q.cypher, bindParams(q, { credential: 'aa11' }));
    expect(records.map((r) => r.get('id'))).toEqual(expect.arrayContaining([sa(LEAKED), sa(ADMIN), `gcp:admin:${ORG}`]));
  });
});
