import { parseOrThrow } from '../../../src/ingest/validate.js';
import { recordName } from '../../../src/ingest/ndjson.js';
import * as C from '../convert.js';
import { containerName, isEmail, projectOf, runsAs, serviceAccountRef } from '../names.js';
import { emptyPart, type GcpPart } from '../part.js';
import * as S from '../schemas.js';

const asArray = (json: unknown): unknown[] => (Array.isArray(json) ? json : [json]);

/** Cloud Asset assets: full resource name plus a snake_case or camelCase asset type. */
export function looksLikeCai(json: unknown): boolean {
  const first = asArray(json)[0] as Record<string, unknown> | undefined;
  return !!first && typeof first === 'object' && typeof first.name === 'string' && first.name.startsWith('//') && (typeof first.asset_type === 'string' || typeof first.assetType === 'string');
}

/** Asset types whose `resource.data` the analysis reads beyond the service accounts they run as. */
const SECRET = 'secretmanager.googleapis.com/Secret';
const BUCKET = 'storage.googleapis.com/Bucket';

/** Early Cloud Asset exports named types `google.iam.ServiceAccount`; today `iam.googleapis.com/ServiceAccount`. */
const LEGACY_TYPES: Record<string, string> = {
  'google.iam.ServiceAccount': 'iam.googleapis.com/ServiceAccount',
  'google.iam.ServiceAccountKey': 'iam.googleapis.com/ServiceAccountKey',
  'google.iam.Role': 'iam.googleapis.com/Role',
  'google.cloud.resourcemanager.Organization': 'cloudresourcemanager.googleapis.com/Organization',
  'google.cloud.resourcemanager.Folder': 'cloudresourcemanager.googleapis.com/Folder',
  'google.cloud.resourcemanager.Project': 'cloudresourcemanager.googleapis.com/Project',
  'google.cloud.storage.Bucket': 'storage.googleapis.com/Bucket',
  'google.compute.Instance': 'compute.googleapis.com/Instance',
};
const modernType = (t: string) => LEGACY_TYPES[t] ?? t;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function addContainer(part: GcpPart, name: string, data: Record<string, unknown>, parentFull: string | undefined, ancestors: string[] | undefined): void {
  const rel = containerName(name);
  if (!rel) return;
  const projectNumber = str(data.projectNumber);
  const projectId = str(data.projectId);
  const relName = rel.startsWith('projects/') && projectNumber ? `projects/${projectNumber}` : rel;
  if (projectId && projectNumber) part.projectNumbers.set(projectId, projectNumber);
  const parent = (parentFull && containerName(parentFull)) ?? (ancestors && ancestors.length > 1 ? ancestors[1] : undefined);
  part.inventory.containers.push({
    name: relName,
    ...(projectId ? { projectId } : {}),
    ...(str(data.displayName) ?? str(data.name) ? { displayName: str(data.displayName) ?? str(data.name)! } : {}),
    ...(parent ? { parent } : {}),
    ...(str(data.lifecycleState) ?? str(data.state) ? { state: str(data.lifecycleState) ?? str(data.state)! } : {}),
  });
}

/** The hierarchy an asset's `ancestors` spells out: each element's parent is the next one. */
function addAncestry(part: GcpPart, ancestors: string[]): void {
  for (let i = 0; i + 1 < ancestors.length; i++) {
    if (containerName(ancestors[i]!)) part.inventory.containers.push({ name: ancestors[i]!, parent: ancestors[i + 1]! });
  }
  const top = ancestors[ancestors.length - 1];
  if (top && containerName(top)) part.inventory.containers.push({ name: top });
}

/**
 * Cloud Asset Inventory: `gcloud asset export` NDJSON (read line by line by the ingest),
 * `gcloud asset list --format=json` arrays, or one asset. Resource and IAM-policy content types
 * may be in the same or separate files; the merge joins them by name.
 */
export function parseCai(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  const records = asArray(json);
  records.forEach((raw, i) => {
    const a = parseOrThrow(S.assetSchema, raw, file, `a Cloud Asset Inventory asset (${recordName(records, i)})`);
    const type = modernType((a.asset_type ?? a.assetType)!);
    const policy = a.iam_policy ?? a.iamPolicy;
    const data = (a.resource?.data ?? undefined) as Record<string, unknown> | undefined;
    const parentFull = a.resource?.parent;
    const ancestors = a.ancestors;
    if (ancestors) addAncestry(part, ancestors);
    if (policy) part.inventory.policies.push({ resource: a.name, assetType: type, bindings: C.bindings(policy), source: `${file} ${recordName(records, i)}` });
    // An asset of another kind names its project in `ancestors` (number) and maybe in its name (id).
    const named = projectOf(a.name);
    const numbered = ancestors?.find((x) => x.startsWith('projects/'))?.slice('projects/'.length);
    if (named && numbered && named !== numbered && !/^\d+$/.test(named)) part.projectNumbers.set(named, numbered);
    if (!data) {
      // An iam-policy export names secrets and buckets without a resource export: they still exist.
      if (policy && (type === SECRET || type === BUCKET)) {
        const parent = ancestors?.[0];
        part.inventory.resources.push({ name: a.name, assetType: type, ...(parent ? { parent } : {}), serviceAccounts: [] });
      }
      return;
    }

    switch (type) {
      case 'cloudresourcemanager.googleapis.com/Organization':
      case 'cloudresourcemanager.googleapis.com/Folder':
      case 'cloudresourcemanager.googleapis.com/Project':
        addContainer(part, a.name, data, parentFull, ancestors);
        return;
      case 'iam.googleapis.com/ServiceAccount': {
        const sa = parseOrThrow(S.serviceAccountSchema, data, file, `service account data (${recordName(records, i)}.resource.data)`);
        part.inventory.serviceAccounts.push(C.serviceAccount(sa));
        const ref = serviceAccountRef(a.name);
        if (ref && !isEmail(ref.ref)) part.serviceAccountIds.set(ref.ref, sa.email.toLowerCase());
        if (sa.uniqueId) part.serviceAccountIds.set(sa.uniqueId, sa.email.toLowerCase());
        return;
      }
      case 'iam.googleapis.com/ServiceAccountKey': {
        // data.name spells the SA by email; the asset name by unique id.
        const k = parseOrThrow(S.keySchema, { ...data, name: str(data.name) ?? a.name }, file, `service account key data (${recordName(records, i)}.resource.data)`);
        part.inventory.keys.push(C.key(k));
        return;
      }
      case 'iam.googleapis.com/Role': {
        const r = parseOrThrow(S.roleSchema, data, file, `role data (${recordName(records, i)}.resource.data)`);
        const role = C.customRole(r, part, file);
        if (role) part.inventory.customRoles.push(role);
        return;
      }
      case 'iam.googleapis.com/WorkloadIdentityPool':
        part.inventory.workloadIdentityPools.push(C.pool(parseOrThrow(S.poolSchema, { ...data, name: str(data.name) ?? a.name.replace(/^\/\/iam\.googleapis\.com\//, '') }, file, `workload identity pool (${recordName(records, i)})`)));
        return;
      case 'iam.googleapis.com/WorkloadIdentityPoolProvider':
        part.inventory.workloadIdentityProviders.push(
          C.provider(parseOrThrow(S.providerSchema, { ...data, name: str(data.name) ?? a.name.replace(/^\/\/iam\.googleapis\.com\//, '') }, file, `workload identity provider (${recordName(records, i)})`)),
        );
        return;
    }
    const sas = runsAs(data);
    if (sas.length > 0 || type === SECRET || type === BUCKET) {
      const parent = (parentFull && containerName(parentFull)) ?? ancestors?.[0];
      part.inventory.resources.push({
        name: a.name,
        assetType: type,
        ...(parent ? { parent } : {}),
        ...(a.resource?.location ? { location: a.resource.location } : {}),
        serviceAccounts: sas,
        ...(str(data.displayName) ? { displayName: str(data.displayName)! } : {}),
      });
    }
  });
  return part;
}
