/**
 * Node ids of the Kubernetes graph (docs/architecture.md "Shared node ids"). Cluster names are
 * unique within one estate; everything in a cluster sits behind `k8s:<cluster>:`.
 */
export const saId = (cluster: string, ns: string, name: string) => `k8s:${cluster}:sa:${ns}/${name}`;
export const userId = (cluster: string, name: string) => `k8s:${cluster}:user:${name}`;
export const groupId = (cluster: string, name: string) => `k8s:${cluster}:group:${name}`;
export const secretId = (cluster: string, ns: string, name: string) => `k8s:${cluster}:secret:${ns}/${name}`;
export const nodeId = (cluster: string, name: string) => `k8s:${cluster}:node:${name}`;
/** Hub standing for "administrator of the cluster" (tier zero): everything in the cluster follows from it. */
export const clusterAdminId = (cluster: string) => `k8s:${cluster}:cluster-admin`;
/** Hub standing for "administrator of one namespace": every service account and secret in it. */
export const namespaceAdminId = (cluster: string, ns: string) => `k8s:${cluster}:namespace-admin:${ns}`;
/** A service-account token found in a secret (`<key>` is the data key holding it). */
export const storedTokenId = (cluster: string, ns: string, secret: string, key: string) => `k8s:${cluster}:token:${ns}/${secret}#${key}`;
/** The subject Kubernetes puts in a service account's tokens. */
export const saSubject = (ns: string, name: string) => `system:serviceaccount:${ns}:${name}`;
/** Shared with every OIDC consumer (Azure federated credentials, the AWS and GCP matchers). */
export const oidcSubjectId = (issuer: string, subject: string) => `oidc:${issuer}|${subject}`;
