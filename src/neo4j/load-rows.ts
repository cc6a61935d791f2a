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
  const queue: T[][] = [];
  for (let i = 0; i < rows.length; i += options.batchSize) queue.push(rows.slice(i, i + options.batchSize));
  let failed: unknown;
  const worker = async () => {
    for (let batch = queue.shift(); batch && failed === undefined; batch = queue.shift()) {
      try {
        await write(batch);
      } catch (e) {
        if (batch.length > 1 && splittable(e)) {
          const half = Math.ceil(batch.length / 2);
          queue.unshift(batch.slice(0, half), batch.slice(half));
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
