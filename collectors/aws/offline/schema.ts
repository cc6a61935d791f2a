import { z } from 'zod';

/**
 * Shapes of the AWS CLI / API JSON we read, validated once at the edge. Only the fields leakpath
 * uses are required; everything else passes through untouched.
 */
const stringOrList = z.union([z.string(), z.array(z.string())]);
const principal = z.union([z.literal('*'), z.record(z.string(), stringOrList)]);

export const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Condition: z
      .record(
        z.string(),
        z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.array(z.union([z.string(), z.boolean(), z.number()]))])),
      )
      .optional(),
  })
  .loose()
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), {
    message: 'a statement needs exactly one of Action or NotAction',
  });

export const policyDocumentSchema = z
  .object({
    Version: z.string().optional(),
    Id: z.string().optional(),
    Statement: z.union([statementSchema, z.array(statementSchema)]),
  })
  .loose();

/**
 * The raw API (and some tools) return documents URL-encoded as strings; the CLI decodes them.
 * Accept both.
 */
export const policyDocumentField = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v.trimStart().startsWith('{') ? v : decodeURIComponent(v));
  } catch {
    return v;
  }
}, policyDocumentSchema);

const tag = z.object({ Key: z.string(), Value: z.string() });
const attached = z.object({ PolicyName: z.string().optional(), PolicyArn: z.string() });
const inline = z.object({ PolicyName: z.string(), PolicyDocument: policyDocumentField });
const boundary = z.object({ PermissionsBoundaryArn: z.string() }).loose();

export const gaadSchema = z
  .object({
    UserDetailList: z
      .array(
        z
          .object({
            Path: z.string().default('/'),
            UserName: z.string(),
            UserId: z.string().default(''),
            Arn: z.string().startsWith('arn:'),
            GroupList: z.array(z.string()).default([]),
            AttachedManagedPolicies: z.array(attached).default([]),
            UserPolicyList: z.array(inline).default([]),
            PermissionsBoundary: boundary.optional(),
            Tags: z.array(tag).default([]),
          })
          .loose(),
      )
      .default([]),
    GroupDetailList: z
      .array(
        z
          .object({
            Path: z.string().default('/'),
            GroupName: z.string(),
            GroupId: z.string().default(''),
            Arn: z.string().startsWith('arn:'),
            GroupPolicyList: z.array(inline).default([]),
            AttachedManagedPolicies: z.array(attached).default([]),
          })
          .loose(),
      )
      .default([]),
    RoleDetailList: z
      .array(
        z
          .object({
            Path: z.string().default('/'),
            RoleName: z.string(),
            RoleId: z.string().default(''),
            Arn: z.string().startsWith('arn:'),
            AssumeRolePolicyDocument: policyDocumentField,
            InstanceProfileList: z.array(z.object({ Arn: z.string() }).loose()).default([]),
            RolePolicyList: z.array(inline).default([]),
            AttachedManagedPolicies: z.array(attached).default([]),
            PermissionsBoundary: boundary.optional(),
            Tags: z.array(tag).default([]),
            RoleLastUsed: z.object({ LastUsedDate: z.string().optional() }).loose().optional(),
          })
          .loose(),
      )
      .default([]),
    Policies: z
      .array(
        z
          .object({
            // Real IAM always sends it; moto's emulator omits it. The ARN names the policy too.
            PolicyName: z.string().optional(),
            Arn: z.string().startsWith('arn:'),
            DefaultVersionId: z.string(),
            PolicyVersionList: z.array(
              z
                .object({
                  VersionId: z.string(),
                  IsDefaultVersion: z.boolean(),
                  Document: policyDocumentField,
                  CreateDate: z.string().optional(),
                })
                .loose(),
            ),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

export type GaadOutput = z.infer<typeof gaadSchema>;

const accessKeyMetadata = z
  .object({
    UserName: z.string(),
    AccessKeyId: z.string().regex(/^A[A-Z0-9]{15,127}$/, 'an access key id such as AKIA…'),
    Status: z.enum(['Active', 'Inactive', 'Expired']),
    CreateDate: z.string().optional(),
  })
  .loose();

export const listAccessKeysSchema = z.object({ AccessKeyMetadata: z.array(accessKeyMetadata) }).loose();
export const createAccessKeySchema = z.object({ AccessKey: accessKeyMetadata }).loose();

export const envelopeSchema = z
  .object({
    leakpath: z.literal('aws-cli/1'),
    command: z.string().regex(/^[a-z0-9-]+ [a-z0-9-]+$/, '"<service> <command>", e.g. "iam list-access-keys"'),
    parameters: z.record(z.string(), z.unknown()).default({}),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit account id').optional(),
    region: z.string().optional(),
    output: z.unknown().optional(),
    /** The request failed: an answer for some commands (no policy), a coverage gap for the rest. */
    error: z.object({ code: z.string(), message: z.string().optional() }).loose().optional(),
  })
  .loose()
  .refine((e) => e.output !== undefined || e.error !== undefined, { message: 'an envelope needs "output" (or "error" when the request failed)' });

export type Envelope = z.infer<typeof envelopeSchema>;
