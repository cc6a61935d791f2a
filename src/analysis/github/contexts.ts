import type { EvidenceRef } from '../../model/graph.js';
import type { GithubEnvironment, GithubInventory, GithubJob, GithubRepo, GithubTokenPermissions, GithubTrigger, GithubWorkflow } from '../../model/inventory/index.js';
import { exampleName, filterMatch, isGlob } from './glob.js';
import { actionsSecretId, jobContextId } from './ids.js';
import { tokenClaims, tokenSubject, type TokenContext } from './subject.js';

/**
 * A job in one context an attacker can get code into: a branch they push (push or dispatch
 * triggers), their own pull request, or a pull_request_target run on someone's fork PR. Each is
 * its own identity, because the context decides the OIDC subject and the secrets.
 */
export interface JobContext {
  id: string;
  repo: GithubRepo;
  workflow: GithubWorkflow;
  job: GithubJob;
  token: TokenContext;
  /** The branch whose code runs (the base branch for pull_request_target). */
  branch: string;
  /** An attacker-made branch (the name is an example matching the filter). */
  newBranch: boolean;
  /** How code gets in: a push to `branch` by a writer, a pull request from a fork, or a fork pull request's run that triggers this workflow_run one. */
  via: 'push' | 'pull-request' | 'fork-pull-request' | 'workflow-run';
  /** workflow_run: the triggering workflows (in this repository) that run fork pull requests. */
  upstream?: GithubWorkflow[];
  trigger: GithubTrigger;
  environment?: GithubEnvironment;
  /** `id-token: write` is in effect, with where it is set. */
  idToken?: EvidenceRef;
  subject?: string;
  claims: Record<string, string>;
  secrets: { id: string; name: string; scope: string }[];
}

const NEW_BRANCH = 'leakpath-new-branch';

function idTokenRef(repo: GithubRepo, w: GithubWorkflow, j: GithubJob): EvidenceRef | undefined {
  const grants = (p: GithubTokenPermissions | undefined) => p === 'write-all' || (typeof p === 'object' && p['id-token'] === 'write');
  // A job's permissions replace the workflow's; neither set means the repository default, which never grants id-token.
  const effective = j.permissions ?? w.permissions;
  if (!grants(effective)) return undefined;
  return { type: 'inventory', source: `${repo.fullName}/${w.path}`, statement: j.permissions ? `jobs.${j.id}.permissions` : 'permissions', detail: effective === 'write-all' ? 'write-all' : 'id-token: write' };
}

/** Branches a push-type trigger runs on that an attacker can name: listed ones, the default, a new one. */
function branchesFor(repo: GithubRepo, t: GithubTrigger): { branch: string; newBranch: boolean }[] {
  const out: { branch: string; newBranch: boolean }[] = [];
  const filter = t.event === 'workflow_dispatch' ? undefined : t.branches;
  if (filter === undefined) {
    // `tags:` alone means the trigger runs on tags only.
    if (t.tags !== undefined && t.event === 'push') return [];
    out.push({ branch: repo.defaultBranch, newBranch: false }, { branch: NEW_BRANCH, newBranch: true });
  } else {
    for (const p of filter.filter((x) => !x.startsWith('!'))) out.push(isGlob(p) ? { branch: exampleName(p), newBranch: true } : { branch: p, newBranch: false });
    if (filterMatch(filter, repo.defaultBranch)) out.push({ branch: repo.defaultBranch, newBranch: false });
  }
  const ignored = t.branchesIgnore ?? [];
  const seen = new Set<string>();
  return out.filter((b) => (filter === undefined || filterMatch(filter, b.branch)) && !filterMatch(ignored, b.branch) && !seen.has(b.branch) && seen.add(b.branch));
}

function environmentOf(repo: GithubRepo, j: GithubJob): GithubEnvironment | undefined {
  if (!j.environment) return undefined;
  // A job naming an environment that does not exist creates it, unprotected.
  return repo.environments.find((e) => e.name === j.environment) ?? { name: j.environment, reviewers: [], preventSelfReview: false, branchPolicy: null, secrets: [] };
}

/** The deployment branch policy admits the branch. Protected-branches-only admits branches with protection. */
export function environmentAdmits(repo: GithubRepo, env: GithubEnvironment, branch: string): boolean {
  const p = env.branchPolicy;
  if (!p) return true;
  if (p.protectedBranches) return repo.protections.some((x) => x.branch === branch);
  return filterMatch(p.custom.filter((c) => c.type === 'branch').map((c) => c.name), branch);
}

function orgSecretVisible(inv: GithubInventory, repo: GithubRepo, name: string): boolean {
  if (repo.orgSecrets.includes(name)) return true;
  const s = inv.orgSecrets.find((x) => x.name === name);
  if (!s) return false;
  if (s.visibility === 'all') return true;
  if (s.visibility === 'private') return repo.visibility !== 'public';
  return (s.selectedRepos ?? []).some((r) => r.toLowerCase() === repo.fullName.toLowerCase());
}

/** The secrets the job can read: what it names (or everything it can see), environment first. */
function jobSecrets(inv: GithubInventory, repo: GithubRepo, j: GithubJob, env: GithubEnvironment | undefined): JobContext['secrets'] {
  const visibleOrg = inv.orgSecrets.map((s) => s.name).concat(repo.orgSecrets).filter((n) => orgSecretVisible(inv, repo, n));
  const names = j.allSecrets ? [...new Set([...(env?.secrets ?? []), ...repo.secrets, ...visibleOrg])] : j.secrets;
  const out: JobContext['secrets'] = [];
  for (const name of names) {
    if (env?.secrets.includes(name)) out.push({ id: actionsSecretId(`${repo.fullName}:env:${env.name}`, name), name, scope: `environment ${env.name} of ${repo.fullName}` });
    else if (repo.secrets.includes(name)) out.push({ id: actionsSecretId(repo.fullName, name), name, scope: repo.fullName });
    else if (visibleOrg.includes(name)) out.push({ id: actionsSecretId(`org:${inv.org}`, name), name, scope: `organization ${inv.org}` });
  }
  return out;
}

/** The workflows a workflow_run trigger names (by name, as GitHub matches them) that fork pull requests run. */
function forkTriggered(repo: GithubRepo, t: GithubTrigger): GithubWorkflow[] {
  const names = new Set(t.workflows ?? []);
  return repo.workflows.filter((w) => names.has(w.name ?? w.path) && w.triggers.some((x) => x.event === 'pull_request' || x.event === 'pull_request_target'));
}

export function jobContexts(inv: GithubInventory): JobContext[] {
  const out = new Map<string, JobContext>();
  for (const repo of inv.repos) {
    if (repo.archived) continue;
    for (const w of repo.workflows) {
      for (const j of w.jobs) {
        const env = environmentOf(repo, j);
        const idToken = idTokenRef(repo, w, j);
        const make = (t: GithubTrigger, branch: string, newBranch: boolean, via: JobContext['via'], prContext: boolean, upstream?: GithubWorkflow[]) => {
          if (env && !environmentAdmits(repo, env, branch)) return;
          // A pull_request run checks out the merge ref; pull_request_target runs on the base branch.
          const ref = prContext && via === 'push' ? 'refs/pull/1/merge' : `refs/heads/${branch}`;
          const context = env ? `environment:${env.name}` : prContext ? 'pull_request' : `ref:${ref}`;
          const token: TokenContext = { context, ref, eventName: t.event, workflowPath: w.path, ...(env ? { environment: env.name } : {}), ...(w.name ? { workflowName: w.name } : {}) };
          const id = jobContextId(repo.fullName, w.path, j.id, via === 'fork-pull-request' ? `fork-pr:${branch}` : via === 'workflow-run' ? `workflow-run:${branch}` : context === `ref:${ref}` || prContext ? context : `${context}@${ref}`);
          if (out.has(id)) return;
          const subject = tokenSubject(inv, repo, token);
          out.set(id, { id, repo, workflow: w, job: j, token, branch, newBranch, via, trigger: t, ...(upstream ? { upstream } : {}), ...(env ? { environment: env } : {}), ...(idToken ? { idToken } : {}), ...(subject ? { subject } : {}), claims: tokenClaims(repo, token), secrets: jobSecrets(inv, repo, j, env) });
        };
        for (const t of w.triggers) {
          if (t.event === 'push' || t.event === 'workflow_dispatch') for (const b of branchesFor(repo, t)) make(t, b.branch, b.newBranch, 'push', false);
          // A writer's own pull request from a branch of the repo runs with its secrets and token.
          if (t.event === 'pull_request') make(t, NEW_BRANCH, true, 'push', true);
          // The base repository's run, on a fork's pull request: the attacker's code only if the job checks it out.
          if (t.event === 'pull_request_target' && j.checksOutPrHead) make(t, repo.defaultBranch, false, 'fork-pull-request', true);
          // workflow_run runs the default branch's workflow with its secrets; a fork's code gets in through the triggering run.
          if (t.event === 'workflow_run' && (j.checksOutRunHead || j.downloadsRunArtifacts)) {
            const upstream = forkTriggered(repo, t);
            if (upstream.length) make(t, repo.defaultBranch, false, 'workflow-run', false, upstream);
          }
        }
      }
    }
  }
  return [...out.values()];
}
