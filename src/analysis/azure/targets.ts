import type { AzureTenant } from '../../model/inventory/index.js';
import type { AzureFacts } from './facts.js';
import { appId, spId, vaultSecretId, vaultSecretsId } from './ids.js';

export interface CredentialTarget {
  nodeId: string;
  name: string;
  what: 'application' | 'service principal';
}

/**
 * Objects a tenant-wide "add a credential" right can use: every application of the tenant, and
 * every service principal that has no application object here. Left out: managed identities
 * (no credentials can be added) and foreign service principals (the app lives in another tenant;
 * first-party SPs refuse credentials, BloodHound-Legacy #681).
 */
export function credentialTargets(facts: AzureFacts, tenant: AzureTenant): CredentialTarget[] {
  const apps = tenant.applications.map((a) => ({ nodeId: appId(a.appId), name: a.displayName, what: 'application' as const }));
  const homeApps = new Set(tenant.applications.map((a) => a.appId));
  const sps = tenant.servicePrincipals
    .filter((s) => !facts.isManagedIdentity(s) && !facts.isForeign(s, tenant) && !homeApps.has(s.appId))
    .map((s) => ({ nodeId: spId(s.id), name: s.displayName, what: 'service principal' as const }));
  return [...apps, ...sps];
}

/**
 * Groups whose membership is worth something: they hold an Entra role, an Azure role, a key
 * vault access policy, an app role, or own something. Adding oneself to any other group gains
 * nothing the graph can show, so no edge is drawn to it.
 */
export function powerfulGroups(facts: AzureFacts): Set<string> {
  const ids = new Set<string>();
  for (const t of facts.inventory.tenants) {
    for (const a of t.directoryRoleAssignments) ids.add(a.principalId);
    for (const a of t.armRoleAssignments) ids.add(a.principalId);
    for (const a of t.appRoleAssignments) ids.add(a.principalId);
    for (const r of t.resources) for (const p of r.keyVault?.accessPolicies ?? []) ids.add(p.objectId);
    for (const o of [...t.applications, ...t.servicePrincipals, ...t.groups]) for (const ref of o.owners) ids.add(ref.id);
  }
  return new Set([...ids].filter((id) => facts.groups.has(id)));
}

/** What reading a vault's secrets yields: the secrets known by name, else the vault's secret store as a whole. */
export function vaultSecretTargets(facts: AzureFacts, vaultId: string): string[] {
  const names = new Set<string>();
  for (const t of facts.inventory.tenants) {
    for (const s of t.keyVaultSecrets) if (s.vaultId === vaultId) names.add(s.name.toLowerCase());
    for (const l of t.secretLinks) if (l.vaultId === vaultId) names.add(l.secretName.toLowerCase());
  }
  return names.size ? [...names].sort().map((n) => vaultSecretId(vaultId, n)) : [vaultSecretsId(vaultId)];
}
