import { analyse } from '../../src/analysis/index.js';
import { parseDocuments } from '../../src/ingest/read-inputs.js';
import type { AttackGraph, GraphEdge } from '../../src/model/graph.js';

/** kubectl-shaped objects for fixtures written in tests; every one is a plain API object. */
type Obj = Record<string, unknown>;
const meta = (name: string, namespace?: string, extra: Obj = {}) => ({ name, ...(namespace ? { namespace } : {}), ...extra });

export const sa = (ns: string, name: string, annotations: Record<string, string> = {}, extra: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns, { annotations }), ...extra });
export const rule = (verbs: string[], resources: string[], apiGroups: string[] = [''], resourceNames?: string[]): Obj => ({ verbs, resources, apiGroups, ...(resourceNames ? { resourceNames } : {}) });
export const role = (ns: string, name: string, rules: Obj[]): Obj => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(name, ns), rules });
export const clusterRole = (name: string, rules: Obj[], labels: Record<string, string> = {}, aggregate?: Record<string, string>[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: meta(name, undefined, { labels }),
  rules,
  ...(aggregate ? { aggregationRule: { clusterRoleSelectors: aggregate.map((matchLabels) => ({ matchLabels })) } } : {}),
});
export type Subject = { kind: 'ServiceAccount' | 'User' | 'Group'; name: string; namespace?: string };
export const saSubject = (ns: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace: ns });
export const roleBinding = (ns: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: Subject[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta(name, ns),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});
export const clusterRoleBinding = (name: string, roleName: string, subjects: Subject[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: meta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects,
});
export const pod = (ns: string, name: string, serviceAccountName: string, opts: { nodeName?: string; privileged?: boolean; hostPath?: string; automount?: boolean; hostNetwork?: boolean } = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(name, ns),
  spec: {
    serviceAccountName,
    ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
    ...(opts.automount !== undefined ? { automountServiceAccountToken: opts.automount } : {}),
    ...(opts.hostNetwork ? { hostNetwork: true } : {}),
    containers: [{ name: 'app', image: 'nginx', ...(opts.privileged ? { securityContext: { privileged: true } } : {}) }],
    ...(opts.hostPath ? { volumes: [{ name: 'host', hostPath: { path: opts.hostPath } }] } : {}),
  },
});
export const deployment = (ns: string, name: string, serviceAccountName: string): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, ns),
  spec: { template: { metadata: { labels: { app: name } }, spec: { serviceAccountName, containers: [{ name: 'app', image: 'nginx' }] } } },
});
export const namespace = (name: string, labels: Record<string, string> = {}): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels }) });
export const b64 = (s: string) => Buffer.from(s).toString('base64');
export const secret = (ns: string, name: string, data: Record<string, string>, type = 'Opaque', annotations: Record<string, string> = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type,
  metadata: meta(name, ns, { annotations }),
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

/** A JWT with the given claims and a throwaway signature (never verified). */
export function jwt(claims: Obj): string {
  const enc = (o: Obj) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', kid: 'test' })}.${enc(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

export const CLUSTER = 'prod';
export const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

export function envelope(objects: Obj[], cluster: Obj = {}): Obj {
  return {
    leakpath: 'kubernetes/1',
    cluster: { name: CLUSTER, provider: 'eks', oidcIssuer: ISSUER, account: '111122223333', region: 'eu-west-1', ...cluster },
    lists: [{ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects }],
  };
}

export function graphOf(...docs: unknown[]): { graph: AttackGraph; warnings: string[] } {
  const read = parseDocuments(docs.map((json, i) => ({ file: `doc${i}.json`, json })));
  const { graph, warnings } = analyse(read.inventories);
  return { graph, warnings: [...read.warnings, ...warnings] };
}

export const id = {
  sa: (ns: string, name: string) => `k8s:${CLUSTER}:sa:${ns}/${name}`,
  secret: (ns: string, name: string) => `k8s:${CLUSTER}:secret:${ns}/${name}`,
  node: (name: string) => `k8s:${CLUSTER}:node:${name}`,
  admin: `k8s:${CLUSTER}:cluster-admin`,
  nsAdmin: (ns: string) => `k8s:${CLUSTER}:namespace-admin:${ns}`,
  user: (name: string) => `k8s:${CLUSTER}:user:${name}`,
  group: (name: string) => `k8s:${CLUSTER}:group:${name}`,
};

export function edgesOf(graph: AttackGraph, technique: string, source?: string): GraphEdge[] {
  return graph.edges.filter((e) => e.technique === technique && (source === undefined || e.source === source));
}

export function findEdge(graph: AttackGraph, technique: string, source: string, target: string): GraphEdge | undefined {
  return graph.edges.find((e) => e.technique === technique && e.source === source && e.target === target);
}
