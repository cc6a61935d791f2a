/**
 * The per-account AWS analysis in worker threads (src/analysis/workers) gives the graph and the
 * warnings of the in-process analysis, byte for byte: same edge ids and order, evidence, hubs,
 * tier-zero marks and warnings, on random estates of three accounts (generators shared with the
 * hub-folding property), folded and not. Bounded runs: each starts two workers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, analyseAsync } from '../../src/analysis/index.js';
import { awsThreads, requestedThreads, AUTO_MIN_PRINCIPALS } from '../../src/analysis/workers/threads.js';
import type { AwsInventory } from '../../src/model/inventory/index.js';
import { estateSpecOf, files } from '../helpers/aws-random-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';

const AT = new Date('2026-01-01T00:00:00Z');

describe('AWS analysis in worker threads', () => {
  it('gives the in-process graph and warnings on random multi-account estates', async () => {
    let edges = 0;
    await fc.assert(
      fc.asyncProperty(estateSpecOf(3), fc.boolean(), async (spec, fold) => {
        const read = readInputsFromJson(files(spec));
        const one = analyse(read.inventories, { at: AT, fold });
        const two = await analyseAsync(read.inventories, { at: AT, fold, threads: 2 });
        edges += one.graph.edges.length;
        expect(JSON.stringify(two)).toBe(JSON.stringify(one));
        // 1 thread through the async entry is the in-process analysis itself.
        expect(JSON.stringify(await analyseAsync(read.inventories, { at: AT, fold, threads: 1 }))).toBe(JSON.stringify(one));
      }),
      { numRuns: Number(process.env.LEAKPATH_THREADS_RUNS ?? 4), seed: Number(process.env.LEAKPATH_THREADS_SEED ?? 16) },
    );
    // Worth something only if the estates had edges to compare.
    expect(edges).toBeGreaterThan(30);
  }, 60_000);

  it('uses workers by default only for large estates of several accounts, and as asked', () => {
    const estate = (accounts: number, roles: number) =>
      ({ provider: 'aws', accounts: Array.from({ length: accounts }, (_, i) => ({ accountId: String(i), roles: new Array(roles), users: [] })) }) as unknown as AwsInventory;
    expect(awsThreads(estate(3, 10), undefined, 2)).toBe(1);
    expect(awsThreads(estate(1, AUTO_MIN_PRINCIPALS * 2), undefined, 2)).toBe(1);
    expect(awsThreads(estate(3, AUTO_MIN_PRINCIPALS), undefined, 2)).toBe(2);
    expect(awsThreads(estate(3, AUTO_MIN_PRINCIPALS), undefined, 8)).toBe(3);
    expect(awsThreads(estate(3, 10), 2, 2)).toBe(2);
    expect(awsThreads(estate(3, AUTO_MIN_PRINCIPALS), 1, 2)).toBe(1);
    expect(requestedThreads(undefined, { LEAKPATH_THREADS: '2' })).toBe(2);
    expect(requestedThreads(undefined, { LEAKPATH_THREADS: 'auto' })).toBeUndefined();
    expect(requestedThreads(3, { LEAKPATH_THREADS: '2' })).toBe(3);
    expect(() => requestedThreads(undefined, { LEAKPATH_THREADS: 'many' })).toThrow(/LEAKPATH_THREADS/);
  });
});
