import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { isHub } from '../../src/model/hubs.js';
import { accessKeys, allow, doc, gaad, role, user } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../src/model/graph.js';
import { METRICS } from '../../src/snapshot/definitions.js';
import { computeMetrics, type SnapshotMetrics } from '../../src/snapshot/metrics.js';
import { A, APP_KEY, AT, estateAfter, estateBefore, NEW_KEY, OLD_KEY, snapshotOf, withGraph } from './helpers.js';

const metric = (m: SnapshotMetrics, id: string) => m.metrics.find((x) => x.id === id)!;
const value = (m: SnapshotMetrics, id: string) => metric(m, id).overall.value;

describe('metrics of one snapshot', () => {
  it('every declared metric is computed, overall and per source', async () => {
    const m = await computeMetrics(snapshotOf(estateBefore()), EMPTY_CONFIG);
    expect(m.metrics.map((x) => x.id)).toEqual(METRICS.map((d) => d.id));
    expect(m.sources).toEqual(['aws']);
    for (const x of m.metrics) expect(Object.keys(x.bySource)).toEqual(['aws']);
    expect(m.analysedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('counts standing admin, old keys, loose trusts and tier-zero reach before; fewer after', async () => {
    const before = await computeMetrics(snapshotOf(estateBefore()), EMPTY_CONFIG);
    const after = await computeMetrics(snapshotOf(estateAfter()), EMPTY_CONFIG);
    expect(metric(before, 'standing-privilege.tier-zero-nhis').overall.items).toEqual([`arn:aws:iam::${A}:role/ops`, `arn:aws:iam::${A}:user/ci`]);
    expect(metric(after, 'standing-privilege.tier-zero-nhis').overall.items).toEqual([`arn:aws:iam::${A}:role/ops`]);
    expect(metric(before, 'rotation.overdue').overall.items).toEqual([`aws:access-key:${OLD_KEY}`]);
    expect(value(after, 'rotation.overdue')).toBe(0);
    expect(value(before, 'credential-lifetime.no-expiry')).toBe(2);
    expect(value(after, 'credential-lifetime.no-expiry')).toBe(2);
    // 2024-06-02 → 2026-01-01 is 577 days; 2025-12-20T09:00 → 11 whole days; p50 by nearest rank is the lower.
    expect(value(before, 'credential-lifetime.age-median-days')).toBe(11);
    expect(value(before, 'credential-lifetime.age-p95-days')).toBe(577);
    expect(value(after, 'credential-lifetime.age-p95-days')).toBe(11);
    expect(metric(before, 'federation.loose-trusts').overall.items).toEqual([`arn:aws:iam::${A}:role/deployer#0|token.actions.githubusercontent.com`]);
    expect(value(after, 'federation.loose-trusts')).toBe(0);
    expect(metric(before, 'blast.tier-zero-credentials').overall.items).toEqual([`aws:access-key:${OLD_KEY}`]);
    expect(value(after, 'blast.tier-zero-credentials')).toBe(0);
    expect(metric(after, 'blast.tier-zero-credentials').overall.of).toBe(2);
    expect(value(before, 'blast.reach-p95')!).toBeGreaterThan(value(after, 'blast.reach-p95')!);
  });

  it('time comes from the snapshot: the same estate judged a year later has more overdue keys', async () => {
    const later = await computeMetrics(snapshotOf(estateAfter(), { at: '2027-01-01T00:00:00.000Z' }), EMPTY_CONFIG);
    expect(metric(later, 'rotation.overdue').overall.items).toEqual([`aws:access-key:${APP_KEY}`, `aws:access-key:${NEW_KEY}`]);
  });

  it('an inactive or expired credential is not counted', async () => {
    const files = estateBefore();
    (files['keys-ci.json'] as { output: { AccessKeyMetadata: { Status: string }[] } }).output.AccessKeyMetadata[0]!.Status = 'Inactive';
    const m = await computeMetrics(snapshotOf(files), EMPTY_CONFIG);
    expect(metric(m, 'rotation.overdue').overall.value).toBe(0);
    expect(metric(m, 'blast.tier-zero-credentials').overall.value).toBe(0);
  });

  it('a metric the source cannot measure is null (not collected), never zero', async () => {
    const m = await computeMetrics(snapshotOf(estateBefore()), EMPTY_CONFIG);
    expect(metric(m, 'unused.credentials').overall).toMatchObject({ value: null, note: expect.stringContaining('last use') });
    expect(metric(m, 'oauth.high-risk-third-party-apps').overall.value).toBeNull();
  });
});

/** A hand-made graph for the location-based rules: one key stored in two places, one readable. */
function locationGraph(): AttackGraph {
  const n = (id: string, kind: GraphNode['kind'], type: string, props: GraphNode['props'] = {}): GraphNode => ({ id, kind, provider: 'aws', type, name: id, scope: A, tags: {}, props });
  const e = (kind: string, source: string, target: string): GraphEdge => ({ id: `${kind}|t|${source}|${target}`, kind, technique: 't', source, target, conditional: false, evidence: { summary: 's', refs: [] } });
  return {
    nodes: [
      n('aws:access-key:K1', 'Credential', 'aws:iam:access-key', { status: 'Active', createDate: '2025-12-01T00:00:00Z' }),
      n('aws:access-key:K2', 'Credential', 'aws:iam:access-key', { status: 'Active', createDate: '2025-12-01T00:00:00Z' }),
      n('u1', 'Identity', 'aws:iam:user'),
      n('u2', 'Identity', 'aws:iam:user'),
      n('reader', 'Identity', 'aws:iam:role'),
      n('fn-role', 'Identity', 'aws:iam:role'),
      n('fn', 'Resource', 'aws:lambda:function', { runsAs: 'fn-role' }),
      n('env1', 'SecretLocation', 'aws:lambda:function:environment'),
      n('env2', 'SecretLocation', 'aws:lambda:function:environment'),
    ],
    edges: [
      e('AUTHENTICATES_AS', 'aws:access-key:K1', 'u1'),
      e('AUTHENTICATES_AS', 'aws:access-key:K2', 'u2'),
      e('STORED_IN', 'aws:access-key:K1', 'env1'),
      e('STORED_IN', 'aws:access-key:K1', 'env2'),
      e('STORED_IN', 'aws:access-key:K2', 'env2'),
      e('CAN_READ', 'reader', 'env1'),
    ],
  };
}

describe('location and workload rules', () => {
  it('reuse counts keys in two or more places; exposure every stored key; readable only where an identity can read', async () => {
    const m = await computeMetrics(withGraph(locationGraph(), []), EMPTY_CONFIG);
    expect(metric(m, 'reuse.shared-credentials').overall.items).toEqual(['aws:access-key:K1']);
    expect(metric(m, 'exposure.exposed-credentials').overall.items).toEqual(['aws:access-key:K1', 'aws:access-key:K2']);
    expect(metric(m, 'exposure.readable-credentials').overall.items).toEqual(['aws:access-key:K1']);
  });

  it('workload identity adoption: a role run by compute is federated, key users are static', async () => {
    const m = await computeMetrics(withGraph(locationGraph(), []), EMPTY_CONFIG);
    expect(metric(m, 'workload-identity.adoption').overall).toMatchObject({ value: 33.3, of: 3, items: ['fn-role'] });
  });
});

describe('metrics on the bundled example estates (AWS demo + Azure example)', () => {
  it('per source: each source measured on its own nodes; OAuth only where grants are listed', async () => {
    const { readInputs } = await import('../../src/ingest/read-inputs.js');
    const { analyse } = await import('../../src/analysis/index.js');
    const root = new URL('../../examples/', import.meta.url).pathname;
    const read = await readInputs([`${root}demo-estate`, `${root}azure`]);
    const m = await computeMetrics(withGraph(analyse(read.inventories).graph, read.inventories), EMPTY_CONFIG);
    expect(m.sources).toEqual(['aws', 'azure']);
    const oauth = metric(m, 'oauth.high-risk-third-party-apps');
    expect(oauth.bySource.aws!.value).toBeNull();
    expect(oauth.bySource.azure!.value).not.toBeNull();
    for (const id of ['blast.tier-zero-credentials', 'rotation.overdue', 'standing-privilege.tier-zero-nhis']) {
      const x = metric(m, id);
      expect(x.overall.value, id).toBe(x.bySource.aws!.value! + x.bySource.azure!.value!);
    }
    // Azure secrets carry expiry dates; AWS access keys never expire.
    expect(metric(m, 'credential-lifetime.no-expiry').bySource.aws).toMatchObject({ value: 4, of: 4 });
    expect(metric(m, 'credential-lifetime.no-expiry').bySource.azure!.details!['no expiry']).toBe(0);
  });
});

describe('metrics over a hub-folded graph (src/model/hubs.ts)', () => {
  // Four roles trusting the whole account, three users (NHIs: each has a key) that may assume any role: an assume-role hub.
  const estate = (callers: string[]) => ({
    ...Object.fromEntries(callers.map((n, i) => [`keys-${n}.json`, accessKeys(n, { id: `AKIAHUBKEY${i}`.padEnd(20, '0') })])),
    'gaad.json': gaad({
      users: callers.map((n) => user(A, n, { inline: { assume: doc(allow('sts:AssumeRole', '*')) } })),
      roles: ['app-0', 'app-1', 'app-2', 'app-3'].map((n) => role(A, n, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))),
    }),
  });
  const config = { crownJewels: [{ id: `arn:aws:iam::${A}:role/app-2`, reason: 'payments' }] };
  const both = async (files: Record<string, unknown>) => {
    const read = readInputsFromJson(files);
    const folded = analyse(read.inventories, { at: new Date(AT) }).graph;
    const unfolded = analyse(read.inventories, { at: new Date(AT), fold: false }).graph;
    return { folded, ...Object.fromEntries(await Promise.all([['foldedMetrics', folded] as const, ['unfoldedMetrics', unfolded] as const].map(async ([k, g]) => [k, await computeMetrics(withGraph(g, read.inventories), config)]))) } as { folded: AttackGraph; foldedMetrics: SnapshotMetrics; unfoldedMetrics: SnapshotMetrics };
  };

  it('an NHI that may assume a crown-jewel role through a hub holds standing crown-jewel rights, as unfolded', async () => {
    const { folded, foldedMetrics, unfoldedMetrics } = await both(estate(['ci-0', 'ci-1', 'ci-2']));
    expect(folded.nodes.some(isHub)).toBe(true);
    expect(metric(foldedMetrics, 'standing-privilege.crown-jewel-nhis').overall.items).toEqual(['ci-0', 'ci-1', 'ci-2'].map((n) => `arn:aws:iam::${A}:user/${n}`));
    expect(foldedMetrics).toEqual(unfoldedMetrics);
  });

  it('negative: one caller forms no hub, and the metrics are the same', async () => {
    const { folded, foldedMetrics, unfoldedMetrics } = await both(estate(['ci-0']));
    expect(folded.nodes.some(isHub)).toBe(false);
    expect(metric(foldedMetrics, 'standing-privilege.crown-jewel-nhis').overall.items).toEqual([`arn:aws:iam::${A}:user/ci-0`]);
    expect(foldedMetrics).toEqual(unfoldedMetrics);
  });
});
