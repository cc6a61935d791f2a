import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { SecretFinding } from '../../../src/model/inventory/index.js';
import { hashOfSha1 } from '../../../src/model/secret-hash.js';
import type { ParseContext } from '../../types.js';
import { uniqueFingerprints, type SecretsPart } from './part.js';

/**
 * A detect-secrets baseline (`.secrets.baseline`): per file, the secrets found, as the SHA-1 of
 * the value (`hashed_secret`). The value never appears; the SHA-1 is re-hashed under the store
 * salt, so it matches gitleaks/TruffleHog findings of the same value and inventoried key ids.
 */
const entrySchema = z.object({
  type: z.string().min(1),
  hashed_secret: z.string().regex(/^[0-9a-fA-F]{40}$/, 'a 40-hex SHA-1'),
  line_number: z.number().int().nonnegative().optional(),
  is_verified: z.boolean().optional(),
  is_secret: z.boolean().nullable().optional(),
});

const baselineSchema = z.object({
  version: z.string().optional(),
  generated_at: z.string().optional(),
  results: z.record(z.string(), z.array(entrySchema)),
});

export const looksLikeDetectSecrets = (json: unknown): boolean =>
  typeof json === 'object' &&
  json !== null &&
  !Array.isArray(json) &&
  typeof (json as { results?: unknown }).results === 'object' &&
  ('plugins_used' in json || 'generated_at' in json);

export function parseDetectSecrets(json: unknown, file: string, context: ParseContext): SecretsPart {
  const baseline = parseOrThrow(baselineSchema, json, file, 'a detect-secrets baseline {results: {<file>: [{type, hashed_secret, line_number}]}}');
  const findings: SecretFinding[] = [];
  for (const [path, entries] of Object.entries(baseline.results)) {
    for (const e of entries) {
      // An auditor marked it a false positive: not a credential.
      if (e.is_secret === false) continue;
      findings.push({
        scanner: 'detect-secrets',
        fingerprint: `${path}:${e.line_number ?? 0}:${e.type}`,
        report: file,
        file: path,
        ...(e.line_number !== undefined ? { line: e.line_number } : {}),
        rule: e.type,
        verified: e.is_verified ? true : null,
        validity: e.is_verified ? 'active' : 'unknown',
        clue: { type: 'other', label: e.type },
        valueHash: hashOfSha1(context.salt, e.hashed_secret),
      });
    }
  }
  return { salt: context.salt, findings: uniqueFingerprints(findings) };
}
