import type { TokenCredential } from '@azure/identity';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import { SourceUnreachableError } from '../../../src/errors.js';
import { signInFailure } from './auth.js';
import { appendAll } from '../../../src/model/append.js';

/** A listing the caller may not read: recorded as a coverage gap, and the run goes on. */
export class Forbidden extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string,
  ) {
    super(`HTTP ${status}${detail ? `: ${detail}` : ''}`);
  }
}

/** Statuses that mean "not for you", not "Azure is down". */
const GAP_STATUSES = new Set([401, 403, 404]);

function errorDetail(body: string | null | undefined): string {
  try {
    const j = JSON.parse(body ?? '') as { error?: { code?: string; message?: string } };
    return [j.error?.code, j.error?.message].filter(Boolean).join(': ');
  } catch {
    return '';
  }
}

/**
 * Authenticated GETs with paging over Microsoft Graph, ARM and Key Vault, on the Azure SDK's
 * HTTP pipeline: it retries throttled requests (429 and 503, honouring Retry-After) and transient
 * failures, and adds a bearer token for the API's audience.
 */
export class AzureHttp {
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly client: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly credential: TokenCredential,
    private readonly maxRetries = 5,
  ) {}

  private pipeline(scope: string): Pipeline {
    let p = this.pipelines.get(scope);
    if (!p) {
      p = createPipelineFromOptions({ retryOptions: { maxRetries: this.maxRetries }, userAgentOptions: { userAgentPrefix: 'leakpath' } });
      p.addPolicy(bearerTokenAuthenticationPolicy({ credential: this.credential, scopes: scope }));
      this.pipelines.set(scope, p);
    }
    return p;
  }

  /** One GET; the parsed JSON body. Throws Forbidden for 401/403/404, SourceUnreachableError otherwise. */
  async get(url: string, scope: string): Promise<unknown> {
    let response;
    try {
      response = await this.pipeline(scope).sendRequest(this.client, createPipelineRequest({ url, method: 'GET' }));
    } catch (e) {
      const err = e as Error & { statusCode?: number };
      if (err.statusCode && GAP_STATUSES.has(err.statusCode)) throw new Forbidden(err.statusCode, url, err.message);
      throw signInFailure(e) ?? new SourceUnreachableError(`${new URL(url).host}: ${err.message}`);
    }
    if (GAP_STATUSES.has(response.status)) throw new Forbidden(response.status, url, errorDetail(response.bodyAsText));
    if (response.status >= 400) {
      throw new SourceUnreachableError(`${new URL(url).host}: GET ${new URL(url).pathname} answered HTTP ${response.status} ${errorDetail(response.bodyAsText)}`);
    }
    try {
      return JSON.parse(response.bodyAsText ?? 'null');
    } catch {
      throw new SourceUnreachableError(`${new URL(url).host}: GET ${new URL(url).pathname} did not return JSON`);
    }
  }

  /** Every item of a paged listing: `value` arrays joined, following `@odata.nextLink` (Graph) or `nextLink` (ARM, Key Vault). */
  async list(url: string, scope: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | undefined = url;
    const seen = new Set<string>();
    while (next && !seen.has(next)) {
      seen.add(next);
      const body = (await this.get(next, scope)) as { value?: unknown[]; '@odata.nextLink'?: string; nextLink?: string | null } | null;
      appendAll(items, (body?.value ?? []));
      next = body?.['@odata.nextLink'] ?? body?.nextLink ?? undefined;
    }
    return items;
  }
}
