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
}

type Page = { items: object[]; metadata?: { _continue?: string; continue?: string } };
type Lister = (p: { limit: number; _continue?: string }) => Promise<Page>;

/** The kinds collected, each one list call across namespaces (kind = the typed list's item kind). */
function listers(kc: k8s.KubeConfig): { kind: string; list: Lister }[] {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  return [
    { kind: 'Namespace', list: (p) => core.listNamespace(p) },
    { kind: 'Node', list: (p) => core.listNode(p) },
    { kind: 'ServiceAccount', list: (p) => core.listServiceAccountForAllNamespaces(p) },
    { kind: 'Secret', list: (p) => core.listSecretForAllNamespaces(p) },
    { kind: 'Pod', list: (p) => core.listPodForAllNamespaces(p) },
    { kind: 'Role', list: (p) => rbac.listRoleForAllNamespaces(p) },
    { kind: 'RoleBinding', list: (p) => rbac.listRoleBindingForAllNamespaces(p) },
    { kind: 'ClusterRole', list: (p) => rbac.listClusterRole(p) },
    { kind: 'ClusterRoleBinding', list: (p) => rbac.listClusterRoleBinding(p) },
    { kind: 'Deployment', list: (p) => apps.listDeploymentForAllNamespaces(p) },
    { kind: 'DaemonSet', list: (p) => apps.listDaemonSetForAllNamespaces(p) },
    { kind: 'StatefulSet', list: (p) => apps.listStatefulSetForAllNamespaces(p) },
    { kind: 'ReplicaSet', list: (p) => apps.listReplicaSetForAllNamespaces(p) },
    { kind: 'Job', list: (p) => batch.listJobForAllNamespaces(p) },
    { kind: 'CronJob', list: (p) => batch.listCronJobForAllNamespaces(p) },
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
  for (const { kind, list } of listers(kc)) {
    const items: object[] = [];
    let next: string | undefined;
    try {
      do {
        const page = await list({ limit, ...(next ? { _continue: next } : {}) });
        appendAll(items, page.items.map((i) => (kind === 'Secret' ? redactSecret(plain(i)) : plain(i))));
        next = page.metadata?._continue ?? page.metadata?.continue;
      } while (next);
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === 401 || code === 403 || code === 404) {
        gaps.push(`${kind}: list refused (${code})`);
        warnings.push(`kubernetes: coverage gap: ${server.name}: listing ${kind} was refused (${code})`);
        continue;
      }
      throw new SourceUnreachableError(`kubernetes: cannot list ${kind} from ${server.server}: ${(e as Error).message}`);
    }
    counts[kind] = items.length;
    progress(`kubernetes: ${kind}: ${items.length}`);
    lists.push({ apiVersion: 'v1', kind: `${kind}List`, items });
  }
  let oidcIssuer = opts.cluster.oidcIssuer;
  if (!oidcIssuer) {
    try {
      const text = await kc.makeApiClient(k8s.WellKnownApi).getServiceAccountIssuerOpenIDConfiguration();
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
