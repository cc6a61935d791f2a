import type { GithubTokenKind, SecretClue } from '../../../src/model/inventory/index.js';

/**
 * A found secret value → the identifiers it implies. The value itself goes no further than this
 * function and the salted hash; nothing here returns a piece of it except what the vendor itself
 * publishes as an identifier (an access key id, the 3-character hint Entra shows, the last eight
 * characters GitHub shows of a token, a JWT's claims).
 */

export const AWS_KEY_ID = /^(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}$/;
/** An AWS secret access key: 40 base64 characters. Says nothing by itself; pairs with a key id. */
export const AWS_SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
const ENTRA_SECRET = /^([A-Za-z0-9_~.-]{3})\dQ~[A-Za-z0-9_~.-]{31,34}$/;
const GITHUB_PREFIXES: [RegExp, GithubTokenKind][] = [
  [/^ghp_[A-Za-z0-9]{36}$/, 'classic-pat'],
  [/^github_pat_\w{82}$/, 'fine-grained-pat'],
  [/^gho_[A-Za-z0-9]{36}$/, 'oauth'],
  [/^ghu_[A-Za-z0-9]{36}$/, 'app-user'],
  [/^ghs_[A-Za-z0-9]{36}$/, 'app-installation'],
  [/^ghr_[A-Za-z0-9]{36,76}$/, 'refresh'],
];

export interface Hints {
  /** The scanner's rule / detector / type name, the label for anything unrecognised. */
  label: string;
  appId?: string;
  tenantId?: string;
}

function base64url(part: string): string | undefined {
  try {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Claims worth keeping from a token: strings that identify the workload. Kubernetes nests its
 * claims under `kubernetes.io`; they are flattened to the names the legacy tokens use.
 */
function tokenClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'].includes(k)) continue;
    if (typeof v === 'string') claims[k] = v;
  }
  const k8s = payload['kubernetes.io'];
  if (typeof k8s === 'object' && k8s !== null) {
    const o = k8s as { namespace?: unknown; serviceaccount?: { name?: unknown; uid?: unknown }; pod?: { name?: unknown } };
    if (str(o.namespace)) claims['kubernetes.io/serviceaccount/namespace'] = o.namespace as string;
    if (str(o.serviceaccount?.name)) claims['kubernetes.io/serviceaccount/service-account.name'] = o.serviceaccount!.name as string;
    if (str(o.serviceaccount?.uid)) claims['kubernetes.io/serviceaccount/service-account.uid'] = o.serviceaccount!.uid as string;
    if (str(o.pod?.name)) claims['kubernetes.io/pod/name'] = o.pod!.name as string;
  }
  return claims;
}

function jwtClue(value: string): SecretClue | undefined {
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[0]!.startsWith('eyJ')) return undefined;
  const payload = parseObject(base64url(parts[1]!));
  const iss = str(payload?.iss);
  const sub = str(payload?.sub);
  if (!payload || !iss || !sub) return undefined;
  const aud = payload.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  const exp = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : undefined;
  return { type: 'oidc-token', issuer: iss, subject: sub, audiences, ...(exp ? { expiresAt: exp } : {}), claims: tokenClaims(payload) };
}

function gcpKeyClue(value: string): SecretClue | undefined {
  const o = parseObject(value);
  if (!o || o.type !== 'service_account') return undefined;
  const privateKeyId = str(o.private_key_id)?.toLowerCase();
  const clientEmail = str(o.client_email);
  const projectId = str(o.project_id);
  return { type: 'gcp-sa-key', ...(privateKeyId ? { privateKeyId } : {}), ...(clientEmail ? { clientEmail } : {}), ...(projectId ? { projectId } : {}) };
}

export function githubTokenKind(value: string): GithubTokenKind | undefined {
  return GITHUB_PREFIXES.find(([re]) => re.test(value))?.[1];
}

/** The clue a found value gives, by its shape; `other` with the scanner's label when it has none. */
export function classify(value: string, hints: Hints): SecretClue {
  const v = value.trim();
  if (AWS_KEY_ID.test(v)) return { type: 'aws-access-key', accessKeyId: v, part: 'id' };
  const gh = githubTokenKind(v);
  if (gh) return { type: 'github-token', tokenKind: gh, lastEight: v.slice(-8) };
  const entra = ENTRA_SECRET.exec(v);
  if (entra) return { type: 'azure-client-secret', hint: entra[1]!, ...(hints.appId ? { appId: hints.appId.toLowerCase() } : {}), ...(hints.tenantId ? { tenantId: hints.tenantId.toLowerCase() } : {}) };
  return jwtClue(v) ?? gcpKeyClue(v) ?? { type: 'other', label: hints.label };
}
