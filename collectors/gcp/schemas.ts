import { z } from 'zod';

/** IAM policy binding as every GCP source writes it (CAI, getIamPolicy, search results). */
export const bindingSchema = z.object({
  role: z.string(),
  members: z.array(z.string()).default([]),
  condition: z
    .object({ title: z.string().optional(), description: z.string().optional(), expression: z.string() })
    .optional()
    .nullable(),
});

export const policySchema = z.object({ bindings: z.array(bindingSchema).default([]) }).loose();

/**
 * One Cloud Asset Inventory asset. `gcloud asset export` to Cloud Storage writes snake_case
 * (`asset_type`, `iam_policy`), the API and `gcloud asset list --format=json` camelCase.
 */
export const assetSchema = z
  .object({
    name: z.string().startsWith('//'),
    asset_type: z.string().optional(),
    assetType: z.string().optional(),
    resource: z.object({ data: z.record(z.string(), z.unknown()).optional().nullable(), parent: z.string().optional(), location: z.string().optional() }).loose().optional().nullable(),
    iam_policy: policySchema.optional().nullable(),
    iamPolicy: policySchema.optional().nullable(),
    ancestors: z.array(z.string()).optional(),
  })
  .loose()
  .refine((a) => a.asset_type !== undefined || a.assetType !== undefined, { message: 'asset_type (or assetType) is required' });
export type Asset = z.infer<typeof assetSchema>;

/** `gcloud asset search-all-iam-policies --format=json`: one IamPolicySearchResult per element. */
export const searchResultSchema = z
  .object({
    resource: z.string().startsWith('//'),
    assetType: z.string().optional(),
    project: z.string().optional(),
    folders: z.array(z.string()).optional(),
    organization: z.string().optional(),
    policy: policySchema,
  })
  .loose();

/** `gcloud iam service-accounts keys list --format=json`. */
export const keySchema = z
  .object({
    name: z.string().regex(/serviceAccounts\/[^/]+\/keys\/[^/]+$/, 'a key name projects/P/serviceAccounts/EMAIL/keys/KEY_ID'),
    keyType: z.string().optional(),
    keyOrigin: z.string().optional(),
    validAfterTime: z.string().optional(),
    validBeforeTime: z.string().optional(),
    disabled: z.boolean().optional(),
  })
  .loose();

/** `gcloud iam roles describe/list --format=json` and the CAI `iam.googleapis.com/Role` data. */
export const roleSchema = z
  .object({
    name: z.string(),
    title: z.string().optional(),
    includedPermissions: z.array(z.string()).optional(),
    stage: z.string().optional(),
    deleted: z.boolean().optional(),
  })
  .loose();

/** `gcloud iam workload-identity-pools list/describe --format=json`. */
export const poolSchema = z
  .object({
    name: z.string().regex(/workloadIdentityPools\/[^/]+$/),
    displayName: z.string().optional(),
    disabled: z.boolean().optional(),
    state: z.string().optional(),
  })
  .loose();

/** `gcloud iam workload-identity-pools providers list/describe --format=json`. */
export const providerSchema = z
  .object({
    name: z.string().regex(/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/),
    displayName: z.string().optional(),
    disabled: z.boolean().optional(),
    state: z.string().optional(),
    attributeMapping: z.record(z.string(), z.string()).optional(),
    attributeCondition: z.string().optional(),
    oidc: z.object({ issuerUri: z.string(), allowedAudiences: z.array(z.string()).optional() }).loose().optional(),
    aws: z.object({ accountId: z.string() }).loose().optional(),
    saml: z.object({}).loose().optional(),
  })
  .loose();

/** `gcloud iam service-accounts list/describe --format=json`. */
export const serviceAccountSchema = z
  .object({
    email: z.string(),
    uniqueId: z.string().optional(),
    projectId: z.string().optional(),
    displayName: z.string().optional(),
    disabled: z.boolean().optional(),
    oauth2ClientId: z.string().optional(),
    name: z.string().optional(),
  })
  .loose();

const expr = z.object({ title: z.string().optional(), description: z.string().optional(), expression: z.string() }).loose();

/** IAM v2 deny policy: `gcloud iam policies get/list --kind=denypolicies --format=json`, the API's Policy object. */
export const denyPolicySchema = z
  .object({
    name: z.string().regex(/^policies\/[^/]+\/denypolicies\/[^/]+$/, 'a deny policy name policies/<url-encoded attachment point>/denypolicies/<id>'),
    displayName: z.string().optional(),
    kind: z.string().optional(),
    rules: z
      .array(
        z
          .object({
            description: z.string().optional(),
            denyRule: z
              .object({
                deniedPrincipals: z.array(z.string()).default([]),
                exceptionPrincipals: z.array(z.string()).default([]),
                deniedPermissions: z.array(z.string()).default([]),
                exceptionPermissions: z.array(z.string()).default([]),
                denialCondition: expr.optional().nullable(),
              })
              .loose()
              .optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();
