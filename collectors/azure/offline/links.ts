import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { emptyPart, type AzurePart } from '../part.js';
import { linkedCredentialSchema } from '../schemas.js';

/**
 * Which key-vault secret holds which credential is in no Azure API: a team that knows says so in
 * this file (docs/azure.md). Identifiers only; a link file holding a value is refused.
 */
export const LINKS_FORMAT = 'azure-secret-links/1';

const linksSchema = z.object({
  leakpath: z.literal(LINKS_FORMAT),
  links: z.array(
    z
      .object({
        /** ARM id, vault URI or vault name. */
        vault: z.string().min(1),
        secret: z.string().min(1),
        credential: linkedCredentialSchema,
      })
      .strict(),
  ),
});

export const looksLikeLinks = (json: unknown) =>
  typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === LINKS_FORMAT;

export function parseLinks(json: unknown, file: string): AzurePart {
  const parsed = parseOrThrow(linksSchema, json, file, `a ${LINKS_FORMAT} file {leakpath, links:[{vault, secret, credential}]}`);
  const part = emptyPart();
  for (const l of parsed.links) {
    part.relations.push({ kind: 'secret-link', vault: l.vault, secretName: l.secret, credential: l.credential, source: file });
  }
  return part;
}
