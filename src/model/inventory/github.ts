/**
 * A GitHub organisation as collectors/github reads it (live REST, or its `github-raw/1` replay):
 * who can write where, what runs on a push, which identities and secrets a workflow holds.
 * Secrets are names only; GitHub never returns their values. Logins and repo names keep the case
 * GitHub returns; comparisons are case-insensitive because GitHub's are.
 */

export type GithubPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** `permissions:` of a workflow or job: a shorthand or per-scope levels. */
export type GithubTokenPermissions = 'read-all' | 'write-all' | Record<string, 'read' | 'write' | 'none'>;

export interface GithubTrigger {
  event: string;
  /** Branch filters (`branches:`); absent = every branch. `branches-ignore` is kept apart. */
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  /** `workflow_run`: the names of the workflows whose runs trigger this one. */
  workflows?: string[];
}

export interface GithubJob {
  id: string;
  permissions?: GithubTokenPermissions;
  environment?: string;
  runsOn: string[];
  selfHosted: boolean;
  /** Secrets the job's expressions name (`secrets.X`); GITHUB_TOKEN excluded. */
  secrets: string[];
  /** `toJSON(secrets)`, `secrets: inherit` or a dynamic `secrets[...]`: every secret the run can see. */
  allSecrets: boolean;
  /** A step checks out the pull request's head (or merge) commit. */
  checksOutPrHead: boolean;
  /** workflow_run: a step checks out the triggering run's head (`github.event.workflow_run.head_sha`…). */
  checksOutRunHead?: boolean;
  /** workflow_run: a step fetches the triggering run's artifacts (by `workflow_run.id`). */
  downloadsRunArtifacts?: boolean;
  /** `runs-on: {group: …}`: the runner group the job asks for. */
  runnerGroup?: string;
}

export interface GithubWorkflow {
  path: string;
  name?: string;
  triggers: GithubTrigger[];
  permissions?: GithubTokenPermissions;
  jobs: GithubJob[];
}

export interface GithubBranchProtection {
  branch: string;
  /** Required approving reviews, or null when pull requests are not required. */
  requiredReviews: number | null;
  enforceAdmins: boolean;
  /** Who may push, when pushes are restricted; null when anyone with write may. */
  pushAllowances: { users: string[]; teams: string[]; apps: string[] } | null;
  /** From rulesets (`rules/branches/{b}`): a rule requiring PRs, or forbidding updates. */
  source: 'branch-protection' | 'ruleset';
}

export interface GithubEnvironment {
  name: string;
  reviewers: { type: 'User' | 'Team'; name: string }[];
  preventSelfReview: boolean;
  /** null: every branch may deploy. */
  branchPolicy: null | { protectedBranches: boolean; custom: { name: string; type: 'branch' | 'tag' }[] };
  secrets: string[];
}

export interface GithubRepo {
  id: number;
  owner: string;
  ownerId?: number;
  name: string;
  fullName: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
  createdAt?: string;
  collaborators: { login: string; permission: GithubPermission }[];
  protections: GithubBranchProtection[];
  environments: GithubEnvironment[];
  secrets: string[];
  /** Org secrets this repo can use (`actions/organization-secrets`). */
  orgSecrets: string[];
  /** OIDC subject template: `useDefault` or the claim keys (`repo`, `context`, `job_workflow_ref`…). */
  oidc?: { useDefault: boolean; includeClaimKeys: string[]; useImmutableSubject?: boolean };
  workflows: GithubWorkflow[];
  deployKeys: { id: number; title: string; readOnly: boolean; createdAt?: string; lastUsed?: string }[];
  /** Self-hosted runners registered to this repository only (`GET /repos/{o}/{r}/actions/runners`). */
  runners?: GithubRunner[];
}

export interface GithubTeam {
  slug: string;
  name: string;
  members: string[];
  repos: { fullName: string; permission: GithubPermission }[];
}

export interface GithubInstallation {
  id: number;
  appSlug: string;
  permissions: Record<string, string>;
  repositorySelection: 'all' | 'selected';
}

export interface GithubFineGrainedPat {
  id: number;
  tokenId?: number;
  tokenName?: string;
  owner: string;
  repositorySelection: 'all' | 'subset' | 'none';
  repos: string[];
  permissions: { repository: Record<string, string>; organization: Record<string, string> };
  expiresAt?: string;
  expired: boolean;
  lastUsedAt?: string;
}

export interface GithubCredentialAuthorization {
  credentialId: number;
  login: string;
  type: string;
  /** What GitHub itself shows of the token (at most its last eight characters; the parser refuses more). Built as the node's `hint`. */
  tokenLastEight?: string;
  scopes: string[];
  expiresAt?: string;
  fingerprint?: string;
}

/** A credential an Actions secret holds, named by a link file (values are never readable). */
export type GithubLinkedCredential =
  | { type: 'aws-access-key'; accessKeyId: string }
  | { type: 'gcp-service-account-key'; privateKeyId: string }
  | { type: 'azure-client-secret'; appId: string; keyId: string };

export interface GithubSecretLink {
  /** `org`, a repo full name, or `repo:env` for an environment secret. */
  scope: string;
  secret: string;
  credential: GithubLinkedCredential;
  source: string;
}

export interface GithubOrgSecret {
  name: string;
  visibility: 'all' | 'private' | 'selected';
  selectedRepos?: string[];
}

/** An organisation's self-hosted runner (`GET /orgs/{org}/actions/runner-groups/{id}/runners`). */
export interface GithubRunner {
  id: number;
  name: string;
  labels: string[];
  /** Ephemeral runners take one job and are removed; absent when the API did not say. */
  ephemeral?: boolean;
  os?: string;
}

/** A runner group: which repositories (and workflows) may send jobs to its runners. */
export interface GithubRunnerGroup {
  id: number;
  name: string;
  /** all: every repository (public ones only with allowsPublicRepositories); selected: `repos`; private: private and internal repositories. */
  visibility: 'all' | 'selected' | 'private';
  default: boolean;
  allowsPublicRepositories: boolean;
  /** `restricted_to_workflows`: only these workflow refs (`owner/repo/.github/workflows/x.yml@ref`) may use it. */
  selectedWorkflows?: string[];
  repos?: string[];
  runners: GithubRunner[];
}

export interface GithubInventory {
  provider: 'github';
  org: string;
  orgId?: number;
  collectedAt?: string;
  /** Org-level OIDC subject template (claim keys), when customised. */
  oidcClaimKeys?: string[];
  repos: GithubRepo[];
  teams: GithubTeam[];
  orgSecrets: GithubOrgSecret[];
  installations: GithubInstallation[];
  fineGrainedPats: GithubFineGrainedPat[];
  credentialAuthorizations: GithubCredentialAuthorization[];
  secretLinks: GithubSecretLink[];
  /** Self-hosted runner groups of the organisation with their runners (absent in older snapshots). */
  runnerGroups?: GithubRunnerGroup[];
  /** Requests GitHub refused (403/404 on a listing): the facts behind them are unknown, not absent. */
  coverageGaps: { request: string; status: number; message: string }[];
}
