import type { AzureInventory } from '../../model/inventory/index.js';
import type { AnalysisResult } from '../types.js';
import { AzureFacts } from './facts.js';
import { armRules } from './rules/arm.js';
import { authenticatesAs } from './rules/credentials.js';
import { delegatedGrantRules } from './rules/delegated.js';
import { directoryRoleRules } from './rules/directory-roles.js';
import { federationRules } from './rules/federation.js';
import { graphPermissionRules } from './rules/graph-permissions.js';
import { accessPolicyRules, secretLinkRules } from './rules/key-vault.js';
import { ownershipRules } from './rules/ownership.js';

/**
 * Entra ID + Azure RBAC → attack edges and tier-zero marks. `now` decides which credentials are
 * inside their validity window. `fold: false` keeps group-wide ARM grants and vault access policies unfolded (src/model/hubs.ts).
 */
export function analyseAzure(inventory: AzureInventory, now: Date = new Date(), options: { fold?: boolean } = {}): AnalysisResult {
  const facts = new AzureFacts(inventory);
  const roles = directoryRoleRules(facts);
  const arm = armRules(facts, options);
  const links = secretLinkRules(facts);
  const policies = accessPolicyRules(facts, options);
  return {
    nodes: [...arm.nodes, ...policies.nodes],
    edges: [
      ...authenticatesAs(facts, now),
      ...roles.edges,
      ...ownershipRules(facts),
      ...graphPermissionRules(facts),
      ...delegatedGrantRules(facts),
      ...federationRules(facts),
      ...arm.edges,
      ...policies.edges,
      ...links.edges,
    ],
    tierZero: [...roles.tierZero, ...arm.tierZero],
    warnings: [...roles.warnings, ...arm.warnings, ...links.warnings],
  };
}
