import type { AwsInventory } from './aws.js';
import type { AzureInventory } from './azure.js';
import type { GcpInventory } from './gcp.js';
import type { GithubInventory } from './github.js';
import type { KubernetesInventory } from './kubernetes.js';
import type { SecretsInventory } from './secrets.js';
import type { UsageInventory } from './usage.js';

export type * from './aws.js';
export type * from './azure.js';
export type * from './gcp.js';
export type * from './github.js';
export type * from './kubernetes.js';
export type * from './secrets.js';
export type * from './usage.js';

/** One provider's inventory. Each provider adds its inventory type to this union. */
export type Inventory = AwsInventory | AzureInventory | GcpInventory | GithubInventory | KubernetesInventory | SecretsInventory | UsageInventory;

/** What one input file contributed, before inventories of the same provider are merged. */
export interface ParsedInput {
  file: string;
  format: string;
  inventory: Inventory;
  warnings: string[];
}
