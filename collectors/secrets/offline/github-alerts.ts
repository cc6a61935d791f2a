import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { SecretFinding } from '../../../src/model/inventory/index.js';
import { saltedValueHash } from '../../../src/model/secret-hash.js';
import type { ParseContext } from '../../types.js';
import { classify } from './classify.js';
import type { SecretsPart } from './part.js';

/**
 * GitHub secret-scanning alerts (`GET /orgs/{org}/secret-scanning/alerts`, or the repo form):
 * an array of alerts. `secret` holds the value (absent with `hide_secret=true`): classify and hash only.
 */
const alertSchema = z.object({
  number: z.number().int(),
  state: z.enum(['open', 'resolved']),
  resolution: z.string().nullable().optional(),
  secret_type: z.string().min(1),
  secret_type_display_name: z.string().nullable().optional(),
  secret: z.string().nullable().optional(),
  validity: z.enum(['active', 'inactive', 'unknown']).nullable().optional(),
  html_url: z.string().optional(),
  url: z.string().optional(),
  repository: z.object({ full_name: z.string() }).nullable().optional(),
  first_location_detected: z
    .object({ path: z.string().optional(), start_line: z.number().int().optional(), commit_sha: z.string().optional() })
    .nullable()
    .optional(),
});

export const looksLikeGithubAlerts = (json: unknown): boolean =>
  Array.isArray(json) && json.length > 0 && json.every((x) => typeof x === 'object' && x !== null && 'secret_type' in x && 'number' in x && 'state' in x);

/** The repository of an alert that does not embed it (the repo-level listing): from its URL. */
function repoOf(a: z.infer<typeof alertSchema>): string | undefined {
  if (a.repository) return a.repository.full_name;
  const m = /\/repos\/([^/]+\/[^/]+)\/secret-scanning\//.exec(a.url ?? '') ?? /github\.com\/([^/]+\/[^/]+)\/security\//.exec(a.html_url ?? '');
  return m?.[1];
}

export function parseGithubAlerts(json: unknown, file: string, context: ParseContext): SecretsPart {
  const alerts = parseOrThrow(z.array(alertSchema), json, file, 'GitHub secret-scanning alerts (array of {number, state, secret_type, secret, …})');
  const findings = alerts.map((a): SecretFinding => {
    const repo = repoOf(a);
    const loc = a.first_location_detected ?? undefined;
    const secret = a.secret ?? undefined;
    const validity = a.resolution === 'revoked' ? 'revoked' : (a.validity ?? 'unknown');
    return {
      scanner: 'github-secret-scanning',
      fingerprint: `${repo ?? 'unknown'}#${a.number}`,
      report: file,
      ...(repo ? { repo } : {}),
      ...(loc?.path ? { file: loc.path } : {}),
      ...(loc?.commit_sha ? { commit: loc.commit_sha } : {}),
      ...(loc?.start_line !== undefined ? { line: loc.start_line } : {}),
      ...(a.html_url ? { link: a.html_url } : {}),
      rule: a.secret_type,
      verified: a.validity === 'active' ? true : a.validity === 'inactive' ? false : null,
      validity,
      clue: secret ? classify(secret, { label: a.secret_type }) : { type: 'other', label: a.secret_type },
      ...(secret ? { valueHash: saltedValueHash(context.salt, secret) } : {}),
    };
  });
  return { salt: context.salt, findings };
}
