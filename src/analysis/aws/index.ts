import type { GraphEdge, TierZeroMark } from '../types.js';
import type { AwsInventory } from '../../model/inventory/index.js';
import type { Caller } from './policy/principal-match.js';
import { namedAccounts } from './policy/principal-match.js';
import { identityDecision, PolicyIndex, principalsOf } from './principals.js';
import { assumeRoleEdge } from './rules/assume-role.js';
import { tierZeroOf } from './rules/tier-zero.js';
import { attackerContext } from './policy/attacker-context.js';
import { externalAccountArn } from '../../build/aws.js';
import type { AnalysisResult } from '../types.js';

/**
 * AWS attack edges and tier-zero marks from an AWS inventory. Rules are pure functions of the
 * inventory; this function only pairs callers with targets.
 */
export function analyseAws(inventory: AwsInventory): AnalysisResult {
  const policies = new PolicyIndex(inventory);
  const principals = inventory.accounts.flatMap((a) => principalsOf(a, policies));
  const known = new Set(inventory.accounts.map((a) => a.accountId));
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];

  for (const p of principals) {
    const t0 = tierZeroOf(p);
    if (t0) tierZero.push({ nodeId: p.arn, ...t0 });
  }

  for (const account of inventory.accounts) {
    for (const role of account.roles) {
      for (const p of principals) {
        if (p.arn === role.arn) continue;
        const caller: Caller = { arn: p.arn, accountId: p.accountId, type: p.type };
        const edge = assumeRoleEdge(caller, p.conditions, role, account.accountId, identityDecision(p, 'sts:AssumeRole', role.arn));
        if (edge) edges.push(edge);
      }
      const external = new Set(role.trustPolicy.Statement.flatMap(namedAccounts).filter((a) => !known.has(a)));
      for (const accountId of external) {
        const arn = externalAccountArn(accountId);
        const context = attackerContext({ 'aws:PrincipalAccount': accountId }, 'account');
        const edge = assumeRoleEdge({ arn, accountId, type: 'account' }, context, role, account.accountId, undefined);
        if (edge) edges.push(edge);
      }
    }
  }

  const warnings = [...policies.missing].sort().map(
    (arn) => `aws: managed policy ${arn} is attached but not in the export; its statements were not evaluated (coverage gap). Export with get-account-authorization-details without --filter to include it.`,
  );
  return { edges, tierZero, warnings };
}
