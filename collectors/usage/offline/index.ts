import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { OfflineFormat, OfflineSource } from '../../types.js';
import { envelopeSchema } from '../../aws/offline/schema.js';
import { looksLikeAccessKeyLastUsed, parseAccessKeyLastUsed } from './aws-access-key-last-used.js';
import { looksLikeLastAccessed, parseLastAccessed } from './aws-last-accessed.js';
import { looksLikeGetUser, looksLikeListUsers, parseListUsers } from './aws-list-users.js';
import { looksLikeAzureActivityLog, parseAzureActivityLog } from './azure-activity.js';
import { looksLikeCloudTrail, parseCloudTrail } from './cloudtrail.js';
import { looksLikeCredentialSignInActivity, looksLikeSpSignInActivity, parseCredentialSignInActivity, parseSpSignInActivity } from './entra.js';
import { looksLikeGcpActivity, looksLikeGcpInsights, parseGcpActivity, parseGcpInsights } from './gcp.js';
import { mergeUsageParts } from './merge.js';
import type { UsagePart } from './part.js';

export type { UsagePart } from './part.js';

/** AWS CLI commands whose output is usage, in the aws-cli/1 envelope that names their subject. */
const USAGE_COMMANDS = ['iam get-service-last-accessed-details', 'iam get-access-key-last-used', 'iam list-users', 'iam get-user'];

// Detection must not stringify what it is handed: a hostile value can nest past the stack.
const isUsageCommand = (command: unknown) => typeof command === 'string' && USAGE_COMMANDS.includes(command);

const usageEnvelope: OfflineFormat<UsagePart> = {
  name: 'leakpath aws-cli/1 envelope (usage)',
  detect: (json) => typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === 'aws-cli/1' && isUsageCommand((json as { command?: unknown }).command),
  parse: (json, file) => {
    const env = parseOrThrow(envelopeSchema, json, file, 'a leakpath aws-cli/1 envelope');
    // A request that failed is a coverage gap, as for every other envelope: no usage, a warning.
    if (env.error) return { identities: [], credentials: [], sources: [], warnings: [`${file}: coverage gap: ${env.command} failed with ${env.error.code}`] };
    const param = (name: string) => (typeof env.parameters[name] === 'string' ? (env.parameters[name] as string) : undefined);
    if (env.command === 'iam list-users' || env.command === 'iam get-user') return parseListUsers(env.output, `${file} (output)`);
    return env.command === 'iam get-access-key-last-used' ? parseAccessKeyLastUsed(env.output, `${file} (output)`, param('AccessKeyId'), env.account) : parseLastAccessed(env.output, `${file} (output)`, param('Arn'));
  },
};

const formats: OfflineFormat<UsagePart>[] = [
  usageEnvelope,
  { name: 'aws iam get-service-last-accessed-details', detect: looksLikeLastAccessed, parse: (json, file) => parseLastAccessed(json, file) },
  { name: 'aws iam get-access-key-last-used', detect: looksLikeAccessKeyLastUsed, parse: (json, file) => parseAccessKeyLastUsed(json, file) },
  { name: 'aws iam list-users', detect: looksLikeListUsers, parse: parseListUsers },
  { name: 'aws iam get-user', detect: looksLikeGetUser, parse: parseListUsers },
  { name: 'CloudTrail log file', detect: looksLikeCloudTrail, parse: parseCloudTrail },
  { name: 'Microsoft Graph servicePrincipalSignInActivities', detect: looksLikeSpSignInActivity, parse: parseSpSignInActivity },
  { name: 'Microsoft Graph appCredentialSignInActivities', detect: looksLikeCredentialSignInActivity, parse: parseCredentialSignInActivity },
  { name: 'Azure activity log (az monitor activity-log list, or insights-activity-logs archive)', detect: looksLikeAzureActivityLog, parse: parseAzureActivityLog },
  { name: 'GCP Policy Intelligence activities', detect: looksLikeGcpActivity, parse: parseGcpActivity },
  { name: 'GCP IAM Recommender policy insights', detect: looksLikeGcpInsights, parse: parseGcpInsights },
];

export const usageOfflineSource: OfflineSource<UsagePart> = { provider: 'usage', formats, merge: mergeUsageParts };
