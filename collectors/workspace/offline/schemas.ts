import { z } from 'zod';

/** Admin SDK Directory `users.list` response (one page or pages joined). */
export const usersListSchema = z
  .object({
    kind: z.literal('admin#directory#users'),
    users: z
      .array(
        z
          .object({
            id: z.string().optional(),
            primaryEmail: z.string(),
            isAdmin: z.boolean().optional(),
            isDelegatedAdmin: z.boolean().optional(),
            suspended: z.boolean().optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** Admin SDK Directory `tokens.list` response for one user. */
export const tokenListSchema = z
  .object({
    kind: z.literal('admin#directory#tokenList'),
    items: z
      .array(
        z
          .object({
            clientId: z.string(),
            userKey: z.string(),
            displayText: z.string().optional(),
            scopes: z.array(z.string()).default([]),
            nativeApp: z.boolean().optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

const parameter = z.object({ name: z.string(), value: z.string().optional(), multiValue: z.array(z.string()).optional() }).loose();

/** Admin SDK Reports `activities.list(applicationName=admin)` response. */
export const activitiesSchema = z
  .object({
    kind: z.literal('admin#reports#activities'),
    items: z
      .array(
        z
          .object({
            id: z.object({ time: z.string(), applicationName: z.string().optional() }).loose(),
            events: z.array(z.object({ name: z.string(), type: z.string().optional(), parameters: z.array(parameter).default([]) }).loose()).default([]),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

export const DWD_FORMAT = 'workspace-dwd/1';

/**
 * Domain-wide delegation as the Admin console lists it (Security → API controls → Domain-wide
 * delegation), for estates without the Reports events: one leakpath envelope.
 */
export const dwdSchema = z.object({
  leakpath: z.literal(DWD_FORMAT),
  grants: z.array(z.object({ clientId: z.string().regex(/^\d+$/, 'the numeric OAuth client id'), scopes: z.array(z.string()), name: z.string().optional() })),
});

/** Admin SDK Directory `roles.list` response (pages joined). */
export const rolesListSchema = z
  .object({
    kind: z.literal('admin#directory#roles'),
    items: z
      .array(
        z
          .object({
            roleId: z.string(),
            roleName: z.string(),
            isSuperAdminRole: z.boolean().optional(),
            rolePrivileges: z.array(z.object({ privilegeName: z.string(), serviceId: z.string().optional() }).loose()).default([]),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** Admin SDK Directory `roleAssignments.list` response (pages joined). */
export const roleAssignmentsListSchema = z
  .object({
    kind: z.literal('admin#directory#roleAssignments'),
    items: z
      .array(
        z
          .object({
            roleId: z.string(),
            assignedTo: z.string(),
            assigneeType: z.string().optional(),
            scopeType: z.string().optional(),
            orgUnitId: z.string().optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();
