import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { K8sPart } from '../part.js';
import { addList, emptyObjects, EXPECTED_KINDS } from './objects.js';

/**
 * `kubernetes/1`: kubectl output does not name its cluster, so the lists travel inside an
 * envelope that does (docs/kubernetes.md). The live collector's `--save-raw` writes the same.
 */
export const ENVELOPE_FORMAT = 'kubernetes/1';

const clusterSchema = z
  .object({
    name: z.string().min(1),
    provider: z.enum(['eks', 'gke', 'aks', 'other']),
    oidcIssuer: z.string().url().optional(),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
    region: z.string().optional(),
    arn: z.string().optional(),
    project: z.string().optional(),
    location: z.string().optional(),
    workloadPool: z.string().optional(),
    subscription: z.string().optional(),
    tenant: z.string().optional(),
    resourceGroup: z.string().optional(),
  })
  .loose();

const envelopeSchema = z
  .object({
    leakpath: z.literal(ENVELOPE_FORMAT),
    cluster: clusterSchema,
    lists: z.array(z.unknown()),
    /** Kinds the collector could not list (403…): recorded as coverage gaps. */
    gaps: z.array(z.string()).default([]),
  })
  .loose();

export function looksLikeEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === ENVELOPE_FORMAT;
}

export function parseEnvelope(json: unknown, file: string): K8sPart {
  const env = parseOrThrow(envelopeSchema, json, file, `a leakpath ${ENVELOPE_FORMAT} envelope`);
  const objects = emptyObjects();
  const seen = new Set<string>();
  const skipped = new Set<string>();
  env.lists.forEach((list, i) => {
    const r = addList(objects, list, file, `lists[${i}]`);
    r.kinds.forEach((k) => seen.add(k));
    r.skipped.forEach((k) => skipped.add(k));
  });
  objects.gaps = [...env.gaps];
  const warnings = env.gaps.map((g) => `${file}: coverage gap: cluster ${env.cluster.name}: ${g}`);
  const missing = EXPECTED_KINDS.filter((k) => !seen.has(k) && !env.gaps.some((g) => g.startsWith(k)));
  if (missing.length) warnings.push(`${file}: cluster ${env.cluster.name}: no ${missing.join(', ')} in the export (none exist, or they were not exported: edges through them are missing)`);
  if (skipped.size) warnings.push(`${file}: cluster ${env.cluster.name}: kinds not used, skipped: ${[...skipped].sort().join(', ')}`);
  const { name, provider, ...rest } = env.cluster;
  return { clusters: [{ meta: { name, provider, ...stripUndefined(rest) }, objects }], warnings };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
