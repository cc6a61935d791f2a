import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { Neo4jConnection } from '../../src/neo4j/connection.js';
import { bindParams, namedQuery } from '../../src/neo4j/named-queries.js';
import { pushGraph } from '../../src/neo4j/push.js';
import { DEV, email, hierarchy, key, ORG, policy, sa, saPolicy, serviceAccount } from '../gcp/fixtures/cai.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { connect, uniqueGraph } from './helpers.js';

// Needs the real Neo4j test server: LEAKPATH_TEST_SERVERS=neo4j npx vitest run test/neo4j/gcp-queries.test.ts
const LEAKED = email('leaked');
const ADMIN = email('admin');
const IDLE = email('idle');
// dev: a project-wide Token Creator for three members over four accounts, folded into one hub;
// one of the accounts administers the organisation.
const DEVS = [0, 1, 2, 3].map((i) => email(`d${i}`, DEV));
const GROUP = 'group:ops@example.com';

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
        policy(ORG, [{ role: 'roles/resourcemanager.organizationAdmin', members: [`serviceAccount:${ADMIN}`, `serviceAccount:${DEVS[3]}`] }]),
        ...DEVS.map((d) => serviceAccount(d, DEV)),
        policy(DEV, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${LEAKED}`, GROUP, 'user:bob@example.com'] }]),
      ],
    }).inventories;
    conn = await connect(uniqueGraph('gcp'));
    const { graph } = analyse(inventories);
    // The queries below must read the folded form.
    expect(graph.nodes.some((n) => n.type === 'gcp:hub:binding')).toBe(true);
    await pushGraph(conn, graph);
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
    // Through the dev hub: one hop, one technique, as unfolded.
    const { records: all } = await conn.read(q.cypher, bindParams(q, {}));
    const viaHub = all.find((r) => r.get('key') === 'gcp:sa-key:aa11' && r.get('tierZero') === sa(DEVS[3]!))!;
    expect([Number(viaHub.get('hops')), viaHub.get('techniques')]).toEqual([2, ['gcp:iam:ServiceAccountKey', 'gcp:iam:serviceAccounts.getAccessToken']]);
  });

  it('gcp-who-can-impersonate: the members of a folded binding, each with the binding as evidence, never the hub', async () => {
    const q = namedQuery('gcp-who-can-impersonate');
    const { records } = await conn.read(q.cypher, bindParams(q, { serviceAccount: DEVS[1]! }));
    const members = records.filter((r) => r.get('technique') === 'gcp:iam:serviceAccounts.getAccessToken');
    expect(members.map((r) => r.get('principal')).sort()).toEqual([`gcp:${GROUP}`, sa(LEAKED), 'gcp:user:bob@example.com'].sort());
    expect(records.some((r) => String(r.get('principal')).startsWith('hub:'))).toBe(false);
    for (const r of members) {
      expect(JSON.parse(r.get('evidence')).refs[0].detail).toMatch(/^roles\/iam.serviceAccountTokenCreator → /);
      expect(r.get('conditional')).toBe(false);
    }
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
