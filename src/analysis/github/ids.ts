/** Node ids of the GitHub graph. Logins and repo names are case-insensitive on GitHub: lower-cased here. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const userId = (login: string) => `github:user:${login.toLowerCase()}`;
export const repoId = (fullName: string) => `github:repo:${fullName.toLowerCase()}`;
export const teamId = (org: string, slug: string) => `github:team:${org.toLowerCase()}/${slug.toLowerCase()}`;
export const installationId = (id: number) => `github:app-installation:${id}`;
export const credentialAuthorizationId = (id: number) => `github:credential-authorization:${id}`;
export const fineGrainedPatId = (id: number) => `github:fine-grained-pat:${id}`;
export const deployKeyId = (repo: string, id: number) => `github:deploy-key:${repo.toLowerCase()}:${id}`;
/** What a scoped credential (fine-grained PAT, deploy key) acts as: its own rights, not its owner's. */
export const sessionId = (credentialNodeId: string) => `${credentialNodeId}#session`;
/** One job of one workflow, run in one context (branch, pull request, environment). */
export const jobContextId = (repo: string, path: string, job: string, context: string) => `github:job:${repo.toLowerCase()}/${path}#${job}@${context}`;
/** Actions secret: scope `org:<org>`, a repo full name, or `<repo>:env:<name>`. */
export const actionsSecretId = (scope: string, name: string) => `github:actions-secret:${scope.toLowerCase()}/${name.toUpperCase()}`;
export const ANYONE = 'github:anyone';
/** An organisation's self-hosted runner (its host), by runner id. */
export const runnerId = (org: string, id: number) => `github:runner:${org.toLowerCase()}/${id}`;
export const tokenNodeId = (subject: string) => `oidc:${GITHUB_ISSUER}|${subject}`;
