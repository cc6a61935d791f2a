import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import path from 'node:path';

/**
 * A Kubernetes API server stand-in on 127.0.0.1 over HTTPS (a self-signed certificate made for
 * the test), answering list calls with the documented list shapes: `limit` + `continue` paging,
 * a Status 403 for refused kinds, and the issuer discovery document.
 */
export interface ApiServer {
  base: string;
  caData: string;
  requests: string[];
  close(): Promise<void>;
}

type List = { kind: string; apiVersion: string; items: object[] };

/** A listing that fails: `times` answers of `status` (with Retry-After), then `list`; `drop` closes the connection, `stall` never answers. */
export interface Flaky {
  status: number | 'drop' | 'stall';
  times: number;
  retryAfter?: string;
  list?: List;
}

export interface Routes {
  /** Path → every item of the listing (paged by the server), a status code to refuse with, or a flaky listing. */
  lists: Record<string, List | number | Flaky>;
  issuer?: string;
  token: string;
}

function status(code: number, path: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${path} is forbidden: User "system:serviceaccount:leakpath:reader" cannot list resource at the cluster scope`,
    reason: code === 403 ? 'Forbidden' : 'Unauthorized',
    code,
  };
}

export async function startApiServer(dir: string, routes: Routes): Promise<ApiServer> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const cert = readFileSync(certFile);
  const requests: string[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${routes.token}`) return send(401, status(401, url.pathname));
    if (url.pathname === '/.well-known/openid-configuration' && routes.issuer) {
      return send(200, { issuer: routes.issuer, jwks_uri: `${routes.issuer}/openid/v1/jwks`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] });
    }
    let list = routes.lists[url.pathname];
    if (list === undefined) return send(404, status(404, url.pathname));
    if (typeof list === 'number') return send(list, status(list, url.pathname));
    if ('times' in list) {
      const failed = failures.get(url.pathname) ?? 0;
      if (failed < list.times || !list.list) {
        failures.set(url.pathname, failed + 1);
        if (list.status === 'drop') return req.socket.destroy();
        if (list.status === 'stall') return;
        res.writeHead(list.status, { 'content-type': 'application/json', ...(list.retryAfter !== undefined ? { 'retry-after': list.retryAfter } : {}) });
        return res.end(JSON.stringify({ ...status(list.status, url.pathname), reason: list.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'try again later' }));
      }
      list = list.list;
    }
    const limit = Number(url.searchParams.get('limit') ?? list.items.length) || list.items.length;
    const from = Number(url.searchParams.get('continue') ?? '0');
    const items = list.items.slice(from, from + limit);
    const more = from + limit < list.items.length;
    send(200, { kind: list.kind, apiVersion: list.apiVersion, metadata: { resourceVersion: '1000', ...(more ? { continue: String(from + limit), remainingItemCount: list.items.length - from - limit } : {}) }, items });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `https://127.0.0.1:${port}`,
    caData: cert.toString('base64'),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled requests hold their connections open: close them too.
        server.closeAllConnections();
      }),
  };
}

export function kubeconfig(server: ApiServer, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: replay',
    '  cluster:',
    `    server: ${server.base}`,
    `    certificate-authority-data: ${server.caData}`,
    '- name: elsewhere',
    '  cluster:',
    '    server: https://127.0.0.1:1',
    'users:',
    '- name: reader',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: replay-ctx',
    '  context: {cluster: replay, user: reader}',
    '- name: other-ctx',
    '  context: {cluster: elsewhere, user: reader}',
    'current-context: other-ctx',
    '',
  ].join('\n');
}
