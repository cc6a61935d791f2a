import type { AzureArmRoleAssignment, AzureInventory, Inventory } from '../../model/inventory/index.js';
import { AzureFacts } from '../azure/facts.js';
import { allowsAction } from '../azure/permissions.js';
import { ANY_READ, deepestScope, hasDataActions, narrowestRole, READER, within } from './azure-roles.js';
import type { NodeUsage } from './facts.js';
import type { AssignmentChange, AssignmentSpec, NarrowingProposal, UsageWindow } from './types.js';
import { inWindow } from './window.js';

/**
 * Azure with activity-log usage: for each ARM role assignment the identity holds itself, the
 * operations of the window it allowed, and what would do instead: the narrowest shipped built-in
 * role that allows every one of them, at the deepest scope that covers them. Reads are not in the
 * activity log, so what the old assignment could read stays readable (Reader at its scope), and
 * data actions (Key Vault, Storage data) are never judged. Pure.
 */

export interface UsedOperation {
  action: string;
  scope: string;
  lastUsed: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const subscriptionOf = (scope: string) => /^\/subscriptions\/[^/]+/.exec(scope.toLowerCase())?.[0];

/** Operations of the window (lower-cased action and scope), from the activity log. */
export function usedOperations(u: NodeUsage | undefined, w: UsageWindow): UsedOperation[] {
  const out: UsedOperation[] = [];
  for (const s of u?.services.values() ?? []) {
    for (const [action, seen] of s.actions) {
      for (const [scope, lastUsed] of seen.resources) if (inWindow(w, lastUsed)) out.push({ action, scope, lastUsed });
    }
  }
  return out.sort((a, b) => (a.action + a.scope < b.action + b.scope ? -1 : 1));
}

interface Held {
  inv: AzureInventory;
  facts: AzureFacts;
  a: AzureArmRoleAssignment;
}

function heldBy(inventories: readonly Inventory[], objectId: string): Held[] {
  const out: Held[] = [];
  for (const inv of inventories) {
    if (inv.provider !== 'azure') continue;
    let facts: AzureFacts | undefined;
    for (const t of inv.tenants) {
      for (const a of t.armRoleAssignments) {
        if (a.principalId.toLowerCase() !== objectId) continue;
        out.push({ inv, facts: (facts ??= new AzureFacts(inv)), a });
      }
    }
  }
  return out;
}

/** Whether the identity's own active assignments allow the operation. */
function allowed(held: readonly Held[], op: { action: string; scope: string }): boolean {
  return held.some(({ facts, a }) => {
    const role = facts.armRoles.get(a.roleDefinitionId);
    return a.status === 'active' && !!role && allowsAction(role, op.action) && facts.covers(a.scope.toLowerCase(), op.scope);
  });
}

const spec = (facts: AzureFacts, roleDefinitionId: string, scope: string): AssignmentSpec => ({ roleDefinitionId, role: facts.armRoles.get(roleDefinitionId)?.roleName ?? roleDefinitionId, scope });

function commandsFor(objectId: string, a: AzureArmRoleAssignment, to: readonly AssignmentSpec[]): string[] {
  return [
    ...to.map((t) => `az role assignment create --assignee-object-id ${objectId} --assignee-principal-type ServicePrincipal --role ${t.roleDefinitionId} --scope ${q(t.scope)}`),
    `az role assignment delete --ids ${q(a.id)}`,
  ];
}

/**
 * The proposal's changes and kept assignments (verification filled in by the caller).
 * `logged`: the subscriptions the activity log covers.
 */
export function proposeNarrowing(objectId: string, inventories: readonly Inventory[], used: readonly UsedOperation[], logged: ReadonlySet<string>): Omit<NarrowingProposal, 'verification'> {
  const changes: AssignmentChange[] = [];
  const keep: NarrowingProposal['keep'] = [];
  for (const { facts, a } of heldBy(inventories, objectId)) {
    const role = facts.armRoles.get(a.roleDefinitionId);
    const detail = `${role?.roleName ?? a.roleDefinitionId} at scope ${a.scope}`;
    const kept = (reason: string) => keep.push({ assignmentId: a.id, detail, reason });
    const sub = subscriptionOf(a.scope);
    if (!role) kept('its role definition is neither built in nor collected');
    else if (a.status !== 'active') kept('a PIM eligibility: activations are not separate operations in the activity log');
    else if (a.condition) kept('an assignment with a condition (ABAC): leakpath does not rewrite conditions');
    else if (!sub || !logged.has(sub)) kept(`the activity log read does not cover ${sub ?? a.scope} (a management group scope needs every subscription below it)`);
    else if (hasDataActions(role)) kept('its role has data actions, which the activity log does not record');
    else {
      const scope = a.scope.toLowerCase();
      const ops = used.filter((o) => allowsAction(role, o.action) && facts.covers(scope, o.scope));
      const reads = allowsAction(role, ANY_READ);
      let to: AssignmentSpec[];
      let reason: string;
      if (ops.length === 0) {
        if (reads && within(role, READER)) {
          kept('reads only: reads are not in the activity log');
          continue;
        }
        to = reads ? [spec(facts, READER.id, scope)] : [];
        reason = reads ? 'no write, delete or action operation in the window; its reads (not logged) are kept with Reader' : 'no operation in the window, and it grants no reads';
      } else {
        const narrow = narrowestRole(role, ops.map((o) => o.action));
        const at = deepestScope(scope, ops.map((o) => o.scope), (id) => facts.resources.has(id));
        if (narrow.id === role.id && at === scope) {
          kept(`its ${ops.length} used operation(s) need it as it is: no shipped built-in role narrower than ${role.roleName} allows them, and they span its whole scope`);
          continue;
        }
        to = [spec(facts, narrow.id, at)];
        // Reads are unseen: what the old role could read at its scope stays readable.
        if (reads && !(at === scope && allowsAction(narrow, ANY_READ))) to.push(spec(facts, READER.id, scope));
        reason = `${ops.length} used operation(s) need only ${narrow.roleName}${at === scope ? '' : ` at ${at}`}${to.length > 1 ? '; reads at the old scope kept with Reader (reads are not logged)' : ''}`;
      }
      changes.push({
        assignmentId: a.id,
        from: spec(facts, role.id, a.scope),
        to,
        used: ops.map((o) => ({ action: o.action, scope: o.scope, lastUsed: o.lastUsed })),
        commands: commandsFor(objectId, a, to),
        reason,
      });
    }
  }
  return { kind: 'narrow-grants', changes, keep };
}

export const PROPOSED_ASSIGNMENT = 'leakpath-proposed';

/** A copy of the inventories with the changes applied: the old assignments gone, the new ones made. Pure. */
export function withNarrowing(inventories: readonly Inventory[], objectId: string, changes: readonly AssignmentChange[]): Inventory[] {
  const replaced = new Map(changes.map((c) => [c.assignmentId, c]));
  return inventories.map((inv): Inventory => {
    if (inv.provider !== 'azure') return inv;
    return {
      ...inv,
      tenants: inv.tenants.map((t) => {
        if (!t.armRoleAssignments.some((a) => replaced.has(a.id))) return t;
        const made = t.armRoleAssignments.flatMap((a) =>
          (replaced.get(a.id)?.to ?? []).map((to, i): AzureArmRoleAssignment => ({
            id: `${to.scope}/providers/microsoft.authorization/roleassignments/${PROPOSED_ASSIGNMENT}-${a.id.split('/').pop()}-${i}`,
            roleDefinitionId: to.roleDefinitionId,
            principalId: objectId,
            principalType: 'ServicePrincipal',
            scope: to.scope,
            status: 'active',
          })),
        );
        return { ...t, armRoleAssignments: [...t.armRoleAssignments.filter((a) => !replaced.has(a.id)), ...made] };
      }),
    };
  });
}

/**
 * The evaluator's check: each used operation the identity's own assignments allowed before is
 * still allowed by them after. Returns the operations checked and those no longer allowed.
 */
export function verifyUsed(before: readonly Inventory[], after: readonly Inventory[], objectId: string, used: readonly UsedOperation[]): { checked: number; failures: { action: string; scope: string }[] } {
  const was = heldBy(before, objectId);
  const now = heldBy(after, objectId);
  const checked = used.filter((o) => allowed(was, o));
  return { checked: checked.length, failures: checked.filter((o) => !allowed(now, o)).map((o) => ({ action: o.action, scope: o.scope })) };
}

/** Each new assignment allows nothing its old one did not (role within the old role, scope within the old scope). */
export function narrowsOnly(inventories: readonly Inventory[], changes: readonly AssignmentChange[]): boolean {
  const roles = new Map<string, ReturnType<AzureFacts['armRoles']['get']>>();
  let covers: AzureFacts['covers'] | undefined;
  for (const inv of inventories) {
    if (inv.provider !== 'azure') continue;
    const facts = new AzureFacts(inv);
    for (const [id, r] of facts.armRoles) roles.set(id, r);
    covers ??= facts.covers.bind(facts);
  }
  return changes.every((c) => {
    const old = roles.get(c.from.roleDefinitionId);
    return !!old && c.to.every((t) => {
      const role = roles.get(t.roleDefinitionId);
      return !!role && within(role, old) && !!covers && covers(c.from.scope.toLowerCase(), t.scope.toLowerCase());
    });
  });
}
