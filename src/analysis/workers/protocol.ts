import type { AwsInventory } from '../../model/inventory/index.js';
import type { AccountPart } from '../aws/index.js';
import type { TierZeroMark } from '../types.js';

/** What a worker is started with: the inventory once (structured clone), then requests one at a time. */
export interface WorkerInput {
  inventory: AwsInventory;
  at: Date;
  fold: boolean;
}

/**
 * In two rounds: the tier-zero marks of one account's principals (every worker builds every
 * caller model; judging admins is split), then, once every mark is known (`marks`, sent to each
 * worker), one account's part.
 */
export type WorkerRequest = { tierZero: string } | { marks: TierZeroMark[] } | { account: string };

export type WorkerReply = { tierZero: string; marks: TierZeroMark[] } | { account: string; part: AccountPart } | { error: string };
