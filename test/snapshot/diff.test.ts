import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { diffFacts, type SnapshotDiff } from '../../src/snapshot/diff.js';
import { snapshotFacts } from '../../src/snapshot/facts.js';
import { renderDiff } from '../../src/snapshot/render-diff.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import { accessKeys, ADMIN, gaad, user } from '../helpers/aws-estate.js';
import { A, estateAfter, estateBefore, NEW_KEY, OLD_KEY, snapshotOf } from './helpers.js';

const B = '222222222222';
const B_KEY = 'AKIABBBBBBBBBBBBBBB1';

async function diff(a: Snapshot, b: Snapshot): Promise<SnapshotDiff> {
  return diffFacts(await snapshotFacts(a, EMPTY_CONFIG), await snapshotFacts(b, EMPTY_CONFIG));
}
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const row = (d: SnapshotDiff, id: string, scope = 'overall') => d.metrics.find((m) => m.id === id && m.scope === scope)!;

/** Account B as a second source: an admin user with a key. */
const accountB = () => ({
  'b-gaad.json': gaad({ users: [user(B, 'backup', { attached: [ADMIN] })] }),
  'b-keys.json': { leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: B, output: accessKeys('backup', { id: B_KEY }) },
});

describe('diff of two snapshots', () => {
  it('reports new and removed credentials, attack edges and crown-jewel paths, and each metric direction', async () => {
    const d = await diff(snapshotOf(estateBefore(), { id: 'a' }), snapshotOf(estateAfter(), { id: 'b' }));
    expect(ids(d.credentials.added)).toEqual([`aws:access-key:${NEW_KEY}`]);
    expect(ids(d.credentials.removed)).toEqual([`aws:access-key:${OLD_KEY}`]);
    expect(d.credentials.notCollected).toEqual([]);
    expect(ids(d.crownJewelPaths.removed)).toContain(`aws:access-key:${OLD_KEY} → arn:aws:iam::${A}:user/ci`);
    expect(d.crownJewelPaths.added).toEqual([]);
    expect(d.newTierZeroPaths).toEqual([]);
    expect(d.attackEdges.removed.some((e) => e.id.includes(`arn:aws:iam::${A}:user/ci`) && e.id.includes('role/ops'))).toBe(true);
    expect(row(d, 'standing-privilege.tier-zero-nhis')).toMatchObject({ before: 2, after: 1, delta: -1, direction: 'better' });
    expect(row(d, 'federation.loose-trusts')).toMatchObject({ before: 1, after: 0, direction: 'better' });
    expect(row(d, 'blast.tier-zero-credentials')).toMatchObject({ before: 1, after: 0, direction: 'better' });
    expect(row(d, 'credential-lifetime.no-expiry')).toMatchObject({ before: 2, after: 2, direction: 'same' });
    expect(row(d, 'unused.credentials')).toMatchObject({ direction: 'not collected' });
  });

  it('the reverse direction is worse, with a new tier-zero path', async () => {
    const d = await diff(snapshotOf(estateAfter(), { id: 'b' }), snapshotOf(estateBefore(), { id: 'a' }));
    expect(row(d, 'standing-privilege.tier-zero-nhis').direction).toBe('worse');
    expect(ids(d.newTierZeroPaths)).toContain(`aws:access-key:${OLD_KEY} → arn:aws:iam::${A}:user/ci`);
    expect(renderDiff(d, 'text')).toContain('NEW TIER-ZERO PATHS');
  });

  it('a scope the later run failed to collect is "not collected", never removed or better', async () => {
    const a = snapshotOf({ ...estateBefore(), ...accountB() }, { id: 'a' });
    const b = snapshotOf(estateBefore(), {
      id: 'b',
      run: { sourceStatus: [{ name: 'account-b', type: 'offline', status: 'failed', providers: [], gaps: [], error: 'no such file' }] },
    });
    const d = await diff(a, b);
    expect(d.credentials.removed).toEqual([]);
    expect(ids(d.credentials.notCollected)).toEqual([`aws:access-key:${B_KEY}`]);
    expect(ids(d.identities.notCollected)).toContain(`arn:aws:iam::${B}:user/backup`);
    expect(d.crownJewelPaths.removed).toEqual([]);
    expect(ids(d.crownJewelPaths.notCollected)).toEqual([`aws:access-key:${B_KEY} → arn:aws:iam::${B}:user/backup`]);
    expect(d.notCollected).toEqual([`aws|${B}`, 'source account-b (failed)']);
    // Fewer tier-zero credentials only because B was not read: no "better".
    expect(row(d, 'blast.tier-zero-credentials')).toMatchObject({ before: 2, after: 1, direction: 'not collected' });
    expect(row(d, 'blast.tier-zero-credentials', 'aws')).toMatchObject({ direction: 'not collected' });
    for (const format of ['text', 'markdown'] as const) {
      const out = renderDiff(d, format);
      expect(out).toContain('not collected');
      expect(out).not.toMatch(/resolved/i);
    }
  });

  it('an account collected again later makes its absences real removals', async () => {
    const a = snapshotOf({ ...estateBefore(), ...accountB() }, { id: 'a' });
    const files = { ...estateBefore(), ...accountB() };
    files['b-keys.json'] = { leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: B, output: accessKeys('backup') };
    const d = await diff(a, snapshotOf(files, { id: 'b' }));
    expect(ids(d.credentials.removed)).toEqual([`aws:access-key:${B_KEY}`]);
    expect(d.credentials.notCollected).toEqual([]);
    expect(row(d, 'blast.tier-zero-credentials')).toMatchObject({ before: 2, after: 1, direction: 'better' });
  });

  it('json keeps the shape; markdown has the maturity table', async () => {
    const d = await diff(snapshotOf(estateBefore(), { id: 'a' }), snapshotOf(estateAfter(), { id: 'b' }));
    expect(JSON.parse(renderDiff(d, 'json'))).toMatchObject({ schemaVersion: 1, before: { id: 'a' }, after: { id: 'b' } });
    expect(renderDiff(d, 'markdown')).toMatch(/\| Admin-equivalent NHIs \| overall \| 2 \| 1 \| -1 \| ✓ better \|/);
  });
});
