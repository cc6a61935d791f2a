import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { tempDir } from '../helpers/cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/usage');
const ESTATE = path.resolve(import.meta.dirname, '../../examples/unused-estate');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown;
const estate = (name: string) => JSON.parse(readFileSync(path.join(ESTATE, name), 'utf8')) as unknown;
const usageOf = (files: Record<string, unknown>) => readInputsFromJson(files).inventories.find((i): i is UsageInventory => i.provider === 'usage')!;

const A = '123456789012';
const ci = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/ci`, accountId: A, accessKeyId: 'AKIAEXAMPLEKEY000001', userName: 'ci' };
const record = (extra: object = {}) => ({ eventTime: '2025-06-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: ci, recipientAccountId: A, awsRegion: 'us-east-1', ...extra });

describe('AWS last-accessed details', () => {
  it('reads service- and action-level use from the envelope naming the entity', () => {
    const u = usageOf({ 'la.json': estate(`${A}-last-accessed-reports-bot.envelope.json`) });
    const [id] = u.identities;
    expect(id!.subject).toEqual({ provider: 'aws', arn: `arn:aws:iam::${A}:user/reports-bot` });
    const iam = id!.services.find((s) => s.service === 'iam')!;
    expect(iam.lastUsed).toBe('2024-09-14T11:40:00.000Z');
    expect(iam.actions.find((a) => a.action === 'iam:PutUserPolicy')).toEqual({ action: 'iam:PutUserPolicy', resources: [] });
    expect(id!.source).toMatchObject({ kind: 'aws-service-last-accessed', to: '2025-06-30T20:01:45.911Z' });
  });

  it('takes the subject from LastAuthenticatedEntity when the bare output names one identity', () => {
    const env = estate(`${A}-last-accessed-reports-bot.envelope.json`) as { output: unknown };
    expect(usageOf({ 'la.json': env.output }).identities[0]!.subject).toMatchObject({ arn: `arn:aws:iam::${A}:user/reports-bot` });
  });

  it('refuses an output that names no identity, a job still running, and a group report', () => {
    const bare = { JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', ServicesLastAccessed: [{ ServiceName: 'Amazon S3', ServiceNamespace: 's3', TotalAuthenticatedEntities: 0 }] };
    expect(inputError({ 'la.json': bare }).message).toMatch(/la\.json: at ServicesLastAccessed: expected the output in a leakpath aws-cli\/1 envelope naming the entity in parameters\.Arn/);
    expect(inputError({ 'la.json': { ...bare, JobStatus: 'IN_PROGRESS' } }).message).toMatch(/at JobStatus: expected a COMPLETED job/);
    const group = { leakpath: 'aws-cli/1', command: 'iam get-service-last-accessed-details', parameters: { Arn: `arn:aws:iam::${A}:group/ops` }, output: bare };
    expect(inputError({ 'g.json': group }).message).toMatch(/at parameters\.Arn: expected the ARN of an IAM user or role/);
    const badTime = { ...bare, ServicesLastAccessed: [{ ServiceNamespace: 's3', LastAuthenticated: 'yesterday' }] };
    expect(inputError({ 'la.json': badTime }).message).toMatch(/at ServicesLastAccessed\[0\]\.LastAuthenticated: expected .*ISO 8601/);
  });
});

describe('AWS access key last used', () => {
  it('reads the AWS CLI reference example in the envelope naming the key', () => {
    const u = usageOf({ 'k.json': fixture('aws-access-key-last-used.envelope.json') });
    expect(u.credentials).toEqual([expect.objectContaining({ nodeId: 'aws:access-key:AKIA111111111EXAMPLE', lastUsed: '2015-06-16T22:45:00.000Z', detail: 'iam in us-east-1' })]);
  });

  it('a key never used (N/A) has no last use; the bare output (no key id) is refused', () => {
    const u = usageOf({ 'k.json': estate(`${A}-key-last-used-reports-bot.envelope.json`) });
    expect(u.credentials[0]!.lastUsed).toBeUndefined();
    expect(inputError({ 'k.json': { UserName: 'Bob', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } } }).message).toMatch(/k\.json: at AccessKeyLastUsed: expected the output in a leakpath aws-cli\/1 envelope naming the key/);
  });
});

describe('CloudTrail log files', () => {
  it('turns successful calls into action and resource use per user / role, and key use', () => {
    const ops = { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/ops/s`, accessKeyId: 'ASIAEXAMPLESESSION01', sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${A}:role/ops` } } };
    const u = usageOf({
      'ct.json': {
        Records: [
          record({ resources: [{ ARN: 'arn:aws:s3:::b/k', type: 'AWS::S3::Object' }], eventCategory: 'Data', managementEvent: false }),
          record({ eventTime: '2025-06-02T10:00:00Z', eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionCode20150331v2', requestParameters: { functionName: 'orders' } }),
          record({ eventName: 'DeleteBucket', errorCode: 'AccessDenied' }),
          record({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', userIdentity: ops }),
          record({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', userIdentity: { type: 'Root', arn: `arn:aws:iam::${A}:root` } }),
        ],
      },
    });
    const user = u.identities.find((i) => i.subject.provider === 'aws' && i.subject.arn.endsWith('user/ci'))!;
    const actions = user.services.flatMap((s) => s.actions.map((a) => [a.action, a.resources.map((r) => r.arn)]));
    expect(actions).toEqual(expect.arrayContaining([['s3:GetObject', ['arn:aws:s3:::b/k']], ['lambda:UpdateFunctionCode', [`arn:aws:lambda:us-east-1:${A}:function:orders`]]]));
    expect(actions.some(([a]) => a === 's3:DeleteBucket')).toBe(false);
    expect(u.identities.find((i) => i.subject.provider === 'aws' && i.subject.arn === `arn:aws:iam::${A}:role/ops`)).toBeDefined();
    expect(u.identities).toHaveLength(2);
    expect(u.credentials).toEqual([expect.objectContaining({ nodeId: 'aws:access-key:AKIAEXAMPLEKEY000001', lastUsed: '2025-06-02T10:00:00.000Z' })]);
    expect(u.sources[0]).toMatchObject({ kind: 'aws-cloudtrail', from: '2025-06-01T10:00:00.000Z', to: '2025-06-02T10:00:00.000Z', scopes: [A], dataEvents: ['s3'] });
  });

  it('names the record and field of a broken record', () => {
    expect(inputError({ 'ct.json': { Records: [record(), record({ eventTime: 'soon' })] } }).message).toBe('ct.json: at Records[1].eventTime: expected an ISO 8601 time');
    expect(inputError({ 'ct.json': { Records: [record({ userIdentity: undefined })] } }).message).toBe('ct.json: at Records[0].userIdentity: expected the caller (an object)');
  });

  it('reads gzip files as CloudTrail delivers them, and refuses a corrupt one by name', async () => {
    const dir = tempDir('leakpath-ct-');
    const file = path.join(dir, `${A}_CloudTrail_us-east-1_20250601T1000Z_x.json.gz`);
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [record()] })));
    const read = await readInputs([dir]);
    expect(read.sources).toEqual([{ file, format: 'usage: CloudTrail log file' }]);
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [record()] })).subarray(0, 30));
    await expect(readInputs([file])).rejects.toThrow(`${file}: expected gzip-compressed JSON: not gzip data, or truncated`);
  });
});

describe('Entra sign-in activity (Microsoft Graph documentation examples)', () => {
  it('service principals: the latest sign-in of any flow, offsets such as -8:00 read', () => {
    const u = usageOf({ 'sp.json': fixture('entra-sp-sign-in-activities.json') });
    expect(u.identities.map((i) => [i.subject, i.lastUsed])).toEqual([
      [{ provider: 'azure', appId: '83f45296-fb8f-4aaa-a399-ac51084e02b7' }, '2021-04-01T08:00:00.000Z'],
      [{ provider: 'azure', appId: 'f4d9654f-0305-4072-878c-8bf266dfe146' }, '2021-04-01T08:00:00.000Z'],
    ]);
  });

  it('credentials: the node id of an app or service-principal credential', () => {
    const u = usageOf({ 'c.json': fixture('entra-app-credential-sign-in-activities.json'), 'one.json': fixture('entra-app-credential-sign-in-activity-one.json') });
    expect(u.credentials.map((c) => [c.nodeId, c.lastUsed])).toEqual([
      ['azure:certificate:f4d9654f-0305-4072-878c-8bf266dfe146:83f45296-fb8f-4aaa-a399-ac51084e02b7', '2021-03-18T08:00:00.000Z'],
      ['azure:sp-certificate:afb9dcdc-34ef-4d8e-91b5-4f094758100c:8a37cfec-b0a1-4cb1-ac08-c52b03834f4a', '2021-02-01T09:23:46.000Z'],
      ['azure:secret:f4d9654f-0305-4072-878c-8bf266dfe146:83f45296-fb8f-4aaa-a399-ac51084e02b7', '2021-04-01T08:00:00.000Z'],
    ]);
  });

  it('refuses an unknown key type by record', () => {
    const bad = { value: [{ ...(fixture('entra-app-credential-sign-in-activity-one.json') as object), keyType: 'password' }] };
    expect(inputError({ 'c.json': bad }).message).toMatch(/c\.json: at value\[0\]\.keyType: expected a Microsoft Graph appCredentialSignInActivity list/);
  });
});

describe('GCP activity (Google Cloud documentation example)', () => {
  it('last authentication per service account and per key', () => {
    const u = usageOf({ 'sa.json': fixture('gcp-sa-last-authentication.json'), 'key.json': fixture('gcp-sa-key-last-authentication.json') });
    expect(u.identities.map((i) => [i.subject, i.lastUsed])).toEqual([[{ provider: 'gcp', email: 'service-account-1@my-project.iam.gserviceaccount.com' }, '2021-04-27T07:00:00.000Z']]);
    expect(u.credentials.map((c) => [c.nodeId, c.lastUsed])).toEqual([['gcp:sa-key:1f1a216b9ac84307a3b0a1c1a3b1e5e0', '2021-04-27T07:00:00.000Z']]);
  });

  it('refuses a resource name that is no service account', () => {
    const bad = [{ ...(fixture('gcp-sa-last-authentication.json') as object[])[0]!, fullResourceName: '//iam.googleapis.com/projects/p' }];
    expect(inputError({ 'sa.json': bad }).message).toMatch(/sa\.json: at \[0\]\.fullResourceName: expected \/\/iam\.googleapis\.com\/projects/);
  });

  it('policy insights: exercised permissions per service account, by service', () => {
    const insight = [{ name: 'projects/1/locations/global/insightTypes/google.iam.policy.Insight/insights/x', insightSubtype: 'PERMISSIONS_USAGE', lastRefreshTime: '2025-06-30T07:00:00Z', observationPeriod: '7776000s', content: { member: 'serviceAccount:etl@p.iam.gserviceaccount.com', role: 'roles/editor', exercisedPermissions: [{ permission: 'storage.objects.get' }], inferredPermissions: [] } }];
    const u = usageOf({ 'i.json': insight });
    expect(u.identities[0]).toMatchObject({ subject: { provider: 'gcp', email: 'etl@p.iam.gserviceaccount.com' }, services: [{ service: 'storage', actions: [{ action: 'storage.objects.get' }] }] });
    expect(u.sources[0]).toMatchObject({ from: '2025-04-01T07:00:00.000Z', to: '2025-06-30T07:00:00.000Z' });
  });

  it('the REST pages as Google documents them: activities.query and insights.list, with the binding each insight is about', () => {
    const u = usageOf({ 'sa.json': fixture('gcp-activities-query.page.json'), 'i.json': fixture('gcp-policy-insights.list.json'), 'e.json': [fixture('gcp-policy-insight-inferred.json')] });
    expect(u.identities.filter((i) => i.source.kind === 'gcp-activity').map((i) => [i.subject, i.lastUsed])).toEqual([
      [{ provider: 'gcp', email: 'service-account-1@my-project.iam.gserviceaccount.com' }, '2021-04-28T07:00:00.000Z'],
      [{ provider: 'gcp', email: 'service-account-2@my-project.iam.gserviceaccount.com' }, '2021-04-29T07:00:00.000Z'],
    ]);
    const insights = u.identities.filter((i) => i.source.kind === 'gcp-insight');
    expect(insights.map((i) => [i.role, i.insight?.resources, i.insight?.condition, i.insight?.exercised.length, i.insight?.inferred])).toEqual([
      ['roles/viewer', ['//cloudresourcemanager.googleapis.com/projects/123456789012'], undefined, 0, []],
      ['roles/owner', ['//cloudresourcemanager.googleapis.com/projects/123456789012'], undefined, 4, []],
      ['roles/editor', ['//cloudresourcemanager.googleapis.com/projects/123456789012'], undefined, 4, ['resourcemanager.projects.get']],
    ]);
    // An insight for a member that is no service account says nothing about an NHI leakpath reports on.
    const user = { ...(fixture('gcp-policy-insight-inferred.json') as { content: object }), content: { ...(fixture('gcp-policy-insight-inferred.json') as { content: object }).content, member: 'user:a@example.com' } };
    expect(usageOf({ 'u.json': [user] }).identities).toEqual([]);
  });

  it('key activity: the projects whose keys the file lists (a key it lacks was never seen)', () => {
    const u = usageOf({ 'key.json': fixture('gcp-sa-key-last-authentication.json') });
    expect(u.sources[0]).toMatchObject({ kind: 'gcp-activity', keyProjects: ['my-project'] });
    expect(usageOf({ 'sa.json': fixture('gcp-sa-last-authentication.json') }).sources[0]!.keyProjects).toBeUndefined();
  });

  it('refuses an insight without lastRefreshTime, naming the record', () => {
    const bad = { insights: [{ ...(fixture('gcp-policy-insight-inferred.json') as object), lastRefreshTime: 'yesterday' }] };
    expect(inputError({ 'i.json': bad }).message).toMatch(/i\.json: at \[0\]\.lastRefreshTime/);
  });
});
