import { describe, expect, it } from 'vitest';
import { gcpFederationEdges } from '../../src/analysis/gcp/federation.js';
import type { WorkloadToken } from '../../src/analysis/federation/types.js';
import type { GcpInventory } from '../../src/model/inventory/gcp.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { email, hierarchy, resource, saPolicy, serviceAccount } from './fixtures/cai.js';

const GH = 'https://token.actions.githubusercontent.com';
const POOL = 'projects/300/locations/global/workloadIdentityPools/github';
const B = email('deployer');

function ghToken(repo: string, ref = 'refs/heads/main', audiences: WorkloadToken['audiences'] = 'any'): WorkloadToken {
  const subject = `repo:${repo}:ref:${ref}`;
  return { id: `oidc:${GH}|${subject}`, issuer: GH, subject, audiences, claims: { repository: repo, repository_owner: repo.split('/')[0]!, ref }, mintedBy: `github:repo:${repo}` };
}

function inventory(condition: string | undefined, members: string[], extra: object[] = []): GcpInventory {
  const provider = resource(`//iam.googleapis.com/${POOL}/providers/gh`, 'iam.googleapis.com/WorkloadIdentityPoolProvider', {
    name: `${POOL}/providers/gh`,
    attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository', 'attribute.repository_owner': 'assertion.repository_owner' },
    ...(condition ? { attributeCondition: condition } : {}),
    oidc: { issuerUri: GH },
  });
  const read = readInputsFromJson({ 'export.json': [...hierarchy(), serviceAccount(B), provider, saPolicy(B, [{ role: 'roles/iam.workloadIdentityUser', members }]), ...extra] });
  return read.inventories.find((i) => i.provider === 'gcp') as GcpInventory;
}

const repoSet = (repo: string) => `principalSet://iam.googleapis.com/${POOL}/attribute.repository/${repo}`;

describe('gcpFederationEdges: workload identity pools', () => {
  it('a GitHub token of the pinned owner and repository becomes the principalSet member', () => {
    const edges = gcpFederationEdges(inventory("assertion.repository_owner == 'acme'", [repoSet('acme/infra')]), [ghToken('acme/infra'), ghToken('acme/web')]);
    expect(edges.map((e) => [e.source, e.target, e.technique, e.conditional])).toEqual([[`oidc:${GH}|repo:acme/infra:ref:refs/heads/main`, `gcp:${repoSet('acme/infra')}`, 'gcp:iam:WorkloadIdentityFederation', false]]);
    expect(edges[0]?.evidence.refs[0]?.detail).toContain("assertion.repository_owner == 'acme'");
  });

  it('negative: the attributeCondition rejects another owner, even for a matching member', () => {
    expect(gcpFederationEdges(inventory("assertion.repository_owner == 'acme'", [repoSet('evil/infra')]), [ghToken('evil/infra')])).toEqual([]);
  });

  it('no attributeCondition and a whole-pool member: any repository on GitHub', () => {
    const edges = gcpFederationEdges(inventory(undefined, [`principalSet://iam.googleapis.com/${POOL}/*`]), [ghToken('stranger/anything')]);
    expect(edges).toHaveLength(1);
    expect(edges[0]?.evidence.summary).toContain('no attributeCondition');
  });

  it('principal://…/subject/SUB matches the mapped google.subject exactly', () => {
    const sub = 'repo:acme/infra:ref:refs/heads/main';
    const inv = inventory("assertion.repository_owner == 'acme'", [`principal://iam.googleapis.com/${POOL}/subject/${sub}`]);
    expect(gcpFederationEdges(inv, [ghToken('acme/infra')])).toHaveLength(1);
    expect(gcpFederationEdges(inv, [ghToken('acme/infra', 'refs/heads/dev')])).toEqual([]);
  });

  it('audiences: a token that can only ask for another audience is refused (default audience is the provider)', () => {
    const inv = inventory("assertion.repository_owner == 'acme'", [repoSet('acme/infra')]);
    expect(gcpFederationEdges(inv, [ghToken('acme/infra', 'refs/heads/main', ['sts.amazonaws.com'])])).toEqual([]);
    expect(gcpFederationEdges(inv, [ghToken('acme/infra', 'refs/heads/main', [`https://iam.googleapis.com/${POOL}/providers/gh`])])).toHaveLength(1);
  });

  it('an issuer the provider does not trust is ignored', () => {
    const other: WorkloadToken = { ...ghToken('acme/infra'), issuer: 'https://gitlab.com', id: 'oidc:https://gitlab.com|x' };
    expect(gcpFederationEdges(inventory(undefined, [repoSet('acme/infra')]), [other])).toEqual([]);
  });
});

describe('gcpFederationEdges: GKE Workload Identity', () => {
  const ISS = 'https://container.googleapis.com/v1/projects/prod/locations/europe-west1/clusters/c1';
  const ksaToken = (ns: string, name: string): WorkloadToken => ({ id: `oidc:${ISS}|system:serviceaccount:${ns}:${name}`, issuer: ISS, subject: `system:serviceaccount:${ns}:${name}`, audiences: 'any', claims: {}, workloadPool: 'prod.svc.id.goog', mintedBy: `k8s:sa:${ns}/${name}` });
  const gke = (members: string[]) => readInputsFromJson({ 'export.json': [...hierarchy(), serviceAccount(B), saPolicy(B, [{ role: 'roles/iam.workloadIdentityUser', members }])] }).inventories[0] as GcpInventory;

  it('serviceAccount:PROJECT.svc.id.goog[NS/KSA] and principal://…/subject/ns/NS/sa/KSA', () => {
    const legacy = 'serviceAccount:prod.svc.id.goog[payments/api]';
    const direct = 'principal://iam.googleapis.com/projects/300/locations/global/workloadIdentityPools/prod.svc.id.goog/subject/ns/payments/sa/api';
    const edges = gcpFederationEdges(gke([legacy, direct]), [ksaToken('payments', 'api')]);
    expect(edges.map((e) => e.target).sort()).toEqual([`gcp:${direct}`, `gcp:${legacy}`].sort());
    expect(edges.every((e) => e.technique === 'gcp:iam:GkeWorkloadIdentity')).toBe(true);
  });

  it('negative: another namespace, or a token of a cluster without Workload Identity', () => {
    const inv = gke(['serviceAccount:prod.svc.id.goog[payments/api]']);
    expect(gcpFederationEdges(inv, [ksaToken('default', 'api')])).toEqual([]);
    const { workloadPool: _, ...plain } = ksaToken('payments', 'api');
    expect(gcpFederationEdges(inv, [plain])).toEqual([]);
  });
});
