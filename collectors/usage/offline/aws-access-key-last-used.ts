import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { isoTime, type UsagePart } from './part.js';

/**
 * `aws iam get-access-key-last-used --access-key-id AKIA…`. The output names the user, not the key,
 * so it comes in the leakpath aws-cli/1 envelope with `parameters.AccessKeyId`.
 */
export const accessKeyLastUsedSchema = z
  .object({
    UserName: z.string().optional(),
    AccessKeyLastUsed: z
      .object({
        LastUsedDate: z
          .string()
          .refine((s) => isoTime(s) !== undefined, 'an ISO 8601 time')
          .nullish(),
        ServiceName: z.string().optional(),
        Region: z.string().optional(),
      })
      .loose(),
  })
  .loose();

export const looksLikeAccessKeyLastUsed = (json: unknown) => typeof json === 'object' && json !== null && !Array.isArray(json) && 'AccessKeyLastUsed' in json;

export function parseAccessKeyLastUsed(json: unknown, file: string, accessKeyId?: string, account?: string): UsagePart {
  const out = parseOrThrow(accessKeyLastUsedSchema, json, file, 'an `aws iam get-access-key-last-used` output');
  if (!accessKeyId) throw new InputError(file, 'AccessKeyLastUsed', 'expected the output in a leakpath aws-cli/1 envelope naming the key in parameters.AccessKeyId (the output names only the user)');
  if (!/^AKIA[A-Z0-9]{12,}$/.test(accessKeyId)) throw new InputError(file, 'parameters.AccessKeyId', 'expected a long-term access key id (AKIA…)');
  const lastUsed = isoTime(out.AccessKeyLastUsed.LastUsedDate);
  const { ServiceName: service, Region: region } = out.AccessKeyLastUsed;
  // AWS answers "N/A" for a key never used since tracking began (April 2015).
  const detail = lastUsed && service && service !== 'N/A' ? `${service}${region && region !== 'N/A' ? ` in ${region}` : ''}` : undefined;
  const source = { kind: 'aws-access-key-last-used' as const, file };
  return {
    identities: [],
    credentials: [
      {
        nodeId: `aws:access-key:${accessKeyId}`,
        ...(out.UserName && account ? { subject: { provider: 'aws' as const, arn: `arn:aws:iam::${account}:user/${out.UserName}` } } : {}),
        ...(lastUsed ? { lastUsed } : {}),
        ...(detail ? { detail } : {}),
        source,
      },
    ],
    sources: [source],
    warnings: [],
  };
}
