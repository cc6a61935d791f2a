// src/analysis/federation/types.ts
export interface WorkloadToken {
  /** Node id of the token's subject: `oidc:<issuer>|<subject>` (DESIGN.md shared id). */
  id: string;
  issuer: string;                 // exact `iss`, e.g. https://token.actions.githubusercontent.com
  subject: string;                // `sub`, e.g. repo:acme/infra:ref:refs/heads/main, system:serviceaccount:ns:sa
  /** Audiences the minting workload can ask for; 'any' when it chooses freely (GitHub Actions, TokenRequest). */
  audiences: string[] | 'any';
  /** Other claims of the token, by JWT claim name (repository, ref, environment, job_workflow_ref, ...). */
  claims: Record<string, string>;
  /** For Kubernetes service accounts of a GKE cluster with Workload Identity: `<PROJECT_ID>.svc.id.goog`. */
  workloadPool?: string;
  /** Node id of the workload that can mint the token (a GitHub workflow identity, a k8s service account). */
  mintedBy: string;
}
