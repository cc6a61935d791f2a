import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { githubRaw } from '../github/fixtures/org.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { SEEDS } from '../secrets/seeds.js';
import { email, hierarchy, policy, PROD, resource, saPolicy, serviceAccount } from './fixtures/cai.js';

/**
 * End to end across systems: a leaked GitHub token → a push that runs a workflow → its OIDC token
 * → a GCP workload identity provider that accepts the org → the principalSet member → a service
 * account that owns the project (tier zero).
 */
const POOL = 'projects/300/locations/global/workloadIdentityPools/github';
const RUNTIME = email('runtime');
const PAT = 'github:credential-authorization:161195';

function graph(condition: string) {
  const read = readInputsFromJson({
    'gh.json': githubRaw({ aliceTokenLastEight: SEEDS.githubPat.slice(-8) }),
    'cai.json': [
      ...hierarchy(),
      serviceAccount(RUNTIME),
      resource(`//iam.googleapis.com/${POOL}/providers/gh`, 'iam.googleapis.com/WorkloadIdentityPoolProvider', { name: `${POOL}/providers/gh`, attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository_owner': 'assertion.repository_owner' }, attributeCondition: condition, oidc: { issuerUri: 'https://token.actions.githubusercontent.com' } }),
      saPolicy(RUNTIME, [{ role: 'roles/iam.workloadIdentityUser', members: [`principalSet://iam.googleapis.com/${POOL}/attribute.repository_owner/acme`] }]),
      policy(PROD, [{ role: 'roles/owner', members: [`serviceAccount:${RUNTIME}`] }]),
    ],
  });
  return analyse(read.inventories).graph;
}

describe('GitHub → GCP through workload identity federation', () => {
  it('a PAT reaches the project owner service account: push, OIDC token, provider, principalSet', async () => {
    const engine = new EmbeddedEngine(graph("assertion.repository_owner == 'acme'"), EMPTY_CONFIG);
    const b = await engine.blast(PAT);
    const jewel = b.crownJewels.find((j) => j.id === `gcp:sa:${RUNTIME}`);
    expect(jewel?.path.map((s) => s.technique).slice(-2)).toEqual(['gcp:iam:WorkloadIdentityFederation', 'gcp:iam:WorkloadIdentityFederation']);
    expect(jewel?.path.at(-2)?.from).toMatch(/^oidc:https:\/\/token\.actions\.githubusercontent\.com\|repo:acme\//);
  });

  it('negative: a provider pinned to another owner lets no token in', async () => {
    const g = graph("assertion.repository_owner == 'other'");
    expect(g.edges.filter((e) => e.source.startsWith('oidc:') && e.technique === 'gcp:iam:WorkloadIdentityFederation')).toEqual([]);
  });
});
