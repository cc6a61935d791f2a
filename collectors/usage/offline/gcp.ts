import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { CredentialUsage, IdentityUsage, ServiceUsage, UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, later, type UsagePart } from './part.js';

/**
 * GCP usage: Policy Intelligence activity (`gcloud policy-intelligence query-activity
 * --activity-type=serviceAccountLastAuthentication|serviceAccountKeyLastAuthentication
 * --format=json`, or the REST `activities:query` page) and IAM Recommender insights
 * (`gcloud recommender insights list --insight-type=google.iam.policy.Insight --format=json`).
 */

const time = z.string().refine((s) => isoTime(s) !== undefined, 'an ISO 8601 time');

const activitySchema = z
  .object({
    activityType: z.enum(['serviceAccountLastAuthentication', 'serviceAccountKeyLastAuthentication']),
    fullResourceName: z.string().min(1),
    observationPeriod: z.object({ startTime: time.optional(), endTime: time.optional() }).loose().optional(),
    activity: z.object({ lastAuthenticatedTime: time.nullish() }).loose(),
  })
  .loose();

const insightSchema = z
  .object({
    name: z.string().optional(),
    insightSubtype: z.string().optional(),
    lastRefreshTime: time,
    targetResources: z.array(z.string().min(1)).optional(),
    observationPeriod: z.string().regex(/^\d+(\.\d+)?s$/, 'a duration in seconds, e.g. "7776000s"').optional(),
    content: z
      .object({
        member: z.string().min(1),
        role: z.string().optional(),
        condition: z.object({ expression: z.string().optional() }).loose().nullish(),
        exercisedPermissions: z.array(z.object({ permission: z.string().min(1) }).loose()).default([]),
        inferredPermissions: z.array(z.object({ permission: z.string().min(1) }).loose()).default([]),
      })
      .loose(),
  })
  .loose();

const listOf = (json: unknown): unknown[] => (Array.isArray(json) ? json : ((json as { activities?: unknown[] }).activities ?? []));
const firstOf = (json: unknown) => listOf(json)[0] as Record<string, unknown> | undefined;

export const looksLikeGcpActivity = (json: unknown) =>
  typeof json === 'object' && json !== null && (Array.isArray(json) || Array.isArray((json as { activities?: unknown }).activities)) && typeof firstOf(json)?.activityType === 'string' && (firstOf(json)!.activityType as string).startsWith('serviceAccount');

/** gcloud's list, or the REST `insights.list` page (`{insights: [...], nextPageToken}`). */
const insightsOf = (json: unknown): unknown[] | undefined => (Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { insights?: unknown }).insights) ? (json as { insights: unknown[] }).insights : undefined);

export const looksLikeGcpInsights = (json: unknown) => {
  const list = insightsOf(json);
  if (!list || list.length === 0) return false;
  const x = list[0] as Record<string, unknown>;
  return typeof x === 'object' && x !== null && (x.insightSubtype === 'PERMISSIONS_USAGE' || (typeof x.name === 'string' && x.name.includes('google.iam.policy.Insight')));
};

/** `//iam.googleapis.com/projects/P/serviceAccounts/EMAIL[/keys/KEY]` → project, email and key id. */
function accountOf(name: string): { email: string; key?: string; project?: string } | undefined {
  const m = /(?:\/projects\/([^/]+))?\/serviceAccounts\/([^/]+@[^/]+)(?:\/keys\/([0-9a-fA-F]+))?$/.exec(name);
  return m ? { email: m[2]!.toLowerCase(), ...(m[3] ? { key: m[3].toLowerCase() } : {}), ...(m[1] && m[1] !== '-' ? { project: m[1] } : {}) } : undefined;
}

export function parseGcpActivity(json: unknown, file: string): UsagePart {
  const items = listOf(json);
  const identities: IdentityUsage[] = [];
  const credentials: CredentialUsage[] = [];
  let from: string | undefined;
  let to: string | undefined;
  const keyProjects = new Set<string>();
  items.forEach((raw, i) => {
    const a = parseOrThrow(activitySchema, raw, file, 'a Policy Intelligence activity');
    const who = accountOf(a.fullResourceName);
    if (!who) throw new InputError(file, `[${i}].fullResourceName`, 'expected //iam.googleapis.com/projects/<project>/serviceAccounts/<email>[/keys/<key id>]');
    from = a.observationPeriod?.startTime ? [from, isoTime(a.observationPeriod.startTime)!].filter(Boolean).sort()[0] : from;
    to = later(to, isoTime(a.observationPeriod?.endTime));
    const lastUsed = isoTime(a.activity.lastAuthenticatedTime);
    const ref = { kind: 'gcp-activity' as const, file };
    if (a.activityType === 'serviceAccountKeyLastAuthentication') {
      if (!who.key) throw new InputError(file, `[${i}].fullResourceName`, 'expected a key resource name (…/keys/<key id>) for serviceAccountKeyLastAuthentication');
      if (who.project) keyProjects.add(who.project);
      credentials.push({ nodeId: `gcp:sa-key:${who.key}`, subject: { provider: 'gcp', email: who.email }, ...(lastUsed ? { lastUsed } : {}), source: ref });
    } else {
      identities.push({ subject: { provider: 'gcp', email: who.email }, ...(lastUsed ? { lastUsed } : {}), services: [], source: ref });
    }
  });
  const source: UsageSourceRef = { kind: 'gcp-activity', file, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(keyProjects.size ? { keyProjects: [...keyProjects].sort() } : {}) };
  for (const x of [...identities, ...credentials]) x.source = source;
  return { identities, credentials, sources: [source], warnings: [] };
}

/** Permission-usage insights: which permissions of a role binding a member exercised in the observation period. */
export function parseGcpInsights(json: unknown, file: string): UsagePart {
  const identities: IdentityUsage[] = [];
  const sources: UsageSourceRef[] = [];
  parseOrThrow(z.array(insightSchema), insightsOf(json), file, 'a google.iam.policy.Insight').forEach((x, i) => {
    const member = x.content.member;
    if (!member.startsWith('serviceAccount:')) return;
    const to = isoTime(x.lastRefreshTime)!;
    const seconds = x.observationPeriod ? Number.parseFloat(x.observationPeriod) : undefined;
    const from = seconds !== undefined ? new Date(Date.parse(to) - seconds * 1000).toISOString() : undefined;
    const source: UsageSourceRef = { kind: 'gcp-insight', file, to, ...(from ? { from } : {}) };
    sources.push(source);
    const byService = new Map<string, string[]>();
    for (const p of x.content.exercisedPermissions) {
      const service = p.permission.split('.')[0]!;
      byService.set(service, [...(byService.get(service) ?? []), p.permission]);
    }
    // An exercised permission was used within the observation period: its end is the upper bound we know.
    const services: ServiceUsage[] = [...byService].map(([service, perms]) => ({ service, lastUsed: to, actionsKnown: true, actions: perms.map((action) => ({ action, lastUsed: to, resources: [] })) }));
    if (!/^serviceAccount:[^@]+@/.test(member)) throw new InputError(file, `[${i}].content.member`, 'expected serviceAccount:<email>');
    const condition = x.content.condition?.expression || undefined;
    const insight = { ...(x.name ? { name: x.name } : {}), resources: x.targetResources ?? [], member, ...(condition ? { condition } : {}), exercised: x.content.exercisedPermissions.map((p) => p.permission), inferred: x.content.inferredPermissions.map((p) => p.permission) };
    identities.push({ subject: { provider: 'gcp', email: member.slice('serviceAccount:'.length).toLowerCase() }, ...(services.length ? { lastUsed: to } : {}), services, ...(x.content.role ? { role: x.content.role } : {}), insight, source });
  });
  return { identities, credentials: [], sources, warnings: [] };
}
