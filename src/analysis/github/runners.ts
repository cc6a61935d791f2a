import { makeEdge, type EvidenceRef, type GraphEdge } from '../../model/graph.js';
import type { GithubInventory, GithubJob, GithubRepo, GithubRunner, GithubRunnerGroup, GithubWorkflow } from '../../model/inventory/index.js';
import type { JobContext } from './contexts.js';
import { ANYONE, runnerId } from './ids.js';

export const RUNNER_TECHNIQUE = 'github:actions:SelfHostedRunner';
export const PERSISTENCE_TECHNIQUE = 'github:actions:RunnerPersistence';

const lc = (s: string) => s.toLowerCase();

/** Whether the group lets this repository's workflow send jobs to its runners. */
export function groupAdmits(g: GithubRunnerGroup, repo: GithubRepo, workflowPath: string, ref: string): boolean {
  const isPublic = repo.visibility === 'public';
  if (isPublic && !g.allowsPublicRepositories) return false;
  if (g.visibility === 'private' && isPublic) return false;
  if (g.visibility === 'selected' && !(g.repos ?? []).some((r) => lc(r) === lc(repo.fullName))) return false;
  if (g.selectedWorkflows) {
    const want = lc(`${repo.fullName}/${workflowPath}`);
    return g.selectedWorkflows.some((w) => {
      const [path, wref] = w.split('@');
      return lc(path!) === want && (wref === undefined || wref === ref);
    });
  }
  return true;
}

/** A repository's own runners, as a group that admits only it (evidence names the repository listing). */
const repoGroup = (repo: GithubRepo): GithubRunnerGroup => ({ id: -1, name: `runners of ${repo.fullName}`, visibility: 'selected', default: false, allowsPublicRepositories: true, repos: [repo.fullName], runners: repo.runners ?? [] });

/** Runners a job can land on: its repository's own, or a group that admits it (the one it names, if any); with every label it asks for. */
function runnersFor(inv: GithubInventory, repo: GithubRepo, w: GithubWorkflow, j: GithubJob, ref: string): { group: GithubRunnerGroup; runner: GithubRunner }[] {
  if (!j.selfHosted) return [];
  const want = j.runsOn.map(lc);
  const out: { group: GithubRunnerGroup; runner: GithubRunner }[] = [];
  if (j.runnerGroup === undefined && repo.runners?.length) {
    const g = repoGroup(repo);
    for (const r of g.runners) if (want.every((l) => r.labels.some((x) => lc(x) === l))) out.push({ group: g, runner: r });
  }
  for (const g of inv.runnerGroups ?? []) {
    if (j.runnerGroup !== undefined && lc(j.runnerGroup) !== lc(g.name)) continue;
    if (!groupAdmits(g, repo, w.path, ref)) continue;
    for (const r of g.runners) if (want.every((l) => r.labels.some((x) => lc(x) === l))) out.push({ group: g, runner: r });
  }
  return out;
}

const groupRef = (inv: GithubInventory, g: GithubRunnerGroup, r: GithubRunner): EvidenceRef => ({
  type: 'inventory',
  source: g.id === -1 ? `GET /repos/${g.repos![0]}/actions/runners` : `GET /orgs/${inv.org}/actions/runner-groups`,
  statement: g.id === -1 ? `repository runner` : `runner group ${g.name} (visibility ${g.visibility}${g.allowsPublicRepositories ? ', public repositories allowed' : ''}${g.selectedWorkflows ? `, workflows ${g.selectedWorkflows.join(', ')}` : ''})`,
  detail: `runner ${r.name} [${r.labels.join(', ')}]${r.ephemeral === undefined ? '' : r.ephemeral ? ', ephemeral' : ', not ephemeral'}`,
});

const jobRef = (repo: GithubRepo, w: GithubWorkflow, j: GithubJob): EvidenceRef => ({
  type: 'inventory',
  source: `${repo.fullName}/${w.path}`,
  statement: `jobs.${j.id}.runs-on`,
  detail: j.runnerGroup ? `group ${j.runnerGroup}${j.runsOn.length ? `, labels ${j.runsOn.join(', ')}` : ''}` : j.runsOn.join(', '),
});

/**
 * Self-hosted runners shared between jobs: a job's code runs on the runner's host, and a runner
 * that is not ephemeral keeps whatever that code leaves behind (a process, a modified runner or
 * toolchain) for the next jobs it takes — of this repository or of any other the group admits —
 * with their secrets and OIDC tokens. Fork pull requests of a public repository land there too.
 */
export function runnerEdges(inv: GithubInventory, contexts: readonly JobContext[]): GraphEdge[] {
  const groups = [...(inv.runnerGroups ?? []), ...inv.repos.filter((r) => r.runners?.length).map(repoGroup)];
  if (groups.length === 0) return [];
  const edges: GraphEdge[] = [];
  const users = new Map<string, JobContext[]>();
  for (const c of contexts) {
    for (const { group, runner } of runnersFor(inv, c.repo, c.workflow, c.job, c.token.ref)) {
      const rid = runnerId(inv.org, runner.id);
      edges.push(
        makeEdge('CAN_EXECUTE_AS', RUNNER_TECHNIQUE, c.id, rid, {
          summary: `job ${c.job.id} of ${c.repo.fullName}/${c.workflow.path} runs on self-hosted runner ${runner.name}: its code runs on the runner's host`,
          refs: [jobRef(c.repo, c.workflow, c.job), groupRef(inv, group, runner)],
        }),
      );
      users.set(rid, [...(users.get(rid) ?? []), c]);
    }
  }
  // Fork pull requests run the fork's code in the base repository's pull_request workflows, on its runners.
  for (const repo of inv.repos) {
    if (repo.archived || repo.visibility !== 'public') continue;
    for (const w of repo.workflows) {
      if (!w.triggers.some((t) => t.event === 'pull_request')) continue;
      for (const j of w.jobs) {
        for (const { group, runner } of runnersFor(inv, repo, w, j, 'refs/pull/1/merge')) {
          edges.push(
            makeEdge(
              'CAN_EXECUTE_AS',
              RUNNER_TECHNIQUE,
              ANYONE,
              runnerId(inv.org, runner.id),
              {
                summary: `anyone can open a pull request from a fork of public ${repo.fullName}, whose pull_request workflow ${w.path} runs job ${j.id} on self-hosted runner ${runner.name}`,
                refs: [{ type: 'inventory', source: `${repo.fullName}/${w.path}`, statement: 'on.pull_request', detail: `repository visibility public` }, jobRef(repo, w, j), groupRef(inv, group, runner)],
              },
              'the repository runs fork pull request workflows without approval for this contributor (by default only first-time contributors need approval; a past contributor does not)',
            ),
          );
        }
      }
    }
  }
  for (const g of groups) {
    for (const r of g.runners) {
      if (r.ephemeral === true) continue;
      const rid = runnerId(inv.org, r.id);
      for (const c of users.get(rid) ?? []) {
        edges.push(
          makeEdge(
            'CAN_EXECUTE_AS',
            PERSISTENCE_TECHNIQUE,
            rid,
            c.id,
            {
              summary: `code left on self-hosted runner ${r.name} runs alongside job ${c.job.id} of ${c.repo.fullName}/${c.workflow.path} when the runner takes it, with its secrets and token`,
              refs: [groupRef(inv, g, r), jobRef(c.repo, c.workflow, c.job)],
              assumptions: ['the attacker keeps a process or changes the runner host (the runner user can), which a non-ephemeral runner does not wipe between jobs'],
            },
            r.ephemeral === undefined ? `runner ${r.name} is not ephemeral (the runner listing did not say)` : undefined,
          ),
        );
      }
    }
  }
  return edges;
}
