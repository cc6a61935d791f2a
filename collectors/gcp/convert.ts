import type { z } from 'zod';
import type {
  GcpBinding,
  GcpCustomRole,
  GcpServiceAccount,
  GcpServiceAccountKey,
  GcpWorkloadIdentityPool,
  GcpWorkloadIdentityProvider,
} from '../../src/model/inventory/gcp.js';
import { ANALYSED_PERMISSIONS } from '../../src/analysis/gcp/permissions.js';
import { keyRef } from './names.js';
import type { GcpPart } from './part.js';
import type * as S from './schemas.js';

/**
 * Validated gcloud / API objects → inventory records. Shared by the Cloud Asset parser (whose
 * `resource.data` is the same REST object) and the gcloud parsers, so both normalise alike.
 */

export function bindings(policy: z.infer<typeof S.policySchema>): GcpBinding[] {
  return policy.bindings.map((b) => ({ role: b.role, members: b.members, ...(b.condition ? { condition: { ...b.condition } } : {}) }));
}

export function serviceAccount(x: z.infer<typeof S.serviceAccountSchema>): GcpServiceAccount {
  return {
    email: x.email.toLowerCase(),
    ...(x.uniqueId ? { uniqueId: x.uniqueId } : {}),
    ...(x.projectId ? { projectId: x.projectId } : {}),
    ...(x.displayName ? { displayName: x.displayName } : {}),
    disabled: x.disabled === true,
    ...(x.oauth2ClientId ? { oauth2ClientId: x.oauth2ClientId } : {}),
  };
}

/** A key; the name may give the SA by email or (CAI asset names) by unique id, resolved in merge. */
export function key(x: z.infer<typeof S.keySchema>): GcpServiceAccountKey {
  const ref = keyRef(x.name)!;
  return {
    keyId: ref.keyId,
    serviceAccountEmail: ref.sa.toLowerCase(),
    ...(x.keyType ? { keyType: x.keyType } : {}),
    ...(x.keyOrigin ? { keyOrigin: x.keyOrigin } : {}),
    ...(x.validAfterTime ? { validAfterTime: x.validAfterTime } : {}),
    ...(x.validBeforeTime ? { validBeforeTime: x.validBeforeTime } : {}),
    disabled: x.disabled === true,
  };
}

const ANALYSED = new Set(ANALYSED_PERMISSIONS);

export function customRole(x: z.infer<typeof S.roleSchema>, part: GcpPart, file: string): GcpCustomRole | undefined {
  if (x.name.startsWith('roles/')) {
    // A predefined role with its permissions (the live `roles.list` with view FULL, `gcloud iam
    // roles describe`) refreshes the shipped data; without them it adds nothing. Only the
    // permissions the analysis reads are kept, as in the shipped data.
    if (x.includedPermissions) part.inventory.predefinedRoles!.push({ name: x.name, ...(x.title ? { title: x.title } : {}), includedPermissions: x.includedPermissions.filter((p) => ANALYSED.has(p)), ...(x.stage ? { stage: x.stage } : {}), deleted: x.deleted === true });
    return undefined;
  }
  if (!x.includedPermissions) part.warnings.push(`${file}: custom role ${x.name} lists no includedPermissions (use \`gcloud iam roles describe\`); it is treated as granting nothing`);
  return {
    name: x.name,
    ...(x.title ? { title: x.title } : {}),
    includedPermissions: x.includedPermissions ?? [],
    ...(x.stage ? { stage: x.stage } : {}),
    deleted: x.deleted === true,
  };
}

export function pool(x: z.infer<typeof S.poolSchema>): GcpWorkloadIdentityPool {
  return { name: x.name, ...(x.displayName ? { displayName: x.displayName } : {}), disabled: x.disabled === true, ...(x.state ? { state: x.state } : {}) };
}

export function provider(x: z.infer<typeof S.providerSchema>): GcpWorkloadIdentityProvider {
  return {
    name: x.name,
    ...(x.displayName ? { displayName: x.displayName } : {}),
    disabled: x.disabled === true,
    ...(x.state ? { state: x.state } : {}),
    attributeMapping: x.attributeMapping ?? {},
    ...(x.attributeCondition ? { attributeCondition: x.attributeCondition } : {}),
    ...(x.oidc ? { oidc: { issuerUri: x.oidc.issuerUri, allowedAudiences: x.oidc.allowedAudiences ?? [] } } : {}),
    ...(x.aws ? { aws: { accountId: x.aws.accountId } } : {}),
    ...(x.saml ? { saml: true } : {}),
  };
}
