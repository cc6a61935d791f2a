import type { Inventory, SecretFinding } from '../../../src/model/inventory/index.js';
import type { SecretsPart } from './part.js';

/** All reports of one ingest → one inventory. One salt per ingest, so every part carries the same. */
export function mergeSecretsParts(parts: readonly { file: string; part: SecretsPart }[]): { inventory: Inventory; warnings: string[] } {
  const byKey = new Map<string, SecretFinding>();
  const warnings: string[] = [];
  for (const { part } of parts) {
    for (const f of part.findings) {
      const key = `${f.scanner}|${f.fingerprint}`;
      if (byKey.has(key)) warnings.push(`secrets: ${f.scanner} finding ${f.fingerprint} appears in ${byKey.get(key)!.report} and ${f.report}; kept once`);
      else byKey.set(key, f);
    }
  }
  return { inventory: { provider: 'secrets', salt: parts[0]?.part.salt ?? '', findings: [...byKey.values()] }, warnings };
}
