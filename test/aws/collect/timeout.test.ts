import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAws } from '../../../collectors/aws/live/collect.js';
import { SourceUnreachableError } from '../../../src/errors.js';

/**
 * An AWS endpoint that stops answering must not stall `collect aws`: the SDK only logs a timed-out
 * request unless told to fail it. A local server answers STS GetCallerIdentity (or nothing at all)
 * and leaves every other request hanging.
 */
const credentials = { accessKeyId: 'AKIATIMEOUTTEST00001', secretAccessKey: 'not-a-real-secret-timeout-test-0000000001' };
const servers: http.Server[] = [];
const savedEndpoint = process.env.AWS_ENDPOINT_URL;

async function hangingAws(answerSts: boolean): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (answerSts && body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/collector</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
      }
      // Everything else: never answered.
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = savedEndpoint;
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('collect aws against an endpoint that stops answering', () => {
  it('every listing that times out is a coverage gap; the run ends with what it read', { timeout: 60_000 }, async () => {
    process.env.AWS_ENDPOINT_URL = await hangingAws(true);
    const c = await collectAws({ regions: ['us-east-1'], credentials, maxAttempts: 1, requestTimeoutMs: 300, concurrency: 16 });
    expect(c.accounts).toEqual(['123456789012']);
    const timedOut = c.files.filter((f) => (f.envelope as { error?: { code: string } }).error?.code === 'TimeoutError');
    expect(timedOut.length).toBeGreaterThan(0);
  });

  it('a sign-in probe that times out: unreachable (exit 3), not a hang', { timeout: 30_000 }, async () => {
    process.env.AWS_ENDPOINT_URL = await hangingAws(false);
    const e = await collectAws({ regions: ['us-east-1'], credentials, maxAttempts: 1, requestTimeoutMs: 300 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceUnreachableError);
    expect((e as Error).message).toMatch(/unreachable.*TimeoutError/);
    expect((e as Error).message).not.toContain(credentials.secretAccessKey);
  });
});
