import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { principalMatches, v1Permission } from '../../src/analysis/gcp/deny.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { analyseExports } from '../helpers/analyse.js';
import { email, hierarchy, key, policy, PROD, ORG, sa, saPolicy, serviceAccount } from './fixtures/cai.js';
import { find, fromTo } from './helpers.js';

/**
 * IAM deny policies (IAM v2): a denied permission removes the grants it would use, with the deny
 * policy named in the run's warnings; what the data cannot settle (group membership, tag
 * conditions) keeps the edge, conditional on the deny rule.
 */
const A = email('leaked');
const B = email('target');
const tokenCreator = saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${A}`] }]);
const ATTACH = 'cloudresourcemanager.googleapis.com%2Fprojects%2Fprod';

function deny(rule: Record<string, unknown>, attach = ATTACH, id = 'no-impersonation') {
  return { name: `policies/${attach}/denypolicies/${id}`, displayName: 'No impersonation', kind: 'DenyPolicy', rules: [{ description: 'r', denyRule: rule }] };
}
const graphWith = (...denies: object[]) => analyseExports({ 'export.json': [...hierarchy(), serviceAccount(A), serviceAccount(B), key(A, 'ab12'), tokenCreator], ...(denies.length ? { 'deny.json': denies } : {}) });
/** Every token permission Token Creator grants, as deny policies spell them. */
const TOKEN_PERMISSIONS = ['getAccessToken', 'signBlob', 'signJwt', 'implicitDelegation', 'getOpenIdToken'].map((p) => `iam.googleapis.com/serviceAccounts.${p}`);
const getAccessToken = ['iam.googleapis.com/serviceAccounts.getAccessToken'];
const saPrincipal = `principal://iam.googleapis.com/projects/-/serviceAccounts/${A}`;

describe('IAM deny policies', () => {
  it('control: without a deny policy the token creator impersonates', () => {
    const { graph } = graphWith();
    expect(find(graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B))?.conditional).toBe(false);
  });

  it('a deny rule naming the service account removes the edge; the warning names the policy and rule', () => {
    const { graph, warnings } = graphWith(deny({ deniedPrincipals: [saPrincipal], deniedPermissions: TOKEN_PERMISSIONS }));
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
    expect(warnings.join('\n')).toMatch(/deny policy "No impersonation" policies\/cloudresourcemanager.googleapis.com%2Fprojects%2Fprod\/denypolicies\/no-impersonation rule 1 \(deny.json \[0\]\) removes iam.serviceAccounts.getAccessToken from serviceAccount:leaked@prod/);
  });

  it('everyone denied (public:all) at the organisation, inherited down to the project', () => {
    const { graph } = graphWith(deny({ deniedPrincipals: ['principalSet://goog/public:all'], deniedPermissions: ['iam.googleapis.com/serviceAccounts.*'] }, `cloudresourcemanager.googleapis.com%2F${ORG.replace('/', '%2F')}`));
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
  });

  it('negative: an exception principal, an excepted permission, another permission or another principal keep the edge', () => {
    for (const rule of [
      { deniedPrincipals: ['principalSet://goog/public:all'], exceptionPrincipals: [saPrincipal], deniedPermissions: getAccessToken },
      { deniedPrincipals: [saPrincipal], deniedPermissions: ['iam.googleapis.com/serviceAccounts.*'], exceptionPermissions: getAccessToken },
      { deniedPrincipals: [saPrincipal], deniedPermissions: ['cloudresourcemanager.googleapis.com/projects.delete'] },
      { deniedPrincipals: ['principal://goog/subject/alice@example.com'], deniedPermissions: getAccessToken },
    ]) {
      const { graph } = graphWith(deny(rule));
      const e = find(graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B));
      expect(e, JSON.stringify(rule)).toBeDefined();
      expect(e!.conditional).toBe(false);
    }
  });

  it('undecidable: a denied group (membership unknown) or a tag condition keeps the edge, conditional on the rule', () => {
    const group = graphWith(deny({ deniedPrincipals: ['principalSet://goog/group/contractors@example.com'], deniedPermissions: TOKEN_PERMISSIONS }));
    const [g, ...more] = fromTo(group.graph, sa(A), sa(B));
    expect(more).toEqual([]);
    expect(g?.conditional).toBe(true);
    expect(JSON.stringify(g)).toMatch(/unless deny policy .*no-impersonation rule 1 applies \(if the member is among its denied principals\)/);
    const tag = graphWith(deny({ deniedPrincipals: [saPrincipal], deniedPermissions: TOKEN_PERMISSIONS, denialCondition: { title: 'prod only', expression: "resource.matchTag('123/env', 'prod')" } }));
    const [t] = fromTo(tag.graph, sa(A), sa(B));
    expect(t?.conditional).toBe(true);
    expect(JSON.stringify(t)).toContain("if resource.matchTag('123/env', 'prod')");
  });

  it('a project administrator denied setIamPolicy is no longer tier zero', () => {
    const owner = policy(PROD, [{ role: 'roles/resourcemanager.projectIamAdmin', members: ['user:ops@example.com'] }]);
    const plain = analyseExports({ 'export.json': [...hierarchy(), owner] });
    expect(plain.graph.edges.some((e) => e.source === 'gcp:user:ops@example.com')).toBe(true);
    const denied = analyseExports({ 'export.json': [...hierarchy(), owner], 'deny.json': [deny({ deniedPrincipals: ['principal://goog/subject/ops@example.com'], deniedPermissions: ['cloudresourcemanager.googleapis.com/projects.setIamPolicy'] })] });
    expect(denied.graph.edges.filter((e) => e.source === 'gcp:user:ops@example.com' && e.technique?.includes('setIamPolicy'))).toEqual([]);
  });

  it("reads Google's documented deny policy: attachment point decoded, rules kept, tag conditions conditional", () => {
    const doc = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/gcp/deny/documented.json'), 'utf8'));
    const read = readInputsFromJson({ 'export.json': hierarchy(), 'deny.json': doc });
    const inv = read.inventories.find((i) => i.provider === 'gcp')! as { denyPolicies: { attachmentPoint: string; rules: unknown[] }[] };
    expect(inv.denyPolicies[0]!.attachmentPoint).toBe('//cloudresourcemanager.googleapis.com/projects/300');
    expect(inv.denyPolicies[0]!.rules).toHaveLength(2);
    // `gcloud iam policies list` prints no rules: said, not silently allowed.
    const listed = readInputsFromJson({ 'export.json': hierarchy(), 'list.json': [{ name: doc.name, uid: doc.uid, kind: 'DenyPolicy', displayName: doc.displayName, etag: doc.etag }] });
    expect(listed.warnings.join('\n')).toMatch(/lists no rules .*gcloud iam policies get/);
  });

  it('principal identifiers and permission names map between v2 and v1', () => {
    expect(principalMatches('principal://goog/subject/Alice@example.com', 'user:alice@example.com')).toBe('yes');
    expect(principalMatches('principalSet://goog/group/g@example.com', 'group:g@example.com')).toBe('yes');
    expect(principalMatches('principalSet://goog/group/g@example.com', 'user:alice@example.com')).toBe('maybe');
    expect(principalMatches('principal://goog/subject/alice@example.com', 'serviceAccount:alice@example.com')).toBe('no');
    expect(principalMatches('principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*', 'principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/subject/x')).toBe('yes');
    expect(v1Permission('cloudresourcemanager.googleapis.com/projects.setIamPolicy')).toBe('resourcemanager.projects.setIamPolicy');
    expect(v1Permission('iam.googleapis.com/serviceAccountKeys.create')).toBe('iam.serviceAccountKeys.create');
  });
});
