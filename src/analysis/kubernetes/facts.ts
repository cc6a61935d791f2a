import type { K8sCluster, K8sServiceAccount, K8sWorkload } from '../../model/inventory/index.js';
import * as ID from './ids.js';
import { Rbac, type Principal } from './rbac.js';

export interface SaRef {
  namespace: string;
  name: string;
  id: string;
  /** From the ServiceAccount object; undefined when only a pod or binding names it. */
  object?: K8sServiceAccount;
}

/**
 * Lookups of one cluster shared by the builder and the rules: the service accounts (exported, or
 * named by a workload or binding), namespaces, the nodes pods run on, and the RBAC grants.
 */
export class ClusterFacts {
  readonly rbac: Rbac;
  readonly serviceAccounts = new Map<string, SaRef>();
  readonly namespaces = new Set<string>();
  readonly pods: K8sWorkload[];
  readonly nodes = new Set<string>();
  readonly users = new Set<string>();
  readonly groups = new Set<string>();

  constructor(readonly cluster: K8sCluster) {
    this.rbac = new Rbac(cluster);
    const c = cluster.name;
    const addSa = (namespace: string, name: string, object?: K8sServiceAccount) => {
      const key = `${namespace}/${name}`;
      const had = this.serviceAccounts.get(key);
      if (!had || (object && !had.object)) this.serviceAccounts.set(key, { namespace, name, id: ID.saId(c, namespace, name), ...(object ? { object } : {}) });
      this.namespaces.add(namespace);
    };
    for (const sa of cluster.serviceAccounts) addSa(sa.namespace, sa.name, sa);
    for (const w of cluster.workloads) addSa(w.namespace, w.serviceAccount);
    for (const n of cluster.namespaces) this.namespaces.add(n.name);
    for (const s of cluster.secrets) this.namespaces.add(s.namespace);
    for (const g of this.rbac.grants) {
      if (g.subject.kind === 'ServiceAccount' && g.subject.namespace) addSa(g.subject.namespace, g.subject.name);
      else if (g.subject.kind === 'User') this.users.add(g.subject.name);
      else if (g.subject.kind === 'Group') this.groups.add(g.subject.name);
    }
    for (const b of cluster.bindings) if (b.namespace) this.namespaces.add(b.namespace);
    this.pods = cluster.workloads.filter((w) => w.kind === 'Pod');
    for (const p of this.pods) if (p.nodeName) this.nodes.add(p.nodeName);
    for (const n of cluster.nodes ?? []) this.nodes.add(n.name);
  }

  sa(namespace: string, name: string): SaRef | undefined {
    return this.serviceAccounts.get(`${namespace}/${name}`);
  }

  /** Service accounts of a namespace, or of every namespace for '*'. */
  sasIn(namespace: string): SaRef[] {
    return [...this.serviceAccounts.values()].filter((s) => namespace === '*' || s.namespace === namespace);
  }

  namespacesOf(namespace: string): string[] {
    return namespace === '*' ? [...this.namespaces].sort() : this.namespaces.has(namespace) ? [namespace] : [];
  }

  /** Every principal RBAC can name, with its node id. */
  principals(): { principal: Principal; id: string; name: string }[] {
    const c = this.cluster.name;
    return [
      ...[...this.serviceAccounts.values()].map((s) => ({ principal: { kind: 'ServiceAccount' as const, namespace: s.namespace, name: s.name }, id: s.id, name: `${s.namespace}/${s.name}` })),
      ...[...this.users].map((u) => ({ principal: { kind: 'User' as const, name: u }, id: ID.userId(c, u), name: `user ${u}` })),
      ...[...this.groups].map((g) => ({ principal: { kind: 'Group' as const, name: g }, id: ID.groupId(c, g), name: `group ${g}` })),
    ];
  }

  /** Whether a pod gets its service account's token: the pod's setting wins over the SA's. */
  mountsToken(pod: K8sWorkload): boolean {
    return pod.automountServiceAccountToken ?? this.sa(pod.namespace, pod.serviceAccount)?.object?.automountServiceAccountToken ?? true;
  }

  /** Pod Security admission level enforced on a namespace; undefined when namespaces were not exported. */
  podSecurity(namespace: string): { level: string; known: boolean } {
    const ns = this.cluster.namespaces.find((n) => n.name === namespace);
    if (!ns) return { level: 'privileged', known: false };
    return { level: ns.labels['pod-security.kubernetes.io/enforce'] ?? 'privileged', known: true };
  }
}
