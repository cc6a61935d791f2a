import type { AzureLinkedCredential } from '../../../src/model/inventory/index.js';

/** Identifiers an app's client secret may be matched by: never the value itself. */
export interface KnownSecret {
  appId: string;
  appName: string;
  keyId: string;
  hint?: string;
}

const AWS_KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;
/** Entra client secrets since 2021: three hint characters, a digit, `Q~`, then 34 more. */
const ENTRA_SECRET = /^[A-Za-z0-9_\-.~]{3}\dQ~[A-Za-z0-9_\-.~]{34}$/;

function parseJson(value: string): Record<string, unknown> | undefined {
  try {
    const j = JSON.parse(value) as unknown;
    return typeof j === 'object' && j !== null ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Narrows hint matches by what the secret's name and tags say about its app. */
function pickByContext(candidates: KnownSecret[], context: string[]): KnownSecret[] {
  if (candidates.length <= 1) return candidates;
  const text = context.join(' ').toLowerCase();
  const named = candidates.filter((c) => text.includes(c.appId) || text.includes(c.appName.toLowerCase()));
  return named.length ? named : candidates;
}

function azureSecret(secretText: string, candidates: KnownSecret[], context: string[], appId?: string): AzureLinkedCredential | undefined {
  const hint = secretText.slice(0, 3);
  const matches = pickByContext(
    candidates.filter((c) => c.hint === hint && (!appId || c.appId === appId.toLowerCase())),
    context,
  );
  if (matches.length === 1) return { type: 'azure-client-secret', appId: matches[0]!.appId, keyId: matches[0]!.keyId };
  const apps = new Set(matches.map((m) => m.appId));
  // Several secrets of one app share the hint: the app is certain, the secret is not.
  if (apps.size === 1) return { type: 'azure-client-secret', appId: [...apps][0]!, hint };
  return undefined;
}

/**
 * Which credential a secret value holds, by its identifiers only: an AWS access key id, a GCP
 * service-account key file, an Entra client secret (its first three characters are the hint
 * Entra shows, matched against the collected apps, narrowed by the secret's name and tags), or a
 * JSON blob naming a clientId and clientSecret. The caller drops the value as soon as this returns.
 */
export function recogniseCredential(value: string, known: KnownSecret[], context: string[]): AzureLinkedCredential | undefined {
  const json = parseJson(value);
  if (json?.type === 'service_account' && typeof json.private_key_id === 'string') {
    return { type: 'gcp-service-account-key', privateKeyId: json.private_key_id, ...(typeof json.client_email === 'string' ? { clientEmail: json.client_email } : {}) };
  }
  if (json) {
    const clientId = json.clientId ?? json.client_id ?? json.appId;
    const secret = json.clientSecret ?? json.client_secret ?? json.password;
    if (typeof clientId === 'string' && typeof secret === 'string') return azureSecret(secret, known, context, clientId);
  }
  const aws = AWS_KEY_ID.exec(value);
  if (aws) return { type: 'aws-access-key', accessKeyId: aws[1]! };
  if (ENTRA_SECRET.test(value.trim())) return azureSecret(value.trim(), known, context);
  return undefined;
}
