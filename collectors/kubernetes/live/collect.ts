import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../live/request-timeout.js';
import * as k8s from '@kubernetes/client-node';
import { SourceUnreachableError, UsageError } from '../../../src/errors.js';
import type { K8sClusterProvider } from '../../../src/model/inventory/index.js';
import { ENVELOPE_FORMAT } from '../offline/envelope.js';
import { recogniseSecretData } from '../offline/secrets.js';
import { appendAll } from '../../../src/model/append.js';

export interface K8sCollectOptions {
  kubeconfig?: string;
  context?: string;
  /** Cluster facts the API does not give: name (default: the context's cluster), provider, cloud ids. */
  cluster: { name?: string; provider: K8sClusterProvider; oidcIssuer?: string; [k: string]: string | undefined };
  pageSize?: number;
  progress?: (line: string) => void;
  /** Retries of a throttled or failing list call (429, 5xx) before its kind becomes a gap; default 4. */
  maxRetries?: number;
  /** Waits between retries (tests pass a fake); default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * A request with no answer by then is aborted (default 60 s, as `collect aws`): a stalled server
   * is then unreachable (nothing listed yet) or a coverage gap (its kind), never a run that hangs.
   */
  requestTimeoutMs?: number;
}


/** A request the server did not answer in time. */
class RequestTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} (request timeout)`);
  }
}

/**
 * The client's per-call options that abort the request when `signal` does. The generated client
 * hands a request context's signal to fetch; a middleware is the documented way to set it.
 */
const abortOn = (signal: AbortSignal): k8s.ConfigurationOptions => ({
  middleware: [
    {
      pre: (ctx: k8s.RequestContext) => {
        ctx.setSignal(signal);
        return new k8s.Observable(Promise.resolve(ctx));
      },
      post: (r: k8s.ResponseContext) => new k8s.Observable(Promise.resolve(r)),
    },
  ],
  middlewareMergeStrategy: 'append',
});

/** `call`, aborted after `ms` with a RequestTimeout. */
async function timed<T>(ms: number, call: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(ms);
  try {
    return await call(abortOn(signal));
  } catch (e) {
    if (signal.aborted) throw new RequestTimeout(ms);
    throw e;
  }
}

/** Answers worth another try: throttling (429, with Retry-After) and a server or gateway failing. */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Longest wait honoured from a Retry-After header. */
const MAX_RETRY_AFTER_MS = 60_000;

/** The HTTP status of a client error; network failures carry a string code (ECONNREFUSED) instead. */
const httpStatus = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long to wait before try `attempt` (1-based): the server's Retry-After, else 0.5 s doubling. */
function backoffMs(attempt: number, retryAfter: string | undefined): number {
  const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  return Math.min(500 * 2 ** (attempt - 1), 8000);
}

type Page = { items: object[]; metadata?: { _continue?: string; continue?: string } };
type Lister = (p: { limit: number; _continue?: string }, options: k8s.ConfigurationOptions) => Promise<Page>;

/** The kinds collected, each one list call across namespaces (kind = the typed list's item kind). */
function listers(kc: k8s.KubeConfig): { kind: string; list: Lister }[] {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  return [
    { kind: 'Namespace', list: (p, o) => core.listNamespace(p, o) },
    { kind: 'Node', list: (p, o) => core.listNode(p, o) },
    { kind: 'ServiceAccount', list: (p, o) => core.listServiceAccountForAllNamespaces(p, o) },
    { kind: 'Secret', list: (p, o) => core.listSecretForAllNamespaces(p, o) },
    { kind: 'Pod', list: (p, o) => core.listPodForAllNamespaces(p, o) },
    { kind: 'Role', list: (p, o) => rbac.listRoleForAllNamespaces(p, o) },
    { kind: 'RoleBinding', list: (p, o) => rbac.listRoleBindingForAllNamespaces(p, o) },
    { kind: 'ClusterRole', list: (p, o) => rbac.listClusterRole(p, o) },
    { kind: 'ClusterRoleBinding', list: (p, o) => rbac.listClusterRoleBinding(p, o) },
    { kind: 'Deployment', list: (p, o) => apps.listDeploymentForAllNamespaces(p, o) },
    { kind: 'DaemonSet', list: (p, o) => apps.listDaemonSetForAllNamespaces(p, o) },
    { kind: 'StatefulSet', list: (p, o) => apps.listStatefulSetForAllNamespaces(p, o) },
    { kind: 'ReplicaSet', list: (p, o) => apps.listReplicaSetForAllNamespaces(p, o) },
    { kind: 'Job', list: (p, o) => batch.listJobForAllNamespaces(p, o) },
    { kind: 'CronJob', list: (p, o) => batch.listCronJobForAllNamespaces(p, o) },
  ];
}

/**
 * A secret as the envelope keeps it from a live run: its data recognised here, then replaced by
 * the identifiers found (`leakpathCredentials`) and empty values under the same keys. No value
 * leaves this function.
 */
function redactSecret(item: Record<string, unknown>): Record<string, unknown> {
  const data = (item.data ?? {}) as Record<string, string>;
  const { data: _data, stringData: _stringData, ...rest } = item;
  void _data;
  void _stringData;
  const metadata = { ...(rest.metadata as Record<string, unknown>) };
  delete metadata.managedFields;
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  metadata.annotations = Object.fromEntries(Object.entries(annotations).filter(([k]) => k.startsWith('kubernetes.io/service-account.')));
  return { ...rest, metadata, data: Object.fromEntries(Object.keys(data).map((k) => [k, ''])), leakpathCredentials: recogniseSecretData(data) };
}

const plain = (o: object) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

/**
 * Lists every kind with paging (`limit` + `continue`), through the real client and the
 * kubeconfig's credentials. A refused kind (401/403/404) is a coverage gap, not a failure; an
 * unreachable server is.
 */
export async function collectKubernetes(opts: K8sCollectOptions): Promise<{ envelope: object; warnings: string[]; counts: Record<string, number> }> {
  const kc = new k8s.KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new UsageError(`cannot read the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${(e as Error).message}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new UsageError(`no context "${opts.context}" in the kubeconfig (contexts: ${kc.getContexts().map((c) => c.name).join(', ')})`);
    kc.setCurrentContext(opts.context);
  }
  const server = kc.getCurrentCluster();
  if (!server) throw new UsageError('the kubeconfig has no current context; pass --context');
  const progress = opts.progress ?? (() => {});
  const limit = opts.pageSize ?? 500;
  const lists: object[] = [];
  const gaps: string[] = [];
  const warnings: string[] = [];
  const counts: Record<string, number> = {};
  const maxRetries = opts.maxRetries ?? 4;
  const sleep = opts.sleep ?? sleepFor;
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  /** One page, retried on throttling and server errors with back-off. */
  const page = async (kind: string, list: Lister, p: { limit: number; _continue?: string }): Promise<Page> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await timed(timeoutMs, (o) => list(p, o));
      } catch (e) {
        const code = httpStatus(e);
        if (code === undefined || !RETRY_STATUSES.has(code) || attempt > maxRetries) throw e;
        const headers = (e as { headers?: Record<string, string | undefined> }).headers ?? {};
        const ms = backoffMs(attempt, headers['retry-after'] ?? headers['Retry-After']);
        progress(`kubernetes: ${kind}: HTTP ${code}; retrying in ${Math.ceil(ms / 1000)} s (${attempt}/${maxRetries})`);
        await sleep(ms);
      }
    }
  };
  let listed = 0;
  for (const { kind, list } of listers(kc)) {
    const items: object[] = [];
    let next: string | undefined;
    try {
      do {
        const got = await page(kind, list, { limit, ...(next ? { _continue: next } : {}) });
        appendAll(items, got.items.map((i) => (kind === 'Secret' ? redactSecret(plain(i)) : plain(i))));
        next = got.metadata?._continue ?? got.metadata?.continue;
      } while (next);
    } catch (e) {
      const code = httpStatus(e);
      const refused = code === 401 || code === 403 || code === 404;
      // Nothing listed yet and no HTTP answer: the server is unreachable, there is nothing to keep.
      if (!refused && listed === 0 && code === undefined) throw new SourceUnreachableError(`kubernetes: cannot list ${kind} from ${server.server}: ${(e as Error).message}`);
      // Otherwise what was listed is kept and this kind is a gap: a refusal, or a failure that
      // outlasted the retries (a diff then says "not collected", never "resolved").
      const why = refused ? `list refused (${code})` : code !== undefined ? `list failed with HTTP ${code} after ${maxRetries} retries` : `list failed (${(e as Error).message.slice(0, 200)})`;
      gaps.push(`${kind}: ${why}`);
      warnings.push(`kubernetes: coverage gap: ${server.name}: listing ${kind}: ${why}`);
      progress(`kubernetes: ${kind}: ${why}, recorded as a coverage gap`);
      continue;
    }
    listed++;
    counts[kind] = items.length;
    progress(`kubernetes: ${kind}: ${items.length}`);
    lists.push({ apiVersion: 'v1', kind: `${kind}List`, items });
  }
  let oidcIssuer = opts.cluster.oidcIssuer;
  if (!oidcIssuer) {
    try {
      const text = await timed(timeoutMs, (o) => kc.makeApiClient(k8s.WellKnownApi).getServiceAccountIssuerOpenIDConfiguration(o));
      const doc = (typeof text === 'string' ? JSON.parse(text) : text) as { issuer?: string };
      oidcIssuer = doc.issuer;
    } catch {
      warnings.push(`kubernetes: ${server.name}: the service-account issuer discovery document was not readable; pass --oidc-issuer to match tokens and federation`);
    }
  }
  const { name, ...rest } = opts.cluster;
  const cluster = Object.fromEntries(Object.entries({ ...rest, oidcIssuer }).filter(([, v]) => v !== undefined));
  return { envelope: { leakpath: ENVELOPE_FORMAT, cluster: { name: name ?? server.name, ...cluster }, lists, gaps }, warnings, counts };
}
