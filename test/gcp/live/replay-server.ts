import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server answering Google REST paths (with any API's rootUrl pointed at it) from a
 * route table: path (decoded) → body, or a function of the query for paging. Records every request
 * so tests can check what the real client sent. Unknown paths get Google's 404 error shape.
 */
export type Answer = { status?: number; headers?: Record<string, string>; body: unknown };
export type Route = (query: URLSearchParams, req: IncomingMessage) => Answer | unknown;

export interface Replay {
  url: string;
  seen: { method: string; path: string; query: string; auth?: string }[];
  close(): Promise<void>;
}

export const googleError = (code: number, status: string, message: string): Answer => ({ status: code, body: { error: { code, message, status } } });
const isAnswer = (x: unknown): x is Answer => !!x && typeof x === 'object' && 'body' in x && Object.keys(x).every((k) => ['status', 'headers', 'body'].includes(k));

export async function startReplay(routes: Record<string, Route>): Promise<Replay> {
  const seen: Replay['seen'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    seen.push({ method: req.method ?? 'GET', path, query: url.search, auth: req.headers.authorization });
    req.resume();
    req.on('end', () => {
      const route = routes[`${req.method} ${path}`];
      const out = route ? route(url.searchParams, req) : googleError(404, 'NOT_FOUND', `Requested entity was not found: ${path}`);
      const answer: Answer = isAnswer(out) ? out : { body: out };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A paged listing: `pageSize` items per page, `nextPageToken` = the next offset, as an opaque string. */
export function paged(field: string, items: unknown[], pageSize: number): Route {
  return (q) => {
    const from = Number(q.get('pageToken')?.replace(/^tok-/, '') ?? '0');
    const next = from + pageSize < items.length ? `tok-${from + pageSize}` : undefined;
    return { [field]: items.slice(from, from + pageSize), ...(next ? { nextPageToken: next } : {}) };
  };
}
