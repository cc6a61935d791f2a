import type { GraphEdge } from '../../model/graph.js';
import type { Inventory } from '../../model/inventory/index.js';
import type { AnalysisResult } from '../types.js';
import { gcpFederationEdges } from '../gcp/federation.js';
import { nodeIdentityEdges } from '../kubernetes/node-identity.js';
import { noteIrsaAnnotations, podIdentityEdges } from '../kubernetes/pod-identity.js';
import { awsFederationEdges } from './aws.js';
import { githubTrustFindings } from './github-trust-findings.js';
import { workloadTokens } from './tokens.js';
import type { WorkloadToken } from './types.js';

export type { WorkloadToken } from './types.js';

/** Which identities of one inventory accept the tokens. Azure joins by node id (federated credentials name the same `oidc:` subject). */
function acceptedBy(inventory: Inventory, tokens: readonly WorkloadToken[], at: Date): GraphEdge[] {
  switch (inventory.provider) {
    case 'aws':
      return awsFederationEdges(inventory, tokens, at);
    case 'azure':
    case 'kubernetes':
      return [];
    case 'gcp':
      return gcpFederationEdges(inventory, tokens, at);
    case 'github':
      return [];
    case 'secrets':
    case 'usage':
      return [];
  }
}

/**
 * Trust across systems: the tokens every source can mint, matched against every cloud's
 * federation trusts. Runs after each provider's own analysis, on all inventories at once, since a
 * token minted in one source is accepted in another.
 */
export function analyseFederation(inventories: readonly Inventory[], at: Date = new Date()): AnalysisResult {
  const tokens = inventories.flatMap(workloadTokens);
  const edges = noteIrsaAnnotations(inventories, tokens, inventories.flatMap((inv) => acceptedBy(inv, tokens, at)));
  const pods = podIdentityEdges(inventories);
  const nodes = nodeIdentityEdges(inventories);
  return { edges: [...edges, ...pods.edges, ...nodes.edges], tierZero: [], warnings: [...pods.warnings, ...nodes.warnings, ...githubTrustFindings(inventories)] };
}
