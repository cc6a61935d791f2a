/**
 * Writes rows in batches with several transactions in flight. A batch the server refuses with a
 * transient error the driver's own retries did not clear (lock timeouts, deadlocks, an exhausted
 * memory pool) or for lack of memory is split in two and each half retried, down to single rows;
 * any other error stops the load. A refused batch wrote nothing (its transaction rolled back), so
 * retrying its halves writes each row once.
 */
export async function loadRows<T>(
  rows: readonly T[],
  options: { batchSize: number; inFlight: number },
  write: (batch: T[]) => Promise<void>,
): Promise<void> {
  await loadGroups([{ group: undefined, rows }], options, (_, batch) => write(batch));
}

/**
 * loadRows over several groups of rows, each batch within one group (one statement per group),
 * all from one queue: a group too small to fill every transaction in flight shares them with the
 * next instead of running alone.
 */
export async function loadGroups<G, T>(
  groups: readonly { group: G; rows: readonly T[] }[],
  options: { batchSize: number; inFlight: number },
  write: (group: G, batch: T[]) => Promise<void>,
): Promise<void> {
  const queue: { group: G; batch: T[] }[] = [];
  for (const { group, rows } of groups)
    for (let i = 0; i < rows.length; i += options.batchSize) queue.push({ group, batch: rows.slice(i, i + options.batchSize) });
  let failed: unknown;
  const worker = async () => {
    for (let job = queue.shift(); job && failed === undefined; job = queue.shift()) {
      try {
        await write(job.group, job.batch);
      } catch (e) {
        if (job.batch.length > 1 && splittable(e)) {
          const half = Math.ceil(job.batch.length / 2);
          queue.unshift({ group: job.group, batch: job.batch.slice(0, half) }, { group: job.group, batch: job.batch.slice(half) });
        } else {
          failed ??= e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.inFlight, Math.max(1, queue.length)) }, worker));
  if (failed !== undefined) throw failed;
}

/**
 * Errors a smaller transaction can avoid: every `Neo.TransientError.*` (deadlocks, lock timeouts,
 * MemoryPoolOutOfMemoryError, TransactionMemoryLimit) and a server out of heap. Not a transaction
 * terminated by an administrator or a shutdown (`Transaction.Terminated`, `LockClientStopped`):
 * those are transient by code only, and the push must stop.
 */
export function splittable(e: unknown): boolean {
  const { code = '', message = '' } = (e ?? {}) as { code?: string; message?: string };
  if (/^Neo\.TransientError\.Transaction\.(Terminated|LockClientStopped)$/.test(code)) return false;
  return (
    code.startsWith('Neo.TransientError.') ||
    /MemoryPoolOutOfMemoryError|TransactionMemoryLimit|OutOfMemory|DeadlockDetected/i.test(code) ||
    /OutOfMemory|out of memory|memory limit|deadlock/i.test(message)
  );
}
