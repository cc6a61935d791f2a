import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAws } from '../../../collectors/aws/live/collect.js';

/**
 * `collect aws` under throttling and failing services: a call throttled a few times is retried
 * with back-off and its answer kept; a service answering 503 on every try is retried up to the
 * attempt limit, then recorded as a coverage gap, and the run keeps what it read. A local server
 * answers STS, throttles IAM's authorization details twice, and fails everything else.
 */
const credentials = { accessKeyId: 'AKIATHROTTLETEST0001', secretAccessKey: 'not-a-real-secret-throttle-test-00000001' };
const ACCOUNT = '123456789012';
const servers: http.Server[] = [];
const savedEndpoint = process.env.AWS_ENDPOINT_URL;

const STS = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/collector</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const GAAD = `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList><member><RoleName>deploy</RoleName><RoleId>AROAEXAMPLEDEPLOY001</RoleId><Arn>arn:aws:iam::${ACCOUNT}:role/deploy</Arn><Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument><RolePolicyList/><AttachedManagedPolicies/><InstanceProfileList/><Tags/></member></RoleDetailList><Policies/></GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`;
const THROTTLED = '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>3</RequestId></ErrorResponse>';

interface Seen {
  gaad: number;
  /** Requests that were neither STS nor GAAD, by target: every try of each. */
  failed: Map<string, number>;
}

async function throttlingAws(gaadThrottles: number): Promise<{ url: string; seen: Seen }> {
  const seen: Seen = { gaad: 0, failed: new Map() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.end(STS);
      }
      if (body.includes('Action=GetAccountAuthorizationDetails')) {
        seen.gaad++;
        res.writeHead(seen.gaad <= gaadThrottles ? 400 : 200, { 'content-type': 'text/xml' });
        return res.end(seen.gaad <= gaadThrottles ? THROTTLED : GAAD);
      }
      const target = String(req.headers['x-amz-target'] ?? body.match(/Action=(\w+)/)?.[1] ?? `${req.method} ${req.url}`);
      seen.failed.set(target, (seen.failed.get(target) ?? 0) + 1);
      res.writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailableException' });
      res.end(JSON.stringify({ __type: 'ServiceUnavailableException', message: 'Service unavailable' }));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = savedEndpoint;
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const errorOf = (envelope: unknown) => (envelope as { error?: { code: string } }).error?.code;

describe('collect aws against a throttling, failing endpoint', () => {
  it('a throttled call is retried and its answer kept; a 503 on every try is retried, then a coverage gap; the run ends', { timeout: 120_000 }, async () => {
    const { url, seen } = await throttlingAws(2);
    process.env.AWS_ENDPOINT_URL = url;
    const c = await collectAws({ regions: ['us-east-1'], credentials, maxAttempts: 3, requestTimeoutMs: 5_000, concurrency: 8});
    expect(c.accounts).toEqual([ACCOUNT]);
    // Throttled twice, answered on the third try: kept, not a gap.
    expect(seen.gaad).toBe(3);
    const gaad = c.files.find((f) => (f.envelope as { command: string }).command === 'iam get-account-authorization-details')!;
    expect(errorOf(gaad.envelope)).toBeUndefined();
    expect(JSON.stringify(gaad.envelope)).toContain('role/deploy');
    // Every other call failed on each of its three tries and is recorded with its error.
    expect(seen.failed.size).toBeGreaterThan(0);
    for (const [target, tries] of seen.failed) expect(tries % 3, target).toBe(0);
    const gaps = c.files.filter((f) => errorOf(f.envelope) !== undefined);
    expect(gaps.length).toBeGreaterThan(0);
    // JSON-protocol services name the 503's type; query-protocol ones cannot read the JSON body.
    expect(new Set(gaps.map((f) => errorOf(f.envelope)))).toEqual(new Set(['ServiceUnavailableException', 'UnknownError']));
  });

  it('with one attempt allowed, the throttled call is a coverage gap (negative control)', { timeout: 60_000 }, async () => {
    const { url, seen } = await throttlingAws(2);
    process.env.AWS_ENDPOINT_URL = url;
    const c = await collectAws({ regions: ['us-east-1'], credentials, maxAttempts: 1, requestTimeoutMs: 5_000, concurrency: 8 });
    expect(seen.gaad).toBe(1);
    const gaad = c.files.find((f) => (f.envelope as { command: string }).command === 'iam get-account-authorization-details')!;
    expect(errorOf(gaad.envelope)).toBe('Throttling');
  });
});
