import { appendAll } from '../../model/append.js';
import type { GcpInventory } from '../../model/inventory/gcp.js';
import type { AnalysisResult } from '../types.js';
import { GcpFacts } from './facts.js';
import { BindingHubs } from './fold.js';
import { deployRules, existingComputeRules } from './rules/compute.js';
import { dataRules } from './rules/data.js';
import { keyRules } from './rules/keys.js';
import { scopeRules } from './rules/scopes.js';
import { serviceAccountRules } from './rules/service-accounts.js';
import { wifFindings } from './rules/wif.js';
import { workspaceRules } from './rules/workspace.js';
import { allServiceAccounts } from './targets.js';

/**
 * GCP allow policies → attack edges and tier-zero marks. `now` decides IAM Conditions on
 * request.time and which keys are inside their validity window.
 */
export function analyseGcp(inventory: GcpInventory, now: Date = new Date(), options: { fold?: boolean } = {}): AnalysisResult {
  const facts = new GcpFacts(inventory, now);
  const hubs = new BindingHubs(options.fold !== false);
  const emails = allServiceAccounts(facts);
  const scopes = scopeRules(facts, emails);
  const workspace = workspaceRules(facts);
  const edges = [
    ...keyRules(facts),
    ...serviceAccountRules(facts, emails, hubs),
    ...scopes.edges,
    ...dataRules(facts),
    ...existingComputeRules(facts, emails),
    ...workspace.edges,
  ];
  deployRules(facts, emails, hubs);
  const nodes = hubs.finish();
  appendAll(edges, hubs.edges);
  const warnings = [...facts.warnings, ...facts.denyWarnings(), ...wifFindings(facts), ...workspace.warnings];
  if (facts.roles.unknown.size > 0) {
    const list = [...facts.roles.unknown].sort();
    warnings.push(`gcp: ${list.length} role(s) bound but not known (custom roles not exported, or newer than the predefined-role data): ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}; their bindings grant nothing in this analysis`);
  }
  return { nodes, edges, tierZero: [...scopes.tierZero, ...workspace.tierZero], warnings };
}
