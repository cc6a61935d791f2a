import type { K8sStoredCredential } from '../../../src/model/inventory/index.js';
import { decodeJwtClaims, serviceAccountClaims } from '../../../src/analysis/kubernetes/jwt.js';

const AWS_KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;
/** Entra client secrets since 2021: three hint characters, a digit, `Q~`, then 34 more. */
const ENTRA_SECRET = /^[A-Za-z0-9_\-.~]{3}\dQ~[A-Za-z0-9_\-.~]{34}$/;
const AZURE_SECRET_KEYS = /^(azure_client_secret|client_secret|clientsecret|aad_client_secret)$/i;
const AZURE_CLIENT_ID_KEYS = /^(azure_client_id|client_id|clientid|aad_client_id)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const j = JSON.parse(text) as unknown;
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function one(key: string, value: string, clientId: string | undefined): K8sStoredCredential | undefined {
  const json = parseJson(value);
  if (json?.type === 'service_account' && typeof json.private_key_id === 'string') {
    return { type: 'gcp-service-account-key', key, privateKeyId: json.private_key_id.toLowerCase(), ...(typeof json.client_email === 'string' ? { clientEmail: json.client_email } : {}) };
  }
  const claims = decodeJwtClaims(value);
  const sa = claims && serviceAccountClaims(claims);
  if (sa) {
    return {
      type: 'service-account-token',
      key,
      issuer: sa.issuer,
      ...(sa.subject ? { subject: sa.subject } : {}),
      ...(sa.namespace ? { namespace: sa.namespace } : {}),
      ...(sa.serviceAccount ? { serviceAccount: sa.serviceAccount } : {}),
      ...(sa.expiresAt ? { expiresAt: sa.expiresAt } : {}),
    };
  }
  const aws = AWS_KEY_ID.exec(value);
  if (aws) return { type: 'aws-access-key', key, accessKeyId: aws[1]! };
  const v = value.trim();
  if (ENTRA_SECRET.test(v) || (AZURE_SECRET_KEYS.test(key) && v.length >= 20)) {
    return { type: 'azure-client-secret', key, hint: v.slice(0, 3), ...(clientId ? { appId: clientId } : {}) };
  }
  return undefined;
}

/**
 * The credentials a secret's data holds, by identifiers only: an AWS access key id, a GCP key
 * file's private_key_id and client_email, an Entra client secret's three-character hint (with the
 * client id stored beside it), a service-account token's claims. Values are decoded here and
 * dropped when this returns; nothing else in leakpath sees them.
 */
export function recogniseSecretData(data: Record<string, string> | undefined): K8sStoredCredential[] {
  if (!data) return [];
  const decoded = Object.entries(data).map(([k, v]) => [k, decode(v)] as const);
  const clientId = decoded.find(([k, v]) => AZURE_CLIENT_ID_KEYS.test(k) && GUID.test(v.trim()))?.[1].trim().toLowerCase();
  const out: K8sStoredCredential[] = [];
  for (const [k, v] of decoded) {
    const c = one(k, v, clientId);
    if (c) out.push(c);
  }
  return out;
}
