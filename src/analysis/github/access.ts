import type { EvidenceRef } from '../../model/graph.js';
import type { GithubInventory, GithubPermission, GithubRepo } from '../../model/inventory/index.js';
import { deployKeyId, fineGrainedPatId, installationId, sessionId, userId } from './ids.js';

/** Someone who can write a repository's contents, and why. */
export interface Writer {
  id: string;
  name: string;
  login?: string;
  admin: boolean;
  refs: EvidenceRef[];
  /** Set when the write right itself is uncertain. */
  conditions?: string;
}

const WRITE: readonly GithubPermission[] = ['write', 'maintain', 'admin'];
const lc = (s: string) => s.toLowerCase();
export const sameRepo = (a: string, b: string) => lc(a) === lc(b);

export function isExpired(at: string | undefined, now: Date): boolean {
  return at !== undefined && Date.parse(at) <= now.getTime();
}

/** Every principal that can push commits to the repository (branch protection aside). */
export function repoWriters(inv: GithubInventory, repo: GithubRepo, now: Date): Writer[] {
  const out = new Map<string, Writer>();
  const add = (w: Writer) => {
    if (!out.has(w.id)) out.set(w.id, w);
  };
  const userWrites = new Map<string, GithubPermission>();
  for (const c of repo.collaborators) {
    userWrites.set(lc(c.login), c.permission);
    if (!WRITE.includes(c.permission)) continue;
    add({ id: userId(c.login), name: c.login, login: c.login, admin: c.permission === 'admin', refs: [{ type: 'grant', source: `GET /repos/${repo.fullName}/collaborators`, detail: `${c.login}: ${c.permission}` }] });
  }
  for (const t of inv.teams) {
    const grant = t.repos.find((r) => sameRepo(r.fullName, repo.fullName));
    if (!grant || !WRITE.includes(grant.permission)) continue;
    for (const m of t.members) {
      userWrites.set(lc(m), grant.permission);
      add({ id: userId(m), name: m, login: m, admin: grant.permission === 'admin', refs: [{ type: 'group-membership', source: `team ${t.slug}`, detail: `${m} is a member` }, { type: 'grant', source: `GET /orgs/${inv.org}/teams/${t.slug}/repos`, detail: `${repo.fullName}: ${grant.permission}` }] });
    }
  }
  for (const p of inv.fineGrainedPats) {
    if (p.expired || isExpired(p.expiresAt, now) || p.permissions.repository.contents !== 'write') continue;
    if (p.repositorySelection === 'none' || (p.repositorySelection === 'subset' && !p.repos.some((r) => sameRepo(r, repo.fullName)))) continue;
    const owner = userWrites.get(lc(p.owner));
    // A token never exceeds its owner's access; when the repo's collaborators were not collected, that is unknown.
    if (owner !== undefined && !WRITE.includes(owner)) continue;
    add({
      id: sessionId(fineGrainedPatId(p.id)),
      name: `${p.tokenName ?? `token ${p.id}`} (fine-grained token of ${p.owner})`,
      admin: false,
      refs: [{ type: 'grant', source: `GET /orgs/${inv.org}/personal-access-tokens`, detail: `token ${p.id}: contents write on ${p.repositorySelection === 'all' ? 'all repositories' : repo.fullName}` }],
      ...(owner === undefined ? { conditions: `the token's owner ${p.owner} still has write access to ${repo.fullName} (collaborators not collected)` } : {}),
    });
  }
  for (const i of inv.installations) {
    if (i.permissions.contents !== 'write') continue;
    add({
      id: installationId(i.id),
      name: `${i.appSlug} (GitHub App installation)`,
      admin: false,
      refs: [{ type: 'grant', source: `GET /orgs/${inv.org}/installations`, detail: `${i.appSlug}: contents write, repository_selection ${i.repositorySelection}` }],
      ...(i.repositorySelection === 'selected' ? { conditions: `${repo.fullName} is among the installation's selected repositories (not listed by the org API)` } : {}),
    });
  }
  for (const k of repo.deployKeys) {
    if (k.readOnly) continue;
    add({ id: sessionId(deployKeyId(repo.fullName, k.id)), name: `deploy key "${k.title}" of ${repo.fullName}`, admin: false, refs: [{ type: 'grant', source: `GET /repos/${repo.fullName}/keys`, detail: `key ${k.id} "${k.title}": read_only false` }] });
  }
  return [...out.values()];
}

/** Who may open a pull request against the repository from a fork. */
export function prOpeners(repo: GithubRepo): { who: 'anyone' | 'readers'; conditions?: string } {
  if (repo.visibility === 'public') return { who: 'anyone' };
  return { who: 'readers', conditions: `forking is allowed for ${repo.visibility} repository ${repo.fullName} (an org setting leakpath does not collect)` };
}

/**
 * Can the writer get a commit onto the branch? Protection blocks direct pushes; a pull request
 * that needs no approval is merged by the writer. Admins pass classic protection unless it is
 * enforced for admins.
 */
export function canPush(w: Writer, repo: GithubRepo, branch: string, inv: GithubInventory): { ok: boolean; refs: EvidenceRef[]; note?: string } {
  const refs: EvidenceRef[] = [];
  for (const p of repo.protections.filter((x) => x.branch === branch)) {
    const src = p.source === 'ruleset' ? `GET /repos/${repo.fullName}/rules/branches/${branch}` : `GET /repos/${repo.fullName}/branches/${branch}/protection`;
    const adminBypass = w.admin && !p.enforceAdmins && p.source === 'branch-protection';
    if (p.requiredReviews !== null && p.requiredReviews > 0 && !adminBypass) return { ok: false, refs };
    if (p.pushAllowances) {
      const inTeam = p.pushAllowances.teams.some((slug) => inv.teams.some((t) => t.slug === slug && t.members.some((m) => w.login && lc(m) === lc(w.login))));
      const allowed = (w.login && p.pushAllowances.users.some((u) => lc(u) === lc(w.login!))) || inTeam;
      if (!allowed && !adminBypass) return { ok: false, refs };
    }
    refs.push({ type: 'inventory', source: src, detail: adminBypass ? 'protected, but not enforced for administrators' : p.requiredReviews === 0 ? 'a pull request is required, with no approving review' : 'push allowed' });
  }
  return { ok: true, refs, ...(refs.length === 0 ? { note: `branch ${branch} has no protection in the collected data` } : {}) };
}
