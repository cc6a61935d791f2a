import type { AttackGraph } from '../../model/graph.js';
import type { Inventory } from '../../model/inventory/index.js';
import type { UsageFacts } from './facts.js';
import type { CredentialFinding, UsageWindow } from './types.js';
import { inWindow } from './window.js';

const PREFIX = 'aws:console-password:';

/**
 * IAM users' console passwords, from `PasswordLastUsed` (list-users / get-user). A password has no
 * graph node; the finding is named by `aws:console-password:<user ARN>`. No `PasswordLastUsed` says
 * "never used" only when the user is known to have a password (get-login-profile); a user known to
 * have none has nothing to report, even if it once signed in.
 */
export function consolePasswordFindings(inventories: readonly Inventory[], graph: AttackGraph, facts: UsageFacts, w: UsageWindow): CredentialFinding[] {
  const hasPassword = new Map<string, boolean | undefined>();
  for (const inv of inventories) if (inv.provider === 'aws') for (const a of inv.accounts) for (const u of a.users) hasPassword.set(u.arn, u.hasLoginProfile);
  const users = new Map(graph.nodes.filter((n) => n.type === 'aws:iam:user').map((n) => [n.id, n]));
  const out: CredentialFinding[] = [];
  for (const [id, seen] of facts.credentials) {
    if (!id.startsWith(PREFIX)) continue;
    const arn = id.slice(PREFIX.length);
    const user = users.get(arn);
    const has = hasPassword.get(arn);
    if (!user || has === false || (seen.lastUsed === undefined && has !== true)) continue;
    const state = seen.lastUsed === undefined ? 'never-used' : inWindow(w, seen.lastUsed) || seen.lastUsed > w.to ? 'used' : 'stale';
    out.push({
      id,
      name: `${user.name} console password`,
      kind: 'Credential',
      type: 'aws:console-password',
      provider: 'aws',
      owner: user.name,
      status: has === true ? 'Active' : null,
      ...(seen.lastUsed ? { lastUsed: seen.lastUsed } : {}),
      state,
      source: seen.source,
      detail: 'console password (PasswordLastUsed)',
    });
  }
  return out;
}
