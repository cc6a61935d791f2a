/** Node ids of GCP things (docs/architecture.md, "Shared node ids"). */

export const saId = (email: string) => `gcp:sa:${email.toLowerCase()}`;
/** Shared id: a leaked key file's `private_key_id`. */
export const keyId = (privateKeyId: string) => `gcp:sa-key:${privateKeyId.toLowerCase()}`;
/** `user:a@x.com` → `gcp:user:a@x.com`; principal:// and principalSet:// keep their URI. */
export const memberId = (member: string) => (member.startsWith('serviceAccount:') && !member.includes('.svc.id.goog[') ? saId(member.slice('serviceAccount:'.length)) : `gcp:${member}`);
/** The administrator of a container: whoever can set its IAM policy. */
export const adminId = (container: string) => `gcp:admin:${container}`;
export const CRM = '//cloudresourcemanager.googleapis.com/';
export const containerId = (container: string) => `${CRM}${container}`;
