import type { OfflineFormat, OfflineSource } from '../../types.js';
import type { GcpPart } from '../part.js';
import { looksLikeCai, parseCai } from './cai.js';
import {
  looksLikeDenyPolicies,
  looksLikeKeys,
  looksLikePolicySearch,
  looksLikePools,
  looksLikeRoles,
  looksLikeServiceAccounts,
  parseDenyPolicies,
  parseKeys,
  parsePolicySearch,
  parsePools,
  parseRoles,
  parseServiceAccounts,
} from './gcloud.js';
import { WORKSPACE_FORMATS } from '../../workspace/offline/index.js';
import { mergeGcpParts } from './merge.js';
import { looksLikeGcpRaw, parseGcpRaw, GCP_RAW_FORMAT } from './raw.js';

const formats: OfflineFormat<GcpPart>[] = [
  { name: `leakpath ${GCP_RAW_FORMAT} (collect gcp --save-raw: hierarchy, getIamPolicy answers, coverage gaps)`, detect: looksLikeGcpRaw, parse: parseGcpRaw },
  { name: 'Cloud Asset Inventory export (gcloud asset export / asset list)', detect: looksLikeCai, parse: parseCai },
  { name: 'gcloud asset search-all-iam-policies --format=json', detect: looksLikePolicySearch, parse: parsePolicySearch },
  { name: 'gcloud iam service-accounts keys list --format=json', detect: looksLikeKeys, parse: parseKeys },
  { name: 'gcloud iam policies get/list --kind=denypolicies --format=json (IAM deny policies)', detect: looksLikeDenyPolicies, parse: parseDenyPolicies },
  { name: 'gcloud iam service-accounts list --format=json', detect: looksLikeServiceAccounts, parse: parseServiceAccounts },
  { name: 'gcloud iam roles describe/list --format=json', detect: looksLikeRoles, parse: parseRoles },
  { name: 'gcloud iam workload-identity-pools [providers] list/describe --format=json', detect: looksLikePools, parse: parsePools },
  ...WORKSPACE_FORMATS,
];

export const gcpOfflineSource: OfflineSource<GcpPart> = { provider: 'gcp', formats, merge: mergeGcpParts };
