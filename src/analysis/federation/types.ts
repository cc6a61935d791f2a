/**
 * A workload identity token a source can mint (a GitHub Actions job's OIDC token, a Kubernetes
 * service account's token): the one currency of trust between systems. Token sources describe
 * the tokens; the matchers of each cloud say which identities accept them.
 */
export interface WorkloadToken {
  /** Node id of the token's subject: `oidc:<issuer>|<subject>` (see docs/architecture.md). */
  id: string;
  /** The exact `iss` claim, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /** The `sub` claim, e.g. `repo:acme/infra:ref:refs/heads/main`, `system:serviceaccount:ns:sa`. */
  subject: string;
  /** Audiences the minting workload can ask for; `any` when it chooses freely (GitHub Actions, TokenRequest). */
  audiences: readonly string[] | 'any';
  /** Other claims, by JWT claim name (repository, ref, environment, job_workflow_ref…). */
  claims: Readonly<Record<string, string>>;
  /** For service accounts of a GKE cluster with Workload Identity: `<PROJECT_ID>.svc.id.goog`. */
  workloadPool?: string;
  /** Node id of the workload that can mint the token. */
  mintedBy: string;
}

export const tokenNodeId = (issuer: string, subject: string): string => `oidc:${issuer}|${subject}`;
