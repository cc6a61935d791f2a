import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A local HTTPS server (127.0.0.1, free port, throwaway self-signed certificate) that answers as
 * Entra's token endpoint, Microsoft Graph (under /graph), ARM (under /arm) and a Key Vault (under
 * /vault/<name>), with responses in the documented shapes. The real SDK clients talk to it; the
 * child process trusts the certificate through NODE_EXTRA_CA_CERTS.
 */
export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export type Handler = (req: { path: string; query: URLSearchParams; base: string; count: number }) => { status?: number; headers?: Record<string, string>; body: unknown };

export interface ReplayServer {
  base: string;
  certFile: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Writes a self-signed certificate for 127.0.0.1 into `dir`. */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { certFile, keyFile };
}

/** Routes are matched on the path (case-insensitive, query ignored), first match wins. */
export async function startReplayServer(dir: string, routes: [RegExp, Handler][]): Promise<ReplayServer> {
  const { certFile, keyFile } = selfSignedCertificate(dir);
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  let base = '';
  const server: Server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      requests.push({ at: Date.now(), method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, authorization: req.headers.authorization, body });
      const route = routes.find(([re]) => re.test(url.pathname));
      const key = route ? route[0].source : url.pathname;
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      const answer = route
        ? route[1]({ path: url.pathname, query: url.searchParams, base, count })
        : { status: 404, body: { error: { code: 'NotFound', message: `no replay for ${url.pathname}` } } };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    certFile,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
