import { createHash } from 'node:crypto';
import type { GraphEdge, GraphNode } from '../../model/graph.js';
import type { GcpBinding, GcpInventory, Inventory } from '../../model/inventory/index.js';
import sizes from '../gcp/data/predefined-role-sizes.json' with { type: 'json' };
import { ANALYSED_PERMISSIONS } from '../gcp/permissions.js';
import { Roles, type RoleInfo } from '../gcp/roles.js';
import type { NodeUsage } from './facts.js';
import { gcloudBinding, withRemovals } from './grant-removal.js';
import type { GrantRemoval, KeyRetirement, RemovalProposal, RoleReplacement } from './types.js';

/**
 * GCP policy insights, binding by binding, as Google's role recommendations read them: a binding
 * whose member exercised none of the role's permissions (and for which none is inferred) is
 * removed; one that used some is replaced by a smaller role granting the exercised and inferred
 * permissions: the smallest predefined role (by its full permission count) that covers them and
 * adds no analysed permission the current role lacks, when every one of them is an analysed
 * permission (the shipped role data lists only those, so only then is coverage provable); else a
 * custom role listing exactly them. Pure.
 */

const CRM = '//cloudresourcemanager.googleapis.com/';
const ANALYSED = new Set(ANALYSED_PERMISSIONS);
/** Full permission count of each predefined role (scripts/gen-gcp-roles.ts). */
const SIZE = (sizes as { sizes: Record<string, number> }).sizes;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const gcpOf = (inventories: readonly Inventory[]) => inventories.filter((i): i is GcpInventory => i.provider === 'gcp');

const rolesCache = new WeakMap<readonly Inventory[], Roles>();

/** The roles the analysis knows: shipped predefined data, refreshed ones, custom roles of every GCP inventory. */
export function rolesOf(inventories: readonly Inventory[]): Roles {
  const known = rolesCache.get(inventories);
  if (known) return known;
  const gcp = gcpOf(inventories);
  const roles = new Roles(gcp.flatMap((i) => i.customRoles), gcp.flatMap((i) => i.predefinedRoles ?? []));
  rolesCache.set(inventories, roles);
  return roles;
}

/** Container names as the inventory writes them (`projects/NUMBER`) from either form, with each project's id. */
function containers(inventories: readonly Inventory[]) {
  const canonical = new Map<string, string>();
  const projectId = new Map<string, string>();
  const parent = new Map<string, string>();
  for (const inv of gcpOf(inventories)) {
    for (const c of inv.containers) {
      canonical.set(c.name, c.name);
      if (c.projectId) {
        canonical.set(`projects/${c.projectId}`, c.name);
        projectId.set(c.name, c.projectId);
      }
      if (c.parent) parent.set(c.name, c.parent);
    }
  }
  const canon = (resource: string) => (resource.startsWith(CRM) ? `${CRM}${canonical.get(resource.slice(CRM.length)) ?? resource.slice(CRM.length)}` : resource);
  const organizationOf = (name: string): string | undefined => {
    for (let at: string | undefined = name, hops = 0; at && hops < 50; at = parent.get(at), hops++) if (at.startsWith('organizations/')) return at;
    return undefined;
  };
  return { canon, projectId: (name: string) => projectId.get(canonical.get(name) ?? name), organizationOf, canonicalName: (name: string) => canonical.get(name) ?? name };
}

/** Attack edges whose evidence names this binding member (`IAM policy of <resource> (…)`, `<role> → <member>`). */
function edgesOf(edges: readonly GraphEdge[], resource: string, b: GcpBinding, member: string): string[] {
  return edges
    .filter((e) =>
      e.evidence.refs.some((r) => {
        if (!r.source.startsWith(`IAM policy of ${resource} (`)) return false;
        const m = /^(\S+) → (\S+?)(?: if (.*))?$/.exec(r.detail ?? '');
        return !!m && m[1] === b.role && m[2]!.toLowerCase() === member && (m[3] ?? undefined) === (b.condition?.expression ?? undefined);
      }),
    )
    .map((e) => e.id);
}

/**
 * The smallest predefined role covering `needed`, smaller than the current role and granting no
 * analysed permission it lacks beyond `needed` (a basic role can reach more than it lists: Cloud
 * Storage's convenience values grant object access to project owners, editors and viewers).
 */
function smallestPredefined(roles: Roles, current: RoleInfo | undefined, needed: readonly string[]): RoleInfo | undefined {
  if (!current || !needed.every((p) => ANALYSED.has(p))) return undefined;
  const size = (r: RoleInfo) => (r.custom ? r.permissions.size : SIZE[r.name]);
  const limit = size(current);
  if (limit === undefined) return undefined;
  const fits = roles.predefinedRoles().filter((r) => {
    const n = size(r);
    // Service agent roles are for Google's own service agents, never for a user's account.
    return r.name !== current.name && !/serviceagent$/i.test(r.name) && n !== undefined && n < limit && needed.every((p) => r.permissions.has(p)) && [...r.permissions].every((p) => current.permissions.has(p) || needed.includes(p));
  });
  fits.sort((a, b) => size(a)! - size(b)! || (a.name < b.name ? -1 : 1));
  return fits[0];
}

export interface InsightPlan {
  remove: GrantRemoval[];
  replace: RoleReplacement[];
  keep: RemovalProposal['keep'];
  /** `resource|role|member|condition` of every binding an insight decided. */
  decided: Set<string>;
}

export const bindingKey = (resource: string, role: string, member: string, condition?: string) => `${resource}|${role}|${member.toLowerCase()}|${condition ?? ''}`;

export function planInsights(node: GraphNode, inventories: readonly Inventory[], u: NodeUsage | undefined, edges: readonly GraphEdge[]): InsightPlan {
  const plan: InsightPlan = { remove: [], replace: [], keep: [], decided: new Set() };
  if (!u || !node.id.startsWith('gcp:sa:')) return plan;
  const member = `serviceaccount:${node.id.slice('gcp:sa:'.length)}`;
  const names = containers(inventories);
  const roles = rolesOf(inventories);
  for (const ins of u.insights) {
    if (ins.member.toLowerCase() !== member) continue;
    const targets = new Set(ins.resources.map(names.canon));
    const needed = [...new Set([...ins.exercised, ...ins.inferred])].sort();
    for (const inv of gcpOf(inventories)) {
      for (const p of inv.policies) {
        if (!targets.has(names.canon(p.resource))) continue;
        const conditional = p.bindings.some((x) => x.condition);
        for (const b of p.bindings) {
          const written = b.members.find((x) => x.toLowerCase() === member);
          if (!written || b.role !== ins.role || (b.condition?.expression || undefined) !== ins.condition) continue;
          const key = bindingKey(p.resource, b.role, written, b.condition?.expression);
          if (plan.decided.has(key)) continue;
          plan.decided.add(key);
          const base = { provider: 'gcp' as const, type: 'iam-binding' as const, id: p.resource, detail: `${b.role} → ${written}${b.condition ? ` if ${b.condition.expression}` : ''} on ${p.resource}`, resource: p.resource, role: b.role, member: written, ...(b.condition ? { condition: b.condition.expression } : {}), edges: edgesOf(edges, p.resource, b, member) };
          const remove = gcloudBinding('remove', p.resource, written, b.role, b.condition, conditional);
          if (needed.length === 0) {
            plan.remove.push({ ...base, ...(remove ? { command: remove } : { manual: 'no gcloud remove-iam-policy-binding for this resource type: edit its policy (getIamPolicy, drop the member, setIamPolicy)' }) });
            continue;
          }
          const current = roles.get(b.role);
          if (current?.custom && [...current.permissions].every((x) => needed.includes(x))) {
            plan.keep.push({ ...base, ...(remove ? { command: remove } : {}), reason: `policy insights show every permission of the custom role ${b.role} exercised or inferred` });
            continue;
          }
          const predefined = smallestPredefined(roles, current, needed);
          const replacement = predefined ? { newRole: predefined.name, custom: false, create: undefined } : customRole(p.resource, b.role, written, needed, names);
          if (!replacement) {
            plan.keep.push({ ...base, reason: `policy insights show ${needed.length} permission(s) of ${b.role} exercised or inferred, and no custom role can be created for a binding on ${p.resource} from the data (a folder with no organisation in the inventory)` });
            continue;
          }
          const add = gcloudBinding('add', p.resource, written, replacement.newRole, b.condition, conditional);
          const commands = [...(replacement.create ? [replacement.create] : []), ...(add && remove ? [add, remove] : [])];
          plan.replace.push({
            provider: 'gcp', resource: p.resource, role: b.role, member: written, ...(b.condition ? { condition: b.condition.expression } : {}), ...(ins.name ? { insight: ins.name } : {}),
            exercised: [...ins.exercised].sort(), inferred: [...ins.inferred].sort(), newRole: replacement.newRole, custom: replacement.custom, permissions: needed, commands,
            ...(add && remove ? {} : { manual: 'no gcloud add/remove-iam-policy-binding for this resource type: edit its policy (getIamPolicy, replace the role, setIamPolicy)' }),
            edges: base.edges,
          });
        }
      }
    }
  }
  return plan;
}

/** A custom role listing exactly `needed`, where the binding's resource can use it: its project, or its organisation. */
function customRole(resource: string, role: string, member: string, needed: readonly string[], names: ReturnType<typeof containers>): { newRole: string; custom: true; create: string } | undefined {
  const id = `leakpath_${createHash('sha256').update(`${resource}\n${role}\n${member.toLowerCase()}\n${needed.join(',')}`).digest('hex').slice(0, 12)}`;
  const title = q(`least privilege for ${member.replace(/^serviceAccount:/i, '')} (was ${role})`);
  const tail = ` --title=${title} --permissions=${needed.join(',')} --stage=GA`;
  const name = resource.startsWith(CRM) ? names.canonicalName(resource.slice(CRM.length)) : undefined;
  if (name?.startsWith('projects/')) {
    const project = names.projectId(name) ?? name.slice('projects/'.length);
    return { newRole: `projects/${project}/roles/${id}`, custom: true, create: `gcloud iam roles create ${id} --project=${project}${tail}` };
  }
  const org = name ? names.organizationOf(name) : undefined;
  if (!org) return undefined;
  return { newRole: `${org}/roles/${id}`, custom: true, create: `gcloud iam roles create ${id} --organization=${org.slice('organizations/'.length)}${tail}` };
}

/** A copy of the inventories with the removals, the replacements (their new bindings and custom roles) and the key retirements applied. Pure. */
export function withChanges(inventories: readonly Inventory[], remove: readonly GrantRemoval[], replace: readonly RoleReplacement[], keys: readonly KeyRetirement[] = []): Inventory[] {
  const removed = [...remove, ...replace.map((r) => ({ provider: 'gcp' as const, type: 'iam-binding' as const, id: r.resource, detail: '', resource: r.resource, role: r.role, member: r.member, ...(r.condition !== undefined ? { condition: r.condition } : {}), edges: [] }))];
  const retired = new Set(keys.map((k) => k.keyId));
  return withRemovals(inventories, removed).map((inv): Inventory => {
    if (inv.provider !== 'gcp') return inv;
    const here = replace.filter((r) => inv.policies.some((p) => p.resource === r.resource));
    const roles = here.filter((r) => r.custom && !inv.customRoles.some((c) => c.name === r.newRole)).map((r) => ({ name: r.newRole, title: `least privilege (was ${r.role})`, includedPermissions: r.permissions, stage: 'GA', deleted: false }));
    return {
      ...inv,
      customRoles: [...inv.customRoles, ...roles],
      keys: retired.size ? inv.keys.filter((k) => !retired.has(k.keyId)) : inv.keys,
      policies: inv.policies.map((p) => {
        const adds = here.filter((r) => r.resource === p.resource);
        if (adds.length === 0) return p;
        const bindings = p.bindings.map((b) => ({ ...b, members: [...b.members] }));
        for (const r of adds) {
          const same = bindings.find((b) => b.role === r.newRole && (b.condition?.expression ?? undefined) === r.condition);
          if (same) {
            if (!same.members.some((m) => m.toLowerCase() === r.member.toLowerCase())) same.members.push(r.member);
          } else {
            bindings.push({ role: r.newRole, members: [r.member], ...(r.condition !== undefined ? { condition: { expression: r.condition } } : {}) });
          }
        }
        return { ...p, bindings };
      }),
    };
  });
}

/** Permissions granted to `member` by bindings on `resource` itself with the given condition, as the analysis resolves roles. */
export function grantedOn(inventories: readonly Inventory[], resource: string, member: string, condition: string | undefined): Set<string> {
  const names = containers(inventories);
  const roles = rolesOf(inventories);
  const target = names.canon(resource);
  const out = new Set<string>();
  for (const inv of gcpOf(inventories)) {
    for (const p of inv.policies) {
      if (names.canon(p.resource) !== target) continue;
      for (const b of p.bindings) {
        if ((b.condition?.expression ?? undefined) !== condition || !b.members.some((m) => m.toLowerCase() === member.toLowerCase())) continue;
        for (const perm of roles.get(b.role)?.permissions ?? []) out.add(perm);
      }
    }
  }
  return out;
}

/** Every permission each replacement must keep, checked on the changed inventories. */
export function verifyReplacements(after: readonly Inventory[], replace: readonly RoleReplacement[]): { exercisedStillGranted: boolean; checked: number; failures: { permission: string; resource: string }[] } {
  const failures: { permission: string; resource: string }[] = [];
  let checked = 0;
  for (const r of replace) {
    const granted = grantedOn(after, r.resource, r.member, r.condition);
    for (const permission of r.permissions) {
      checked++;
      if (!granted.has(permission)) failures.push({ permission, resource: r.resource });
    }
  }
  return { exercisedStillGranted: failures.length === 0, checked, failures };
}
