import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import * as C from '../convert.js';
import { containerName, projectOf } from '../names.js';
import { emptyPart, type GcpPart } from '../part.js';
import * as S from '../schemas.js';

/**
 * gcloud `--format=json` outputs other than Cloud Asset: a list (array) or one object (describe).
 * Each format is recognised by the shape of its names.
 */
const asArray = (json: unknown): unknown[] => (Array.isArray(json) ? json : [json]);
const firstOf = (json: unknown) => asArray(json)[0] as Record<string, unknown> | undefined;
const named = (json: unknown, re: RegExp, extra: (o: Record<string, unknown>) => boolean = () => true) => {
  const first = firstOf(json);
  return !!first && typeof first === 'object' && typeof first.name === 'string' && re.test(first.name) && extra(first);
};

/** A list output (validated whole, so errors name `[i].field`) or one describe output. */
function records<T extends z.ZodType>(schema: T, json: unknown, file: string, what: string): z.infer<T>[] {
  return Array.isArray(json) ? parseOrThrow(z.array(schema), json, file, what) : [parseOrThrow(schema, json, file, what)];
}

export const looksLikeKeys = (json: unknown) => named(json, /serviceAccounts\/[^/]+\/keys\/[^/]+$/) && !('asset_type' in firstOf(json)! || 'assetType' in firstOf(json)!);

export function parseKeys(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  part.inventory.keys = records(S.keySchema, json, file, 'service account keys as `gcloud iam service-accounts keys list --format=json` prints them').map(C.key);
  return part;
}

export const looksLikeRoles = (json: unknown) => named(json, /^(roles\/|(projects|organizations)\/[^/]+\/roles\/)/, (o) => 'title' in o || 'includedPermissions' in o || 'etag' in o);

export function parseRoles(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  for (const x of records(S.roleSchema, json, file, 'roles as `gcloud iam roles describe/list --format=json` prints them')) {
    const role = C.customRole(x, part, file);
    if (role) part.inventory.customRoles.push(role);
  }
  return part;
}

export const looksLikePools = (json: unknown) => named(json, /workloadIdentityPools\/[^/]+(\/providers\/[^/]+)?$/);

/** Pools and providers (`gcloud iam workload-identity-pools [providers] list/describe --format=json`). */
export function parsePools(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  for (const [i, x] of asArray(json).entries()) {
    const record = Array.isArray(json) ? `[${i}]` : 'describe';
    const name = (x as { name?: unknown })?.name;
    if (typeof name === 'string' && name.includes('/providers/')) part.inventory.workloadIdentityProviders.push(C.provider(parseOrThrow(S.providerSchema, x, file, `a workload identity pool provider (${record})`)));
    else part.inventory.workloadIdentityPools.push(C.pool(parseOrThrow(S.poolSchema, x, file, `a workload identity pool (${record})`)));
  }
  return part;
}

export const looksLikeServiceAccounts = (json: unknown) => named(json, /^projects\/[^/]+\/serviceAccounts\/[^/]+$/, (o) => typeof o.email === 'string');

export function parseServiceAccounts(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  for (const sa of records(S.serviceAccountSchema, json, file, 'service accounts as `gcloud iam service-accounts list --format=json` prints them')) {
    part.inventory.serviceAccounts.push(C.serviceAccount(sa));
    if (sa.uniqueId) part.serviceAccountIds.set(sa.uniqueId, sa.email.toLowerCase());
  }
  return part;
}

/** `gcloud asset search-all-iam-policies --format=json`. */
export const looksLikePolicySearch = (json: unknown) => {
  const first = firstOf(json);
  return !!first && typeof first === 'object' && typeof first.resource === 'string' && first.resource.startsWith('//') && typeof first.policy === 'object';
};

export function parsePolicySearch(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  for (const [i, r] of records(S.searchResultSchema, json, file, 'IAM policy search results as `gcloud asset search-all-iam-policies --format=json` prints them').entries()) {
    part.inventory.policies.push({ resource: r.resource, ...(r.assetType ? { assetType: r.assetType } : {}), bindings: C.bindings(r.policy), source: `${file} [${i}]` });
    // The result names the resource's project and folders, not their order: a project's parent is
    // known only when exactly one folder (or none, and the organisation) is named.
    const written = projectOf(r.resource);
    const number = r.project?.slice('projects/'.length);
    if (written && number && written !== number && !/^\d+$/.test(written)) part.projectNumbers.set(written, number);
    const self = containerName(r.resource);
    if (self?.startsWith('projects/')) {
      const parent = r.folders?.length === 1 ? r.folders[0] : !r.folders?.length ? r.organization : undefined;
      part.inventory.containers.push({ name: self, ...(parent ? { parent } : {}) });
    } else if (r.project && (r.assetType === 'secretmanager.googleapis.com/Secret' || r.assetType === 'storage.googleapis.com/Bucket')) {
      part.inventory.resources.push({ name: r.resource, assetType: r.assetType, parent: r.project, serviceAccounts: [] });
    }
    if (r.organization) part.inventory.containers.push({ name: r.organization });
  }
  return part;
}

export const looksLikeDenyPolicies = (json: unknown) => named(json, /^policies\/[^/]+\/denypolicies\/[^/]+$/);

/**
 * IAM deny policies (`gcloud iam policies get POLICY --attachment-point=… --kind=denypolicies
 * --format=json`, or a list of them). `gcloud iam policies list` prints metadata without rules:
 * such a policy denies nothing here, and a warning says to `get` it.
 */
export function parseDenyPolicies(json: unknown, file: string): GcpPart {
  const part = emptyPart();
  for (const [i, p] of records(S.denyPolicySchema, json, file, 'IAM deny policies as `gcloud iam policies get --kind=denypolicies --format=json` prints them').entries()) {
    const attachment = decodeURIComponent(p.name.split('/')[1]!);
    const rules = p.rules.flatMap((r) => (r.denyRule ? [{ ...(r.description ? { description: r.description } : {}), deniedPrincipals: r.denyRule.deniedPrincipals, exceptionPrincipals: r.denyRule.exceptionPrincipals, deniedPermissions: r.denyRule.deniedPermissions, exceptionPermissions: r.denyRule.exceptionPermissions, ...(r.denyRule.denialCondition ? { denialCondition: { ...r.denyRule.denialCondition } } : {}) }] : []));
    if (!('rules' in (Array.isArray(json) ? (json[i] as object) : (json as object)))) part.warnings.push(`${file}: deny policy ${p.name} lists no rules (\`gcloud iam policies list\` prints metadata only; use \`gcloud iam policies get\`); it denies nothing in this analysis`);
    part.inventory.denyPolicies!.push({ name: p.name, attachmentPoint: `//${attachment}`, ...(p.displayName ? { displayName: p.displayName } : {}), rules, source: `${file}${Array.isArray(json) ? ` [${i}]` : ''}` });
  }
  return part;
}
