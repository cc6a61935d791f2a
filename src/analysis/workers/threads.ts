import { availableParallelism } from 'node:os';
import type { AwsInventory } from '../../model/inventory/index.js';
import { UsageError } from '../../errors.js';

/**
 * Below this many principals (users and roles of every account) an AWS analysis stays in process
 * by default: a worker's start-up, the inventory's copy and each worker building the caller
 * models again cost more than the split saves. Measured with the dense bench (bench/dense-run.ts,
 * 2 cores, shared): at 3k roles (3 accounts, 3,600 principals) 2 threads were slower (CPU +29%);
 * at 10k (10 accounts, 12,000 principals) wall time fell a little for 27% more CPU and 55% more
 * peak memory. The break-even lies between; more cores move it down.
 */
export const AUTO_MIN_PRINCIPALS = 8000;

/** `threads` from an option, else LEAKPATH_THREADS; undefined means automatic. */
export function requestedThreads(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (option !== undefined) return option;
  const raw = env.LEAKPATH_THREADS;
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'auto') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads / LEAKPATH_THREADS: expected a whole number of threads of at least 1 (or auto), got ${JSON.stringify(raw.slice(0, 20))}`);
  return n;
}

/**
 * Worker threads for an AWS inventory's per-account analysis: at most one per account and one per
 * core. Asked for, it is that many (1: in process); automatic, it is used only for an estate of
 * several accounts large enough to pay for the workers.
 */
export function awsThreads(inventory: AwsInventory, requested: number | undefined, cores = availableParallelism()): number {
  const accounts = inventory.accounts.length;
  if (requested !== undefined) return Math.max(1, Math.min(requested, accounts));
  const principals = inventory.accounts.reduce((n, a) => n + a.roles.length + a.users.length, 0);
  if (accounts < 2 || principals < AUTO_MIN_PRINCIPALS) return 1;
  return Math.max(1, Math.min(accounts, cores));
}
