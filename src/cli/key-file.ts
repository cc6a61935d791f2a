import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * A service-account key file (`gcloud iam service-accounts keys create key.json`). Only
 * `private_key_id` and `client_email` are read and kept; the private key is never copied, logged
 * or echoed — not even in error messages, which name fields and never quote the file.
 */
export function readKeyFile(file: string): { keyId: string; clientEmail: string; nodeId: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, '', 'expected a readable service-account key file');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the input, which holds the private key.
    throw new InputError(file, '', 'expected a JSON service-account key file (the file is not valid JSON; its content is not shown)');
  }
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  if (o.type !== 'service_account') throw new InputError(file, 'type', 'expected "service_account" (a Google Cloud service-account key file)');
  const keyId = o.private_key_id;
  const clientEmail = o.client_email;
  if (typeof keyId !== 'string' || !/^[0-9a-f]{8,64}$/i.test(keyId)) throw new InputError(file, 'private_key_id', 'expected the key id (hex)');
  if (typeof clientEmail !== 'string' || !clientEmail.includes('@')) throw new InputError(file, 'client_email', 'expected the service account email');
  return { keyId: keyId.toLowerCase(), clientEmail: clientEmail.toLowerCase(), nodeId: `gcp:sa-key:${keyId.toLowerCase()}` };
}
