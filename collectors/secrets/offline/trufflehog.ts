import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { SecretClue, SecretFinding } from '../../../src/model/inventory/index.js';
import { saltedValueHash } from '../../../src/model/secret-hash.js';
import type { ParseContext } from '../../types.js';
import { AWS_KEY_ID, classify } from './classify.js';
import { repoFromUrl, uniqueFingerprints, type SecretsPart } from './part.js';

/**
 * TruffleHog v3 `--json`: one result per line (the reader turns JSON lines into an array). The
 * source's metadata sits under one key naming the source kind (Git, Github, Filesystem, …).
 * `Raw`, `RawV2`, `Redacted` and `SecretParts` hold the value: read to classify and hash only.
 */
const locationSchema = z.object({
  file: z.string().optional(),
  path: z.string().optional(),
  line: z.number().int().optional(),
  commit: z.string().optional(),
  repository: z.string().optional(),
  link: z.string().optional(),
  visibility: z.union([z.string(), z.number()]).optional(),
});

const resultSchema = z.object({
  SourceMetadata: z.object({ Data: z.record(z.string(), locationSchema.nullable()) }).nullable(),
  DetectorName: z.string().min(1),
  Verified: z.boolean(),
  VerificationError: z.string().optional(),
  Raw: z.string().optional(),
  RawV2: z.string().optional(),
  ExtraData: z.record(z.string(), z.union([z.string(), z.null()])).nullable().optional(),
});

const isResult = (x: unknown) => typeof x === 'object' && x !== null && 'DetectorName' in x && 'SourceMetadata' in x;

export const looksLikeTrufflehog = (json: unknown): boolean => isResult(json) || (Array.isArray(json) && json.length > 0 && json.every(isResult));

const extra = (r: z.infer<typeof resultSchema>, k: string) => r.ExtraData?.[k] ?? undefined;

function parseJsonObject(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = text ? JSON.parse(text) : undefined;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Per detector, where the identifiers are (pkg/detectors/<name>): the values stay here. */
function clueOf(r: z.infer<typeof resultSchema>): SecretClue {
  const raw = r.Raw ?? '';
  switch (r.DetectorName) {
    case 'AWS': {
      if (!AWS_KEY_ID.test(raw)) break;
      const account = extra(r, 'account');
      const arn = extra(r, 'arn');
      const paired = (r.RawV2 ?? '').startsWith(`${raw}:`);
      return { type: 'aws-access-key', accessKeyId: raw, part: paired ? 'id+secret' : 'id', ...(account ? { account } : {}), ...(arn ? { arn } : {}) };
    }
    case 'GCP': {
      const key = classify(r.RawV2 ?? '', { label: 'GCP' });
      const fromKey = key.type === 'gcp-sa-key' ? key : { type: 'gcp-sa-key' as const };
      const privateKeyId = extra(r, 'private_key_id')?.toLowerCase() ?? fromKey.privateKeyId;
      const clientEmail = fromKey.clientEmail ?? (raw.includes('@') ? raw : undefined);
      const projectId = fromKey.projectId ?? extra(r, 'project');
      return { type: 'gcp-sa-key', ...(privateKeyId ? { privateKeyId } : {}), ...(clientEmail ? { clientEmail } : {}), ...(projectId ? { projectId } : {}) };
    }
    case 'Azure': {
      const v2 = parseJsonObject(r.RawV2);
      const hints = { label: r.DetectorName, appId: typeof v2.clientId === 'string' ? v2.clientId : undefined, tenantId: typeof v2.tenantId === 'string' ? v2.tenantId : undefined };
      return classify(raw, hints);
    }
  }
  const clue = classify(raw, { label: r.DetectorName });
  if (clue.type === 'github-token') {
    const username = extra(r, 'username');
    const scopes = extra(r, 'scopes');
    return { ...clue, ...(username ? { username } : {}), ...(scopes ? { scopes: scopes.split(',').map((s) => s.trim()).filter(Boolean) } : {}) };
  }
  return clue;
}

export function parseTrufflehog(json: unknown, file: string, context: ParseContext): SecretsPart {
  const list = Array.isArray(json) ? json : [json];
  const results = parseOrThrow(z.array(resultSchema), list, file, 'TruffleHog v3 --json results ({SourceMetadata, DetectorName, Verified, Raw, …} per line)');
  const findings = results.map((r, i): SecretFinding => {
    const [kind, loc] = Object.entries(r.SourceMetadata?.Data ?? {})[0] ?? ['unknown', null];
    const path = loc?.file ?? loc?.path;
    const repo = repoFromUrl(loc?.repository) ?? repoFromUrl(loc?.link) ?? loc?.repository;
    const where = [kind, repo ?? '', loc?.commit ?? '', path ?? '', loc?.line ?? ''].join(':');
    // A VerificationError means TruffleHog could not tell; Verified false alone may also mean it never tried.
    const verified = r.VerificationError ? null : r.Verified;
    return {
      scanner: 'trufflehog',
      fingerprint: r.Raw === undefined && path === undefined ? `result-${i + 1}` : `${where}:${r.DetectorName}`,
      report: file,
      ...(repo ? { repo } : {}),
      ...(path ? { file: path } : {}),
      ...(loc?.commit ? { commit: loc.commit } : {}),
      ...(loc?.line !== undefined ? { line: loc.line } : {}),
      ...(loc?.link ? { link: loc.link } : {}),
      rule: r.DetectorName,
      verified,
      validity: r.Verified ? 'active' : 'unknown',
      clue: clueOf(r),
      ...(r.Raw ? { valueHash: saltedValueHash(context.salt, r.Raw) } : {}),
    };
  });
  return { salt: context.salt, findings: uniqueFingerprints(findings) };
}
