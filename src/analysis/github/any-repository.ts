import type { WorkloadToken } from '../federation/types.js';
import { GITHUB_ISSUER } from './ids.js';

/**
 * "Any GitHub Actions token": GitHub's issuer signs tokens for every repository on github.com, so
 * anyone with an account mints tokens for a repository they own, with a subject of their choosing
 * inside their own namespace. One hub node stands for that token; the federation matchers judge
 * it like any other, so a trust that does not pin the owner (no `sub` condition, `repo:*`) admits
 * it and a trust pinned to `repo:acme/*` does not.
 */
export const ANY_REPOSITORY_TOKEN = `oidc:${GITHUB_ISSUER}|*`;
export const ATTACKER_OWNER = 'leakpath-attacker';

export function anyRepositoryToken(mintedBy: string): WorkloadToken {
  const repository = `${ATTACKER_OWNER}/${ATTACKER_OWNER}`;
  const subject = `repo:${repository}:ref:refs/heads/main`;
  return {
    id: ANY_REPOSITORY_TOKEN,
    issuer: GITHUB_ISSUER,
    subject,
    audiences: 'any',
    claims: {
      sub: subject,
      repository,
      repository_owner: ATTACKER_OWNER,
      // Ids GitHub gives the attacker's own account and repository: never an inventoried one.
      repository_owner_id: '0',
      repository_id: '0',
      repository_visibility: 'public',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      event_name: 'push',
      workflow: 'any',
      job_workflow_ref: `${repository}/.github/workflows/any.yml@refs/heads/main`,
    },
    mintedBy,
  };
}
