import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { recordName } from '../../../src/ingest/ndjson.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { IdentityUsage, ServiceUsage, UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, later, type UsagePart } from './part.js';

/**
 * The Azure activity log's Administrative events, as users export them: `az monitor activity-log
 * list --output json` (the REST schema: an array of events) and the diagnostic-setting archive in a
 * storage account (`insights-activity-logs/…/PT1H.json`, one record per line since November 2018;
 * `{"records": […]}` before). Each successful operation of a service principal or managed identity
 * becomes use of its action at its scope. Of the token's claims only the caller's ids are kept
 * (object id, app id): never a name, address or token field.
 */

const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const claimsSchema = z.record(z.string(), z.unknown());
const localizable = z.union([z.string(), z.object({ value: z.string().nullish() }).loose()]).nullish();
const value = (v: z.infer<typeof localizable>) => (typeof v === 'string' ? v : (v?.value ?? undefined));

/** `az monitor activity-log list` / REST `eventData`. */
const restEvent = z
  .object({
    eventTimestamp: z.string(),
    category: localizable,
    operationName: localizable,
    status: localizable,
    authorization: z.object({ action: z.string().nullish(), scope: z.string().nullish() }).loose().nullish(),
    claims: claimsSchema.nullish(),
    resourceId: z.string().nullish(),
  })
  .loose();

/** Resource-log schema (diagnostic setting to storage or Event Hubs). */
const archivedRecord = z
  .object({
    time: z.string(),
    category: z.string().nullish(),
    operationName: z.string().nullish(),
    resultType: z.string().nullish(),
    resourceId: z.string().nullish(),
    identity: z
      .object({
        authorization: z.object({ action: z.string().nullish(), scope: z.string().nullish() }).loose().nullish(),
        claims: claimsSchema.nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isRest = (r: unknown) => isObj(r) && 'eventTimestamp' in r && ('authorization' in r || 'operationName' in r) && ('caller' in r || 'claims' in r || 'eventDataId' in r);
/** The archive's category is "Administrative" or, in older records, the operation's kind. Other resource logs (Key Vault AuditEvent…) share the schema. */
const ADMINISTRATIVE = new Set(['administrative', 'write', 'delete', 'action']);
const isArchived = (r: unknown) => isObj(r) && 'time' in r && 'operationName' in r && isObj(r.identity) && ADMINISTRATIVE.has(String(r.category ?? 'administrative').toLowerCase());

/** The records a document holds, when it is an activity-log export. */
function recordsOf(json: unknown): unknown[] | undefined {
  const list = Array.isArray(json) ? json : isObj(json) && Array.isArray(json.records) ? json.records : isObj(json) ? [json] : undefined;
  if (!list || list.length === 0) return undefined;
  return isRest(list[0]) || isArchived(list[0]) ? list : undefined;
}

export const looksLikeAzureActivityLog = (json: unknown) => recordsOf(json) !== undefined;

/** Statuses that mean the operation was done. Started / Accepted are followed by their outcome. */
const SUCCEEDED = new Set(['succeeded', 'success']);

interface Operation {
  time: string;
  action: string;
  scope: string;
  objectId?: string;
  appId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The caller, by ids, when it is an application (a service principal or managed identity). A
 * user's token carries the client app's id too (the Azure CLI's, the portal's): a user is skipped
 * rather than taken for that app.
 */
function callerOf(claims: Record<string, unknown> | null | undefined): { objectId?: string; appId?: string } | undefined {
  if (!claims) return undefined;
  const user = str(claims.idtyp)?.toLowerCase() === 'user' || str(claims['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn']) !== undefined || str(claims.upn) !== undefined || str(claims.puid) !== undefined;
  if (user) return undefined;
  const objectId = str(claims[OID]) ?? str(claims.oid);
  const appId = str(claims.appid) ?? str(claims.azp);
  const ok = (id: string | undefined) => (id && GUID.test(id) ? id.toLowerCase() : undefined);
  const out = { ...(ok(objectId) ? { objectId: ok(objectId)! } : {}), ...(ok(appId) ? { appId: ok(appId)! } : {}) };
  return out.objectId || out.appId ? out : undefined;
}

function operationOf(raw: unknown, file: string, where: string): Operation | undefined {
  if (isRest(raw)) {
    const e = parseOrThrow(restEvent, raw, `${file} (${where})`, 'an Azure activity log event (az monitor activity-log list)');
    const category = value(e.category);
    if (category && category.toLowerCase() !== 'administrative') return undefined;
    const time = isoTime(e.eventTimestamp);
    if (!time) throw new InputError(file, `${where}.eventTimestamp`, 'an ISO 8601 time');
    if (!SUCCEEDED.has((value(e.status) ?? '').toLowerCase())) return undefined;
    const action = str(e.authorization?.action) ?? value(e.operationName);
    const scope = str(e.authorization?.scope) ?? str(e.resourceId);
    const who = callerOf(e.claims);
    return action && scope && who ? { time, action, scope: scope.toLowerCase(), ...who } : undefined;
  }
  if (isArchived(raw)) {
    const r = parseOrThrow(archivedRecord, raw, `${file} (${where})`, 'an archived Azure activity log record (insights-activity-logs)');
    if (!ADMINISTRATIVE.has((str(r.category) ?? 'administrative').toLowerCase())) return undefined;
    const time = isoTime(r.time);
    if (!time) throw new InputError(file, `${where}.time`, 'an ISO 8601 time');
    if (!SUCCEEDED.has((r.resultType ?? '').toLowerCase())) return undefined;
    const action = str(r.identity?.authorization?.action) ?? str(r.operationName);
    const scope = str(r.identity?.authorization?.scope) ?? str(r.resourceId);
    const who = callerOf(r.identity?.claims);
    return action && scope && who ? { time, action, scope: scope.replace(/\s+/g, '').toLowerCase(), ...who } : undefined;
  }
  throw new InputError(file, where, 'expected an Azure activity log event (eventTimestamp, authorization, claims) or an archived Administrative record (time, operationName, category, identity)');
}

function isAdministrative(raw: unknown): raw is Record<string, unknown> {
  if (!isObj(raw)) return false;
  if (isRest(raw)) {
    const c = raw.category;
    const v = typeof c === 'string' ? c : isObj(c) ? str(c.value) : undefined;
    return v === undefined || v.toLowerCase() === 'administrative';
  }
  return isArchived(raw);
}

/** `Microsoft.Compute/virtualMachines/write` → `microsoft.compute`. */
const providerOf = (action: string) => action.split('/')[0]!.toLowerCase();
const subscriptionOf = (scope: string) => /^\/subscriptions\/[^/]+/.exec(scope)?.[0];

export function parseAzureActivityLog(json: unknown, file: string): UsagePart {
  const records = recordsOf(json) ?? [];
  const byCaller = new Map<string, { objectId?: string; appId?: string; ops: Map<string, Operation> }>();
  let from: string | undefined;
  let to: string | undefined;
  const subscriptions = new Set<string>();
  records.forEach((raw, i) => {
    const where = Array.isArray(json) ? recordName(json, i) : `records[${i}]`;
    const op = operationOf(raw, file, where);
    // The span and subscriptions are those of every Administrative record read, failed ones and
    // users' included: the log speaks for them. Other categories (service health, policy) do not.
    if (!isAdministrative(raw)) return;
    const t = isoTime(str(raw.eventTimestamp) ?? str(raw.time));
    if (t) {
      from = from === undefined || t < from ? t : from;
      to = later(to, t);
    }
    const sub = subscriptionOf((str(raw.resourceId) ?? '').toLowerCase());
    if (sub) subscriptions.add(sub);
    if (!op) return;
    const key = op.objectId ?? `app:${op.appId}`;
    const c = byCaller.get(key) ?? byCaller.set(key, { ...(op.objectId ? { objectId: op.objectId } : {}), ...(op.appId ? { appId: op.appId } : {}), ops: new Map() }).get(key)!;
    const k = `${op.action.toLowerCase()}\n${op.scope}`;
    const known = c.ops.get(k);
    if (!known || op.time > known.time) c.ops.set(k, op);
  });
  const source: UsageSourceRef = { kind: 'azure-activity-log', file, ...(from ? { from } : {}), ...(to ? { to } : {}), scopes: [...subscriptions].sort() };
  const identities: IdentityUsage[] = [...byCaller.values()].map((c) => {
    const services = new Map<string, ServiceUsage>();
    for (const op of c.ops.values()) {
      const service = providerOf(op.action);
      const s = services.get(service) ?? services.set(service, { service, actionsKnown: true, actions: [] }).get(service)!;
      s.lastUsed = later(s.lastUsed, op.time);
      const a = s.actions.find((x) => x.action.toLowerCase() === op.action.toLowerCase()) ?? (s.actions.push({ action: op.action, resources: [] }), s.actions.at(-1)!);
      a.lastUsed = later(a.lastUsed, op.time);
      a.resources.push({ arn: op.scope, lastUsed: op.time });
    }
    const lastUsed = [...c.ops.values()].map((o) => o.time).reduce<string | undefined>(later, undefined);
    return {
      subject: { provider: 'azure' as const, ...(c.appId ? { appId: c.appId } : {}), ...(c.objectId ? { servicePrincipalId: c.objectId } : {}) },
      ...(lastUsed ? { lastUsed } : {}),
      services: [...services.values()],
      source,
    };
  });
  return { identities, credentials: [], sources: [source], warnings: [] };
}
