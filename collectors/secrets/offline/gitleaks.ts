import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { SecretFinding } from '../../../src/model/inventory/index.js';
import { saltedValueHash } from '../../../src/model/secret-hash.js';
import type { ParseContext } from '../../types.js';
import { AWS_SECRET_KEY, classify } from './classify.js';
import { repoFromUrl, uniqueFingerprints, type SecretsPart } from './part.js';

/**
 * gitleaks `--report-format json`: an array of findings (report/finding.go). `Secret` and `Match`
 * hold the value and are read only to classify and hash it; `--redact` reports say `REDACTED`.
 */
const findingSchema = z.object({
  RuleID: z.string().min(1),
  Description: z.string().optional(),
  StartLine: z.number().int().nonnegative(),
  File: z.string(),
  Commit: z.string().optional(),
  Secret: z.string(),
  Link: z.string().optional(),
  Fingerprint: z.string().optional(),
});

export const looksLikeGitleaks = (json: unknown): boolean =>
  Array.isArray(json) &&
  json.length > 0 &&
  json.every((x) => typeof x === 'object' && x !== null && 'RuleID' in x && 'Secret' in x && 'File' in x);

const REDACTED = /^REDACTED$|^\*+$/;

/**
 * The secret access key of an AWS key is caught by generic rules in its own finding: when the
 * same file (at the same commit) also holds a key id, the two are one credential.
 */
function pairAwsSecrets(findings: SecretFinding[], secretShaped: Set<SecretFinding>): SecretFinding[] {
  const place = (f: SecretFinding) => `${f.commit ?? ''}|${f.file ?? ''}`;
  const ids = new Map<string, SecretFinding[]>();
  for (const f of findings) if (f.clue.type === 'aws-access-key') ids.set(place(f), [...(ids.get(place(f)) ?? []), f]);
  return findings.map((f) => {
    const candidates = ids.get(place(f)) ?? [];
    if (f.clue.type === 'aws-access-key') {
      const paired = findings.some((o) => secretShaped.has(o) && place(o) === place(f));
      return paired ? { ...f, clue: { ...f.clue, part: 'id+secret' as const } } : f;
    }
    // Only an unambiguous pair: two key ids in one file leave the secret's owner open.
    if (!secretShaped.has(f) || candidates.length !== 1) return f;
    const id = candidates[0]!.clue as Extract<SecretFinding['clue'], { type: 'aws-access-key' }>;
    return { ...f, clue: { type: 'aws-access-key', accessKeyId: id.accessKeyId, part: 'secret' } };
  });
}

export function parseGitleaks(json: unknown, file: string, context: ParseContext): SecretsPart {
  const records = parseOrThrow(z.array(findingSchema), json, file, 'a gitleaks JSON report (array of {RuleID, File, StartLine, Secret, …})');
  const secretShaped = new Set<SecretFinding>();
  const findings = records.map((r): SecretFinding => {
    const hidden = REDACTED.test(r.Secret) || r.Secret.length === 0;
    const commit = r.Commit && !/^0+$/.test(r.Commit) ? r.Commit : undefined;
    const finding: SecretFinding = {
      scanner: 'gitleaks',
      fingerprint: r.Fingerprint || `${commit ? `${commit}:` : ''}${r.File}:${r.RuleID}:${r.StartLine}`,
      report: file,
      ...(repoFromUrl(r.Link) ? { repo: repoFromUrl(r.Link) } : {}),
      file: r.File,
      ...(commit ? { commit } : {}),
      line: r.StartLine,
      ...(r.Link ? { link: r.Link } : {}),
      rule: r.RuleID,
      verified: null,
      validity: 'unknown',
      clue: hidden ? { type: 'other', label: r.RuleID } : classify(r.Secret, { label: r.RuleID }),
      ...(hidden ? {} : { valueHash: saltedValueHash(context.salt, r.Secret.trim()) }),
    };
    if (!hidden && finding.clue.type === 'other' && AWS_SECRET_KEY.test(r.Secret.trim())) secretShaped.add(finding);
    return finding;
  });
  return { salt: context.salt, findings: uniqueFingerprints(pairAwsSecrets(findings, secretShaped)) };
}
