import { Octokit } from '@octokit/rest';

/**
 * GET with Link paging and GitHub's rate limits, on the real Octokit client. Pages are joined into
 * one body the way `github-raw/1` stores them: arrays concatenated; a wrapper object (`{total_count,
 * secrets: […]}`) keeps its first page's fields with its list concatenated.
 */
export interface Fetched {
  status: number;
  body?: unknown;
  message?: string;
}

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /** Longest wait for a rate-limit reset or a Retry-After before giving up (a coverage gap). */
  maxWaitMs: number;
  timeoutMs: number;
  progress: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const LIST_FIELDS = ['secrets', 'environments', 'workflows', 'installations', 'repositories', 'branch_policies', 'runners', 'runner_groups'];
const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function nextLink(link: string | undefined): string | undefined {
  return link?.split(',').map((p) => /<([^>]+)>;\s*rel="next"/.exec(p)?.[1]).find(Boolean);
}

function join(acc: unknown, page: unknown): unknown {
  if (acc === undefined) return page;
  if (Array.isArray(acc) && Array.isArray(page)) return [...acc, ...page];
  if (typeof acc === 'object' && acc !== null && typeof page === 'object' && page !== null) {
    const out = { ...(acc as Record<string, unknown>) };
    for (const f of LIST_FIELDS) {
      const a = out[f];
      const b = (page as Record<string, unknown>)[f];
      if (Array.isArray(a) && Array.isArray(b)) out[f] = [...a, ...b];
    }
    return out;
  }
  return page;
}

export class GithubClient {
  readonly octokit: Octokit;
  requests = 0;

  constructor(private readonly o: ClientOptions) {
    this.octokit = new Octokit({ auth: o.token, baseUrl: o.baseUrl, request: { timeout: o.timeoutMs }, log: { debug() {}, info() {}, warn() {}, error() {} } });
  }

  private async wait(ms: number, why: string): Promise<boolean> {
    if (ms > this.o.maxWaitMs) return false;
    this.o.progress(`github: ${why}; waiting ${Math.ceil(ms / 1000)} s`);
    await (this.o.sleep ?? sleepFor)(ms);
    return true;
  }

  /** One GET of an absolute or relative URL, retried once after a rate limit it may wait out. */
  private async once(url: string): Promise<{ status: number; data?: unknown; link?: string; message?: string }> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      try {
        const r = await this.octokit.request(`GET ${url}`, { per_page: url.includes('per_page=') ? undefined : 100 });
        const remaining = Number(r.headers['x-ratelimit-remaining']);
        const reset = Number(r.headers['x-ratelimit-reset']);
        if (remaining === 0 && Number.isFinite(reset)) await this.wait(Math.max(0, reset * 1000 - Date.now()), 'primary rate limit exhausted');
        return { status: r.status, data: r.data, link: r.headers.link };
      } catch (e) {
        const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
        const h = err.response?.headers ?? {};
        const status = err.status ?? 0;
        const limited = (status === 403 || status === 429) && (h['retry-after'] !== undefined || h['x-ratelimit-remaining'] === '0');
        if (limited && attempt === 0) {
          const ms = h['retry-after'] !== undefined ? Number(h['retry-after']) * 1000 : Math.max(0, Number(h['x-ratelimit-reset']) * 1000 - Date.now());
          if (await this.wait(ms, status === 429 || h['retry-after'] ? 'secondary rate limit' : 'primary rate limit')) continue;
        }
        // A server or gateway failing (500, 502, 503, 504): tried twice more, then a gap.
        if (err.response && status >= 500 && attempt < 2) {
          const ms = h['retry-after'] !== undefined ? Number(h['retry-after']) * 1000 : 1000 * 2 ** attempt;
          if (await this.wait(ms, `HTTP ${status} on ${url.split('?')[0]}`)) continue;
        }
        // No response at all (refused, reset, timed out): the source is unreachable, not a gap.
        if (!err.response) throw e;
        // GitHub's error bodies say what is missing (a scope, SSO); never a secret.
        return { status, message: (err.message ?? '').split(' - ')[0]!.slice(0, 200) };
      }
    }
  }

  /** Every page of a GET, joined. A non-2xx answer on any page is returned as is. */
  async get(path: string): Promise<Fetched> {
    let url: string | undefined = path;
    let body: unknown;
    while (url) {
      const r = await this.once(url);
      if (r.status < 200 || r.status >= 300) return { status: r.status, message: r.message ?? '' };
      body = join(body, r.data);
      url = nextLink(r.link);
    }
    return { status: 200, body };
  }
}
