import type { GcpInventory, Inventory } from '../../model/inventory/index.js';
import type { UsageFacts } from './facts.js';
import type { KeyRetirement, UsageWindow } from './types.js';
import { inWindow } from './window.js';

/**
 * GCP user-managed keys not used in the window, with the commands that retire them (disable, which
 * can be undone, then delete): a key the key activity lists without authentication (never used), one
 * last authenticated before the window (stale), and one created before the window that its
 * project's key activity does not list (never seen: an unfiltered export lists every enabled key).
 * System-managed keys never leave Google and cannot be deleted; disabled and expired keys cannot
 * authenticate: none of them is listed. Pure.
 */
export function unusedKeys(inventories: readonly Inventory[], facts: UsageFacts, w: UsageWindow, email?: string): KeyRetirement[] {
  const out: KeyRetirement[] = [];
  for (const inv of inventories.filter((i): i is GcpInventory => i.provider === 'gcp')) {
    const projectOf = new Map(inv.serviceAccounts.map((sa) => [sa.email.toLowerCase(), sa.projectId]));
    for (const k of inv.keys) {
      const sa = k.serviceAccountEmail.toLowerCase();
      if ((email && sa !== email) || k.keyType === 'SYSTEM_MANAGED' || k.disabled || (k.validBeforeTime && k.validBeforeTime <= w.to)) continue;
      const id = `gcp:sa-key:${k.keyId}`;
      const seen = facts.credentials.get(id);
      let state: KeyRetirement['state'] | undefined;
      if (seen?.source === 'gcp-activity') state = seen.lastUsed === undefined ? 'never-used' : seen.lastUsed < w.from ? 'stale' : undefined;
      else if (!seen) {
        const project = projectOf.get(sa) ?? /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(sa)?.[1];
        const created = k.validAfterTime ? new Date(Date.parse(k.validAfterTime)).toISOString() : undefined;
        if (project && facts.keyProjects.has(project) && created && created < w.from) state = 'never-seen';
      }
      if (!state || (seen?.lastUsed && inWindow(w, seen.lastUsed))) continue;
      out.push({
        id,
        keyId: k.keyId,
        serviceAccount: k.serviceAccountEmail,
        state,
        ...(seen?.lastUsed ? { lastUsed: seen.lastUsed } : {}),
        commands: [`gcloud iam service-accounts keys disable ${k.keyId} --iam-account=${k.serviceAccountEmail}`, `gcloud iam service-accounts keys delete ${k.keyId} --iam-account=${k.serviceAccountEmail}`],
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const cache = new WeakMap<UsageFacts, { window: string; byAccount: Map<string, KeyRetirement[]> }>();

/** `unusedKeys` grouped by service-account e-mail (lower case), computed once per analysis. */
export function unusedKeysByAccount(inventories: readonly Inventory[], facts: UsageFacts, w: UsageWindow): Map<string, KeyRetirement[]> {
  const known = cache.get(facts);
  if (known && known.window === `${w.from}|${w.to}`) return known.byAccount;
  const byAccount = new Map<string, KeyRetirement[]>();
  for (const k of unusedKeys(inventories, facts, w)) {
    const email = k.serviceAccount.toLowerCase();
    byAccount.set(email, [...(byAccount.get(email) ?? []), k]);
  }
  cache.set(facts, { window: `${w.from}|${w.to}`, byAccount });
  return byAccount;
}
