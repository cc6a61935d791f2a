import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { GithubSecretLink } from '../../../src/model/inventory/index.js';

/**
 * Which Actions secret holds which cloud credential is in no GitHub API (values are write-only):
 * a team that knows says so in this file. Identifiers only (docs/github.md).
 */
export const LINKS_FORMAT = 'github-secret-links/1';

const credential = z.discriminatedUnion('type', [
  z.object({ type: z.literal('aws-access-key'), accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z2-7]{16}$/, 'an access key id (AKIA…)') }).strict(),
  z.object({ type: z.literal('gcp-service-account-key'), privateKeyId: z.string().regex(/^[0-9a-fA-F]{40}$/, 'a 40-hex private_key_id') }).strict(),
  z.object({ type: z.literal('azure-client-secret'), appId: z.string().uuid(), keyId: z.string().uuid() }).strict(),
]);

const schema = z.object({
  leakpath: z.literal(LINKS_FORMAT),
  org: z.string().min(1),
  links: z.array(z.object({ scope: z.string().min(1), secret: z.string().min(1), credential }).strict()),
});

export const looksLikeGithubLinks = (json: unknown) => typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === LINKS_FORMAT;

export function parseGithubLinks(json: unknown, file: string): { org: string; links: GithubSecretLink[] } {
  const parsed = parseOrThrow(schema, json, file, `a ${LINKS_FORMAT} file {leakpath, org, links: [{scope: "org" | "OWNER/REPO" | "OWNER/REPO:ENV", secret, credential}]}`);
  return {
    org: parsed.org,
    links: parsed.links.map((l) => ({
      scope: l.scope,
      secret: l.secret,
      credential: l.credential.type === 'gcp-service-account-key' ? { ...l.credential, privateKeyId: l.credential.privateKeyId.toLowerCase() } : l.credential.type === 'azure-client-secret' ? { ...l.credential, appId: l.credential.appId.toLowerCase(), keyId: l.credential.keyId.toLowerCase() } : l.credential,
      source: file,
    })),
  };
}
