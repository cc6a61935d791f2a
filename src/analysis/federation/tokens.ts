import type { Inventory } from '../../model/inventory/index.js';
import { kubernetesWorkloadTokens } from '../kubernetes/tokens.js';
import { githubWorkloadTokens } from '../github/tokens.js';
import type { WorkloadToken } from './types.js';

/**
 * The workload tokens each source can mint. A token source (GitHub workflows, Kubernetes service
 * accounts) adds its case here; clouds that only accept tokens contribute none.
 */
export function workloadTokens(inventory: Inventory): WorkloadToken[] {
  switch (inventory.provider) {
    case 'kubernetes':
      return kubernetesWorkloadTokens(inventory);
    case 'github':
      return githubWorkloadTokens(inventory);
    case 'aws':
    case 'azure':
    case 'gcp':
    case 'secrets':
    case 'usage':
      return [];
  }
}
