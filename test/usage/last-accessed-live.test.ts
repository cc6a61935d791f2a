// Service/action last accessed collected live: the IAM part of `collect aws` with the real IAMClient
// against a local server answering the IAM Query API (moto does not implement these two actions).
// Report values are those of the AWS IAM API reference's GetServiceLastAccessedDetails example
// (user AWSExampleUser01: iam used 2018-10-24T19:11:00Z, s3 never); the tracked action, the paging
// and the failed / unfinished jobs are ours, in the documented response shapes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, type CollectedFile } from '../../collectors/aws/live/recorder.js';
import { collectIam } from '../../collectors/aws/live/services.js';
import type { UsageInventory } from '../../src/model/inventory/index.js';
import { parseDocuments } from '../../src/ingest/read-inputs.js';

const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/AWSExampleUser01`;
const STUCK = `arn:aws:iam::${ACCOUNT}:role/stuck`;
const BROKEN = `arn:aws:iam::${ACCOUNT}:role/broken`;
const NS = 'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"';
const credentials = { accessKeyId: 'AKIALASTACCESSTEST01', secretAccessKey: 'not-a-real-secret-last-accessed-000001' };

const ok = (action: string, result: string) =>
  `<${action}Response ${NS}><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`;
const member = (fields: Record<string, string>) => `<member>${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</member>`;

const TRUST = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
const GAAD = ok('GetAccountAuthorizationDetails', `<IsTruncated>false</IsTruncated>
  <UserDetailList>${member({ UserName: 'AWSExampleUser01', UserId: 'AIDAEXAMPLE0000000001', Path: '/', Arn: USER, CreateDate: '2018-01-01T00:00:00Z' })}</UserDetailList>
  <GroupDetailList/>
  <RoleDetailList>${[STUCK, BROKEN].map((arn) => member({ RoleName: arn.split('/')[1]!, RoleId: `AROA${arn.length}EXAMPLE`, Path: '/', Arn: arn, CreateDate: '2018-01-01T00:00:00Z', AssumeRolePolicyDocument: TRUST })).join('')}</RoleDetailList>
  <Policies/>`);

/** Job ids by ARN; the user's job is IN_PROGRESS on its first read and then COMPLETED over two pages. */
const JOBS: Record<string, string> = { [USER]: 'examplef-1305-c245-eba4-71fe298bcda7', [STUCK]: 'stuck000-0000-0000-0000-000000000000', [BROKEN]: 'broken00-0000-0000-0000-000000000000' };
function report(jobId: string, reads: number, marker: string | undefined): string {
  const head = (status: string) => `<JobStatus>${status}</JobStatus><JobType>ACTION_LEVEL</JobType><JobCreationDate>2018-10-24T19:47:31.466Z</JobCreationDate>`;
  if (jobId === JOBS[STUCK]) return ok('GetServiceLastAccessedDetails', `${head('IN_PROGRESS')}<ServicesLastAccessed/>`);
  if (jobId === JOBS[BROKEN]) return ok('GetServiceLastAccessedDetails', `${head('FAILED')}<JobCompletionDate>2018-10-24T19:47:35.241Z</JobCompletionDate><ServicesLastAccessed/><Error><Message>internal</Message><Code>ServiceFailure</Code></Error>`);
  if (reads === 1) return ok('GetServiceLastAccessedDetails', `${head('IN_PROGRESS')}<ServicesLastAccessed/>`);
  const done = `${head('COMPLETED')}<JobCompletionDate>2018-10-24T19:47:35.241Z</JobCompletionDate>`;
  if (!marker) {
    return ok('GetServiceLastAccessedDetails', `${done}<IsTruncated>true</IsTruncated><Marker>page-2</Marker><ServicesLastAccessed>
      <member><ServiceName>AWS Identity and Access Management</ServiceName><ServiceNamespace>iam</ServiceNamespace><LastAuthenticated>2018-10-24T19:11:00Z</LastAuthenticated><LastAuthenticatedEntity>${USER}</LastAuthenticatedEntity><LastAuthenticatedRegion>us-east-1</LastAuthenticatedRegion><TotalAuthenticatedEntities>2</TotalAuthenticatedEntities>
        <TrackedActionsLastAccessed>${member({ ActionName: 'CreateUser', LastAccessedEntity: USER, LastAccessedTime: '2018-10-24T19:11:00Z', LastAccessedRegion: 'us-east-1' })}${member({ ActionName: 'DeleteUser' })}</TrackedActionsLastAccessed></member>
    </ServicesLastAccessed>`);
  }
  return ok('GetServiceLastAccessedDetails', `${done}<IsTruncated>false</IsTruncated><ServicesLastAccessed>${member({ ServiceName: 'Amazon Simple Storage Service', ServiceNamespace: 's3', TotalAuthenticatedEntities: '0' })}</ServicesLastAccessed>`);
}

let server: http.Server;
let endpoint: string;
const calls: string[] = [];
const reads = new Map<string, number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const p = new URLSearchParams(body);
      const action = p.get('Action') ?? '';
      calls.push(action);
      const send = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(xml);
      };
      if (action === 'GetAccountAuthorizationDetails') return send(200, GAAD);
      if (action === 'ListAccessKeys') return send(200, ok('ListAccessKeys', '<IsTruncated>false</IsTruncated><AccessKeyMetadata/>'));
      if (action === 'GenerateServiceLastAccessedDetails') {
        expect(p.get('Granularity')).toBe('ACTION_LEVEL');
        return send(200, ok('GenerateServiceLastAccessedDetails', `<JobId>${JOBS[p.get('Arn')!]}</JobId>`));
      }
      if (action === 'GetServiceLastAccessedDetails') {
        const job = p.get('JobId')!;
        const n = (reads.get(job) ?? 0) + 1;
        reads.set(job, n);
        return send(200, report(job, n, p.get('Marker') ?? undefined));
      }
      send(404, `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>not here</Message></Error><RequestId>r-2</RequestId></ErrorResponse>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function collect(lastAccessed: boolean): Promise<CollectedFile[]> {
  const files: CollectedFile[] = [];
  const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  // No wall-clock: polls are not spaced; the bound is the number of status reads.
  await collectIam({ rec: new Recorder(ACCOUNT, 'us-east-1', 'global', files, () => {}), config, concurrency: 2, ...(lastAccessed ? { lastAccessed: { maxPolls: 3, pollDelayMs: 0 } } : {}) });
  return files;
}

const usageOf = (files: CollectedFile[]) => {
  const read = parseDocuments(files.map((f) => ({ file: `aws-live:${f.path}`, json: f.envelope })));
  return { usage: read.inventories.find((i): i is UsageInventory => i.provider === 'usage'), warnings: read.warnings };
};

describe('service/action last accessed, collected live', () => {
  let files: CollectedFile[];
  beforeAll(async () => {
    files = await collect(true);
  });

  it('records one envelope per user and role with parameters.Arn, pages concatenated, no Marker', () => {
    const envs = files.filter((f) => f.envelope.command === 'iam get-service-last-accessed-details').map((f) => f.envelope);
    expect(envs.map((e) => e.parameters.Arn).sort()).toEqual([BROKEN, STUCK, USER].sort());
    const user = envs.find((e) => e.parameters.Arn === USER)!.output as Record<string, unknown>;
    expect(user).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCompletionDate: '2018-10-24T19:47:35.241Z' });
    expect((user.ServicesLastAccessed as { ServiceNamespace: string }[]).map((s) => s.ServiceNamespace)).toEqual(['iam', 's3']);
    expect(user).not.toHaveProperty('Marker');
    expect(user).not.toHaveProperty('IsTruncated');
  });

  it('parses into the usage inventory: used service and action with times, the unused ones without', () => {
    const { usage } = usageOf(files);
    const id = usage!.identities.find((i) => i.subject.provider === 'aws' && i.subject.arn === USER)!;
    expect(id.lastUsed).toBe('2018-10-24T19:11:00.000Z');
    const iam = id.services.find((s) => s.service === 'iam')!;
    expect(iam.actions).toEqual([
      { action: 'iam:CreateUser', lastUsed: '2018-10-24T19:11:00.000Z', resources: [] },
      { action: 'iam:DeleteUser', resources: [] },
    ]);
    expect(id.services.find((s) => s.service === 's3')?.lastUsed).toBeUndefined();
  });

  it('a FAILED job and a job not COMPLETED within the bound are error envelopes, hence coverage gaps, not usage', () => {
    const err = (arn: string) => files.find((f) => f.envelope.parameters.Arn === arn)!.envelope;
    expect(err(BROKEN).error).toMatchObject({ code: 'JobFailed' });
    expect(err(BROKEN).error!.message).toContain('ServiceFailure');
    expect(err(STUCK).error).toMatchObject({ code: 'JobNotCompleted' });
    expect(reads.get(JOBS[STUCK]!)).toBe(3);
    const { usage, warnings: gaps } = usageOf(files);
    expect(usage!.identities.map((i) => (i.subject as { arn?: string }).arn)).toEqual([USER]);
    expect(gaps.some((w) => /coverage gap: iam get-service-last-accessed-details failed with JobFailed/.test(w))).toBe(true);
    expect(gaps.some((w) => /coverage gap: iam get-service-last-accessed-details failed with JobNotCompleted/.test(w))).toBe(true);
  });

  it('--save-raw then ingest gives the same usage inventory', () => {
    const saved = files.map((f) => ({ ...f, envelope: JSON.parse(JSON.stringify(f.envelope)) as CollectedFile['envelope'] }));
    expect(usageOf(saved).usage).toEqual(usageOf(files).usage);
  });

  it('opted out (--no-last-accessed): no job is generated', async () => {
    calls.length = 0;
    const out = await collect(false);
    expect(calls).not.toContain('GenerateServiceLastAccessedDetails');
    expect(out.some((f) => f.envelope.command === 'iam get-service-last-accessed-details')).toBe(false);
  });
});
