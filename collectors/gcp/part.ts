import { emptyGcpInventory, type GcpInventory } from '../../src/model/inventory/gcp.js';

/**
 * What one GCP file contributes: inventory records plus the name joins it teaches (a project's
 * number and id, a service account's unique id and email), applied once every file is read.
 */
export interface GcpPart {
  inventory: GcpInventory;
  /** project id → project number. */
  projectNumbers: Map<string, string>;
  /** service-account unique id → email. */
  serviceAccountIds: Map<string, string>;
  warnings: string[];
}

export function emptyPart(): GcpPart {
  return { inventory: emptyGcpInventory(), projectNumbers: new Map(), serviceAccountIds: new Map(), warnings: [] };
}
