import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { newSalt } from '../model/secret-hash.js';
import { writeFileAtomic } from './atomic.js';

/**
 * The store's random salt for secret-value hashes (`<store>/secret-salt`). Read before an ingest;
 * a new one is written only once the ingest has succeeded, so a bad input leaves the store as it was.
 */
export async function storeSalt(storeDir: string): Promise<{ salt: string; persist(): Promise<void> }> {
  const file = path.join(storeDir, 'secret-salt');
  let existing: string | undefined;
  try {
    existing = (await readFile(file, 'utf8')).trim();
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !/^[0-9a-f]{64}$/.test(existing)) throw new InputError(file, '', 'expected 64 hex characters (the store\'s secret salt)');
  const salt = existing ?? newSalt();
  return {
    salt,
    async persist() {
      if (existing !== undefined) return;
      await mkdir(storeDir, { recursive: true });
      await writeFileAtomic(file, `${salt}\n`);
      await chmod(file, 0o600);
    },
  };
}
