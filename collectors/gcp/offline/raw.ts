import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import * as C from '../convert.js';
import { emptyPart, type GcpPart } from '../part.js';
import { policySchema } from '../schemas.js';

/**
 * `gcp-raw/1`: what `leakpath collect gcp --save-raw` writes for the responses no gcloud format
 * carries whole — the resource hierarchy (Resource Manager v3 `organizations:search`,
 * `folders:search`, `projects:search` items), `getIamPolicy` answers (which do not name their
 * resource, so the envelope does), and the listings the caller could not read. Everything else
 * the live collector saves in the gcloud `--format=json` shapes (docs/gcp.md).
 */
export const GCP_RAW_FORMAT = 'gcp-raw/1';
const RESOURCE_TYPES = new Set(['secretmanager.googleapis.com/Secret', 'storage.googleapis.com/Bucket']);

const container = z.object({ name: z.string().regex(/^(organizations|folders|projects)\/[^/]+$/, 'organizations/N, folders/N or projects/N'), parent: z.string().optional(), projectId: z.string().optional(), displayName: z.string().optional(), state: z.string().optional() }).loose();
/** `parent` (the project) is given for secrets and buckets, which then exist even with an empty policy. */
const policyItem = z.object({ resource: z.string().startsWith('//'), assetType: z.string().optional(), parent: z.string().optional(), policy: policySchema }).loose();
const gap = z.object({ scope: z.string().optional(), what: z.string(), reason: z.string() });

export const gcpRawSchema = z.discriminatedUnion('kind', [
  z.object({ leakpath: z.literal(GCP_RAW_FORMAT), kind: z.enum(['organizations', 'folders', 'projects']), request: z.string().optional(), collectedAt: z.string().optional(), items: z.array(container) }),
  z.object({ leakpath: z.literal(GCP_RAW_FORMAT), kind: z.literal('iamPolicies'), request: z.string().optional(), collectedAt: z.string().optional(), items: z.array(policyItem) }),
  z.object({ leakpath: z.literal(GCP_RAW_FORMAT), kind: z.literal('coverageGaps'), collectedAt: z.string().optional(), items: z.array(gap) }),
]);
export type GcpRawFile = z.infer<typeof gcpRawSchema>;

export const looksLikeGcpRaw = (json: unknown) => !!json && typeof json === 'object' && (json as { leakpath?: unknown }).leakpath === GCP_RAW_FORMAT;

export function parseGcpRaw(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const raw = parseOrThrow(gcpRawSchema, json, file, `a leakpath ${GCP_RAW_FORMAT} file (kind organizations, folders, projects, iamPolicies or coverageGaps)`);
  switch (raw.kind) {
    case 'organizations':
    case 'folders':
    case 'projects':
      for (const c of raw.items) {
        if (c.projectId && c.name.startsWith('projects/')) part.projectNumbers.set(c.projectId, c.name.slice('projects/'.length));
        part.inventory.containers.push({
          name: c.name,
          ...(c.projectId ? { projectId: c.projectId } : {}),
          ...(c.displayName ? { displayName: c.displayName } : {}),
          ...(c.parent ? { parent: c.parent } : {}),
          ...(c.state ? { state: c.state } : {}),
        });
      }
      break;
    case 'iamPolicies':
      raw.items.forEach((p, i) => {
        part.inventory.policies.push({ resource: p.resource, ...(p.assetType ? { assetType: p.assetType } : {}), bindings: C.bindings(p.policy), source: `${file} items[${i}]` });
        if (p.parent && p.assetType && RESOURCE_TYPES.has(p.assetType)) part.inventory.resources.push({ name: p.resource, assetType: p.assetType, parent: p.parent, serviceAccounts: [] });
      });
      break;
    case 'coverageGaps':
      part.inventory.coverageGaps = raw.items.map((g) => ({ ...g }));
      break;
  }
  return part;
}
