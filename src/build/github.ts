import { edgeId, type EvidenceRef, type GraphEdge, type GraphNode } from '../model/graph.js';
import type { GithubInventory } from '../model/inventory/index.js';
import { isExpired } from '../analysis/github/access.js';
import { jobContexts } from '../analysis/github/contexts.js';
import * as ID from '../analysis/github/ids.js';
import { secretHolds } from '../analysis/github/secret-names.js';
import { githubWorkloadTokens } from '../analysis/github/tokens.js';

/** Classic scopes that let a token push to repositories (and SSH keys, which push by git). */
const PUSH_SCOPES = ['repo', 'public_repo'];

/**
 * GitHub inventory → nodes and base edges: users, teams, repos, credentials (classic tokens and
 * SSH keys the org authorised, fine-grained tokens, deploy keys) and the identities they act as,
 * workflow jobs per context with the OIDC token each can mint (CAN_MINT_TOKEN, the federation
 * contract), and Actions secrets by name. Who can run which job is analysis (src/analysis/github).
 */
export function buildGithub(inv: GithubInventory, now: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  const scope = inv.org;
  const add = (n: Omit<GraphNode, 'provider' | 'tags' | 'scope'>) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { provider: 'github', tags: {}, scope, ...n });
  };
  const user = (login: string) => add({ id: ID.userId(login), kind: 'Identity', type: 'github:user', name: login, aliases: [login], props: { login } });
  const fact = (kind: string, technique: string, source: string, target: string, summary: string, refs: EvidenceRef[], conditions?: string) =>
    edges.push({ id: edgeId(kind, technique, source, target), source, target, kind, technique, evidence: { summary, refs }, conditional: conditions !== undefined, ...(conditions ? { conditions } : {}) });

  for (const repo of inv.repos) {
    add({ id: ID.repoId(repo.fullName), kind: 'Resource', type: 'github:repository', name: repo.fullName, aliases: [repo.fullName, String(repo.id)], props: { repositoryId: repo.id, visibility: repo.visibility, archived: repo.archived, defaultBranch: repo.defaultBranch } });
    repo.collaborators.forEach((c) => user(c.login));
    for (const k of repo.deployKeys) {
      const id = ID.deployKeyId(repo.fullName, k.id);
      add({ id, kind: 'Credential', type: 'github:deploy-key', name: `deploy key "${k.title}" of ${repo.fullName}`, aliases: [String(k.id)], props: { keyId: k.id, readOnly: k.readOnly, owner: repo.fullName, status: 'active', createDate: k.createdAt ?? null, lastUsedDate: k.lastUsed ?? null } });
      add({ id: ID.sessionId(id), kind: 'Identity', type: 'github:deploy-key-session', name: `deploy key "${k.title}" of ${repo.fullName} (its rights)`, props: { repository: repo.fullName, readOnly: k.readOnly } });
      fact('AUTHENTICATES_AS', 'github:credential:DeployKey', id, ID.sessionId(id), `deploy key "${k.title}" signs git operations on ${repo.fullName}${k.readOnly ? ' (read only)' : ' with write access'}`, [{ type: 'inventory', source: `GET /repos/${repo.fullName}/keys`, detail: `key ${k.id}` }]);
    }
    const secrets = [
      ...repo.secrets.map((name) => ({ id: ID.actionsSecretId(repo.fullName, name), name, where: repo.fullName })),
      ...repo.environments.flatMap((e) => e.secrets.map((name) => ({ id: ID.actionsSecretId(`${repo.fullName}:env:${e.name}`, name), name, where: `environment ${e.name} of ${repo.fullName}` }))),
    ];
    for (const s of secrets) add({ id: s.id, kind: 'SecretLocation', type: 'github:actions-secret', name: `${s.name} (Actions secret of ${s.where})`, aliases: [s.name], props: { secretName: s.name, scope: s.where, holds: secretHolds(s.name) ?? null } });
  }
  for (const s of inv.orgSecrets) {
    add({ id: ID.actionsSecretId(`org:${inv.org}`, s.name), kind: 'SecretLocation', type: 'github:actions-secret', name: `${s.name} (Actions secret of organization ${inv.org})`, aliases: [s.name], props: { secretName: s.name, scope: `organization ${inv.org}`, visibility: s.visibility, holds: secretHolds(s.name) ?? null } });
  }

  for (const t of inv.teams) {
    add({ id: ID.teamId(inv.org, t.slug), kind: 'Identity', type: 'github:team', name: `${inv.org}/${t.slug}`, aliases: [t.slug], props: { slug: t.slug } });
    for (const m of t.members) {
      user(m);
      fact('MEMBER_OF', 'github:team:Member', ID.userId(m), ID.teamId(inv.org, t.slug), `${m} is a member of team ${t.slug}`, [{ type: 'group-membership', source: `GET /orgs/${inv.org}/teams/${t.slug}/members`, detail: m }]);
    }
  }
  for (const i of inv.installations) {
    add({ id: ID.installationId(i.id), kind: 'Identity', type: 'github:app-installation', name: `${i.appSlug} (GitHub App installation)`, aliases: [i.appSlug], props: { appSlug: i.appSlug, repositorySelection: i.repositorySelection, permissions: Object.entries(i.permissions).map(([k, v]) => `${k}:${v}`) } });
  }

  for (const c of inv.credentialAuthorizations) {
    const id = ID.credentialAuthorizationId(c.credentialId);
    const expired = isExpired(c.expiresAt, now);
    const ssh = /ssh/i.test(c.type);
    add({
      id,
      kind: 'Credential',
      type: ssh ? 'github:ssh-key' : /app/i.test(c.type) ? 'github:app-token' : /oauth/i.test(c.type) ? 'github:oauth-token' : 'github:classic-pat',
      name: `${c.type} of ${c.login} (credential ${c.credentialId})`,
      // token_last_eight is a hint as GitHub shows it (like an Entra secret's hint): the scanner join key, never more of the token.
      aliases: [String(c.credentialId), ...(c.fingerprint ? [c.fingerprint] : []), ...(c.tokenLastEight ? [c.tokenLastEight] : [])],
      props: { owner: c.login, credentialType: c.type, hint: c.tokenLastEight ?? null, scopes: c.scopes, status: expired ? 'expired' : 'active', expiresAt: c.expiresAt ?? null },
    });
    user(c.login);
    if (expired) continue;
    const pushes = ssh || c.scopes.some((s) => PUSH_SCOPES.includes(s));
    if (!pushes) continue;
    const publicOnly = !ssh && !c.scopes.includes('repo');
    fact('AUTHENTICATES_AS', 'github:credential:ClassicToken', id, ID.userId(c.login), `${c.type} of ${c.login}, authorised for organization ${inv.org}${ssh ? '' : ` with scopes ${c.scopes.join(', ')}`}`, [{ type: 'inventory', source: `GET /orgs/${inv.org}/credential-authorizations`, detail: `credential ${c.credentialId}` }], publicOnly ? 'the token has public_repo, not repo: it writes only to public repositories' : undefined);
  }

  for (const p of inv.fineGrainedPats) {
    const id = ID.fineGrainedPatId(p.id);
    const expired = p.expired || isExpired(p.expiresAt, now);
    add({ id, kind: 'Credential', type: 'github:fine-grained-pat', name: `${p.tokenName ?? `token ${p.id}`} (fine-grained token of ${p.owner})`, aliases: [String(p.id), ...(p.tokenId !== undefined ? [String(p.tokenId)] : [])], props: { owner: p.owner, repositorySelection: p.repositorySelection, permissions: Object.entries(p.permissions.repository).map(([k, v]) => `${k}:${v}`), status: expired ? 'expired' : 'active', expiresAt: p.expiresAt ?? null, lastUsedDate: p.lastUsedAt ?? null } });
    add({ id: ID.sessionId(id), kind: 'Identity', type: 'github:token-session', name: `${p.tokenName ?? `token ${p.id}`} of ${p.owner} (its rights)`, props: { owner: p.owner } });
    user(p.owner);
    if (!expired) fact('AUTHENTICATES_AS', 'github:credential:FineGrainedToken', id, ID.sessionId(id), `fine-grained token ${p.tokenName ?? p.id} of ${p.owner}, approved for ${inv.org}`, [{ type: 'inventory', source: `GET /orgs/${inv.org}/personal-access-tokens`, detail: `token ${p.id}` }]);
  }

  for (const g of inv.runnerGroups ?? []) {
    for (const r of g.runners) {
      add({ id: ID.runnerId(inv.org, r.id), kind: 'Identity', type: 'github:self-hosted-runner', name: `self-hosted runner ${r.name} (group ${g.name})`, aliases: [r.name], props: { runnerId: r.id, group: g.name, groupVisibility: g.visibility, labels: r.labels, ephemeral: r.ephemeral ?? null, os: r.os ?? null } });
    }
  }
  for (const repo of inv.repos) {
    for (const r of repo.runners ?? []) {
      add({ id: ID.runnerId(inv.org, r.id), kind: 'Identity', type: 'github:self-hosted-runner', name: `self-hosted runner ${r.name} (repository ${repo.fullName})`, aliases: [r.name], props: { runnerId: r.id, repository: repo.fullName, labels: r.labels, ephemeral: r.ephemeral ?? null, os: r.os ?? null } });
    }
  }
  const contexts = jobContexts(inv);
  add({ id: ID.ANYONE, kind: 'Identity', type: 'github:anyone', name: 'anyone with a GitHub account', props: {} });
  // Every account can be "anyone": a user of the org (or their leaked token) owns repositories too.
  for (const n of [...nodes.values()].filter((x) => x.type === 'github:user')) {
    fact('CAN_IMPERSONATE', 'github:account:AnyGithubAccount', n.id, ID.ANYONE, `${n.name} is a GitHub account, and can do what any account can (fork, open pull requests, own repositories)`, [{ type: 'inventory', source: `github account ${n.name}` }]);
  }
  for (const c of contexts) {
    add({
      id: c.id,
      kind: 'Identity',
      type: 'github:workflow-job',
      name: `${c.repo.fullName} ${c.workflow.path} job ${c.job.id} (${c.via === 'fork-pull-request' ? 'pull_request_target' : c.via === 'workflow-run' ? 'workflow_run' : c.token.context}${c.token.context.startsWith('environment:') ? ` from ${c.branch}` : ''})`,
      props: { repository: c.repo.fullName, workflow: c.workflow.path, job: c.job.id, context: c.token.context, branch: c.branch, newBranch: c.newBranch, event: c.trigger.event, selfHosted: c.job.selfHosted, runsOn: c.job.runsOn, idToken: c.idToken !== undefined },
    });
  }
  for (const t of githubWorkloadTokens(inv, contexts)) {
    const props: GraphNode['props'] = { issuer: t.issuer, subject: t.subject };
    for (const [k, v] of Object.entries(t.claims)) props[`claim:${k}`] = v;
    const ctx = contexts.find((c) => c.id === t.mintedBy);
    if (!ctx) {
      add({ id: t.id, kind: 'Identity', type: 'oidc:any-subject', name: `any GitHub Actions token of a repository the attacker owns (e.g. ${t.subject})`, props });
      fact('CAN_MINT_TOKEN', 'github:actions:AnyRepositoryToken', t.mintedBy, t.id, `anyone on GitHub runs a workflow in a repository of their own and requests a token from ${t.issuer}`, [{ type: 'inventory', source: t.issuer, detail: 'a public issuer: it signs tokens for every repository on github.com' }]);
      continue;
    }
    add({ id: t.id, kind: 'Identity', type: 'oidc:subject', name: t.subject, props });
    fact('CAN_MINT_TOKEN', 'github:actions:OidcToken', t.mintedBy, t.id, `job ${ctx.job.id} of ${ctx.workflow.path} can request an OIDC token with sub ${t.subject}`, [ctx.idToken!]);
  }
  const gaps = inv.coverageGaps.length;
  if (gaps) warnings.push(`github: ${gaps} request(s) refused while collecting ${inv.org} (coverage gaps: ${inv.coverageGaps.slice(0, 3).map((g) => `${g.request} → ${g.status}`).join('; ')}${gaps > 3 ? '; …' : ''})`);
  return { nodes: [...nodes.values()], edges, warnings };
}
