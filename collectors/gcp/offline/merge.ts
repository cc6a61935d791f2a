import type { GcpContainer, GcpInventory, GcpResource } from '../../../src/model/inventory/gcp.js';
import { emptyGcpInventory } from '../../../src/model/inventory/gcp.js';
import { isEmail } from '../names.js';
import type { GcpPart } from '../part.js';
import { appendAll } from '../../../src/model/append.js';

/** Later records fill what earlier ones left out; neither erases the other. */
function fill<T extends object>(into: T, from: T): void {
  for (const [k, v] of Object.entries(from)) if (v !== undefined && (into as Record<string, unknown>)[k] === undefined) (into as Record<string, unknown>)[k] = v;
}

function dedupe<T extends object>(items: T[], key: (x: T) => string, combine: (into: T, from: T) => void = fill): T[] {
  const byKey = new Map<string, T>();
  for (const x of items) {
    const k = key(x);
    const seen = byKey.get(k);
    if (seen) combine(seen, x);
    else byKey.set(k, { ...x });
  }
  return [...byKey.values()];
}

/**
 * Joins every GCP file of one ingest: projects named by id become `projects/NUMBER` wherever a
 * file taught the number, keys that name their SA by unique id get its email, and records of
 * the same object from several files (resource and iam-policy exports, gcloud listings) become one.
 */
export function mergeGcpParts(parts: readonly { file: string; part: GcpPart }[]): { inventory: GcpInventory; warnings: string[] } {
  const numbers = new Map<string, string>();
  const saIds = new Map<string, string>();
  const warnings: string[] = [];
  const all = emptyGcpInventory();
  for (const { part } of parts) {
    for (const [k, v] of part.projectNumbers) numbers.set(k, v);
    for (const [k, v] of part.serviceAccountIds) saIds.set(k, v);
    appendAll(warnings, part.warnings);
    // Loops, not push(...list): an organisation's export has more records than a call has arguments.
    const append = <T>(into: T[], from: readonly T[]) => {
      for (const x of from) into.push(x);
    };
    const ws = part.inventory.workspace;
    append(all.workspace.users, ws.users);
    append(all.workspace.tokens, ws.tokens);
    append(all.workspace.delegations, ws.delegations);
    append(all.workspace.roles!, ws.roles ?? []);
    append(all.workspace.roleAssignments!, ws.roleAssignments ?? []);
    for (const key of Object.keys(all) as (keyof GcpInventory)[]) {
      if (key === 'provider' || key === 'workspace') continue;
      append(all[key] as unknown[], part.inventory[key] as unknown[]);
    }
  }
  // `projects/my-project` → `projects/123` in any relative or full name.
  const project = (name: string) => name.replace(/(^|\/)projects\/([^/]+)/, (m, pre: string, id: string) => (numbers.has(id) ? `${pre}projects/${numbers.get(id)}` : m));

  const containers = dedupe(
    all.containers.map((c): GcpContainer => {
      const name = project(c.name);
      const id = c.projectId ?? (c.name !== name ? c.name.slice('projects/'.length) : undefined);
      return { ...c, name, ...(id ? { projectId: id } : {}), ...(c.parent ? { parent: project(c.parent) } : {}) };
    }),
    (c) => c.name,
  );
  for (const [id, n] of numbers) {
    const c = containers.find((x) => x.name === `projects/${n}`);
    if (c && !c.projectId) c.projectId = id;
  }

  const keys = dedupe(
    all.keys.map((k) => ({ ...k, serviceAccountEmail: isEmail(k.serviceAccountEmail) ? k.serviceAccountEmail : (saIds.get(k.serviceAccountEmail) ?? k.serviceAccountEmail) })),
    (k) => k.keyId,
  );
  for (const k of keys) if (!isEmail(k.serviceAccountEmail)) warnings.push(`key ${k.keyId} names service account ${k.serviceAccountEmail} by unique id, which no input maps to an email; add the service-account export`);

  const resources = dedupe(
    all.resources.map((r): GcpResource => ({ ...r, ...(r.parent ? { parent: project(r.parent) } : {}) })),
    (r) => r.name,
    (into, from) => {
      into.serviceAccounts = [...new Set([...into.serviceAccounts, ...from.serviceAccounts])];
      fill(into, from);
    },
  );

  const policies = dedupe(
    // Only containers are renamed: other full names keep the project as the service wrote it, and
    // resources of the same name must keep matching their policies.
    all.policies.map((p) => ({ ...p, resource: p.resource.startsWith('//cloudresourcemanager.googleapis.com/') ? project(p.resource) : p.resource })),
    (p) => p.resource,
    (into, from) => {
      const seen = new Set(into.bindings.map((b) => JSON.stringify(b)));
      for (const b of from.bindings) if (!seen.has(JSON.stringify(b))) into.bindings.push(b);
      fill(into, from);
    },
  );

  const inventory: GcpInventory = {
    provider: 'gcp',
    containers: containers.sort((a, b) => a.name.localeCompare(b.name)),
    policies,
    denyPolicies: dedupe(all.denyPolicies ?? [], (d) => d.name).map((d) => ({ ...d, attachmentPoint: project(d.attachmentPoint) })),
    serviceAccounts: dedupe(all.serviceAccounts, (s) => s.email),
    keys,
    customRoles: dedupe(all.customRoles, (r) => project(r.name)).map((r) => ({ ...r, name: r.name })),
    predefinedRoles: dedupe(all.predefinedRoles ?? [], (r) => r.name),
    resources,
    workloadIdentityPools: dedupe(all.workloadIdentityPools.map((p) => ({ ...p, name: project(p.name) })), (p) => p.name),
    workloadIdentityProviders: dedupe(all.workloadIdentityProviders.map((p) => ({ ...p, name: project(p.name) })), (p) => p.name),
    workspace: {
      users: dedupe(all.workspace.users, (u) => u.primaryEmail.toLowerCase()),
      tokens: dedupe(all.workspace.tokens, (t) => `${t.userKey}|${t.clientId}`),
      // Grants come in event order; the last word on a client wins (applied by the parser).
      delegations: dedupe(all.workspace.delegations, (d) => d.clientId, (into, from) => Object.assign(into, from)),
      roles: dedupe(all.workspace.roles!, (r) => r.roleId),
      roleAssignments: dedupe(all.workspace.roleAssignments!, (a) => `${a.roleId}|${a.assignedTo}|${a.orgUnitId ?? ''}`),
    },
    coverageGaps: all.coverageGaps,
  };
  for (const gap of inventory.coverageGaps) warnings.push(`coverage gap${gap.scope ? ` in ${gap.scope}` : ''}: ${gap.what}: ${gap.reason}`);
  return { inventory, warnings };
}
