/**
 * Writes rows in batches with several transactions in flight. A batch the server refuses for lack
 * of memory (or loses to a deadlock the driver's retries did not clear) is split in two and each
 * half retried, down to single rows; any other error stops the load.
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

/** Errors a smaller transaction can avoid: memory limits and deadlocks. Termination is not one. */
export function splittable(e: unknown): boolean {
  const { code = '', message = '' } = (e ?? {}) as { code?: string; message?: string };
  return /MemoryPoolOutOfMemoryError|TransactionMemoryLimit|OutOfMemory|DeadlockDetected/i.test(code) || /out of memory|memory limit|deadlock/i.test(message);
}
