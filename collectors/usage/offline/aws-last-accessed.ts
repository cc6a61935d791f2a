import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { ServiceUsage, UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, type UsagePart } from './part.js';

/**
 * `aws iam get-service-last-accessed-details` (after `generate-service-last-accessed-details
 * --arn … [--granularity ACTION_LEVEL]`). The output does not name the entity the job was for, so
 * it comes in the leakpath aws-cli/1 envelope with `parameters.Arn` (the generate call's --arn), or
 * bare when a service's LastAuthenticatedEntity names it.
 */

const time = z.string().refine((s) => isoTime(s) !== undefined, 'an ISO 8601 time');
const optionalTime = time.nullish();

export const lastAccessedSchema = z
  .object({
    JobStatus: z.string(),
    JobType: z.enum(['SERVICE_LEVEL', 'ACTION_LEVEL']).default('SERVICE_LEVEL'),
    JobCreationDate: time.optional(),
    JobCompletionDate: time.optional(),
    IsTruncated: z.boolean().optional(),
    ServicesLastAccessed: z.array(
      z
        .object({
          ServiceName: z.string().optional(),
          ServiceNamespace: z.string().min(1),
          LastAuthenticated: optionalTime,
          LastAuthenticatedEntity: z.string().nullish(),
          LastAuthenticatedRegion: z.string().nullish(),
          TotalAuthenticatedEntities: z.number().optional(),
          TrackedActionsLastAccessed: z
            .array(
              z
                .object({
                  ActionName: z.string().min(1),
                  LastAccessedEntity: z.string().nullish(),
                  LastAccessedTime: optionalTime,
                  LastAccessedRegion: z.string().nullish(),
                })
                .loose(),
            )
            .optional(),
        })
        .loose(),
    ),
  })
  .loose();

export const looksLikeLastAccessed = (json: unknown) =>
  typeof json === 'object' && json !== null && !Array.isArray(json) && Array.isArray((json as Record<string, unknown>).ServicesLastAccessed) && 'JobStatus' in json;

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\//;

/** The output for the IAM user or role `arn` → its per-service (and per-action) use. */
export function parseLastAccessed(json: unknown, file: string, arn?: string): UsagePart {
  const out = parseOrThrow(lastAccessedSchema, json, file, 'an `aws iam get-service-last-accessed-details` output');
  if (out.JobStatus !== 'COMPLETED') throw new InputError(file, 'JobStatus', `expected a COMPLETED job, got "${out.JobStatus}" (wait for the job, then export again)`);
  const entities = new Set(out.ServicesLastAccessed.flatMap((s) => [s.LastAuthenticatedEntity, ...(s.TrackedActionsLastAccessed ?? []).map((a) => a.LastAccessedEntity)]).filter((e): e is string => !!e));
  const subject = arn ?? (entities.size === 1 ? [...entities][0] : undefined);
  if (!subject) {
    throw new InputError(file, 'ServicesLastAccessed', 'expected the output in a leakpath aws-cli/1 envelope naming the entity in parameters.Arn (the output names no single user or role)');
  }
  if (!PRINCIPAL_ARN.test(subject)) throw new InputError(file, arn ? 'parameters.Arn' : 'LastAuthenticatedEntity', `expected the ARN of an IAM user or role, got "${subject}" (group and policy reports say nothing about one identity)`);
  const other = [...entities].find((e) => e !== subject);
  if (other) throw new InputError(file, 'ServicesLastAccessed', `expected a report for ${subject} alone, but it names ${other} (a report for a group or policy?)`);

  const source: UsageSourceRef = { kind: 'aws-service-last-accessed', file, ...(out.JobCompletionDate ? { to: isoTime(out.JobCompletionDate)! } : {}) };
  const services: ServiceUsage[] = out.ServicesLastAccessed.map((s) => {
    const lastUsed = isoTime(s.LastAuthenticated);
    const tracked = s.TrackedActionsLastAccessed;
    return {
      service: s.ServiceNamespace.toLowerCase(),
      ...(lastUsed ? { lastUsed } : {}),
      // Only the tracked actions are reported; others of the service stay unknown.
      actionsKnown: false,
      actions: (tracked ?? []).map((a) => {
        const at = isoTime(a.LastAccessedTime);
        return { action: `${s.ServiceNamespace.toLowerCase()}:${a.ActionName}`, ...(at ? { lastUsed: at } : {}), resources: [] };
      }),
    };
  });
  const lastUsed = services.map((s) => s.lastUsed).filter((t): t is string => !!t).sort().at(-1);
  return {
    identities: [{ subject: { provider: 'aws', arn: subject }, ...(lastUsed ? { lastUsed } : {}), services, source }],
    credentials: [],
    sources: [source],
    warnings: out.IsTruncated ? [`${file}: the last-accessed report is truncated (IsTruncated): services past the page are unknown, not unused`] : [],
  };
}
