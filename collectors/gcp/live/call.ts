import { SourceUnreachableError } from '../../../src/errors.js';

/** A read the caller may not make (403, 404, API disabled): a coverage gap, and the run goes on. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`HTTP ${status}${detail ? `: ${detail}` : ''}`);
  }
}

export interface CallOptions {
  /** Longest total wait for throttling (429 / 503) on one request before it becomes a gap. */
  maxWaitMs: number;
  /** Called before each wait, so a long run says why it pauses. */
  onWait?: (what: string, ms: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const THROTTLED = new Set([429, 503]);
const GAP = new Set([403, 404]);

interface HttpFailure {
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
  code?: string;
  message?: string;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The API's error message (`{error: {code, message, status}}`), never the request or its headers. */
function detail(data: unknown): string {
  const e = (data as { error?: { status?: string; message?: string } } | undefined)?.error;
  if (!e || typeof e !== 'object') return '';
  return [e.status, e.message].filter((x) => typeof x === 'string' && x).join(': ').slice(0, 300);
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One Google API request through the official client, with Google's documented throttling
 * handling: 429 and 503 are retried after Retry-After (else exponential back-off) until
 * `maxWaitMs` is spent; 403 and 404 become a Refused (a gap); anything else means the API is not
 * reachable with these credentials, and stops the run.
 */
export async function call<T>(what: string, request: () => Promise<{ data: T }>, o: CallOptions): Promise<T> {
  const sleep = o.sleep ?? defaultSleep;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await request()).data;
    } catch (e) {
      const err = e as HttpFailure;
      const status = err.response?.status ?? err.status;
      if (status !== undefined && THROTTLED.has(status)) {
        const ms = retryAfterMs(header(err.response?.headers, 'retry-after')) ?? Math.min(30_000, 1000 * 2 ** attempt);
        if (waited + ms > o.maxWaitMs) throw new Refused(status, `still throttled after ${Math.round(waited / 1000)} s (--max-wait)`);
        o.onWait?.(what, ms);
        await sleep(ms);
        waited += ms;
        continue;
      }
      if (status !== undefined && GAP.has(status)) throw new Refused(status, detail(err.response?.data));
      if (status === 401) throw new SourceUnreachableError(`gcp: ${what}: the credentials were refused (HTTP 401 ${detail(err.response?.data)}); check Application Default Credentials or --key-file`);
      const why = status !== undefined ? `HTTP ${status} ${detail(err.response?.data)}` : (err.code ?? err.message?.split('\n')[0] ?? 'no answer');
      throw new SourceUnreachableError(`gcp: ${what}: ${why}`);
    }
  }
}

/** Every item of a paged listing, following `nextPageToken`. */
export async function pages<T>(what: string, page: (pageToken: string | undefined) => Promise<{ data: object }>, field: string, o: CallOptions): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const body = (await call(what, () => page(token), o)) as Record<string, unknown>;
    const got = body[field];
    if (Array.isArray(got)) for (const x of got) items.push(x as T);
    token = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined;
    if (token && seen.has(token)) break;
    if (token) seen.add(token);
  } while (token);
  return items;
}
