import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AzureFederatedCredential, AzureInventory, AzureTenant } from '../../src/model/inventory/index.js';
import { looseFederationTrusts, riskyThirdPartyApps } from '../../src/snapshot/trusts.js';
import { doc, gaad, role } from '../helpers/aws-estate.js';
import { A, snapshotOf } from './helpers.js';

/** Vendor-documented shapes (fixtures/README.md names each source). */
const DOCS = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/vendor-docs.json'), 'utf8'));
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
const trust = (Condition: object) => doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition });

describe('federation hygiene on documented trust shapes', () => {
  it("AWS: GitHub's pinned subject is fine; a wildcard subject or an audience-only trust is loose", () => {
    const s = snapshotOf({
      'gaad.json': gaad({
        roles: [
          role(A, 'pinned', trust(DOCS.awsTrustConditions.pinned)),
          role(A, 'wildcard', trust(DOCS.awsTrustConditions.wildcard)),
          role(A, 'audience-only', trust(DOCS.awsTrustConditions.audienceOnly)),
        ],
      }),
    });
    const found = looseFederationTrusts(s.inventories);
    expect(found.map((f) => f.id)).toEqual([
      `arn:aws:iam::${A}:role/wildcard#0|token.actions.githubusercontent.com`,
      `arn:aws:iam::${A}:role/audience-only#0|token.actions.githubusercontent.com`,
    ]);
    expect(found[0]!.detail).toMatch(/wildcard token\.actions\.githubusercontent\.com:sub/);
    expect(found[1]!.detail).toMatch(/no token\.actions\.githubusercontent\.com:sub condition/);
  });

  it('Entra: a flexible (claims-matching) credential is loose, a pinned subject is not', () => {
    const fic = (f: AzureFederatedCredential & { claimsMatchingExpression?: unknown }): AzureFederatedCredential => {
      const cme = f.claimsMatchingExpression as { value: string } | undefined;
      return { ...f, ...(cme ? { claimsMatchingExpression: cme.value } : {}) } as AzureFederatedCredential;
    };
    const tenant = emptyTenant();
    tenant.applications.push({ id: 'app-obj', appId: 'app-1', displayName: 'deployer', passwordCredentials: [], keyCredentials: [], federatedIdentityCredentials: [fic(DOCS.flexibleFic), fic(DOCS.pinnedFic)], owners: [], requiredResourceAccess: [] });
    const found = looseFederationTrusts([{ provider: 'azure', tenants: [tenant] } as AzureInventory]);
    expect(found).toEqual([{ id: 'fic-flexible-1', provider: 'azure', scope: 'tenant-1', detail: 'federated credential contoso-all-branches of application deployer: a claims-matching expression instead of one subject' }]);
  });
});

function emptyTenant(): AzureTenant {
  return {
    tenantId: 'tenant-1',
    users: [], groups: [], applications: [], servicePrincipals: [], appRoleAssignments: [], oauth2PermissionGrants: [], directoryRoles: [], directoryRoleAssignments: [],
    managementGroups: [], subscriptions: [], resourceGroups: [], resources: [], armRoleDefinitions: [], armRoleAssignments: [], keyVaultSecrets: [], secretLinks: [],
  };
}

describe('third-party OAuth apps on the documented grant shape', () => {
  const sp = (id: string, owner: string | undefined, name: string) => ({ id, appId: `app-${id}`, displayName: name, appOwnerOrganizationId: owner, alternativeNames: [], passwordCredentials: [], keyCredentials: [], owners: [] });
  it('counts a foreign app holding high-risk delegated scopes; not its own tenant apps nor Microsoft first-party apps', () => {
    const grant = DOCS.oauth2PermissionGrant;
    const tenant = emptyTenant();
    tenant.servicePrincipals.push(sp(grant.clientId, 'vendor-tenant', 'Mail Sync Pro'), sp('own', 'tenant-1', 'Our app'), sp('ms', 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', 'Microsoft app'));
    for (const clientId of [grant.clientId, 'own', 'ms']) tenant.oauth2PermissionGrants.push({ ...grant, id: `g-${clientId}`, clientId, principalId: undefined });
    const found = riskyThirdPartyApps([{ provider: 'azure', tenants: [tenant] } as AzureInventory]);
    expect(found).toEqual([{ id: `azure:sp:${grant.clientId}`, provider: 'azure', scope: 'tenant-1', detail: 'Mail Sync Pro: Files.ReadWrite.All (delegated, AllPrincipals), Mail.ReadWrite (delegated, AllPrincipals)' }]);
  });

  it('a foreign app with only low-risk scopes is not counted', () => {
    const tenant = emptyTenant();
    tenant.servicePrincipals.push(sp('x', 'vendor-tenant', 'Calendar widget'));
    tenant.oauth2PermissionGrants.push({ id: 'g', clientId: 'x', consentType: 'Principal', principalId: 'u', resourceId: 'r', scope: 'User.Read openid profile' });
    expect(riskyThirdPartyApps([{ provider: 'azure', tenants: [tenant] } as AzureInventory])).toEqual([]);
  });
});
