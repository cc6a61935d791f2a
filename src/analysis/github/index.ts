import { makeEdge, type Evidence, type GraphEdge } from '../../model/graph.js';
import type { GithubInventory, GithubRepo } from '../../model/inventory/index.js';
import type { AnalysisResult } from '../types.js';
import { canPush, prOpeners, repoWriters, type Writer } from './access.js';
import { jobContexts, type JobContext } from './contexts.js';
import * as ID from './ids.js';
import { runnerEdges } from './runners.js';
import { secretLinkEdges } from './secret-links.js';
import { appendAll } from '../../model/append.js';

const edge = makeEdge;

const triggerRef = (c: JobContext) => ({
  type: 'inventory' as const,
  source: `${c.repo.fullName}/${c.workflow.path}`,
  statement: `on.${c.trigger.event}${c.trigger.branches ? `.branches [${c.trigger.branches.join(', ')}]` : ''}`,
  detail: `job ${c.job.id}${c.environment ? `, environment ${c.environment.name}` : ''}`,
});

/** Environment reviewers stand between a push and the job, unless the pusher may approve. */
function reviewConditions(c: JobContext, w: Writer): string | undefined {
  const env = c.environment;
  if (!env || env.reviewers.length === 0) return undefined;
  const self = w.login !== undefined && env.reviewers.some((r) => r.type === 'User' && r.name.toLowerCase() === w.login!.toLowerCase()) && !env.preventSelfReview;
  return self ? undefined : `a required reviewer of environment ${env.name} (${env.reviewers.map((r) => r.name).join(', ')}) approves the run`;
}

function pushEdges(inv: GithubInventory, c: JobContext, writers: Writer[]): GraphEdge[] {
  const out: GraphEdge[] = [];
  for (const w of writers) {
    const push = canPush(w, c.repo, c.branch, inv);
    if (!push.ok) continue;
    const conditions = [w.conditions, reviewConditions(c, w)].filter(Boolean).join('; ') || undefined;
    const how = c.token.context === 'pull_request' ? `opens a pull request from a branch of ${c.repo.fullName}` : `${c.newBranch ? `pushes a new branch (e.g. ${c.branch})` : `pushes to ${c.branch}`}${c.trigger.event === 'workflow_dispatch' ? ' and dispatches the workflow' : ''}`;
    const assumptions = ['the attacker changes code the job runs (a script or build file it calls); rewriting the workflow file itself needs the `workflow` scope'];
    if (push.note) assumptions.push(push.note);
    if (c.newBranch) assumptions.push('no ruleset forbids creating branches of that name (rulesets on new names are not collected)');
    out.push(edge('CAN_EXECUTE_AS', 'github:actions:PushToRunWorkflow', w.id, c.id, { summary: `${w.name} ${how}, which runs job ${c.job.id} of ${c.workflow.path}`, refs: [...w.refs, ...push.refs, triggerRef(c)], assumptions }, conditions));
  }
  return out;
}

function forkEdges(c: JobContext): GraphEdge[] {
  const opener = prOpeners(c.repo);
  const evidence: Evidence = {
    summary: `anyone who can open a pull request against ${c.repo.fullName} runs their code in job ${c.job.id} of ${c.workflow.path}: pull_request_target runs in the base repository with its secrets, and the job checks out the pull request's head`,
    refs: [triggerRef(c), { type: 'inventory', source: `${c.repo.fullName}/${c.workflow.path}`, statement: `jobs.${c.job.id}.steps`, detail: 'checks out the pull request head' }],
    assumptions: ['the checked-out code is executed (a build, test or script step); a checkout that is only read is not exploitable'],
  };
  if (opener.who === 'anyone') return [edge('CAN_EXECUTE_AS', 'github:actions:PwnRequest', ID.ANYONE, c.id, evidence)];
  return c.repo.collaborators.map((u) => edge('CAN_EXECUTE_AS', 'github:actions:PwnRequest', ID.userId(u.login), c.id, evidence, opener.conditions));
}

/** A fork pull request runs the triggering workflow; this workflow_run job then runs with the base repository's secrets on what it left. */
function workflowRunEdges(c: JobContext): GraphEdge[] {
  const opener = prOpeners(c.repo);
  const upstream = (c.upstream ?? []).map((w) => `${w.name ?? w.path} (${w.path})`).join(', ');
  const checkout = c.job.checksOutRunHead === true;
  const evidence: Evidence = {
    summary: `anyone who can open a pull request against ${c.repo.fullName} triggers ${upstream}, whose completion runs job ${c.job.id} of ${c.workflow.path} on ${c.branch} with the repository's secrets and token; the job ${checkout ? 'checks out the triggering run\'s head' : 'takes in the triggering run\'s artifacts'}`,
    refs: [
      triggerRef(c),
      ...(c.upstream ?? []).map((w) => ({ type: 'inventory' as const, source: `${c.repo.fullName}/${w.path}`, statement: `on.${w.triggers.find((t) => t.event.startsWith('pull_request'))!.event}`, detail: `name ${w.name ?? w.path}` })),
      { type: 'inventory', source: `${c.repo.fullName}/${c.workflow.path}`, statement: `jobs.${c.job.id}.steps`, detail: checkout ? 'checks out github.event.workflow_run.head_*' : 'downloads artifacts of github.event.workflow_run.id' },
    ],
    assumptions: [checkout ? 'the checked-out code is executed (a build, test or script step)' : 'the fork\'s run uploads the artifact the job reads'],
  };
  const conditions = [opener.conditions, checkout ? undefined : 'the job executes the artifact or interprets it unsafely (a script, a path, an expression built from its content)'].filter(Boolean).join('; ') || undefined;
  if (opener.who === 'anyone') return [edge('CAN_EXECUTE_AS', 'github:actions:WorkflowRunChain', ID.ANYONE, c.id, evidence, conditions)];
  return c.repo.collaborators.map((u) => edge('CAN_EXECUTE_AS', 'github:actions:WorkflowRunChain', ID.userId(u.login), c.id, evidence, conditions));
}

function secretEdges(c: JobContext): GraphEdge[] {
  return c.secrets.map((s) =>
    edge('CAN_READ', 'github:actions:WorkflowSecret', c.id, s.id, {
      summary: `job ${c.job.id} of ${c.workflow.path} receives Actions secret ${s.name} of ${s.scope}`,
      refs: [{ type: 'inventory', source: `${c.repo.fullName}/${c.workflow.path}`, statement: `jobs.${c.job.id}`, detail: c.job.allSecrets ? 'every secret (toJSON(secrets) / secrets: inherit)' : `secrets.${s.name}` }],
    }),
  );
}

function writeEdges(repo: GithubRepo, writers: Writer[]): GraphEdge[] {
  return writers.map((w) => edge('HAS_ACCESS', 'github:repo:Write', w.id, ID.repoId(repo.fullName), { summary: `${w.name} can push to ${repo.fullName}`, refs: w.refs }, w.conditions));
}

export function analyseGithub(inv: GithubInventory, now: Date = new Date()): AnalysisResult {
  const edges: GraphEdge[] = [];
  const writersOf = new Map(inv.repos.map((r) => [r.fullName, repoWriters(inv, r, now)]));
  for (const repo of inv.repos) if (!repo.archived) appendAll(edges, writeEdges(repo, writersOf.get(repo.fullName)!));
  const contexts = jobContexts(inv);
  appendAll(edges, runnerEdges(inv, contexts));
  for (const c of contexts) {
    appendAll(edges, c.via === 'fork-pull-request' ? forkEdges(c) : c.via === 'workflow-run' ? workflowRunEdges(c) : pushEdges(inv, c, writersOf.get(c.repo.fullName)!));
    appendAll(edges, secretEdges(c));
  }
  const links = secretLinkEdges(inv);
  return { edges: [...edges, ...links.edges], tierZero: [], warnings: links.warnings };
}
