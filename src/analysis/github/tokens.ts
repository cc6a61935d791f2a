import type { GithubInventory } from '../../model/inventory/index.js';
import type { WorkloadToken } from '../federation/types.js';
import { jobContexts, type JobContext } from './contexts.js';
import { anyRepositoryToken } from './any-repository.js';
import { ANYONE, GITHUB_ISSUER, tokenNodeId } from './ids.js';

/**
 * The OIDC tokens GitHub Actions jobs can mint (federation contract): one per job context whose
 * effective permissions grant `id-token: write` and whose subject is known. The job chooses the
 * audience freely (`core.getIDToken(audience)`).
 */
export function githubWorkloadTokens(inv: GithubInventory, contexts: readonly JobContext[] = jobContexts(inv)): WorkloadToken[] {
  const out: WorkloadToken[] = [];
  for (const c of contexts) {
    if (!c.idToken || !c.subject) continue;
    out.push({ id: tokenNodeId(c.subject), issuer: GITHUB_ISSUER, subject: c.subject, audiences: 'any', claims: { ...c.claims, sub: c.subject }, mintedBy: c.id });
  }
  // The token of a repository the attacker owns: reached by anyone on GitHub (ANYONE).
  out.push(anyRepositoryToken(ANYONE));
  return out;
}
