import type { GithubInventory, GithubRepo } from '../../model/inventory/index.js';

/**
 * The `sub` claim GitHub puts in a job's OIDC token, and the other claims, for one context
 * (docs.github.com "About security hardening with OpenID Connect"). Default template: `repo:O/R`
 * then the context (`ref:refs/heads/B`, `environment:E` — which replaces the ref — or
 * `pull_request`). A customised template (org or repo `include_claim_keys`) joins `key:value` for
 * each key in order. Repositories created after 2026-07-15 use the immutable form
 * `repo:OWNER@OWNER_ID/REPO@REPO_ID` (reference notes 3.1), as do repos whose OIDC settings say
 * `use_immutable_subject: true`.
 */
export const IMMUTABLE_SINCE = '2026-07-15T00:00:00Z';

export interface TokenContext {
  /** `ref:refs/heads/main`, `environment:prod`, `pull_request`. */
  context: string;
  ref: string;
  environment?: string;
  eventName: string;
  workflowPath: string;
  workflowName?: string;
}

export function usesImmutableSubject(repo: GithubRepo): boolean {
  if (repo.oidc?.useImmutableSubject !== undefined) return repo.oidc.useImmutableSubject && repo.ownerId !== undefined;
  return repo.ownerId !== undefined && repo.createdAt !== undefined && Date.parse(repo.createdAt) >= Date.parse(IMMUTABLE_SINCE);
}

export function tokenClaims(repo: GithubRepo, ctx: TokenContext): Record<string, string> {
  const claims: Record<string, string> = {
    repository: repo.fullName,
    repository_id: String(repo.id),
    repository_owner: repo.owner,
    repository_visibility: repo.visibility,
    ref: ctx.ref,
    ref_type: ctx.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    event_name: ctx.eventName,
    job_workflow_ref: `${repo.fullName}/${ctx.workflowPath}@${ctx.ref}`,
    workflow_ref: `${repo.fullName}/${ctx.workflowPath}@${ctx.ref}`,
  };
  if (repo.ownerId !== undefined) claims.repository_owner_id = String(repo.ownerId);
  if (ctx.environment) claims.environment = ctx.environment;
  if (ctx.workflowName) claims.workflow = ctx.workflowName;
  return claims;
}

/** The subject, or undefined when the template names a claim whose value depends on who runs it. */
export function tokenSubject(inv: GithubInventory, repo: GithubRepo, ctx: TokenContext): string | undefined {
  const repoPart = usesImmutableSubject(repo) ? `${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}` : repo.fullName;
  const keys = repo.oidc && !repo.oidc.useDefault ? repo.oidc.includeClaimKeys : inv.oidcClaimKeys && !(repo.oidc?.useDefault) ? inv.oidcClaimKeys : ['repo', 'context'];
  const claims = tokenClaims(repo, ctx);
  const parts: string[] = [];
  for (const k of keys) {
    if (k === 'repo') parts.push(`repo:${repoPart}`);
    else if (k === 'context') parts.push(ctx.context);
    else if (claims[k] !== undefined) parts.push(`${k}:${claims[k]}`);
    else return undefined;
  }
  return parts.join(':');
}
