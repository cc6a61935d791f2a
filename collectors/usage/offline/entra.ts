import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, later, type UsagePart } from './part.js';

/**
 * Microsoft Graph (beta) usage reports, as `GET /reports/servicePrincipalSignInActivities` and
 * `GET /reports/appCredentialSignInActivities` return them (a `value` page, or one object).
 * Sign-in activity lags: Microsoft documents up to a day or more before a sign-in appears.
 */

const time = z
  .string()
  .refine((s) => isoTime(s) !== undefined, 'an ISO 8601 time')
  .nullish();
const activity = z.object({ lastSignInDateTime: time }).loose().nullish();

const spActivity = z
  .object({
    appId: z.string().min(1),
    id: z.string().optional(),
    lastSignInActivity: activity,
    delegatedClientSignInActivity: activity,
    delegatedResourceSignInActivity: activity,
    applicationAuthenticationClientSignInActivity: activity,
    applicationAuthenticationResourceSignInActivity: activity,
  })
  .loose();

const credentialActivity = z
  .object({
    appId: z.string().min(1),
    keyId: z.string().min(1),
    keyType: z.enum(['clientSecret', 'secret', 'certificate', 'unknownFutureValue']),
    keyUsage: z.string().optional(),
    credentialOrigin: z.string().optional(),
    servicePrincipalObjectId: z.string().optional(),
    signInActivity: activity,
  })
  .loose();

const page = <T extends z.ZodType>(item: T) => z.union([z.object({ value: z.array(item) }).loose(), item]);

const listOf = (json: unknown): unknown[] => {
  const v = (json as { value?: unknown }).value;
  return Array.isArray(v) ? v : [json];
};
const first = (json: unknown): Record<string, unknown> | undefined => {
  const x = listOf(json)[0];
  return typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : undefined;
};
const isObject = (json: unknown) => typeof json === 'object' && json !== null && !Array.isArray(json);
const context = (json: unknown) => {
  const c = (json as Record<string, unknown>)['@odata.context'];
  return typeof c === 'string' ? c : '';
};

export const looksLikeSpSignInActivity = (json: unknown) =>
  isObject(json) && (context(json).includes('servicePrincipalSignInActivities') || (first(json) !== undefined && 'appId' in first(json)! && 'lastSignInActivity' in first(json)!));

export const looksLikeCredentialSignInActivity = (json: unknown) =>
  isObject(json) && (context(json).includes('appCredentialSignInActivities') || (first(json) !== undefined && 'keyId' in first(json)! && 'signInActivity' in first(json)! && 'appId' in first(json)!));

export function parseSpSignInActivity(json: unknown, file: string): UsagePart {
  parseOrThrow(page(spActivity), json, file, 'a Microsoft Graph servicePrincipalSignInActivity list');
  const items = listOf(json).map((x) => spActivity.parse(x));
  const source: UsageSourceRef = { kind: 'entra-sp-sign-in-activity', file };
  return {
    identities: items.map((s) => {
      // The overall last sign-in, or the latest of the four flows when it is missing.
      const flows = [s.lastSignInActivity, s.delegatedClientSignInActivity, s.delegatedResourceSignInActivity, s.applicationAuthenticationClientSignInActivity, s.applicationAuthenticationResourceSignInActivity];
      const lastUsed = flows.map((f) => isoTime(f?.lastSignInDateTime)).reduce(later, undefined);
      return { subject: { provider: 'azure' as const, appId: s.appId.toLowerCase() }, ...(lastUsed ? { lastUsed } : {}), services: [], source };
    }),
    credentials: [],
    sources: [source],
    warnings: [],
  };
}

export function parseCredentialSignInActivity(json: unknown, file: string): UsagePart {
  parseOrThrow(page(credentialActivity), json, file, 'a Microsoft Graph appCredentialSignInActivity list');
  const items = listOf(json).map((x) => credentialActivity.parse(x));
  const source: UsageSourceRef = { kind: 'entra-credential-sign-in-activity', file };
  return {
    identities: [],
    credentials: items.map((c) => {
      const lastUsed = isoTime(c.signInActivity?.lastSignInDateTime);
      const appId = c.appId.toLowerCase();
      const keyId = c.keyId.toLowerCase();
      // Credentials added to the service principal rather than the app are their own nodes.
      const onSp = c.credentialOrigin === 'servicePrincipal' && c.servicePrincipalObjectId;
      const kind = c.keyType === 'certificate' ? 'certificate' : 'secret';
      const nodeId = onSp ? `azure:sp-${kind}:${c.servicePrincipalObjectId!.toLowerCase()}:${keyId}` : `azure:${kind}:${appId}:${keyId}`;
      return { nodeId, subject: { provider: 'azure' as const, appId }, ...(lastUsed ? { lastUsed } : {}), ...(c.keyUsage ? { detail: `key usage ${c.keyUsage}` } : {}), source };
    }),
    sources: [source],
    warnings: [],
  };
}
