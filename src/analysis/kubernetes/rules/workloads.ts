import type { GraphEdge } from '../../../model/graph.js';
import { grantRefs, k8sEdge } from '../edge.js';
import type { ClusterFacts } from '../facts.js';
import * as ID from '../ids.js';
import type { Grant, Principal, Request } from '../rbac.js';
import { appendAll } from '../../../model/append.js';

/** Workload controllers whose pod template names a service account, by API group. */
export const CONTROLLERS: readonly { apiGroup: string; resource: string; patchable: boolean }[] = [
  { apiGroup: 'apps', resource: 'deployments', patchable: true },
  { apiGroup: 'apps', resource: 'daemonsets', patchable: true },
  { apiGroup: 'apps', resource: 'statefulsets', patchable: true },
  { apiGroup: 'apps', resource: 'replicasets', patchable: true },
  { apiGroup: 'batch', resource: 'jobs', patchable: false }, // a Job's template is immutable
  { apiGroup: 'batch', resource: 'cronjobs', patchable: true },
  { apiGroup: '', resource: 'replicationcontrollers', patchable: true },
];

const CREATE_POD: Omit<Request, 'namespace'> = { verb: 'create', apiGroup: '', resource: 'pods' };

/** Namespaces where p may create pods, with the grants. */
export function podCreateNamespaces(f: ClusterFacts, p: Principal): Map<string, Grant[]> {
  return f.rbac.namespacesAllowing(p, CREATE_POD);
}

const RESOURCE_OF: Record<string, string> = {
  Deployment: 'deployments',
  DaemonSet: 'daemonsets',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
  CronJob: 'cronjobs',
};

/**
 * Namespaces where p may create some workload controller, or rewrite the pod template of one that
 * exists (patching needs a target; resourceNames are checked against it).
 */
function controllerNamespaces(f: ClusterFacts, p: Principal, patch: boolean): Map<string, Grant[]> {
  const out = new Map<string, Grant[]>();
  const put = (ns: string, grants: Grant[]) => grants.length && out.set(ns, [...(out.get(ns) ?? []), ...grants]);
  if (!patch) {
    for (const c of CONTROLLERS) for (const [ns, grants] of f.rbac.namespacesAllowing(p, { verb: 'create', apiGroup: c.apiGroup, resource: c.resource })) put(ns, grants);
    return out;
  }
  for (const w of f.cluster.workloads) {
    const resource = RESOURCE_OF[w.kind];
    const c = CONTROLLERS.find((x) => x.resource === resource);
    if (!c) continue;
    put(w.namespace, ['patch', 'update'].flatMap((verb) => f.rbac.allows(p, { verb, apiGroup: c.apiGroup, resource: c.resource, namespace: w.namespace, name: w.name })));
  }
  return out;
}

/** Who can run code as which service account by starting or rewriting workloads. */
export function workloadRules(f: ClusterFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const { principal, id, name } of f.principals()) {
    const podNs = podCreateNamespaces(f, principal);
    const covered = new Set<string>();
    for (const [ns, grants] of podNs) {
      for (const sa of f.sasIn(ns)) {
        if (sa.id === id) continue;
        covered.add(sa.id);
        edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:Create', id, sa.id, `${name} can create a pod in namespace ${sa.namespace} that runs as service account ${sa.name}`, grantRefs(grants)));
      }
    }
    for (const [patch, technique] of [[false, 'kubernetes:workloads:Create'], [true, 'kubernetes:workloads:Patch']] as const) {
      for (const [ns, grants] of controllerNamespaces(f, principal, patch)) {
        for (const sa of f.sasIn(ns)) {
          if (sa.id === id || covered.has(sa.id)) continue;
          edges.push(k8sEdge('CAN_EXECUTE_AS', technique, id, sa.id, `${name} can ${patch ? 'rewrite the pod template of' : 'create'} a workload controller in namespace ${sa.namespace} to run as service account ${sa.name}`, grantRefs(grants)));
        }
      }
    }
    appendAll(edges, existingPodRules(f, principal, id, name), hostAccessRules(f, podNs, id, name));
  }
  // Cluster administrators can do all of the above anywhere; the hub reaches every namespace.
  for (const ns of f.namespaces) {
    const hub = ID.namespaceAdminId(c, ns);
    for (const sa of f.sasIn(ns)) {
      edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:Create', hub, sa.id, `an administrator of namespace ${ns} can create a pod that runs as service account ${sa.name}`, [{ type: 'inventory', source: `namespace ${ns}` }]));
    }
  }
  return edges;
}

/** pods/exec, pods/attach and rewriting a running pod: the pod's own service account. */
function existingPodRules(f: ClusterFacts, p: Principal, id: string, name: string): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const pod of f.pods) {
    const sa = f.sa(pod.namespace, pod.serviceAccount)!;
    const ask = (verb: string, resource: string, subresource?: string) => f.rbac.allows(p, { verb, apiGroup: '', resource, ...(subresource ? { subresource } : {}), namespace: pod.namespace, name: pod.name });
    const exec = [...ask('create', 'pods', 'exec'), ...ask('create', 'pods', 'attach')];
    const patch = [...ask('patch', 'pods'), ...ask('update', 'pods'), ...ask('patch', 'pods', 'ephemeralcontainers'), ...ask('update', 'pods', 'ephemeralcontainers')];
    const tokenNote = f.mountsToken(pod) ? undefined : `pod ${pod.name} does not mount its service-account token (automountServiceAccountToken: false): the attacker must find another way to the token, e.g. a cloud identity the pod's environment gives`;
    if (exec.length && sa.id !== id) {
      edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:Exec', id, sa.id, `${name} can run commands in pod ${pod.namespace}/${pod.name}, which runs as service account ${sa.name}`, [...grantRefs(exec), { type: 'inventory', source: `Pod ${pod.namespace}/${pod.name}`, detail: `serviceAccountName ${pod.serviceAccount}` }], { ...(tokenNote ? { conditions: tokenNote } : {}) }));
    }
    if (patch.length && sa.id !== id) {
      edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:Patch', id, sa.id, `${name} can change the containers of pod ${pod.namespace}/${pod.name}, which runs as service account ${sa.name}`, [...grantRefs(patch), { type: 'inventory', source: `Pod ${pod.namespace}/${pod.name}`, detail: `serviceAccountName ${pod.serviceAccount}` }], { ...(tokenNote ? { conditions: tokenNote } : {}) }));
    }
    if (exec.length && pod.hostAccess.length && pod.nodeName) {
      edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:ExecHostAccess', id, ID.nodeId(c, pod.nodeName), `${name} can run commands in pod ${pod.namespace}/${pod.name}, which reaches its node ${pod.nodeName} (${pod.hostAccess.join('; ')})`, [...grantRefs(exec), { type: 'inventory', source: `Pod ${pod.namespace}/${pod.name}`, detail: pod.hostAccess.join('; ') }]));
    }
  }
  return edges;
}

const RESTRICTING_LEVELS = new Set(['baseline', 'restricted']);

/**
 * Creating a pod that is privileged or mounts the host's filesystem, pinned to a node by
 * `nodeName`, gives the node: its kubelet credentials and every token mounted there. Pod Security
 * admission at baseline or restricted refuses such pods.
 */
function hostAccessRules(f: ClusterFacts, podNs: Map<string, Grant[]>, id: string, name: string): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const [grantNs, grants] of podNs) {
    const allowed = f.namespacesOf(grantNs).map((ns) => ({ ns, psa: f.podSecurity(ns) })).filter((x) => !RESTRICTING_LEVELS.has(x.psa.level));
    if (allowed.length === 0) continue;
    const where = allowed[0]!;
    const label = where.psa.known ? `namespace ${where.ns} enforces Pod Security level "${where.psa.level}"` : `namespaces were not exported: Pod Security level of ${where.ns} unknown`;
    for (const node of f.nodes) {
      edges.push(
        k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:CreateHostAccess', id, ID.nodeId(c, node), `${name} can create a privileged pod in namespace ${where.ns} pinned to node ${node} and take over the node`, [...grantRefs(grants), { type: 'inventory', source: `Namespace ${where.ns}`, detail: label }], {
          assumptions: ['no admission policy besides Pod Security (Gatekeeper, Kyverno…) refuses privileged pods'],
          ...(where.psa.known ? {} : { conditions: `Pod Security level of namespace ${where.ns} not exported; the edge holds unless it is baseline or restricted` }),
        }),
      );
    }
  }
  return edges;
}

/** A node holds the tokens of every pod scheduled on it (kubelet directory, container runtime). */
export function nodeRules(f: ClusterFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const pod of f.pods) {
    if (!pod.nodeName || !f.mountsToken(pod)) continue;
    const sa = f.sa(pod.namespace, pod.serviceAccount)!;
    edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:node:PodTokens', ID.nodeId(c, pod.nodeName), sa.id, `node ${pod.nodeName} runs pod ${pod.namespace}/${pod.name} and holds its token for service account ${sa.name}`, [{ type: 'inventory', source: `Pod ${pod.namespace}/${pod.name}`, detail: `nodeName ${pod.nodeName}; serviceAccountName ${pod.serviceAccount}` }]));
  }
  for (const node of f.nodes) {
    edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:pods:CreateHostAccess', ID.clusterAdminId(c), ID.nodeId(c, node), `a cluster administrator can create a privileged pod on node ${node}`, [{ type: 'inventory', source: `cluster ${c}` }]));
  }
  return edges;
}
