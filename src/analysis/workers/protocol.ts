import type { AwsInventory } from '../../model/inventory/index.js';
import type { AccountPart } from '../aws/index.js';

/** What a worker is started with: the inventory once (structured clone), then account ids one at a time. */
export interface WorkerInput {
  inventory: AwsInventory;
  at: Date;
  fold: boolean;
}

export type WorkerRequest = { account: string };

export type WorkerReply = { ready: true } | { account: string; part: AccountPart } | { error: string };
