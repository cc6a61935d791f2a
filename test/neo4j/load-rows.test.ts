import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { loadGroups, loadRows, splittable } from '../../src/neo4j/load-rows.js';

// The write side stands in for the server: it refuses any batch above a size with the error the
// server sends (codes from the Neo4j 5 status code list), as a tight db.memory.transaction.max
// or a lock timeout would. loadRows itself is the code under test.
const serverError = (code: string, message = 'refused') =>
  new Neo4jError(message, code, '50N00', 'error: general processing exception - unexpected error');

async function load(rows: number[], batchSize: number, inFlight: number, refuseAbove: number, code: string) {
  const written: number[] = [];
  const attempts: number[] = [];
  await loadRows(rows, { batchSize, inFlight }, async (batch) => {
    attempts.push(batch.length);
    await Promise.resolve();
    if (batch.length > refuseAbove) throw serverError(code);
    written.push(...batch);
  });
  return { written, attempts };
}

describe('loadRows: halve the batch and retry', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => i);

  for (const code of [
    'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    'Neo.TransientError.General.TransactionMemoryLimit',
    'Neo.TransientError.Transaction.DeadlockDetected',
    'Neo.TransientError.Transaction.LockAcquisitionTimeout',
  ]) {
    it(`${code}: every row written exactly once, in halves down to what the server takes`, async () => {
      const { written, attempts } = await load(rows, 400, 3, 60, code);
      expect([...written].sort((a, b) => a - b)).toEqual(rows);
      expect(Math.max(...attempts.filter((n) => n <= 60))).toBe(50); // 400 → 200 → 100 → 50
      expect(attempts).toContain(400);
    });
  }

  it('stops on a terminated transaction, even though its code says transient', async () => {
    await expect(load(rows, 400, 2, 60, 'Neo.TransientError.Transaction.Terminated')).rejects.toMatchObject({
      code: 'Neo.TransientError.Transaction.Terminated',
    });
  });

  it('stops on a client error and on a single row the server still refuses', async () => {
    await expect(load(rows, 400, 2, 60, 'Neo.ClientError.Statement.SyntaxError')).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.SyntaxError',
    });
    await expect(load(rows, 4, 1, 0, 'Neo.TransientError.General.MemoryPoolOutOfMemoryError')).rejects.toMatchObject({
      code: 'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    });
  });

  it('classifies the server errors', () => {
    expect(splittable(serverError('Neo.TransientError.Transaction.LockClientStopped'))).toBe(false);
    expect(splittable(serverError('Neo.DatabaseError.General.UnknownError', 'java.lang.OutOfMemoryError: Java heap space'))).toBe(true);
    expect(splittable(serverError('Neo.ClientError.Schema.ConstraintValidationFailed'))).toBe(false);
  });
});

describe('loadGroups: one queue over several groups', () => {
  it('small groups share the transactions in flight; every batch holds one group\'s rows, halves too', async () => {
    const groups = ['A', 'B', 'C', 'D'].map((group, g) => ({ group, rows: Array.from({ length: 3 }, (_, i) => `${group}${g * 3 + i}`) }));
    let running = 0;
    let most = 0;
    const written: string[] = [];
    await loadGroups(groups, { batchSize: 4, inFlight: 4 }, async (group, batch) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      expect(batch.every((row) => row.startsWith(group))).toBe(true);
      if (group === 'B' && batch.length > 1) throw serverError('Neo.TransientError.Transaction.DeadlockDetected');
      written.push(...batch);
    });
    expect(most).toBe(4);
    expect([...written].sort()).toEqual(groups.flatMap((g) => g.rows).sort());
  });
});
