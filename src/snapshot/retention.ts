import type { RetentionConfig } from '../config/sources.js';
import type { SnapshotSummary } from '../store/snapshot.js';
import type { SnapshotStore } from '../store/store.js';

const DAY = 86_400_000;

/**
 * The snapshots a retention policy lets go: those outside every window given (the newest N, the
 * D days up to the newest snapshot). Days count back from the newest snapshot, not from the
 * clock, so a scheduler that stopped for a month does not wipe its history on restart. The
 * newest snapshot always stays.
 */
export function expired(snapshots: readonly SnapshotSummary[], policy: RetentionConfig): string[] {
  if (policy.keepLast === undefined && policy.keepDays === undefined) return [];
  const ordered = [...snapshots].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const newest = ordered[ordered.length - 1];
  if (!newest) return [];
  const horizon = policy.keepDays === undefined ? undefined : Date.parse(newest.createdAt) - policy.keepDays * DAY;
  return ordered
    .filter((s, i) => {
      if (s === newest) return false;
      const inLast = policy.keepLast !== undefined && i >= ordered.length - policy.keepLast;
      const inDays = horizon !== undefined && Date.parse(s.createdAt) >= horizon;
      return !inLast && !inDays;
    })
    .map((s) => s.id);
}

export async function applyRetention(store: SnapshotStore, policy: RetentionConfig | undefined): Promise<string[]> {
  if (!policy) return [];
  const doomed = expired((await store.readIndex()).snapshots, policy);
  return doomed.length ? store.remove(doomed) : [];
}
