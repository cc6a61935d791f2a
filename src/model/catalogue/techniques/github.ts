import type { TechniqueSpec } from '../types.js';
import { techniquesOf } from './define.js';

const OWASP = 'https://owasp.org/www-project-non-human-identities-top-10/2025/';
const OIDC = 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect';
const TOKEN_PERMS = 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token';
const t = techniquesOf('github');

/** GitHub (collectors/github, src/analysis/github). */
export const GITHUB_TECHNIQUES: readonly TechniqueSpec[] = [
  t('github:credential:ClassicToken', 'AUTHENTICATES_AS', 'Classic token or SSH key authorised for the organisation', {
    general: 'A personal access token (classic), OAuth token or SSH key the organisation authorised for SAML SSO (credential authorisations): it acts as its user, within its scopes.',
    precondition: 'Listed by `GET /orgs/{org}/credential-authorizations`, not expired, with `repo` or `public_repo` scope (or an SSH key, which pushes by git). `public_repo` only: conditional, public repositories only.',
    abuse: 'Clone and push with the token (`https://x-access-token:<token>@github.com/…`) or the key, and call the API as the user.',
    opsec: 'Pushes and API calls are in the organisation audit log under the user, with the token\'s hashed value.',
    fix: 'Revoke the authorisation (or the token); prefer fine-grained tokens with expiry, or GitHub Apps.',
    references: ['https://docs.github.com/en/rest/orgs/orgs#list-saml-sso-authorizations-for-an-organization', OWASP],
  }, { owaspNhi: ['NHI7', 'NHI10'], mitre: ['T1078.004'] }),
  t('github:credential:FineGrainedToken', 'AUTHENTICATES_AS', 'Fine-grained personal access token', {
    general: 'A fine-grained token approved for the organisation acts with its own permissions on its selected repositories, never beyond its owner\'s access; its rights are drawn from a node of its own.',
    precondition: 'Listed by `GET /orgs/{org}/personal-access-tokens` (GitHub App auth), not expired.',
    abuse: 'Use the token against the API or git within its permissions.',
    fix: 'Revoke the token\'s access (`POST /orgs/{org}/personal-access-tokens/{id}`), shorten its expiry, narrow its repositories and permissions.',
    references: ['https://docs.github.com/en/rest/orgs/personal-access-tokens', OWASP],
  }, { owaspNhi: ['NHI7'], mitre: ['T1078.004'] }),
  t('github:credential:DeployKey', 'AUTHENTICATES_AS', 'Deploy key', {
    general: 'An SSH deploy key of one repository; a key with write access pushes to it like a writer.',
    precondition: 'Listed by `GET /repos/{o}/{r}/keys`; write only when `read_only` is false.',
    abuse: 'Push with the private key (`GIT_SSH_COMMAND="ssh -i key" git push`).',
    fix: 'Make deploy keys read-only, or replace them with a GitHub App; delete unused keys.',
    references: ['https://docs.github.com/en/authentication/connecting-to-github-with-ssh/managing-deploy-keys', OWASP],
  }, { owaspNhi: ['NHI7'], mitre: ['T1098.004'] }),
  t('github:repo:Write', 'HAS_ACCESS', 'Write access to a repository', {
    general: 'The principal can push commits to the repository: a collaborator or team with write, maintain or admin, a fine-grained token or App installation with `contents: write`, or a writable deploy key.',
    precondition: 'The grant in the collaborator, team, token, installation or deploy-key listing.',
    abuse: 'Push code; see github:actions:PushToRunWorkflow for what a push runs.',
    fix: 'Reduce repository roles; remove stale collaborators, tokens and keys.',
    references: ['https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/repository-roles-for-an-organization'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1195.002'] }),
  t('github:actions:PushToRunWorkflow', 'CAN_EXECUTE_AS', 'Push code that a workflow job runs', {
    general: 'A writer gets their code into a branch a workflow runs on (a push trigger, a dispatch on their own branch, their own pull request from a branch of the repository): the job runs it with the job\'s secrets and token permissions. The job is drawn once per context (branch, pull request, environment) because the context fixes its OIDC subject.',
    precondition: 'Write access; a trigger whose branch filters admit the branch (or a new branch the writer creates); branch protection that does not stop the writer (required approving reviews and push restrictions do, unless classic protection is not enforced for admins); an environment whose deployment branch policy admits the branch. Required environment reviewers make the edge conditional unless the writer may approve their own run.',
    abuse: 'Change a script, build file or dependency the job runs, push, and let the job exfiltrate its secrets or request an OIDC token for a cloud role.',
    opsec: 'The push and the workflow run are in the audit log and the Actions history.',
    fix: 'Protect the branches that deploy (required reviews, restricted pushes); put cloud access behind environments with required reviewers and deployment branch policies; pin cloud trusts to those environments.',
    references: [OIDC, 'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment', 'https://github.com/AdnaneKhan/gato-x'],
  }, { owaspNhi: ['NHI5', 'NHI6'], mitre: ['T1195.002', 'T1528'] }),
  t('github:actions:PwnRequest', 'CAN_EXECUTE_AS', 'pull_request_target workflow runs a fork\'s code ("pwn request")', {
    general: 'A `pull_request_target` workflow runs in the base repository, with its secrets and a token that may write; when a job checks out the pull request\'s head and runs it, whoever opens a pull request runs code there. For a public repository that is anyone with a GitHub account.',
    precondition: 'A `pull_request_target` trigger and a job step checking out `github.event.pull_request.head.sha|ref`, `github.head_ref` or `refs/pull/…`. Private and internal repositories: anyone who can fork it, conditional on the fork setting.',
    abuse: 'Fork, put a payload in a file the job executes (a build script, a test, a package manifest), open a pull request.',
    opsec: 'The pull request and the run are public on a public repository.',
    fix: 'Use `pull_request` for untrusted code; never check out the head in `pull_request_target`, or gate it on a label applied by a maintainer; keep secrets and `id-token: write` out of such jobs.',
    references: ['https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/', 'https://github.com/boostsecurityio/poutine'],
  }, { owaspNhi: ['NHI6'], mitre: ['T1195.002'] }),
  t('github:actions:WorkflowRunChain', 'CAN_EXECUTE_AS', 'workflow_run workflow runs what a fork pull request\'s run left', {
    general: 'A workflow triggered by `workflow_run` runs the default branch\'s version with the base repository\'s secrets, write token and OIDC token, even when the triggering run was a fork pull request\'s. When the job checks out the triggering run\'s head (`github.event.workflow_run.head_sha`, `head_branch`…) it runs the fork\'s code; when it downloads the triggering run\'s artifacts (by `workflow_run.id`), the fork wrote them.',
    precondition: 'A `workflow_run` trigger naming a workflow of the repository that runs on `pull_request` (or `pull_request_target`), and a job step referencing the triggering run\'s head (certain, the code being executed assumed) or its artifacts (conditional on the artifact being executed or unsafely interpreted). Anyone for a public repository; readers (conditional on forking) otherwise.',
    abuse: 'Open a pull request from a fork whose code (or uploaded artifact) the privileged workflow_run job executes, and read its secrets or mint its OIDC token.',
    opsec: 'The pull request and both workflow runs are visible in the repository.',
    fix: 'Treat the triggering run\'s head and artifacts as untrusted data: never check out or execute them in a workflow_run job; pass only validated values (a PR number) and keep secrets out of that job.',
    references: ['https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/', 'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflow_run'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1195.002'] }),
  t('github:actions:OidcToken', 'CAN_MINT_TOKEN', 'Workflow job mints a GitHub Actions OIDC token', {
    general: 'A job whose effective permissions grant `id-token: write` can request a token from `https://token.actions.githubusercontent.com` for any audience, with a `sub` fixed by its context: `repo:O/R:ref:refs/heads/B`, `repo:O/R:environment:E`, `repo:O/R:pull_request`, a customised claim template, or the immutable `repo:O@OID/R@RID:…` form.',
    precondition: '`permissions: id-token: write` (or `write-all`) on the job, or on the workflow when the job sets none; the repository default never grants it.',
    abuse: 'From code running in the job, `curl "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN"`, then exchange the token where a cloud trusts the subject.',
    opsec: 'The cloud-side exchange (AssumeRoleWithWebIdentity, Entra token request, GCP STS) is logged with the subject.',
    fix: 'Grant `id-token: write` only to jobs that need it, behind an environment; pin cloud trusts to exact subjects.',
    references: [OIDC, TOKEN_PERMS],
  }, { owaspNhi: ['NHI6'], mitre: ['T1528'] }),
  t('github:actions:WorkflowSecret', 'CAN_READ', 'Workflow job receives an Actions secret', {
    general: 'The job names the secret (`${{ secrets.X }}`), or passes every secret (`toJSON(secrets)`, `secrets: inherit`), so code running in the job can read its value.',
    precondition: 'The secret exists at the environment, repository or organisation level visible to the repository (environment first, then repository, then organisation, as GitHub resolves names).',
    abuse: 'Print or send the value from a step the attacker controls (GitHub masks it in logs only when printed verbatim).',
    fix: 'Replace long-lived cloud secrets with OIDC; scope secrets to environments with reviewers.',
    references: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions'],
  }, { owaspNhi: ['NHI2', 'NHI6'], mitre: ['T1552.001'] }),
  t('github:actions:SecretHoldsCredential', 'EXPOSES', 'Actions secret holds a cloud credential', {
    general: 'A `github-secret-links/1` file says which credential an Actions secret holds (values are write-only, so no API can tell); reading the secret yields that credential.',
    precondition: 'A link naming the secret (org, repo or environment scope) and the credential by its identifier.',
    abuse: 'Run code in a job that receives the secret and use the credential.',
    fix: 'Replace the stored credential with OIDC federation; rotate it.',
    references: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions', OWASP],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1552.001'] }),
  t('github:account:AnyGithubAccount', 'CAN_IMPERSONATE', 'A GitHub account can do what anyone on GitHub can', {
    general: 'Whoever holds an account of the organisation (or its token) is also "anyone with a GitHub account": they can fork public repositories, open pull requests, and own repositories of their own. The edge joins each account to the `github:anyone` node, so what anyone can do is drawn once.',
    precondition: 'A GitHub user in the inventory.',
    abuse: 'Act from the account as an outsider would (see github:actions:PwnRequest, github:actions:AnyRepositoryToken).',
    fix: 'Not removable: fix what anyone can reach.',
    references: ['https://docs.github.com/en/get-started/learning-about-github/types-of-github-accounts'],
  }, { owaspNhi: ['NHI6'], mitre: ['T1078'] }),
  t('github:actions:AnyRepositoryToken', 'CAN_MINT_TOKEN', 'Anyone mints a GitHub Actions token for a repository they own', {
    general: 'GitHub\'s OIDC issuer signs tokens for every repository on github.com. Anyone creates a repository, runs a workflow with `id-token: write` and gets a token whose subject names their own repository. A cloud trust that does not pin the owner — no `sub` condition, `repo:*`, a wildcard in the owner — admits it. The hub node `oidc:https://token.actions.githubusercontent.com|*` stands for that token; the matchers judge it with an owner and ids that are not the organisation\'s.',
    precondition: 'Always (a public issuer). The federation edge from the hub exists only where a trust admits a foreign owner.',
    abuse: 'In a repository of your own: `permissions: id-token: write`, then `aws-actions/configure-aws-credentials` with the victim\'s role ARN.',
    opsec: 'The AssumeRoleWithWebIdentity event names the attacker\'s repository in its subject.',
    fix: 'Pin `token.actions.githubusercontent.com:sub` (StringEquals) to your repositories and environments; add `repository_owner_id` / immutable subjects.',
    references: ['https://securitylabs.datadoghq.com/articles/exploring-github-to-aws-keyless-authentication-flaws/', 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect'],
  }, { owaspNhi: ['NHI6'], mitre: ['T1199', 'T1528'] }),
  t('github:actions:SelfHostedRunner', 'CAN_EXECUTE_AS', 'A workflow job runs on a self-hosted runner', {
    general: 'A job whose `runs-on` names self-hosted labels (or a runner group) runs on an organisation runner whose labels include them all, in a group that admits the repository (visibility all / selected / private, public repositories only if allowed, and the group\'s workflow restriction): the job\'s code runs on the runner\'s host. A public repository\'s pull_request workflows run fork pull requests there too.',
    precondition: 'Runner groups and their runners (`GET /orgs/{org}/actions/runner-groups`, `…/{id}/runners`, `…/{id}/repositories` for selected groups) and a workflow job with matching `runs-on`. From anyone: a public repository with a pull_request workflow on the runner, conditional on fork workflows running without approval (GitHub asks approval only of first-time contributors by default).',
    abuse: 'Get code into the job (push, pull request), and from it start a process that outlives the job or change the runner\'s host (toolchain, runner binary, hooks).',
    opsec: 'The workflow run is logged; what happens on the host is only in its own logs.',
    fix: 'Use ephemeral, just-in-time runners; never let public repositories use self-hosted runners; restrict groups to selected repositories and workflows; require approval for all outside contributors.',
    references: ['https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/managing-access-to-self-hosted-runners-using-groups', 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1195.002', 'T1543'] }),
  t('github:actions:RunnerPersistence', 'CAN_EXECUTE_AS', 'Code left on a non-ephemeral runner runs with later jobs', {
    general: 'A self-hosted runner that is not ephemeral takes job after job on the same host; code an earlier job left there reads the secrets and OIDC tokens of every later job it takes — of any repository the runner group admits.',
    precondition: 'A runner the job can land on (see github:actions:SelfHostedRunner) that is not ephemeral (`ephemeral: false` in the runner listing; conditional when the listing does not say).',
    abuse: 'From a persistent process, read the next job\'s environment and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` / runner worker memory, then use its secrets or mint its OIDC token.',
    opsec: 'Nothing on GitHub\'s side: the later job runs normally.',
    fix: 'Register runners with `--ephemeral` (or just-in-time configs) and separate runner groups per trust level.',
    references: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners', 'https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/autoscaling-with-self-hosted-runners#using-ephemeral-runners-for-autoscaling'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1552', 'T1528'] }),
  t('github:team:Member', 'MEMBER_OF', 'Team membership', {
    general: 'The user is a member of the team and holds its repository permissions (already folded into each repository\'s writers).',
    precondition: '`GET /orgs/{org}/teams/{slug}/members`.',
    abuse: 'Not walked.',
    fix: 'Remove the membership.',
    references: ['https://docs.github.com/en/rest/teams/members'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1078'] }),
];
