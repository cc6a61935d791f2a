import type { GraphEdge } from '../../../model/graph.js';
import type { TierZeroMark } from '../../types.js';
import { edge } from '../edge.js';
import { containerKind, grantRef, joinConditions, type GcpFacts, type Holding, type Target } from '../facts.js';
import { adminId, memberId, saId } from '../ids.js';
import { P } from '../permissions.js';
import { BUCKET, SECRET, projectTarget } from '../targets.js';

const SET_IAM: Record<'organizations' | 'folders' | 'projects', { permission: string; technique: string }> = {
  organizations: { permission: P.orgSetIamPolicy, technique: 'gcp:resourcemanager:organizations.setIamPolicy' },
  folders: { permission: P.folderSetIamPolicy, technique: 'gcp:resourcemanager:folders.setIamPolicy' },
  projects: { permission: P.projectSetIamPolicy, technique: 'gcp:resourcemanager:projects.setIamPolicy' },
};
export const INHERITED = 'gcp:resourcemanager:ScopeAdministrator';

/** Every container the data names: collected, named as a parent, or holding a policy. */
export function allContainers(facts: GcpFacts): string[] {
  const out = new Set(facts.containers.keys());
  for (const c of facts.containers.values()) if (c.parent) out.add(c.parent);
  for (const [key] of facts.allPolicies()) if (/^(organizations|folders|projects)\/[^/]+$/.test(key)) out.add(key);
  return [...out].sort();
}

const targetOf = (container: string): Target => (container.startsWith('projects/') ? projectTarget(container) : { key: container });

/**
 * Administrators of organisations, folders and projects. Whoever may set a container's IAM policy
 * can grant itself any role there, so it is drawn once to an administrator node per container
 * (tier zero), which reaches the containers below and every service account, secret and bucket in
 * them: the graph grows with containers, not with administrators × resources.
 */
export function scopeRules(facts: GcpFacts, emails: readonly string[]): { edges: GraphEdge[]; tierZero: TierZeroMark[] } {
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  // Highest first, so a member is marked by the widest scope it administers.
  const rank = { organizations: 0, folders: 1, projects: 2 };
  const containers = allContainers(facts).sort((a, b) => rank[containerKind(a)] - rank[containerKind(b)] || a.localeCompare(b));
  const marked = new Set<string>();
  const markAdmin = (member: string, technique: string, summary: string, h: Holding, extraRefs: Holding[] = []) => {
    const id = memberId(member);
    if (marked.has(id) || h.condition) return;
    marked.add(id);
    tierZero.push({ nodeId: id, technique, reason: summary, evidence: { summary, refs: [grantRef(h), ...extraRefs.map(grantRef)] }, conditional: false });
  };

  for (const c of containers) {
    const name = facts.containerName(c);
    tierZero.push({
      nodeId: adminId(c),
      technique: INHERITED,
      reason: `administrator of ${name}`,
      evidence: { summary: `stands for full control of ${name}: whoever can set its IAM policy grants itself every role there`, refs: [{ type: 'inventory', source: c }] },
      conditional: false,
    });
    const { permission, technique } = SET_IAM[containerKind(c)];
    for (const h of facts.holders(targetOf(c), permission)) {
      const summary = `${h.grant.member} may set the IAM policy of ${name} (${h.grant.role} grants ${permission})`;
      edges.push(edge('CAN_MODIFY_POLICY', technique, memberId(h.grant.member), adminId(c), { summary, refs: [grantRef(h)] }, h.condition));
      markAdmin(h.grant.member, technique, summary, h);
      if (!h.condition) {
        const set = facts.administers.get(h.grant.member) ?? new Set<string>();
        facts.administers.set(h.grant.member, set.add(c));
      }
    }
    const parent = facts.containers.get(c)?.parent;
    if (parent) {
      edges.push(edge('CAN_MODIFY_POLICY', INHERITED, adminId(parent.startsWith('projects/') ? facts.project(parent) : parent), adminId(c), {
        summary: `the administrator of ${facts.containerName(parent)} administers ${name} below it (IAM policies are inherited)`,
        refs: [{ type: 'inventory', source: `${c} parent ${parent}` }],
      }));
    }
  }

  // Everything a project holds: its service accounts, secrets and buckets.
  const reach = (project: string, kind: string, to: string, what: string) =>
    edges.push(edge(kind, INHERITED, adminId(project), to, { summary: `the administrator of ${facts.containerName(project)} can grant itself access to ${what} in it`, refs: [{ type: 'inventory', source: `${what} in ${project}` }] }));
  for (const email of emails) {
    const project = facts.projectOfSa(email);
    if (project) reach(project, 'CAN_IMPERSONATE', saId(email), `service account ${email}`);
  }
  for (const r of facts.inventory.resources) {
    const parent = r.parent && facts.project(r.parent);
    if (!parent?.startsWith('projects/')) continue;
    if (r.assetType === SECRET) reach(parent, 'CAN_READ', r.name, `secret ${r.name}`);
    if (r.assetType === BUCKET) reach(parent, 'HAS_ACCESS', r.name, `bucket ${r.name}`);
  }

  edges.push(...roleUpdateEdges(facts, markAdmin));
  return { edges, tierZero };
}

/**
 * iam.roles.update on a custom role the caller itself holds: it adds any permission to the role
 * (setIamPolicy included), so it administers wherever the role is bound to it.
 */
function roleUpdateEdges(facts: GcpFacts, markAdmin: (member: string, technique: string, summary: string, h: Holding, extra?: Holding[]) => void): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const custom = new Set(facts.roles.customRoles().map((r) => r.name));
  if (custom.size === 0) return edges;
  for (const [key, policy] of facts.allPolicies()) {
    for (const binding of policy.bindings) {
      if (!custom.has(binding.role)) continue;
      const owner = binding.role.replace(/\/roles\/[^/]+$/, '');
      const updaters = facts.holders(owner.startsWith('projects/') ? projectTarget(facts.project(owner)) : { key: owner }, P.rolesUpdate);
      for (const u of updaters) {
        if (!binding.members.includes(u.grant.member)) continue;
        const bound: Holding = { grant: { member: u.grant.member, role: binding.role, binding, policy, at: key }, ...(binding.condition ? { condition: `IAM condition: ${binding.condition.expression}` } : {}) };
        const isContainer = /^(organizations|folders|projects)\//.test(key);
        const to = isContainer ? adminId(key) : key.startsWith('sa:') ? saId(key.slice(3)) : undefined;
        if (!to) continue;
        const summary = `${u.grant.member} may add any permission to custom role ${binding.role} (${u.grant.role} grants ${P.rolesUpdate}), which is bound to it on ${policy.resource}`;
        edges.push(edge('CAN_MODIFY_POLICY', 'gcp:iam:roles.update', memberId(u.grant.member), to, { summary, refs: [grantRef(u), grantRef(bound)] }, joinConditions(u.condition, bound.condition)));
        if (isContainer && !bound.condition) markAdmin(u.grant.member, 'gcp:iam:roles.update', summary, u, [bound]);
      }
    }
  }
  return edges;
}
