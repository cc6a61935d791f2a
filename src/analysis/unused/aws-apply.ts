import type { AwsInventory, Inventory, PolicyDocument } from '../../model/inventory/index.js';
import { evaluateStatements } from '../aws/policy/evaluate.js';
import { sourced } from '../aws/policy/statements.js';
import { principalDecision } from '../aws/policy/authorize.js';
import { PolicyIndex, principalsOf, type AwsPrincipal } from '../aws/principals.js';
import { allowStatements, grantedActions, statementActions, usedResources, verdictOf } from './aws-usage.js';
import type { NodeUsage } from './facts.js';
import type { PolicyProposal, UsageWindow } from './types.js';
import { asList } from '../aws/policy/statements.js';

export const PROPOSED_POLICY_NAME = 'leakpath-least-privilege';

/**
 * The inventories with the proposal in force for one principal: its inline policies replaced by
 * the proposal, its managed policies detached, and (a user) taken out of its groups, whose
 * policies the proposal already accounts for. Nothing else changes.
 */
export function withProposal(inventories: readonly Inventory[], arn: string, policy: PolicyDocument): Inventory[] {
  return inventories.map((inv) => {
    if (inv.provider !== 'aws') return inv;
    const touches = inv.accounts.some((a) => a.users.some((u) => u.arn === arn) || a.roles.some((r) => r.arn === arn));
    if (!touches) return inv;
    const replaced = { inlinePolicies: [{ name: PROPOSED_POLICY_NAME, document: policy }], attachedPolicies: [] as string[] };
    const next: AwsInventory = {
      ...inv,
      accounts: inv.accounts.map((a) => ({
        ...a,
        users: a.users.map((u) => (u.arn === arn ? { ...u, ...replaced, groups: [] } : u)),
        roles: a.roles.map((r) => (r.arn === arn ? { ...r, ...replaced } : r)),
      })),
    };
    return next;
  });
}

const principalCache = new WeakMap<readonly Inventory[], Map<string, AwsPrincipal>>();

/** The principal as the evaluator sees it in these inventories, at `at`. */
export function principalIn(inventories: readonly Inventory[], arn: string, at: Date): AwsPrincipal | undefined {
  // Resolving every principal of an account once, not once per principal asked for.
  const key = `${at.toISOString()}|${arn}`;
  let cache = principalCache.get(inventories);
  if (!cache) principalCache.set(inventories, (cache = new Map()));
  if (cache.has(key)) return cache.get(key);
  for (const inv of inventories) {
    if (inv.provider !== 'aws') continue;
    for (const account of inv.accounts) {
      const all = principalsOf(account, new PolicyIndex(inv), at);
      for (const p of all) cache.set(`${at.toISOString()}|${p.arn}`, p);
    }
  }
  return cache.get(key);
}

/**
 * The (action, resource) requests the principal made in the window that its current policies
 * allow: with the resources CloudTrail shows, else the resources the granting statements name.
 */
export function usedRequests(p: AwsPrincipal, u: NodeUsage | undefined, w: UsageWindow): { action: string; resource: string }[] {
  const out = new Map<string, { action: string; resource: string }>();
  for (const action of grantedActions(p).values()) {
    if (verdictOf(u, action, w) !== 'used') continue;
    const resources = usedResources(u, action, w);
    const candidates = resources.length > 0 ? resources : allowStatements(p).filter((s) => statementActions(s).includes(action)).flatMap((s) => asList(s.statement.Resource));
    for (const resource of candidates) {
      if (principalDecision(p, action, resource).effect !== 'allow') continue;
      out.set(`${action}\n${resource}`, { action, resource });
    }
  }
  return [...out.values()];
}

/**
 * The proposal allows nothing the principal's current identity statements do not: every request
 * its Allows name (each action, on each resource pattern as written) that the proposal as a whole
 * allows (its Denies included) is allowed by the current statements too.
 */
export function narrowsOnly(before: AwsPrincipal, policy: PolicyDocument): boolean {
  const request = (action: string, resource: string) => ({ action, resource, context: before.context, conditions: before.conditions });
  const proposed = sourced(policy, { type: 'identity-policy', source: PROPOSED_POLICY_NAME });
  for (const s of proposed) {
    if (s.statement.Effect !== 'Allow') continue;
    const resources = s.statement.Resource !== undefined ? asList(s.statement.Resource) : ['*'];
    for (const action of statementActions(s)) {
      for (const resource of resources) {
        if (evaluateStatements(proposed, request(action, resource)).effect !== 'allow') continue;
        if (evaluateStatements(before.identity, request(action, resource)).effect !== 'allow') return false;
      }
    }
  }
  return true;
}

/** The evaluator's verdict on the proposal: used requests still allowed, nothing new allowed. */
export function verifyUse(before: AwsPrincipal, after: AwsPrincipal | undefined, used: readonly { action: string; resource: string }[], policy: PolicyDocument): Omit<PolicyProposal['verification'], 'pathsGone'> {
  const failures = after ? used.filter((r) => principalDecision(after, r.action, r.resource).effect !== 'allow') : [...used];
  return { usedStillAllowed: failures.length === 0, checked: used.length, failures, narrowsOnly: narrowsOnly(before, policy) };
}
