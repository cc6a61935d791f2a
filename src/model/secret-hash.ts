import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The one way a secret value is ever kept: HMAC-SHA256 under the store's random salt, of the
 * SHA-1 hex of the value. SHA-1 first because detect-secrets baselines carry exactly that
 * (`hashed_secret`), so a baseline entry and a gitleaks finding of the same secret hash alike.
 */
export function hashOfSha1(salt: string, sha1Hex: string): string {
  return createHmac('sha256', Buffer.from(salt, 'hex')).update(sha1Hex.toLowerCase()).digest('hex');
}

export function saltedValueHash(salt: string, value: string): string {
  return hashOfSha1(salt, createHash('sha1').update(value, 'utf8').digest('hex'));
}

export const newSalt = (): string => randomBytes(32).toString('hex');
