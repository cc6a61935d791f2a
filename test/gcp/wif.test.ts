import { describe, expect, it } from 'vitest';
import { email, resource, sa, saPolicy, serviceAccount } from './fixtures/cai.js';
import { find, graphOf } from './helpers.js';

const POOL = 'projects/300/locations/global/workloadIdentityPools/github';
const B = email('deployer');
const pool = (disabled = false) => resource(`//iam.googleapis.com/${POOL}`, 'iam.googleapis.com/WorkloadIdentityPool', { name: POOL, state: 'ACTIVE', disabled });
const provider = (condition?: string) =>
  resource(`//iam.googleapis.com/${POOL}/providers/gh`, 'iam.googleapis.com/WorkloadIdentityPoolProvider', {
    name: `${POOL}/providers/gh`,
    state: 'ACTIVE',
    attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' },
    ...(condition ? { attributeCondition: condition } : {}),
    oidc: { issuerUri: 'https://token.actions.githubusercontent.com' },
  });
const repoSet = `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/infra`;
const bind = (m: string) => saPolicy(B, [{ role: 'roles/iam.workloadIdentityUser', members: [m] }]);

describe('workload identity federation', () => {
  it('a principalSet with Workload Identity User federates into the service account; the node shows the provider', () => {
    const { graph, warnings } = graphOf(serviceAccount(B), pool(), provider("assertion.repository_owner == 'acme'"), bind(repoSet));
    expect(find(graph, 'gcp:iam:WorkloadIdentityFederation', `gcp:${repoSet}`, sa(B))?.kind).toBe('FEDERATES');
    expect(graph.nodes.find((n) => n.id === `gcp:${repoSet}`)?.props).toMatchObject({ issuers: ['https://token.actions.githubusercontent.com'], attributeConditions: ["assertion.repository_owner == 'acme'"] });
    expect(warnings.filter((w) => w.includes('workload identity'))).toEqual([]);
  });

  it('a provider without attributeCondition and a whole-pool binding are findings', () => {
    const { warnings } = graphOf(serviceAccount(B), pool(), provider(), bind(`principalSet://iam.googleapis.com/${POOL}/*`));
    expect(warnings.some((w) => w.includes('has no attributeCondition'))).toBe(true);
    expect(warnings.some((w) => w.includes('every identity of a workload identity pool'))).toBe(true);
  });

  it('negative: a disabled pool federates nothing', () => {
    const { graph } = graphOf(serviceAccount(B), pool(true), provider("assertion.repository_owner == 'acme'"), bind(repoSet));
    expect(graph.edges.filter((e) => e.kind === 'FEDERATES')).toEqual([]);
  });

  it('GKE Workload Identity: the KSA member federates into the service account; Service Account User alone does not', () => {
    const ksa = 'serviceAccount:prod.svc.id.goog[payments/api]';
    const { graph } = graphOf(serviceAccount(B), bind(ksa));
    expect(find(graph, 'gcp:iam:GkeWorkloadIdentity', `gcp:${ksa}`, sa(B))).toBeDefined();
    const user = graphOf(serviceAccount(B), saPolicy(B, [{ role: 'roles/iam.serviceAccountUser', members: [ksa] }])).graph;
    expect(user.edges.filter((e) => e.kind === 'FEDERATES')).toEqual([]);
  });
});
