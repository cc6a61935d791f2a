import { edgeId, type GraphEdge } from '../../../model/graph.js';
import type { AzureKeyCredential, AzurePasswordCredential } from '../../../model/inventory/index.js';
import type { AzureFacts } from '../facts.js';
import { appCertificateId, appSecretId, spCertificateId, spId, spSecretId } from '../ids.js';

export type CredentialStatus = 'active' | 'expired' | 'not-yet-valid';

/** Entra accepts a credential only between its start and end dates. */
export function credentialStatus(c: { startDateTime?: string; endDateTime?: string }, now: Date): CredentialStatus {
  const t = now.getTime();
  if (c.endDateTime && Date.parse(c.endDateTime) <= t) return 'expired';
  if (c.startDateTime && Date.parse(c.startDateTime) > t) return 'not-yet-valid';
  return 'active';
}

export interface CredentialRef {
  nodeId: string;
  kind: 'secret' | 'certificate';
  on: 'application' | 'servicePrincipal';
  /** The app (client) id the credential signs in with. */
  clientId: string;
  credential: AzurePasswordCredential | AzureKeyCredential;
  ownerName: string;
  tenantId: string;
  /** Service principals it signs in as: every tenant's SP of the app, or the one SP it sits on. */
  spObjectIds: string[];
}

/**
 * Every credential of apps and service principals. A credential on the application signs in as
 * the app's service principal in each tenant that has one (multi-tenant apps included); one on a
 * service principal signs in as that SP only. Managed identities' platform certificates are not
 * credentials anyone can leak, so they are left out.
 */
export function listCredentials(facts: AzureFacts): CredentialRef[] {
  const out: CredentialRef[] = [];
  for (const tenant of facts.inventory.tenants) {
    for (const app of tenant.applications) {
      const sps = (facts.spsByAppId.get(app.appId) ?? []).map((s) => s.item.id);
      const base = { on: 'application' as const, clientId: app.appId, ownerName: app.displayName, tenantId: tenant.tenantId, spObjectIds: sps };
      for (const p of app.passwordCredentials) out.push({ ...base, nodeId: appSecretId(app.appId, p.keyId), kind: 'secret', credential: p });
      for (const k of app.keyCredentials) out.push({ ...base, nodeId: appCertificateId(app.appId, k.keyId), kind: 'certificate', credential: k });
    }
    for (const sp of tenant.servicePrincipals) {
      if (facts.isManagedIdentity(sp)) continue;
      const base = { on: 'servicePrincipal' as const, clientId: sp.appId, ownerName: sp.displayName, tenantId: tenant.tenantId, spObjectIds: [sp.id] };
      for (const p of sp.passwordCredentials) out.push({ ...base, nodeId: spSecretId(sp.id, p.keyId), kind: 'secret', credential: p });
      for (const k of sp.keyCredentials) {
        // SAML signing certificates sit on the SP with usage "Sign"; they do not authenticate the SP.
        if (k.usage && k.usage.toLowerCase() !== 'verify') continue;
        out.push({ ...base, nodeId: spCertificateId(sp.id, k.keyId), kind: 'certificate', credential: k });
      }
    }
  }
  return out;
}

/** Credential → the service principal(s) it signs in as, while it is valid and the SP is enabled. */
export function authenticatesAs(facts: AzureFacts, now: Date): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const c of listCredentials(facts)) {
    if (credentialStatus(c.credential, now) !== 'active') continue;
    const technique = c.kind === 'secret' ? 'azure:entra:ClientSecret' : 'azure:entra:Certificate';
    for (const sp of c.spObjectIds) {
      const target = spId(sp);
      const located = facts.sps.get(sp);
      // A disabled service principal cannot sign in, whatever its credentials.
      if (located?.item.accountEnabled === false) continue;
      edges.push({
        id: edgeId('AUTHENTICATES_AS', technique, c.nodeId, target),
        source: c.nodeId,
        target,
        kind: 'AUTHENTICATES_AS',
        technique,
        evidence: {
          summary: `${c.kind === 'secret' ? 'client secret' : 'certificate'} ${c.credential.keyId} of ${c.on === 'application' ? 'application' : 'service principal'} ${c.ownerName} (appId ${c.clientId}) signs in as service principal ${located?.item.displayName ?? sp}${located ? ` in tenant ${located.tenant.tenantId}` : ''}`,
          refs: [
            {
              type: 'inventory',
              source: `${c.on === 'application' ? 'application' : 'servicePrincipal'} ${c.clientId} ${c.kind === 'secret' ? 'passwordCredentials' : 'keyCredentials'}`,
              detail: `keyId ${c.credential.keyId}${c.credential.endDateTime ? `, valid until ${c.credential.endDateTime}` : ''}`,
            },
          ],
        },
        conditional: false,
      });
    }
  }
  return edges;
}
