import { InputError } from '../../../src/errors.js';
import type { ActionUsage, CredentialUsage, IdentityUsage, ServiceUsage, UsageSourceRef } from '../../../src/model/inventory/index.js';
import { isoTime, later, type UsagePart } from './part.js';

/**
 * CloudTrail log files as CloudTrail writes them to S3 (`{"Records":[…]}`, gzip or not): each
 * successful call of an IAM user or role session becomes action (and resource) use of that user or
 * role; each call signed with a long-term key, use of that key. Failed calls (errorCode) are not
 * use: an AccessDenied shows a permission is missing, not exercised.
 */

export const looksLikeCloudTrail = (json: unknown) =>
  typeof json === 'object' && json !== null && !Array.isArray(json) && Array.isArray((json as { Records?: unknown }).Records) && ((json as { Records: unknown[] }).Records.length === 0 || isRecordLike((json as { Records: unknown[] }).Records[0]));

// S3 event notifications also hold `Records` with an eventSource, but `aws:s3`, never a host name.
const isRecordLike = (r: unknown) => typeof r === 'object' && r !== null && 'eventName' in r && isHost((r as { eventSource?: unknown }).eventSource);
const isHost = (s: unknown) => typeof s === 'string' && s.endsWith('.amazonaws.com');

/** Event sources whose IAM service prefix differs from the host name. */
const PREFIX: Record<string, string> = { monitoring: 'cloudwatch', email: 'ses', 'elasticfilesystem': 'elasticfilesystem', 'tagging': 'tag', 'sso-directory': 'sso-directory' };
const prefixOf = (eventSource: string) => {
  const host = eventSource.replace(/\.amazonaws\.com$/, '');
  return PREFIX[host] ?? host;
};

/**
 * Event names that are not the IAM action authorising them: API-version suffixes (Lambda's
 * `UpdateFunctionCode20150331v2`, CloudFront's `CreateDistribution2020_05_31`) and S3 calls
 * authorised by another action.
 */
const ACTION_OF: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
};
const actionOf = (service: string, eventName: string) => {
  const action = `${service}:${eventName.replace(/\d{4}_?\d{2}_?\d{2}(v\d+)?$/, '')}`;
  return ACTION_OF[action] ?? action;
};

type Rec = Record<string, unknown>;

/**
 * Resources a record names only in its request parameters (management events of most services
 * carry no `resources`): a Lambda function by name or ARN.
 */
function impliedResources(service: string, r: Rec): string[] {
  const params = obj(r.requestParameters);
  const account = str(r.recipientAccountId);
  const region = str(r.awsRegion);
  if (service === 'lambda') {
    const name = str(params?.functionName);
    if (name?.startsWith('arn:')) return [name.replace(/:(\$LATEST|\d+)$/, '')];
    if (name && account && region) return [`arn:aws:lambda:${region}:${account}:function:${name}`];
  }
  return [];
}
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Rec | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined);

/** The IAM user or role a record's caller acts as, by ARN; undefined for root, services, web identities. */
function principalOf(identity: Rec): string | undefined {
  const type = str(identity.type);
  if (type === 'IAMUser') return str(identity.arn);
  if (type === 'AssumedRole') return str(obj(obj(identity.sessionContext)?.sessionIssuer)?.arn);
  return undefined;
}

interface Seen {
  lastUsed?: string;
  services: Map<string, Map<string, ActionUsage>>;
}

class Collected {
  readonly identities = new Map<string, Seen>();
  readonly keys = new Map<string, { lastUsed: string; arn?: string }>();
  from?: string;
  to?: string;
  readonly accounts = new Set<string>();
  readonly dataEvents = new Set<string>();

  use(arn: string, action: string, service: string, time: string, resources: readonly string[]): void {
    const id: Seen = this.identities.get(arn) ?? { services: new Map() };
    this.identities.set(arn, id);
    id.lastUsed = later(id.lastUsed, time);
    const actions = id.services.get(service) ?? new Map<string, ActionUsage>();
    id.services.set(service, actions);
    const a = actions.get(action) ?? { action, resources: [] };
    actions.set(action, a);
    a.lastUsed = later(a.lastUsed, time);
    for (const r of resources) {
      const known = a.resources.find((x) => x.arn === r);
      if (known) known.lastUsed = later(known.lastUsed, time)!;
      else a.resources.push({ arn: r, lastUsed: time });
    }
  }
}

export function parseCloudTrail(json: unknown, file: string): UsagePart {
  const records = (json as { Records: unknown[] }).Records;
  const c = new Collected();
  let failed = 0;
  records.forEach((raw, i) => {
    const where = `Records[${i}]`;
    const r = obj(raw);
    if (!r) throw new InputError(file, where, 'expected a CloudTrail event record (an object)');
    const eventSource = str(r.eventSource);
    const eventName = str(r.eventName);
    const time = isoTime(str(r.eventTime));
    if (!eventSource) throw new InputError(file, `${where}.eventSource`, 'expected the service host name, e.g. "s3.amazonaws.com"');
    if (!eventName) throw new InputError(file, `${where}.eventName`, 'expected the API action name');
    if (!time) throw new InputError(file, `${where}.eventTime`, 'expected an ISO 8601 time');
    const identity = obj(r.userIdentity);
    if (!identity) throw new InputError(file, `${where}.userIdentity`, 'expected the caller (an object)');
    const account = str(r.recipientAccountId);
    if (account) c.accounts.add(account);
    c.from = c.from === undefined || time < c.from ? time : c.from;
    c.to = later(c.to, time);
    if (r.errorCode !== undefined && r.errorCode !== null) {
      failed++;
      return;
    }
    const arn = principalOf(identity);
    const key = str(identity.accessKeyId);
    if (key?.startsWith('AKIA')) {
      const k = c.keys.get(key);
      c.keys.set(key, { lastUsed: later(k?.lastUsed, time)!, ...(arn ? { arn } : {}) });
    }
    if (!arn) return;
    const service = prefixOf(eventSource);
    if (r.eventCategory === 'Data' || r.managementEvent === false) c.dataEvents.add(service);
    const listed = Array.isArray(r.resources) ? r.resources.map((x) => str(obj(x)?.ARN)).filter((x): x is string => !!x) : [];
    const resources = listed.length > 0 ? listed : impliedResources(service, r);
    c.use(arn, actionOf(service, eventName), service, time, resources);
  });

  const source: UsageSourceRef = { kind: 'aws-cloudtrail', file, ...(c.from ? { from: c.from, to: c.to! } : {}), scopes: [...c.accounts].sort(), ...(c.dataEvents.size ? { dataEvents: [...c.dataEvents].sort() } : {}) };
  const identities: IdentityUsage[] = [...c.identities].map(([arn, u]) => ({
    subject: { provider: 'aws', arn },
    ...(u.lastUsed ? { lastUsed: u.lastUsed } : {}),
    services: [...u.services].map(([service, actions]): ServiceUsage => ({ service, lastUsed: [...actions.values()].map((a) => a.lastUsed!).sort().at(-1)!, actionsKnown: true, actions: [...actions.values()] })),
    source,
  }));
  const credentials: CredentialUsage[] = [...c.keys].map(([id, k]) => ({ nodeId: `aws:access-key:${id}`, lastUsed: k.lastUsed, ...(k.arn ? { subject: { provider: 'aws' as const, arn: k.arn } } : {}), source }));
  return { identities, credentials, sources: [source], warnings: failed > 0 ? [`${file}: ${failed} failed call(s) (errorCode) not counted as use`] : [] };
}
