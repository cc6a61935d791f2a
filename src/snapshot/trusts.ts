import { GRAPH_PERMISSION_BY_ID, MS_GRAPH_APP_ID } from '../analysis/azure/known.js';
import type { AwsInventory, AzureInventory, Inventory } from '../model/inventory/index.js';

/** A fact read from an inventory that the graph does not carry as a node: a trust or a grant. */
export interface InventoryFinding {
  /** Stable across runs: a role ARN and statement, a federated credential id, a service principal. */
  id: string;
  provider: string;
  scope: string;
  detail: string;
}

const OIDC_PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const WILDCARD = /[*?]/;

/**
 * AWS roles trusting an OIDC provider without pinning the subject: no `<host>:sub` condition
 * (any workload of the issuer, e.g. every GitHub repository), or a wildcard one under a *Like
 * operator.
 */
function awsLooseTrusts(inventory: AwsInventory): InventoryFinding[] {
  const out: InventoryFinding[] = [];
  for (const account of inventory.accounts) {
    for (const role of account.roles) {
      role.trustPolicy.Statement.forEach((s, i) => {
        if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*') return;
        const federated = ([] as string[]).concat(s.Principal.Federated ?? []);
        for (const arn of federated) {
          const host = OIDC_PROVIDER_ARN.exec(arn)?.[1]?.toLowerCase();
          if (!host) continue;
          const subs: { operator: string; values: string[] }[] = [];
          for (const [operator, block] of Object.entries(s.Condition ?? {})) {
            for (const [key, v] of Object.entries(block)) {
              if (key.toLowerCase() === `${host}:sub`) subs.push({ operator, values: ([] as unknown[]).concat(v).map(String) });
            }
          }
          const where = `${role.arn} trust statement ${s.Sid ?? i}`;
          if (subs.length === 0) {
            out.push({ id: `${role.arn}#${s.Sid ?? i}|${host}`, provider: 'aws', scope: account.accountId, detail: `${where}: no ${host}:sub condition (any subject of the issuer)` });
          } else if (subs.some((c) => /like/i.test(c.operator) && c.values.some((v) => WILDCARD.test(v)))) {
            out.push({ id: `${role.arn}#${s.Sid ?? i}|${host}`, provider: 'aws', scope: account.accountId, detail: `${where}: wildcard ${host}:sub` });
          }
        }
      });
    }
  }
  return out;
}

function azureLooseTrusts(inventory: AzureInventory): InventoryFinding[] {
  const out: InventoryFinding[] = [];
  for (const tenant of inventory.tenants) {
    const fics = [
      ...tenant.applications.flatMap((a) => a.federatedIdentityCredentials.map((f) => ({ f, owner: `application ${a.displayName}` }))),
      ...tenant.resources.flatMap((r) => (r.managedIdentity?.federatedIdentityCredentials ?? []).map((f) => ({ f, owner: `managed identity ${r.name}` }))),
    ];
    for (const { f, owner } of fics) {
      const detail = f.claimsMatchingExpression
        ? 'a claims-matching expression instead of one subject'
        : f.subject === undefined || f.subject === ''
          ? 'no subject'
          : WILDCARD.test(f.subject)
            ? 'a wildcard subject'
            : undefined;
      if (detail) out.push({ id: f.id, provider: 'azure', scope: tenant.tenantId, detail: `federated credential ${f.name} of ${owner}: ${detail}` });
    }
  }
  return out;
}

export function looseFederationTrusts(inventories: readonly Inventory[]): InventoryFinding[] {
  return inventories.flatMap((inv) => (inv.provider === 'aws' ? awsLooseTrusts(inv) : inv.provider === 'azure' ? azureLooseTrusts(inv) : []));
}

/** Delegated scopes that read or change mail, files or the directory as the user. */
const HIGH_RISK_SCOPES = new Set(
  [
    'Directory.AccessAsUser.All',
    'Directory.ReadWrite.All',
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'Mail.Read',
    'Mail.ReadWrite',
    'Mail.Send',
    'Files.ReadWrite.All',
    'Files.Read.All',
    'Sites.ReadWrite.All',
    'Sites.FullControl.All',
    'full_access_as_user',
    'EWS.AccessAsUser.All',
  ].map((s) => s.toLowerCase()),
);

/** Microsoft's own tenants own the first-party apps: not third parties. */
const MICROSOFT_TENANTS = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);

/** Whether any inventory lists OAuth grants at all: without one the metric is not collected. */
export function hasOAuthInventory(inventories: readonly Inventory[]): boolean {
  return inventories.some((inv) => inv.provider === 'azure');
}

/** Third-party service principals holding a high-risk delegated scope or Graph application permission. */
export function riskyThirdPartyApps(inventories: readonly Inventory[]): InventoryFinding[] {
  const out: InventoryFinding[] = [];
  for (const inv of inventories) {
    if (inv.provider !== 'azure') continue;
    for (const tenant of inv.tenants) {
      const graphSp = new Set(tenant.servicePrincipals.filter((sp) => sp.appId === MS_GRAPH_APP_ID).map((sp) => sp.id));
      for (const sp of tenant.servicePrincipals) {
        const owner = sp.appOwnerOrganizationId;
        if (!owner || owner === tenant.tenantId || MICROSOFT_TENANTS.has(owner)) continue;
        const risky = new Set<string>();
        for (const g of tenant.oauth2PermissionGrants) {
          if (g.clientId !== sp.id) continue;
          for (const scope of g.scope.split(/\s+/)) if (HIGH_RISK_SCOPES.has(scope.toLowerCase())) risky.add(`${scope} (delegated, ${g.consentType})`);
        }
        for (const a of tenant.appRoleAssignments) {
          if (a.principalId !== sp.id || !graphSp.has(a.resourceId)) continue;
          const name = GRAPH_PERMISSION_BY_ID.get(a.appRoleId);
          if (name) risky.add(`${name} (application)`);
        }
        if (risky.size) out.push({ id: `azure:sp:${sp.id}`, provider: 'azure', scope: tenant.tenantId, detail: `${sp.displayName}: ${[...risky].sort().join(', ')}` });
      }
    }
  }
  return out;
}
