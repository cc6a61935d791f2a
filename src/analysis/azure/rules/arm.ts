import type { EvidenceRef, GraphEdge, GraphNode } from '../../../model/graph.js';
import { composeThroughHub, HUB_KIND, roleAssignmentHubId } from '../../../model/hubs.js';
import type { AzureArmRoleAssignment, AzureArmRoleDefinition, AzureResource } from '../../../model/inventory/index.js';
import type { TierZeroMark } from '../../types.js';
import { edge, membershipRefs, viaText } from '../edge.js';
import { isManagementGroup, type AzureFacts, type Effective } from '../facts.js';
import { spId, vaultKeysId } from '../ids.js';
import {
  allowsAction,
  allowsDataAction,
  allowsPath,
  BROAD_WRITE,
  EXECUTION,
  KV_GET_SECRET,
  KV_USE_KEY,
  KV_WRITE_POLICY,
  ROLE_ASSIGNMENT_WRITE,
} from '../permissions.js';
import { vaultSecretTargets } from '../targets.js';
import { appendAll, pushTo } from '../../../model/append.js';

function assignmentRef(a: AzureArmRoleAssignment, role: AzureArmRoleDefinition): EvidenceRef {
  return {
    type: 'role-assignment',
    source: a.status === 'eligible' ? `ARM role eligibility ${a.id}` : a.id,
    detail: `${role.roleName} (${role.id}) at scope ${a.scope}${a.condition ? ` with condition ${a.condition}` : ''}`,
  };
}

/** What the data cannot settle about an assignment: PIM activation, an ABAC condition. */
function assignmentConditions(a: AzureArmRoleAssignment): string | undefined {
  const parts = [
    ...(a.status === 'eligible' ? ['PIM-eligible: the role must be activated first'] : []),
    ...(a.condition ? [`role assignment condition: ${a.condition}`] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

/** Managed identities running on a resource: system-assigned, user-assigned, AKS kubelet. */
export function attachedIdentities(facts: AzureFacts, r: AzureResource): { objectId: string; how: string }[] {
  const out = [
    ...(r.identity?.systemPrincipalId ? [{ objectId: r.identity.systemPrincipalId, how: 'system-assigned' }] : []),
    ...(r.identity?.userAssigned ?? []).flatMap((u) => {
      const objectId = u.principalId ?? facts.resources.get(u.resourceId)?.item.managedIdentity?.principalId;
      return objectId ? [{ objectId, how: `user-assigned ${u.resourceId.split('/').pop()}` }] : [];
    }),
    ...(r.aks?.kubeletObjectId ? [{ objectId: r.aks.kubeletObjectId, how: 'kubelet identity' }] : []),
  ];
  return out.filter((x) => facts.sps.has(x.objectId));
}

/**
 * What one assignment yields on one target, whichever of its members acts: the target's half of
 * the edge `member → target` (src/model/hubs.ts composes it with the member's half).
 */
interface TargetPart {
  kind: string;
  technique: string;
  target: string;
  summary: string;
  refs: EvidenceRef[];
  assumptions?: string[];
  conditions?: string;
}

function computeParts(facts: AzureFacts, role: AzureArmRoleDefinition, canGrant: boolean, r: AzureResource): TargetPart[] {
  const out: TargetPart[] = [];
  const identities = attachedIdentities(facts, r);
  if (identities.length === 0) return out;
  for (const path of EXECUTION[r.type] ?? []) {
    const direct = allowsPath(role, path);
    // A role that may write role assignments grants itself one that allows the path; it would
    // pick an unconditional path, so conditional ones are drawn only for roles that hold them.
    if (!direct && (!canGrant || path.conditions)) continue;
    for (const id of identities) {
      out.push({
        kind: 'CAN_EXECUTE_AS',
        technique: path.technique,
        target: spId(id.objectId),
        summary: `${role.roleName} over ${r.name}: ${path.how} (${id.how} identity ${facts.principals.get(id.objectId)?.name ?? id.objectId})`,
        refs: [{ type: 'inventory', source: `${r.id} identity`, detail: id.how }],
        ...(direct ? {} : { assumptions: [`grants itself a role that allows this first (${ROLE_ASSIGNMENT_WRITE})`] }),
        ...(path.conditions ? { conditions: path.conditions } : {}),
      });
    }
  }
  return out;
}

function vaultParts(facts: AzureFacts, role: AzureArmRoleDefinition, canGrant: boolean, r: AzureResource): TargetPart[] {
  const kv = r.keyVault!;
  const out: TargetPart[] = [];
  const push = (technique: string, targets: string[], summary: string, assumption?: string) => {
    for (const target of targets) out.push({ kind: 'CAN_READ', technique, target, summary, refs: [], ...(assumption ? { assumptions: [assumption] } : {}) });
  };
  const what = `${role.roleName} over key vault ${r.name}`;
  if (kv.enableRbacAuthorization) {
    const secrets = allowsDataAction(role, KV_GET_SECRET);
    const keys = KV_USE_KEY.some((a) => allowsDataAction(role, a));
    const grant = canGrant ? `grants itself a Key Vault data role first (${ROLE_ASSIGNMENT_WRITE})` : undefined;
    if (secrets || grant) push('azure:keyvault:GetSecret', vaultSecretTargets(facts, r.id), `${what}: reads secret values (RBAC vault)`, secrets ? undefined : grant);
    if (keys || grant) push('azure:keyvault:UseKey', [vaultKeysId(r.id)], `${what}: decrypts and signs with its keys (RBAC vault)`, keys ? undefined : grant);
  } else if (KV_WRITE_POLICY.some((a) => allowsAction(role, a)) || canGrant) {
    const direct = KV_WRITE_POLICY.some((a) => allowsAction(role, a));
    const assumption = direct ? undefined : `grants itself Key Vault Contributor first (${ROLE_ASSIGNMENT_WRITE})`;
    push('azure:keyvault:AddAccessPolicy', [...vaultSecretTargets(facts, r.id), vaultKeysId(r.id)], `${what}: the vault uses access policies, so vault write lets it add a policy for itself`, assumption);
  }
  return out;
}

/** One assignment's members and what it yields below its scope, by technique. */
interface Block {
  a: AzureArmRoleAssignment;
  role: AzureArmRoleDefinition;
  tenantId: string;
  assignee: string;
  effective: Effective[];
  ids: Set<string>;
  conditions: string | undefined;
  parts: Map<string, TargetPart[]>;
}

/**
 * Azure RBAC. Each assignment applies to its scope and everything below it (management group →
 * subscription → resource group → resource), and to every member of an assigned group. Role
 * definitions are evaluated by their actions and data actions (collected custom roles included),
 * not by name. Scope control is drawn to the scope node; code execution and vault reads are drawn
 * straight to the managed identity and secret they yield, for every resource under the scope.
 */
export function armRules(facts: AzureFacts, options: { fold?: boolean } = {}): { nodes: GraphNode[]; edges: GraphEdge[]; tierZero: TierZeroMark[]; warnings: string[] } {
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  const unknownRoles = new Set<string>();
  let unknownPrincipals = 0;
  const resources = [...facts.resources.values()].map((l) => l.item);
  const blocks: Block[] = [];

  for (const tenant of facts.inventory.tenants) {
    for (const a of tenant.armRoleAssignments) {
      const role = facts.armRoles.get(a.roleDefinitionId);
      if (!role) {
        unknownRoles.add(a.roleDefinitionId);
        continue;
      }
      const canGrant = allowsAction(role, ROLE_ASSIGNMENT_WRITE);
      const broad = allowsAction(role, BROAD_WRITE);
      const conditions = assignmentConditions(a);
      const effective = facts.effective(a.principalId);
      if (effective.length === 0) unknownPrincipals++;
      for (const e of effective) {
        const refs = [assignmentRef(a, role), ...membershipRefs(e)];
        if (canGrant) {
          edges.push(edge('CAN_GRANT_ROLE', 'azure:arm:RoleAssignmentWrite', e.principal.nodeId, a.scope, {
            summary: `${e.principal.name} holds ${role.roleName} at ${a.scope}${viaText(e)} and can assign any role there, Owner included`,
            refs,
          }, conditions));
          if ((a.scope === '/' || isManagementGroup(a.scope)) && a.status === 'active') {
            tierZero.push({
              nodeId: e.principal.nodeId,
              technique: 'azure:arm:ManagementGroupOwner',
              reason: `can assign roles at ${a.scope === '/' ? 'the tenant root scope' : `management group ${a.scope.split('/').pop()}`}${viaText(e)}`,
              evidence: { summary: `${role.roleName} at ${a.scope}`, refs },
              conditional: a.condition !== undefined,
            });
          }
        } else if (broad) {
          edges.push(edge('HAS_ACCESS', 'azure:arm:WriteAccess', e.principal.nodeId, a.scope, {
            summary: `${e.principal.name} holds ${role.roleName} at ${a.scope}${viaText(e)}: it can change every resource there`,
            refs,
          }, conditions));
        }
      }
      if (effective.length === 0) continue;
      // What the role yields on each resource below the scope is the same for every member: decided once.
      const parts = new Map<string, TargetPart[]>();
      for (const r of resources) {
        if (!facts.covers(a.scope, r.id)) continue;
        for (const p of [...computeParts(facts, role, canGrant, r), ...(r.keyVault ? vaultParts(facts, role, canGrant, r) : [])]) {
          pushTo(parts, p.technique, p);
        }
      }
      if (parts.size) blocks.push({ a, role, tenantId: tenant.tenantId, assignee: effective[0]!.principal.name, effective, ids: new Set(effective.map((e) => e.principal.nodeId)), conditions, parts });
    }
  }
  const nodes = emitBlocks(blocks, edges, options.fold !== false);
  const warnings = [...unknownRoles].map((id) => `azure: role definition ${id} is neither built in nor collected; its assignments are ignored (coverage gap)`);
  if (unknownPrincipals) warnings.push(`azure: ${unknownPrincipals} Azure role assignment(s) name principals not in the inventory (collect Entra ID too)`);
  return { nodes, edges, tierZero, warnings };
}

/**
 * Where two assignments give one member the same technique on one target, one edge stands: the
 * block emitted last (analysis keeps the last edge of an id). Blocks are ordered so that it is the
 * unconditional one, then the one with more members (a team's Owner next to everyone's
 * Contributor: everyone's stands), then input order.
 */
function byPrecedence(blocks: readonly Block[]): Block[] {
  return blocks
    .map((b, i) => ({ b, i }))
    .sort((x, y) => Number(x.b.conditions === undefined) - Number(y.b.conditions === undefined) || x.b.effective.length - y.b.effective.length || x.i - y.i)
    .map((x) => x.b);
}

/** For one block and technique: members whose pairs a later block also draws, and those later blocks. */
interface Overridden {
  members: Set<string>;
  later: Set<number>;
}

/**
 * Members of each block some of whose pairs a later block also draws (same technique, same
 * target): the later block's edge is the one that stands, so those members keep the unfolded form
 * in the earlier block, without the pairs the later one draws. A hub stands only for pairs no
 * later block draws.
 */
function overridden(blocks: readonly Block[]): Map<string, Overridden> {
  const byTarget = new Map<string, number[]>();
  blocks.forEach((b, i) => {
    for (const [technique, parts] of b.parts) {
      for (const p of parts) {
        const key = `${technique}\u0000${p.target}`;
        const list = byTarget.get(key);
        if (!list) byTarget.set(key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  const out = new Map<string, Overridden>();
  // Pairs of blocks already compared, per technique, as numbers: a resource group's worth of
  // identities each assigned on it makes many pairs per target.
  const done = new Map<string, Set<number>>();
  for (const [key, list] of byTarget) {
    if (list.length < 2) continue;
    const technique = key.slice(0, key.indexOf('\u0000'));
    let seen = done.get(technique);
    if (!seen) done.set(technique, (seen = new Set()));
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        const pair = i * blocks.length + j;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const [small, large] = blocks[i]!.ids.size <= blocks[j]!.ids.size ? [blocks[i]!, blocks[j]!] : [blocks[j]!, blocks[i]!];
        const shared = [...small.ids].filter((id) => large.ids.has(id));
        if (shared.length === 0) continue;
        const k = `${i}|${technique}`;
        let o = out.get(k);
        if (!o) out.set(k, (o = { members: new Set(), later: new Set() }));
        for (const id of shared) o.members.add(id);
        o.later.add(j);
      }
    }
  }
  return out;
}

/**
 * Each block's member → target edges, per technique, folded through a hub (src/model/hubs.ts)
 * where that saves edges: every member's half is written for the hub (assignment and membership
 * refs, the assignment's conditions), every target's half carries what the role does there. The
 * unfolded edges are those halves composed, so both forms say exactly the same.
 */
function emitBlocks(unordered: readonly Block[], edges: GraphEdge[], fold: boolean): GraphNode[] {
  const nodes: GraphNode[] = [];
  const blocks = byPrecedence(unordered);
  const shadowed = fold ? overridden(blocks) : new Map<string, Overridden>();
  const targetsOf = new Map<string, Set<string>>();
  const targets = (j: number, technique: string) => {
    const k = `${j}|${technique}`;
    let t = targetsOf.get(k);
    if (!t) targetsOf.set(k, (t = new Set((blocks[j]!.parts.get(technique) ?? []).map((p) => p.target))));
    return t;
  };
  blocks.forEach((b, i) => {
    for (const [technique, parts] of b.parts) {
      const hub = roleAssignmentHubId(b.a.id, technique);
      const kind = parts[0]!.kind;
      const into = (e: Effective): GraphEdge =>
        edge(kind, technique, e.principal.nodeId, hub, { summary: `${e.principal.name} holds ${b.role.roleName} at ${b.a.scope}${viaText(e)}`, refs: [assignmentRef(b.a, b.role), ...membershipRefs(e)] }, b.conditions);
      const outs = parts.map((p) => edge(kind, technique, hub, p.target, { summary: p.summary, refs: p.refs, ...(p.assumptions ? { assumptions: p.assumptions } : {}) }, p.conditions));
      const shadow = shadowed.get(`${i}|${technique}`);
      const callers = fold ? b.effective.filter((e) => !shadow?.members.has(e.principal.nodeId)) : [];
      const distinct = targets(i, technique).size;
      const folded = callers.length * distinct > callers.length + distinct;
      if (folded) {
        nodes.push({
          id: hub,
          kind: HUB_KIND,
          provider: 'azure',
          type: 'azure:hub:role-assignment',
          name: `${b.role.roleName} at ${b.a.scope} held by ${b.assignee}: ${technique}`,
          scope: b.tenantId,
          tags: {},
          props: { hub: true, assignment: b.a.id, technique, callers: callers.length, members: distinct },
        });
        for (const e of callers) edges.push(into(e));
        appendAll(edges, outs);
      }
      for (const e of b.effective) {
        const id = e.principal.nodeId;
        if (folded && !shadow?.members.has(id)) continue;
        const later = shadow?.members.has(id) ? [...shadow.later].filter((j) => blocks[j]!.ids.has(id)) : [];
        const half = into(e);
        for (const o of outs) {
          // The later block's edge of this id is the one that stands (byPrecedence).
          if (later.some((j) => targets(j, technique).has(o.target))) continue;
          const pair = composeThroughHub(half, o);
          // Spread reads the composed evidence once: the unfolded edge holds it as data.
          if (pair) edges.push({ ...pair });
        }
      }
    }
  });
  return nodes;
}
