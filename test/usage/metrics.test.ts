import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { computeMetrics, type SnapshotMetrics } from '../../src/snapshot/metrics.js';
import { withGraph } from '../snapshot/helpers.js';

const ESTATE = path.resolve(import.meta.dirname, '../../examples/unused-estate');
const AT = '2025-07-01T00:00:00.000Z';
const metric = (m: SnapshotMetrics, id: string) => m.metrics.find((x) => x.id === id)!;

describe('unused-privilege snapshot metrics', () => {
  it('share of NHIs with unused privilege, tier zero owed to unused rights, credentials never used', async () => {
    const read = await readInputs([ESTATE]);
    const { graph } = analyse(read.inventories, { at: new Date(AT) });
    const m = await computeMetrics(withGraph(graph, read.inventories, { at: AT }), EMPTY_CONFIG);
    // Usage is no source of its own: metrics stay per provider.
    expect(m.sources).toEqual(['aws']);
    expect(metric(m, 'unused.nhis-with-unused-privilege').overall).toMatchObject({ value: 80, of: 5 });
    expect(metric(m, 'unused.tier-zero-rights').overall.items).toEqual(['arn:aws:iam::123456789012:role/ops-admin', 'arn:aws:iam::123456789012:user/reports-bot']);
    expect(metric(m, 'unused.credentials-never-used').overall.items).toEqual(['aws:access-key:AKIAEXAMPLEREPORTSB1']);
  });

  it('without usage exports the metrics are not collected, not zero', async () => {
    const read = await readInputs([path.join(ESTATE, '123456789012-authorization-details.json')]);
    const { graph } = analyse(read.inventories, { at: new Date(AT) });
    const m = await computeMetrics(withGraph(graph, read.inventories, { at: AT }), EMPTY_CONFIG);
    expect(metric(m, 'unused.nhis-with-unused-privilege').overall.value).toBeNull();
    expect(metric(m, 'unused.tier-zero-rights').overall.value).toBeNull();
    expect(metric(m, 'unused.credentials-never-used').overall.value).toBeNull();
  });
});
