/**
 * Node ids of the Azure graph. Object ids are GUIDs and unique across tenants, so they are used as
 * they are (lower-case) behind a type prefix; ARM ids are their own namespace.
 */
export const userId = (objectId: string) => `azure:user:${objectId}`;
export const groupId = (objectId: string) => `azure:group:${objectId}`;
export const spId = (objectId: string) => `azure:sp:${objectId}`;
export const appId = (clientId: string) => `azure:app:${clientId}`;
export const roleId = (templateId: string, tenantId: string) => `azure:role:${templateId}@${tenantId}`;
export const appSecretId = (clientId: string, keyId: string) => `azure:secret:${clientId}:${keyId}`;
export const appCertificateId = (clientId: string, keyId: string) => `azure:certificate:${clientId}:${keyId}`;
export const spSecretId = (spObjectId: string, keyId: string) => `azure:sp-secret:${spObjectId}:${keyId}`;
export const spCertificateId = (spObjectId: string, keyId: string) => `azure:sp-certificate:${spObjectId}:${keyId}`;
/** ARM ids (subscriptions, resource groups, management groups, resources) are lower-cased ARM ids. */
export const armId = (id: string) => id.toLowerCase();
/** A granted Graph application permission in one tenant, for the permissions that reach every app or group. */
export const graphPermissionId = (name: string, tenantId: string) => `azure:graph-permission:${name}@${tenantId}`;
export const vaultSecretsId = (vaultId: string) => `${vaultId}#secrets`;
export const vaultKeysId = (vaultId: string) => `${vaultId}#keys`;
export const vaultSecretId = (vaultId: string, name: string) => `${vaultId}/secrets/${name.toLowerCase()}`;
/**
 * A workload identity federation subject. Issuer and subject are kept exactly (Entra compares
 * them case-sensitively), so two spellings are two nodes. Other collectors that produce the same
 * workload (a GitHub workflow, a Kubernetes service account) use this id to join the graph.
 */
export const federatedSubjectId = (issuer: string, subject: string) => `oidc:${issuer}|${subject}`;
/** Credentials of other providers, as their builders name them. */
export const awsAccessKeyId = (accessKeyId: string) => `aws:access-key:${accessKeyId}`;
export const gcpKeyId = (privateKeyId: string) => `gcp:sa-key:${privateKeyId}`;
