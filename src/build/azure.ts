import { edgeId, type GraphEdge, type GraphNode, type Provider } from '../model/graph.js';
import type { AzureInventory, AzureResource } from '../model/inventory/index.js';
import { AzureFacts, isManagementGroup, roleKey } from '../analysis/azure/facts.js';
import * as ID from '../analysis/azure/ids.js';
import { ADD_OWNER_ROLES, ADD_SECRET_ROLES, FANOUT_PERMISSIONS, ROLE_NAMES, TIER_ZERO_ROLES, directoryRoleName } from '../analysis/azure/known.js';
import { attachedIdentities } from '../analysis/azure/rules/arm.js';
import { credentialStatus, listCredentials } from '../analysis/azure/rules/credentials.js';
import { ficSubject } from '../analysis/azure/rules/federation.js';

const ARM_TYPE_NAMES: Record<string, string> = {
  'microsoft.compute/virtualmachines': 'azure:vm',
  'microsoft.compute/virtualmachinescalesets': 'azure:vmss',
  'microsoft.web/sites': 'azure:web-app',
  'microsoft.logic/workflows': 'azure:logic-app',
  'microsoft.automation/automationaccounts': 'azure:automation-account',
  'microsoft.containerservice/managedclusters': 'azure:aks',
  'microsoft.containerregistry/registries': 'azure:container-registry',
  'microsoft.keyvault/vaults': 'azure:key-vault',
  'microsoft.storage/storageaccounts': 'azure:storage-account',
  'microsoft.managedidentity/userassignedidentities': 'azure:user-assigned-identity',
};

export function resourceType(r: AzureResource): string {
  if (r.type === 'microsoft.web/sites' && r.kind?.includes('functionapp')) return 'azure:function-app';
  return ARM_TYPE_NAMES[r.type] ?? 'azure:resource';
}


/**
 * Graph returns a certificate's thumbprint base64-encoded; the portal, `openssl x509 -fingerprint`
 * and most leak reports show it in hex. Both are lookup keys.
 */
export function thumbprintForms(customKeyIdentifier: string): string[] {
  const bytes = Buffer.from(customKeyIdentifier, 'base64');
  const isDigest = (bytes.length === 20 || bytes.length === 32) && bytes.toString('base64') === customKeyIdentifier;
  return isDigest ? [customKeyIdentifier, bytes.toString('hex').toUpperCase()] : [customKeyIdentifier];
}

/** Which provider a federation subject belongs to, by its issuer and subject form. */
function federatedSubjectKind(issuer: string, subject: string): { provider: Provider; type: string } {
  if (issuer === 'https://token.actions.githubusercontent.com' || /^repo:[^/]+\/[^:]+:/.test(subject)) return { provider: 'github', type: 'github:actions-oidc-subject' };
  if (subject.startsWith('system:serviceaccount:')) return { provider: 'kubernetes', type: 'kubernetes:service-account' };
  return { provider: 'external', type: 'oidc:subject' };
}

/**
 * Azure inventory → nodes and base edges (app runs as its SPs, group membership, managed
 * identity attached to compute). Attack edges are left to analysis.
 */
export function buildAzure(inventory: AzureInventory, now: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const facts = new AzureFacts(inventory);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  const add = (n: Omit<GraphNode, 'provider' | 'tags'> & { provider?: Provider; tags?: Record<string, string> }) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { provider: 'azure', tags: {}, ...n });
  };
  const fact = (kind: string, technique: string, source: string, target: string, summary: string, source2: string) =>
    edges.push({
      id: edgeId(kind, technique, source, target),
      source,
      target,
      kind,
      technique,
      evidence: { summary, refs: [{ type: kind === 'MEMBER_OF' ? 'group-membership' : 'inventory', source: source2 }] },
      conditional: false,
    });

  for (const tenant of inventory.tenants) {
    const scope = tenant.tenantId;
    for (const u of tenant.users) {
      add({ id: ID.userId(u.id), kind: 'Identity', type: 'azure:user', name: u.displayName, scope, aliases: [u.id, ...(u.userPrincipalName ? [u.userPrincipalName] : [])], props: { objectId: u.id, accountEnabled: u.accountEnabled ?? null } });
    }
    for (const g of tenant.groups) {
      add({ id: ID.groupId(g.id), kind: 'Identity', type: 'azure:group', name: g.displayName, scope, aliases: [g.id], props: { objectId: g.id, isAssignableToRole: g.isAssignableToRole } });
    }
    for (const sp of tenant.servicePrincipals) {
      const mi = facts.isManagedIdentity(sp);
      const armId = mi ? sp.alternativeNames.find((n) => n.startsWith('/')) : undefined;
      const userAssigned = sp.alternativeNames.some((n) => n.toLowerCase() === 'isexplicit=true');
      add({
        id: ID.spId(sp.id),
        kind: 'Identity',
        type: mi ? 'azure:managed-identity' : 'azure:sp',
        name: sp.displayName,
        scope,
        aliases: [sp.id, ...(armId ? [armId.toLowerCase()] : [])],
        props: {
          objectId: sp.id,
          appId: sp.appId,
          servicePrincipalType: sp.servicePrincipalType ?? null,
          appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
          foreign: facts.isForeign(sp, tenant),
          ...(mi ? { managedIdentity: userAssigned ? 'user-assigned' : 'system-assigned', armId: armId?.toLowerCase() ?? null } : {}),
        },
      });
    }
    for (const app of tenant.applications) {
      add({ id: ID.appId(app.appId), kind: 'Identity', type: 'azure:app', name: app.displayName, scope, aliases: [app.id], props: { appId: app.appId, objectId: app.id, signInAudience: app.signInAudience ?? null } });
      for (const sp of facts.spsByAppId.get(app.appId) ?? []) {
        fact('RUNS_AS', 'azure:entra:AppRunsAs', ID.appId(app.appId), ID.spId(sp.item.id), `application ${app.displayName} runs as its service principal in tenant ${sp.tenant.tenantId}`, `servicePrincipal ${sp.item.id} appId ${app.appId}`);
      }
    }

    const roles = new Set<string>([...TIER_ZERO_ROLES, ...ADD_SECRET_ROLES, ...ADD_OWNER_ROLES]);
    for (const r of tenant.directoryRoles) roles.add(r.templateId);
    for (const a of tenant.directoryRoleAssignments) roles.add(roleKey(tenant, a.roleDefinitionId));
    for (const key of roles) {
      const def = tenant.directoryRoles.find((r) => r.templateId === key);
      add({ id: ID.roleId(key, scope), kind: 'Identity', type: 'azure:entra-role', name: directoryRoleName(tenant, key) ?? `directory role ${key}`, scope, props: { templateId: key, tenantId: scope, isBuiltIn: def?.isBuiltIn ?? key in ROLE_NAMES } });
    }

    for (const sp of tenant.servicePrincipals) {
      for (const name of facts.graphPermissions(sp.id).keys()) {
        if (!FANOUT_PERMISSIONS.includes(name)) continue;
        add({ id: ID.graphPermissionId(name, scope), kind: 'Identity', type: 'azure:graph-permission', name: `${name} (Microsoft Graph application permission)`, scope, props: { permission: name, tenantId: scope } });
      }
    }

    for (const g of tenant.groups) {
      for (const m of g.members) {
        const p = facts.principals.get(m.id);
        if (p) fact('MEMBER_OF', 'azure:entra:GroupMembership', p.nodeId, ID.groupId(g.id), `${p.name} is a member of group ${g.displayName}`, `group ${g.id} members`);
      }
    }

    for (const mg of tenant.managementGroups) {
      add({ id: mg.id, kind: 'Resource', type: 'azure:management-group', name: mg.displayName ?? mg.name, scope, props: { parentId: mg.parentId ?? null, tenantRoot: mg.name === scope } });
    }
    for (const s of tenant.subscriptions) {
      add({ id: s.id, kind: 'Resource', type: 'azure:subscription', name: s.displayName, scope, aliases: [s.subscriptionId], props: { subscriptionId: s.subscriptionId, managementGroupId: s.managementGroupId ?? null } });
    }
    for (const g of tenant.resourceGroups) add({ id: g.id, kind: 'Resource', type: 'azure:resource-group', name: g.name, scope, props: {} });
    for (const r of tenant.resources) {
      add({ id: r.id, kind: 'Resource', type: resourceType(r), name: r.name, scope, tags: r.tags, props: { armType: r.type, ...(r.keyVault ? { enableRbacAuthorization: r.keyVault.enableRbacAuthorization } : {}) } });
      if (r.keyVault) {
        add({ id: ID.vaultSecretsId(r.id), kind: 'SecretLocation', type: 'azure:key-vault-secrets', name: `secrets of key vault ${r.name}`, scope, props: { vaultId: r.id } });
        add({ id: ID.vaultKeysId(r.id), kind: 'SecretLocation', type: 'azure:key-vault-keys', name: `keys of key vault ${r.name}`, scope, props: { vaultId: r.id } });
      }
      for (const a of attachedIdentities(facts, r)) {
        fact('ATTACHED_TO', 'azure:arm:ManagedIdentityAttachment', ID.spId(a.objectId), r.id, `managed identity ${facts.principals.get(a.objectId)?.name ?? a.objectId} (${a.how}) is attached to ${r.name}`, `${r.id} identity`);
      }
    }
    // Assignment scopes outside the listings (tenant root "/", uncollected scopes) still need a node.
    for (const a of tenant.armRoleAssignments) {
      if (nodes.has(a.scope)) continue;
      const type = a.scope === '/' ? 'azure:root-scope' : isManagementGroup(a.scope) ? 'azure:management-group' : a.scope.split('/').length === 3 ? 'azure:subscription' : 'azure:scope';
      add({ id: a.scope, kind: 'Resource', type, name: a.scope === '/' ? `root scope of tenant ${scope}` : (a.scope.split('/').pop() ?? a.scope), scope, props: { collected: false } });
    }

    const secretNode = (vaultId: string, name: string) => {
      const vault = facts.resources.get(vaultId)?.item;
      add({ id: ID.vaultSecretId(vaultId, name), kind: 'SecretLocation', type: 'azure:key-vault-secret', name: `${vault?.name ?? vaultId.split('/').pop()}/${name}`, scope, props: { vaultId, secretName: name } });
    };
    for (const s of tenant.keyVaultSecrets) secretNode(s.vaultId, s.name);
    for (const l of tenant.secretLinks) secretNode(l.vaultId, l.secretName);

    const fics = [...tenant.applications.flatMap((a) => a.federatedIdentityCredentials), ...tenant.resources.flatMap((r) => r.managedIdentity?.federatedIdentityCredentials ?? [])];
    for (const f of fics) {
      const subject = ficSubject(f);
      if (subject === undefined) continue;
      const { provider, type } = federatedSubjectKind(f.issuer, subject);
      add({ id: ID.federatedSubjectId(f.issuer, subject), kind: 'Identity', provider, type, name: subject, props: { issuer: f.issuer, subject } });
    }
  }

  for (const c of listCredentials(facts)) {
    const cred = c.credential;
    const hint = 'hint' in cred ? cred.hint : undefined;
    const thumbprint = 'customKeyIdentifier' in cred && c.kind === 'certificate' ? cred.customKeyIdentifier : undefined;
    add({
      id: c.nodeId,
      kind: 'Credential',
      type: c.kind === 'secret' ? 'azure:client-secret' : 'azure:certificate',
      name: `${c.kind === 'secret' ? 'client secret' : 'certificate'} ${cred.displayName ? `"${cred.displayName}" ` : ''}of ${c.ownerName} (${cred.keyId})`,
      scope: c.tenantId,
      // Never the app id alone: an app has several credentials, and naming the app does not say which leaked.
      aliases: [`${c.clientId}:${cred.keyId}`, cred.keyId, ...(hint ? [hint] : []), ...(thumbprint ? thumbprintForms(thumbprint) : [])],
      props: {
        owner: `${c.ownerName} (${c.clientId})`,
        status: credentialStatus(cred, now),
        appId: c.clientId,
        keyId: cred.keyId,
        on: c.on,
        hint: hint ?? null,
        startDateTime: cred.startDateTime ?? null,
        endDateTime: cred.endDateTime ?? null,
      },
    });
  }
  return { nodes: [...nodes.values()], edges, warnings };
}
