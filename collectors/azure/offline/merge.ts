import type { AzureDirectoryRef, AzureInventory, AzureTenant } from '../../../src/model/inventory/index.js';
import { emptyTenant, lc } from '../convert.js';
import type { AzurePart, AzureRelation } from '../part.js';
import { appendAll } from '../../../src/model/append.js';

type ListKey = Exclude<keyof AzureTenant, 'tenantId' | 'displayName'>;
type Item<K extends ListKey> = AzureTenant[K][number];

/** How two records of one list are recognised as the same object. */
const KEYS: { [K in ListKey]: (item: Item<K>) => string } = {
  users: (x) => x.id,
  groups: (x) => x.id,
  applications: (x) => x.id,
  servicePrincipals: (x) => x.id,
  appRoleAssignments: (x) => lc(x.id),
  oauth2PermissionGrants: (x) => lc(x.id),
  directoryRoles: (x) => x.id,
  directoryRoleAssignments: (x) => `${x.status}|${lc(x.id)}|${x.principalId}|${x.roleDefinitionId}|${x.directoryScopeId}`,
  managementGroups: (x) => x.id,
  subscriptions: (x) => x.id,
  resourceGroups: (x) => x.id,
  resources: (x) => x.id,
  armRoleDefinitions: (x) => x.id,
  armRoleAssignments: (x) => `${x.status}|${x.id}`,
  keyVaultSecrets: (x) => `${x.vaultId}|${x.name.toLowerCase()}`,
  secretLinks: (x) => `${x.vaultId}|${x.secretName.toLowerCase()}|${JSON.stringify(x.credential)}`,
};

function mergeList<K extends ListKey>(into: AzureTenant, from: AzureTenant, key: K): void {
  const keyOf = KEYS[key] as (item: unknown) => string;
  const target = into[key] as unknown[];
  const index = new Map(target.map((t, i) => [keyOf(t), i]));
  for (const item of from[key] as unknown[]) {
    const at = index.get(keyOf(item));
    if (at === undefined) {
      index.set(keyOf(item), target.length);
      target.push(writable(item));
    } else {
      // Relations attached to the earlier copy (owners, FICs, policies) are kept: the later
      // record of the same object usually comes from a listing that does not carry them.
      target[at] = { ...writable(item), ...pickRelations(target[at]) };
    }
  }
}

/**
 * A copy of a parsed record with its own copies of what applying relations writes to (owners,
 * members, FICs, a vault's policies, a parent id): the parsed part stays as parsed, so that it
 * can be merged again (a snapshot run merges each source alone, then all of them together).
 */
function writable(item: unknown): Record<string, unknown> {
  const out = { ...(item as Record<string, unknown>) };
  for (const k of ['owners', 'members', 'federatedIdentityCredentials']) if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[])];
  const mi = out.managedIdentity as { federatedIdentityCredentials?: unknown[] } | undefined;
  if (mi) out.managedIdentity = { ...mi, ...(mi.federatedIdentityCredentials ? { federatedIdentityCredentials: [...mi.federatedIdentityCredentials] } : {}) };
  const kv = out.keyVault as { accessPolicies?: unknown[] } | undefined;
  if (kv) out.keyVault = { ...kv, ...(kv.accessPolicies ? { accessPolicies: [...kv.accessPolicies] } : {}) };
  return out;
}

function pickRelations(existing: unknown): Record<string, unknown> {
  const e = existing as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['owners', 'members', 'federatedIdentityCredentials']) {
    if (Array.isArray(e[k]) && (e[k] as unknown[]).length > 0) out[k] = e[k];
  }
  return out;
}

/** Per member list, its refs by id: a group of 100,000 members took minutes with a scan per add. */
const refIndex = new WeakMap<AzureDirectoryRef[], Map<string, AzureDirectoryRef>>();

function addRef(list: AzureDirectoryRef[], ref: AzureDirectoryRef): void {
  let index = refIndex.get(list);
  if (!index) refIndex.set(list, (index = new Map(list.map((r) => [r.id, r]))));
  const found = index.get(ref.id);
  if (!found) {
    list.push(ref);
    index.set(ref.id, ref);
  } else if (found.type === 'unknown') {
    // Replaced, not written to: the ref may be a parsed part's (see writable).
    const known = { ...found, type: ref.type };
    list[list.indexOf(found)] = known;
    index.set(ref.id, known);
  }
}

/** Lookups for applying relations: AzureHound writes thousands of them, one per owner or member. */
class Lookup {
  readonly apps = new Map<string, AzureTenant['applications']>();
  readonly sps = new Map<string, AzureTenant['servicePrincipals']>();
  readonly groups = new Map<string, AzureTenant['groups']>();
  readonly resources = new Map<string, AzureTenant['resources']>();
  readonly mgs = new Map<string, AzureTenant['managementGroups']>();
  readonly subs = new Map<string, AzureTenant['subscriptions']>();

  constructor(readonly tenants: AzureTenant[]) {
    const put = <T>(map: Map<string, T[]>, key: string, item: T) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const t of tenants) {
      // AzureHound names an app by its object id in some records and by its appId in others.
      for (const a of t.applications) {
        put(this.apps, a.id, a);
        if (a.appId !== a.id) put(this.apps, a.appId, a);
      }
      for (const x of t.servicePrincipals) put(this.sps, x.id, x);
      for (const x of t.groups) put(this.groups, x.id, x);
      for (const x of t.resources) put(this.resources, x.id, x);
      for (const x of t.managementGroups) put(this.mgs, x.id, x);
      for (const x of t.subscriptions) put(this.subs, x.id, x);
    }
  }
}

/** Applies one relation; false when its subject was not collected. */
function apply(rel: AzureRelation, at: Lookup): boolean {
  switch (rel.kind) {
    case 'app-owner': {
      const apps = at.apps.get(rel.app) ?? [];
      apps.forEach((a) => addRef(a.owners, rel.owner));
      return apps.length > 0;
    }
    case 'sp-owner': {
      const sps = at.sps.get(rel.sp) ?? [];
      sps.forEach((s) => addRef(s.owners, rel.owner));
      return sps.length > 0;
    }
    case 'group-member':
    case 'group-owner': {
      const groups = at.groups.get(rel.group) ?? [];
      groups.forEach((g) => addRef(rel.kind === 'group-member' ? g.members : g.owners, rel.kind === 'group-member' ? rel.member : rel.owner));
      return groups.length > 0;
    }
    case 'app-fic': {
      const apps = at.apps.get(rel.app) ?? [];
      for (const a of apps) if (!a.federatedIdentityCredentials.some((f) => f.id === rel.fic.id)) a.federatedIdentityCredentials.push(rel.fic);
      return apps.length > 0;
    }
    case 'uami-fic': {
      const ids = (at.resources.get(rel.uami) ?? []).filter((r) => r.managedIdentity);
      for (const r of ids) {
        const list = r.managedIdentity!.federatedIdentityCredentials;
        if (!list.some((f) => f.id === rel.fic.id)) list.push(rel.fic);
      }
      return ids.length > 0;
    }
    case 'mg-parent': {
      const mgs = at.mgs.get(rel.child) ?? [];
      mgs.forEach((m) => (m.parentId = rel.parent));
      const subs = at.subs.get(rel.child) ?? [];
      subs.forEach((s) => (s.managementGroupId = rel.parent));
      return mgs.length + subs.length > 0;
    }
    case 'kv-policy': {
      const vaults = (at.resources.get(rel.vault) ?? []).filter((r) => r.keyVault);
      for (const v of vaults) {
        const policies = v.keyVault!.accessPolicies;
        if (!policies.some((p) => p.objectId === rel.policy.objectId && p.applicationId === rel.policy.applicationId)) policies.push(rel.policy);
      }
      return vaults.length > 0;
    }
    case 'secret-link': {
      const wanted = rel.vault.toLowerCase().replace(/\/+$/, '');
      for (const t of at.tenants) {
        const vault = t.resources.find(
          (r) => r.keyVault && (r.id === wanted || r.name.toLowerCase() === wanted || r.keyVault.vaultUri?.toLowerCase().replace(/\/+$/, '') === wanted),
        );
        if (vault) {
          t.secretLinks.push({ vaultId: vault.id, secretName: rel.secretName, credential: rel.credential, source: rel.source });
          return true;
        }
      }
      // A link may name a vault by ARM id that no listing covered; it still says where the credential is.
      if (wanted.startsWith('/subscriptions/') && at.tenants[0]) {
        at.tenants[0].secretLinks.push({ vaultId: wanted, secretName: rel.secretName, credential: rel.credential, source: rel.source });
        return true;
      }
      return false;
    }
  }
}

const describe = (rel: AzureRelation) => {
  switch (rel.kind) {
    case 'app-owner':
    case 'app-fic':
      return `application ${rel.app}`;
    case 'sp-owner':
      return `service principal ${rel.sp}`;
    case 'group-member':
    case 'group-owner':
      return `group ${rel.group}`;
    case 'uami-fic':
      return `user-assigned identity ${rel.uami}`;
    case 'mg-parent':
      return `management group child ${rel.child}`;
    case 'kv-policy':
      return `key vault ${rel.vault}`;
    case 'secret-link':
      return `key vault "${rel.vault}" (secret ${rel.secretName}; give the vault's ARM id, URI or a collected vault's name)`;
  }
};

/**
 * Joins every Azure file of one ingest. Records that name no tenant (management-group
 * descendants, some role-assignment kinds) join the only tenant there is, and relations are
 * applied once all objects are known, because AzureHound writes them as separate records.
 */
export function mergeAzureParts(parts: readonly { file: string; part: AzurePart }[]): { inventory: AzureInventory; warnings: string[] } {
  const tenants = new Map<string, AzureTenant>();
  const warnings: string[] = [];
  const coverageGaps = parts.flatMap((p) => p.part.coverageGaps);
  const unnamed: AzureTenant[] = [];

  for (const { part } of parts) {
    appendAll(warnings, part.warnings);
    for (const [id, t] of part.tenants) {
      if (id === '') {
        unnamed.push(t);
        continue;
      }
      let into = tenants.get(id);
      if (!into) tenants.set(id, (into = emptyTenant(id)));
      if (t.displayName) into.displayName = t.displayName;
      for (const key of Object.keys(KEYS) as ListKey[]) mergeList(into, t, key);
    }
  }

  if (unnamed.length > 0) {
    const ids = [...tenants.keys()];
    if (ids.length === 0) tenants.set('unknown', emptyTenant('unknown'));
    if (ids.length > 1) warnings.push(`records that name no tenant were placed in tenant ${ids[0]}; ${ids.length} tenants were read`);
    const into = tenants.values().next().value!;
    for (const t of unnamed) for (const key of Object.keys(KEYS) as ListKey[]) mergeList(into, t, key);
  }

  const list = [...tenants.values()];
  const lookup = new Lookup(list);
  const missing = new Map<string, number>();
  for (const { part } of parts) {
    for (const rel of part.relations) {
      if (apply(rel, lookup)) continue;
      const what = describe(rel);
      missing.set(what, (missing.get(what) ?? 0) + 1);
    }
  }
  for (const [what, n] of missing) warnings.push(`${n} relation(s) refer to ${what}, which no input describes; they are ignored (coverage gap)`);
  for (const gap of coverageGaps) warnings.push(`coverage gap${gap.tenantId ? ` in tenant ${gap.tenantId}` : ''}: ${gap.what}: ${gap.reason}`);

  list.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  return { inventory: { provider: 'azure', tenants: list, coverageGaps }, warnings };
}
