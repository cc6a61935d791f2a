import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { GithubInventory, GithubPermission, GithubRepo } from '../../../src/model/inventory/index.js';
import * as S from './schemas.js';
import { parseWorkflow } from './workflow.js';

/**
 * `github-raw/1`: what `leakpath collect github --save-raw` writes and `ingest` reads (docs/github.md).
 * `responses` maps `GET <REST path>` to the response body (pages concatenated); entries are matched
 * by path, ignoring the query string. `gaps` lists requests GitHub refused.
 */
export const RAW_FORMAT = 'github-raw/1';

const rawSchema = z.object({
  leakpath: z.literal(RAW_FORMAT),
  org: z.string().min(1),
  collectedAt: z.string().optional(),
  responses: z.record(z.string(), z.unknown()),
  gaps: z.array(z.object({ request: z.string(), status: z.number().int(), message: z.string() })).default([]),
});

export const looksLikeGithubRaw = (json: unknown) => typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === RAW_FORMAT;

const P = '([^/]+)';
type Ctx = { inv: GithubInventory; repo: (owner: string, name: string) => GithubRepo | undefined; file: string; key: string };
interface Route<T extends z.ZodType> {
  pattern: RegExp;
  schema: T;
  what: string;
  apply(ctx: Ctx, m: string[], body: z.infer<T>): void;
}
const route = <T extends z.ZodType>(pattern: string, schema: T, what: string, apply: Route<T>['apply']): Route<z.ZodType> =>
  ({ pattern: new RegExp(`^${pattern}$`), schema, what, apply }) as unknown as Route<z.ZodType>;

export function permissionOf(p: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean } | undefined, roleName?: string): GithubPermission {
  const role = roleName?.toLowerCase();
  if (role === 'admin' || p?.admin) return 'admin';
  if (role === 'maintain' || p?.maintain) return 'maintain';
  if (role === 'write' || p?.push) return 'write';
  if (role === 'triage' || p?.triage) return 'triage';
  return 'read';
}

function toRepo(r: z.infer<typeof S.repoSchema>): GithubRepo {
  return {
    id: r.id,
    owner: r.owner.login,
    ...(r.owner.id !== undefined ? { ownerId: r.owner.id } : {}),
    name: r.name,
    fullName: r.full_name,
    visibility: r.visibility ?? (r.private ? 'private' : 'public'),
    archived: r.archived ?? false,
    fork: r.fork ?? false,
    defaultBranch: r.default_branch ?? 'main',
    ...(r.created_at ? { createdAt: r.created_at } : {}),
    collaborators: [],
    protections: [],
    environments: [],
    secrets: [],
    orgSecrets: [],
    workflows: [],
    deployKeys: [],
  };
}

const env = (ctx: Ctx, m: string[]) => ctx.repo(m[1]!, m[2]!)?.environments.find((e) => e.name === decodeURIComponent(m[3]!));

/** In application order: repos first, so that per-repo responses find their repo. */
const ROUTES: Route<z.ZodType>[] = [
  route(`GET /orgs/${P}`, S.orgSchema, 'an organization', ({ inv }, _m, o) => {
    if (o.id !== undefined) inv.orgId = o.id;
  }),
  route(`GET /orgs/${P}/repos`, z.array(S.repoSchema), 'a list of repositories', ({ inv }, _m, list) => {
    for (const r of list) if (!inv.repos.some((x) => x.id === r.id)) inv.repos.push(toRepo(r));
  }),
  route(`GET /repos/${P}/${P}/collaborators`, z.array(S.collaboratorSchema), 'a list of collaborators', (ctx, m, list) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.collaborators = list.map((c) => ({ login: c.login, permission: permissionOf(c.permissions, c.role_name) }));
  }),
  route(`GET /orgs/${P}/teams`, z.array(S.teamSchema), 'a list of teams', ({ inv }, _m, list) => {
    for (const t of list) if (!inv.teams.some((x) => x.slug === t.slug)) inv.teams.push({ slug: t.slug, name: t.name, members: [], repos: [] });
  }),
  route(`GET /orgs/${P}/teams/${P}/members`, z.array(z.object({ login: z.string() })), 'a list of team members', ({ inv }, m, list) => {
    const team = inv.teams.find((t) => t.slug === m[2]);
    if (team) team.members = list.map((u) => u.login);
  }),
  route(`GET /orgs/${P}/teams/${P}/repos`, z.array(S.teamRepoSchema), 'a list of team repositories', ({ inv }, m, list) => {
    const team = inv.teams.find((t) => t.slug === m[2]);
    if (team) team.repos = list.map((r) => ({ fullName: r.full_name, permission: permissionOf(r.permissions, r.role_name) }));
  }),
  route(`GET /repos/${P}/${P}/branches/${P}/protection`, S.protectionSchema, 'a branch protection', (ctx, m, p) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (!repo) return;
    const r = p.restrictions;
    repo.protections.push({
      branch: decodeURIComponent(m[3]!),
      requiredReviews: p.required_pull_request_reviews ? (p.required_pull_request_reviews.required_approving_review_count ?? 0) : null,
      enforceAdmins: p.enforce_admins?.enabled ?? false,
      pushAllowances: r ? { users: r.users.map((u) => u.login), teams: r.teams.map((t) => t.slug), apps: r.apps.map((a) => a.slug) } : null,
      source: 'branch-protection',
    });
  }),
  route(`GET /repos/${P}/${P}/rules/branches/${P}`, z.array(S.ruleSchema), 'the rules of a branch', (ctx, m, rules) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    const pr = rules.find((r) => r.type === 'pull_request');
    const blocked = rules.some((r) => r.type === 'update');
    if (!repo || (!pr && !blocked)) return;
    const count = pr?.parameters?.required_approving_review_count;
    repo.protections.push({
      branch: decodeURIComponent(m[3]!),
      requiredReviews: pr ? (typeof count === 'number' ? count : 0) : null,
      // Rulesets bind admins unless they are bypass actors, which this endpoint does not list.
      enforceAdmins: true,
      pushAllowances: blocked ? { users: [], teams: [], apps: [] } : null,
      source: 'ruleset',
    });
  }),
  route(`GET /repos/${P}/${P}/environments`, S.environmentsSchema, 'a list of environments', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (!repo) return;
    for (const e of body.environments) {
      const reviewers = e.protection_rules.filter((r) => r.type === 'required_reviewers');
      repo.environments.push({
        name: e.name,
        reviewers: reviewers.flatMap((r) => r.reviewers ?? []).map((r) => ({ type: r.type, name: r.reviewer.login ?? r.reviewer.slug ?? r.reviewer.name ?? '?' })),
        preventSelfReview: reviewers.some((r) => r.prevent_self_review === true),
        branchPolicy: e.deployment_branch_policy ? { protectedBranches: e.deployment_branch_policy.protected_branches, custom: [] } : null,
        secrets: [],
      });
    }
  }),
  route(`GET /repos/${P}/${P}/environments/${P}/deployment-branch-policies`, S.branchPoliciesSchema, 'deployment branch policies', (ctx, m, body) => {
    const e = env(ctx, m);
    if (e?.branchPolicy) e.branchPolicy.custom = body.branch_policies.map((b) => ({ name: b.name, type: b.type ?? 'branch' }));
  }),
  route(`GET /repos/${P}/${P}/environments/${P}/secrets`, S.secretsSchema, 'a list of secrets', (ctx, m, body) => {
    const e = env(ctx, m);
    if (e) e.secrets = body.secrets.map((s) => s.name);
  }),
  route(`GET /repos/${P}/${P}/actions/secrets`, S.secretsSchema, 'a list of secrets', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.secrets = body.secrets.map((s) => s.name);
  }),
  route(`GET /repos/${P}/${P}/actions/organization-secrets`, S.secretsSchema, 'a list of secrets', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.orgSecrets = body.secrets.map((s) => s.name);
  }),
  route(`GET /orgs/${P}/actions/secrets`, S.secretsSchema, 'a list of secrets', ({ inv }, _m, body) => {
    for (const s of body.secrets) if (!inv.orgSecrets.some((x) => x.name === s.name)) inv.orgSecrets.push({ name: s.name, visibility: s.visibility ?? 'all' });
  }),
  route(`GET /orgs/${P}/actions/secrets/${P}/repositories`, S.secretReposSchema, 'the repositories of a secret', ({ inv }, m, body) => {
    const s = inv.orgSecrets.find((x) => x.name === m[2]);
    if (s) s.selectedRepos = body.repositories.map((r) => r.full_name);
  }),
  route(`GET /orgs/${P}/actions/runner-groups`, S.runnerGroupsSchema, 'a list of runner groups', ({ inv }, _m, body) => {
    inv.runnerGroups = body.runner_groups.map((g) => ({
      id: g.id,
      name: g.name,
      visibility: g.visibility,
      default: g.default ?? false,
      allowsPublicRepositories: g.allows_public_repositories ?? false,
      ...(g.restricted_to_workflows ? { selectedWorkflows: g.selected_workflows ?? [] } : {}),
      runners: [],
    }));
  }),
  route(`GET /orgs/${P}/actions/runner-groups/${P}/repositories`, S.secretReposSchema, 'the repositories of a runner group', ({ inv }, m, body) => {
    const g = inv.runnerGroups?.find((x) => String(x.id) === m[2]);
    if (g) g.repos = body.repositories.map((r) => r.full_name);
  }),
  route(`GET /orgs/${P}/actions/runner-groups/${P}/runners`, S.runnersSchema, 'the runners of a runner group', ({ inv }, m, body) => {
    const g = inv.runnerGroups?.find((x) => String(x.id) === m[2]);
    if (g) g.runners = body.runners.map((r) => ({ id: r.id, name: r.name, labels: r.labels.map((l) => l.name), ...(r.ephemeral !== undefined ? { ephemeral: r.ephemeral } : {}), ...(r.os ? { os: r.os } : {}) }));
  }),
  route(`GET /orgs/${P}/actions/oidc/customization/sub`, S.orgOidcSchema, 'an OIDC subject template', ({ inv }, _m, body) => {
    inv.oidcClaimKeys = body.include_claim_keys;
  }),
  route(`GET /repos/${P}/${P}/actions/oidc/customization/sub`, S.repoOidcSchema, 'an OIDC subject template', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.oidc = { useDefault: body.use_default, includeClaimKeys: body.include_claim_keys ?? [], ...(body.use_immutable_subject !== undefined ? { useImmutableSubject: body.use_immutable_subject } : {}) };
  }),
  route(`GET /repos/${P}/${P}/contents/(.+)`, S.contentSchema, 'a file\'s contents (base64)', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (!repo || !/^\.github\/workflows\/[^/]+\.ya?ml$/.test(body.path)) return;
    const text = Buffer.from(body.content, 'base64').toString('utf8');
    repo.workflows = [...repo.workflows.filter((w) => w.path !== body.path), parseWorkflow(text, body.path, ctx.file)];
  }),
  route(`GET /repos/${P}/${P}/actions/runners`, S.runnersSchema, 'a list of self-hosted runners', (ctx, m, body) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.runners = body.runners.map((r) => ({ id: r.id, name: r.name, labels: r.labels.map((l) => l.name), ...(r.ephemeral !== undefined ? { ephemeral: r.ephemeral } : {}), ...(r.os ? { os: r.os } : {}) }));
  }),
  route(`GET /repos/${P}/${P}/keys`, z.array(S.deployKeySchema), 'a list of deploy keys', (ctx, m, list) => {
    const repo = ctx.repo(m[1]!, m[2]!);
    if (repo) repo.deployKeys = list.map((k) => ({ id: k.id, title: k.title, readOnly: k.read_only, ...(k.created_at ? { createdAt: k.created_at } : {}), ...(k.last_used ? { lastUsed: k.last_used } : {}) }));
  }),
  route(`GET /orgs/${P}/installations`, S.installationsSchema, 'a list of app installations', ({ inv }, _m, body) => {
    inv.installations = body.installations.map((i) => ({ id: i.id, appSlug: i.app_slug, permissions: i.permissions, repositorySelection: i.repository_selection }));
  }),
  route(`GET /orgs/${P}/personal-access-tokens`, z.array(S.patSchema), 'a list of fine-grained personal access tokens', ({ inv }, _m, list) => {
    inv.fineGrainedPats = list.map((p) => ({
      id: p.id,
      ...(p.token_id !== undefined ? { tokenId: p.token_id } : {}),
      ...(p.token_name ? { tokenName: p.token_name } : {}),
      owner: p.owner.login,
      repositorySelection: p.repository_selection,
      repos: [],
      permissions: { repository: p.permissions.repository ?? {}, organization: p.permissions.organization ?? {} },
      ...(p.token_expires_at ? { expiresAt: p.token_expires_at } : {}),
      expired: p.token_expired ?? false,
      ...(p.token_last_used_at ? { lastUsedAt: p.token_last_used_at } : {}),
    }));
  }),
  route(`GET /orgs/${P}/personal-access-tokens/${P}/repositories`, z.array(z.object({ full_name: z.string() })), 'the repositories of a token', ({ inv }, m, list) => {
    const pat = inv.fineGrainedPats.find((p) => String(p.id) === m[2]);
    if (pat) pat.repos = list.map((r) => r.full_name);
  }),
  route(`GET /orgs/${P}/credential-authorizations`, z.array(S.credentialAuthorizationSchema), 'a list of credential authorizations', ({ inv }, _m, list) => {
    inv.credentialAuthorizations = list.map((c) => ({
      credentialId: c.credential_id,
      login: c.login,
      type: c.credential_type,
      ...(c.token_last_eight ? { tokenLastEight: c.token_last_eight } : {}),
      scopes: c.scopes ?? [],
      ...(c.authorized_credential_expires_at ? { expiresAt: c.authorized_credential_expires_at } : {}),
      ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}),
    }));
  }),
];

/** Responses leakpath reads but that need no fact of their own (the workflow list: contents carry the files). */
const KNOWN_UNUSED = [new RegExp(`^GET /repos/${P}/${P}/actions/workflows$`), new RegExp(`^GET /repos/${P}/${P}$`)];

export function parseGithubRaw(json: unknown, file: string): { inventory: GithubInventory; warnings: string[] } {
  const raw = parseOrThrow(rawSchema, json, file, `a ${RAW_FORMAT} file {leakpath, org, collectedAt, responses: {"GET <path>": body}}`);
  const inv: GithubInventory = {
    provider: 'github',
    org: raw.org,
    ...(raw.collectedAt ? { collectedAt: raw.collectedAt } : {}),
    repos: [],
    teams: [],
    orgSecrets: [],
    installations: [],
    fineGrainedPats: [],
    credentialAuthorizations: [],
    secretLinks: [],
    coverageGaps: raw.gaps,
  };
  const repo = (owner: string, name: string) => inv.repos.find((r) => r.fullName.toLowerCase() === `${owner}/${name}`.toLowerCase());
  const warnings: string[] = [];
  const matched: { route: number; m: string[]; key: string; body: unknown }[] = [];
  for (const [key, body] of Object.entries(raw.responses)) {
    const request = key.split('?')[0]!.trim();
    const i = ROUTES.findIndex((r) => r.pattern.test(request));
    if (i < 0) {
      if (!KNOWN_UNUSED.some((p) => p.test(request))) warnings.push(`github: ${file}: response "${request}" is not one leakpath reads; ignored`);
      continue;
    }
    matched.push({ route: i, m: ROUTES[i]!.pattern.exec(request)!, key, body });
  }
  matched.sort((a, b) => a.route - b.route);
  for (const { route: i, m, key, body } of matched) {
    const r = ROUTES[i]!;
    try {
      r.apply({ inv, repo, file, key }, m, parseOrThrow(r.schema, body, file, r.what));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const inner = e.record ? (e.record.startsWith('[') ? e.record : `.${e.record}`) : '';
      throw new InputError(file, `responses["${key}"]${inner}`, e.expected);
    }
  }
  return { inventory: inv, warnings };
}
