import type { GraphEdge } from '../../../model/graph.js';
import type { AzureSecretLink } from '../../../model/inventory/index.js';
import { edge, membershipRefs, viaText } from '../edge.js';
import type { AzureFacts } from '../facts.js';
import { awsAccessKeyId, gcpKeyId, vaultKeysId, vaultSecretId } from '../ids.js';
import { vaultSecretTargets } from '../targets.js';
import { listCredentials } from './credentials.js';

const has = (perms: string[], ...wanted: string[]) => perms.some((p) => ['all', ...wanted].includes(p.toLowerCase()));

/**
 * Access-policy vaults (enableRbacAuthorization false): a policy's `get` on secrets reads values;
 * `decrypt`/`sign`/`unwrapKey` on keys uses them. ARM returns permissions in any case ("Get",
 * "get"), so they are compared case-insensitively. RBAC vaults ignore policies entirely.
 */
export function accessPolicyRules(facts: AzureFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const { item: vault } of facts.resources.values()) {
    const kv = vault.keyVault;
    if (!kv || kv.enableRbacAuthorization) continue;
    kv.accessPolicies.forEach((p, i) => {
      const conditions = p.applicationId ? `compound identity: the policy applies only when the principal acts through application ${p.applicationId}` : undefined;
      const ref = { type: 'resource-policy' as const, source: `${vault.id} accessPolicies`, statement: `#${i}`, detail: `objectId ${p.objectId}: secrets [${p.permissions.secrets.join(', ')}], keys [${p.permissions.keys.join(', ')}]` };
      // The same secrets for every member: read once per policy, not once per member.
      const secrets = has(p.permissions.secrets, 'get') ? vaultSecretTargets(facts, vault.id) : [];
      for (const e of facts.effective(p.objectId)) {
        const refs = [ref, ...membershipRefs(e)];
        if (has(p.permissions.secrets, 'get')) {
          for (const t of secrets) {
            edges.push(edge('CAN_READ', 'azure:keyvault:AccessPolicy', e.principal.nodeId, t, { summary: `access policy of key vault ${vault.name} lets ${e.principal.name} get secrets${viaText(e)}`, refs }, conditions));
          }
        }
        if (has(p.permissions.keys, 'decrypt', 'sign', 'unwrapkey')) {
          edges.push(edge('CAN_READ', 'azure:keyvault:AccessPolicy', e.principal.nodeId, vaultKeysId(vault.id), { summary: `access policy of key vault ${vault.name} lets ${e.principal.name} use its keys${viaText(e)}`, refs }, conditions));
        }
      }
    });
  }
  return edges;
}

/** The credential node(s) a link names; a hint alone may match several secrets of the app. */
function linkTargets(facts: AzureFacts, link: AzureSecretLink): string[] {
  const c = link.credential;
  if (c.type === 'aws-access-key') return [awsAccessKeyId(c.accessKeyId)];
  if (c.type === 'gcp-service-account-key') return [gcpKeyId(c.privateKeyId.toLowerCase())];
  const app = c.appId.toLowerCase();
  const secrets = listCredentials(facts).filter((x) => x.kind === 'secret' && x.clientId === app);
  if (c.keyId) return secrets.filter((x) => x.credential.keyId === c.keyId!.toLowerCase()).map((x) => x.nodeId);
  return secrets.filter((x) => c.hint !== undefined && 'hint' in x.credential && x.credential.hint === c.hint).map((x) => x.nodeId);
}

/** Secret → the credential it holds, from a link file or an opt-in value scan. Reading the secret yields the credential. */
export function secretLinkRules(facts: AzureFacts): { edges: GraphEdge[]; warnings: string[] } {
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const tenant of facts.inventory.tenants) {
    for (const link of tenant.secretLinks) {
      const source = vaultSecretId(link.vaultId, link.secretName);
      const targets = linkTargets(facts, link);
      const c = link.credential;
      const what = c.type === 'azure-client-secret' ? `client secret of app ${c.appId}${c.keyId ? ` (keyId ${c.keyId})` : c.hint ? ` (hint ${c.hint})` : ''}` : c.type === 'aws-access-key' ? `AWS access key ${c.accessKeyId}` : `GCP key ${c.privateKeyId}`;
      if (targets.length === 0) {
        warnings.push(`azure: secret ${link.secretName} in ${link.vaultId} holds ${what}, which matches no credential in the inventory`);
        continue;
      }
      // A hint names up to three characters: when several secrets share it, each is only possibly the one stored.
      const conditions = targets.length > 1 ? `the hint matches ${targets.length} secrets of the app; the stored one is one of them` : undefined;
      for (const t of targets) {
        edges.push(edge('EXPOSES', 'azure:keyvault:SecretHoldsCredential', source, t, {
          summary: `key vault secret ${link.secretName} holds ${what}`,
          refs: [{ type: 'inventory', source: link.source === 'value-scan' ? `value scan of ${link.vaultId}/secrets/${link.secretName}` : link.source, detail: `secret ${link.secretName}` }],
        }, conditions));
      }
    }
  }
  return { edges, warnings };
}
