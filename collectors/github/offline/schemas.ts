import { z } from 'zod';

/**
 * The fields leakpath reads of each GitHub REST response (docs.github.com/rest), validated at the
 * edge. Objects are loose: GitHub adds fields freely and leakpath ignores the rest.
 */
const user = z.object({ login: z.string(), id: z.number().optional() });

export const orgSchema = z.object({ login: z.string(), id: z.number().optional() });

export const repoSchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: user,
  private: z.boolean(),
  visibility: z.enum(['public', 'private', 'internal']).optional(),
  archived: z.boolean().optional(),
  fork: z.boolean().optional(),
  default_branch: z.string().optional(),
  created_at: z.string().optional(),
});

const perms = z.object({ admin: z.boolean().optional(), maintain: z.boolean().optional(), push: z.boolean().optional(), triage: z.boolean().optional(), pull: z.boolean().optional() });
export const collaboratorSchema = z.object({ login: z.string(), permissions: perms.optional(), role_name: z.string().optional() });

export const teamSchema = z.object({ slug: z.string(), name: z.string() });
export const teamRepoSchema = repoSchema.extend({ permissions: perms.optional(), role_name: z.string().optional() });

export const protectionSchema = z.object({
  required_pull_request_reviews: z.object({ required_approving_review_count: z.number().optional() }).nullable().optional(),
  enforce_admins: z.object({ enabled: z.boolean() }).nullable().optional(),
  restrictions: z
    .object({ users: z.array(user).default([]), teams: z.array(z.object({ slug: z.string() })).default([]), apps: z.array(z.object({ slug: z.string() })).default([]) })
    .nullable()
    .optional(),
});

export const ruleSchema = z.object({ type: z.string(), parameters: z.record(z.string(), z.unknown()).optional() });

const reviewer = z.object({ type: z.enum(['User', 'Team']), reviewer: z.object({ login: z.string().optional(), slug: z.string().optional(), name: z.string().optional() }) });
export const environmentsSchema = z.object({
  environments: z.array(
    z.object({
      name: z.string(),
      protection_rules: z
        .array(z.object({ type: z.string(), reviewers: z.array(reviewer).optional(), prevent_self_review: z.boolean().optional() }))
        .default([]),
      deployment_branch_policy: z.object({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() }).nullable().optional(),
    }),
  ),
});
export const branchPoliciesSchema = z.object({ branch_policies: z.array(z.object({ name: z.string(), type: z.enum(['branch', 'tag']).optional() })) });

export const secretsSchema = z.object({ secrets: z.array(z.object({ name: z.string(), visibility: z.enum(['all', 'private', 'selected']).optional() })) });
export const secretReposSchema = z.object({ repositories: z.array(z.object({ full_name: z.string() })) });

export const orgOidcSchema = z.object({ include_claim_keys: z.array(z.string()) });
export const repoOidcSchema = z.object({ use_default: z.boolean(), include_claim_keys: z.array(z.string()).optional(), use_immutable_subject: z.boolean().optional() });

export const workflowsSchema = z.object({ workflows: z.array(z.object({ id: z.number(), name: z.string().optional(), path: z.string(), state: z.string().optional() })) });
export const contentSchema = z.object({ type: z.literal('file'), path: z.string(), encoding: z.literal('base64'), content: z.string() });

export const deployKeySchema = z.object({ id: z.number(), title: z.string(), read_only: z.boolean(), created_at: z.string().optional(), last_used: z.string().nullable().optional() });

export const installationsSchema = z.object({
  installations: z.array(z.object({ id: z.number(), app_slug: z.string(), permissions: z.record(z.string(), z.string()), repository_selection: z.enum(['all', 'selected']) })),
});

export const patSchema = z.object({
  id: z.number(),
  owner: user,
  repository_selection: z.enum(['all', 'subset', 'none']),
  permissions: z.object({ repository: z.record(z.string(), z.string()).optional(), organization: z.record(z.string(), z.string()).optional() }),
  token_expired: z.boolean().optional(),
  token_expires_at: z.string().nullable().optional(),
  token_last_used_at: z.string().nullable().optional(),
  token_id: z.number().optional(),
  token_name: z.string().optional(),
});

export const credentialAuthorizationSchema = z.object({
  login: z.string(),
  credential_id: z.number(),
  credential_type: z.string(),
  // What GitHub shows of the token; anything longer would be more of the secret than a hint.
  token_last_eight: z.string().max(8, 'at most the last eight characters of the token').nullable().optional(),
  scopes: z.array(z.string()).optional(),
  fingerprint: z.string().nullable().optional(),
  authorized_credential_expires_at: z.string().nullable().optional(),
});

export const runnerGroupsSchema = z.object({
  runner_groups: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      visibility: z.enum(['all', 'selected', 'private']),
      default: z.boolean().optional(),
      allows_public_repositories: z.boolean().optional(),
      restricted_to_workflows: z.boolean().optional(),
      selected_workflows: z.array(z.string()).optional(),
    }),
  ),
});
export const runnersSchema = z.object({
  runners: z.array(z.object({ id: z.number(), name: z.string(), os: z.string().optional(), ephemeral: z.boolean().optional(), labels: z.array(z.object({ name: z.string() })) })),
});
