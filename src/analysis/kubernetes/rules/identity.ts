import type { GraphEdge } from '../../../model/graph.js';
import { grantRefs, k8sEdge } from '../edge.js';
import type { ClusterFacts } from '../facts.js';
import * as ID from '../ids.js';
import type { K8sPolicyRule, K8sRole } from '../../../model/inventory/index.js';
import type { TierZeroMark } from '../../types.js';
import { aggregateClusterRoles } from '../rbac.js';

/**
 * Becoming another identity without running a workload: TokenRequest on a service account,
 * impersonation of service accounts, users and groups (`system:masters` is the cluster itself).
 */
export function identityRules(f: ClusterFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const { principal, id, name } of f.principals()) {
    for (const sa of f.serviceAccounts.values()) {
      if (sa.id === id) continue;
      const token = f.rbac.allows(principal, { verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token', namespace: sa.namespace, name: sa.name });
      if (token.length) edges.push(k8sEdge('CAN_CREATE_CREDENTIAL', 'kubernetes:serviceaccounts:TokenRequest', id, sa.id, `${name} can request a token for service account ${sa.namespace}/${sa.name}`, grantRefs(token)));
      const imp = f.rbac.allows(principal, { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: sa.namespace, name: sa.name });
      if (imp.length) edges.push(k8sEdge('CAN_IMPERSONATE', 'kubernetes:rbac:Impersonate', id, sa.id, `${name} can impersonate service account ${sa.namespace}/${sa.name}`, grantRefs(imp)));
    }
    // Users and groups are cluster-scoped: only ClusterRoleBindings grant impersonating them.
    for (const u of f.users) {
      const imp = f.rbac.allows(principal, { verb: 'impersonate', apiGroup: '', resource: 'users', name: u });
      if (imp.length && ID.userId(c, u) !== id) edges.push(k8sEdge('CAN_IMPERSONATE', 'kubernetes:rbac:Impersonate', id, ID.userId(c, u), `${name} can impersonate user ${u}`, grantRefs(imp)));
    }
    for (const g of f.groups) {
      const imp = f.rbac.allows(principal, { verb: 'impersonate', apiGroup: '', resource: 'groups', name: g });
      if (imp.length && ID.groupId(c, g) !== id) edges.push(k8sEdge('CAN_IMPERSONATE', 'kubernetes:rbac:Impersonate', id, ID.groupId(c, g), `${name} can impersonate group ${g}`, grantRefs(imp)));
    }
    const masters = f.rbac.allows(principal, { verb: 'impersonate', apiGroup: '', resource: 'groups', name: 'system:masters' });
    if (masters.length) edges.push(k8sEdge('CAN_IMPERSONATE', 'kubernetes:rbac:Impersonate', id, ID.clusterAdminId(c), `${name} can impersonate group system:masters, which the API server lets do anything`, grantRefs(masters)));
  }
  return edges;
}

const isEverything = (r: K8sPolicyRule) => r.verbs.includes('*') && r.apiGroups.includes('*') && r.resources.includes('*') && r.resourceNames.length === 0;

/** Roles that allow everything where bound; `cluster-admin` is always there (bootstrap policy). */
function administratorRoles(f: ClusterFacts): K8sRole[] {
  const roles = [...aggregateClusterRoles(f.cluster.roles).values(), ...f.cluster.roles.filter((r) => r.kind === 'Role')].filter((r) => r.rules.some(isEverything));
  if (!roles.some((r) => r.kind === 'ClusterRole' && r.name === 'cluster-admin')) roles.unshift({ kind: 'ClusterRole', name: 'cluster-admin', labels: {}, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] }] });
  return roles;
}

/**
 * Rights that end in administering the cluster or a namespace: holding `*` on `*`, binding a
 * powerful role to oneself (`bind` + creating or changing a binding), or rewriting one's own role
 * (`escalate` + update). Principals holding `*` on `*` cluster-wide are tier zero.
 */
export function escalationRules(f: ClusterFacts): { edges: GraphEdge[]; tierZero: TierZeroMark[] } {
  const edges: GraphEdge[] = [];
  const tierZero: TierZeroMark[] = [];
  const c = f.cluster.name;
  const admin = ID.clusterAdminId(c);
  const RBAC = 'rbac.authorization.k8s.io';
  const adminRoles = administratorRoles(f);
  for (const { principal, id, name } of f.principals()) {
    const everything = f.rbac.grantsOf(principal).filter((g) => isEverything(g.rule));
    const clusterWide = everything.filter((g) => g.namespace === '*');
    if (clusterWide.length) {
      edges.push(k8sEdge('HAS_ROLE', 'kubernetes:rbac:ClusterAdmin', id, admin, `${name} may do anything in cluster ${c}`, grantRefs(clusterWide)));
      tierZero.push({ nodeId: id, technique: 'kubernetes:rbac:ClusterAdmin', reason: `all verbs on all resources of cluster ${c}`, evidence: { summary: `${name} holds * on * cluster-wide`, refs: grantRefs(clusterWide) }, conditional: false });
      continue;
    }
    for (const g of everything) edges.push(k8sEdge('HAS_ROLE', 'kubernetes:rbac:ClusterAdmin', id, ID.namespaceAdminId(c, g.namespace), `${name} may do anything in namespace ${g.namespace}`, grantRefs([g])));

    // bind: binding an administrator role to oneself, cluster-wide or in one namespace.
    const writeBinding = (resource: string, namespace?: string) =>
      ['create', 'update', 'patch'].flatMap((verb) => f.rbac.allows(principal, { verb, apiGroup: RBAC, resource, ...(namespace ? { namespace } : {}) }));
    const bindable = (namespace?: string) =>
      adminRoles.flatMap((role) => {
        if (role.kind === 'Role' && role.namespace !== namespace) return [];
        const grants = f.rbac.allows(principal, { verb: 'bind', apiGroup: RBAC, resource: role.kind === 'Role' ? 'roles' : 'clusterroles', name: role.name, ...(namespace ? { namespace } : {}) });
        return grants.length ? [{ role, grants }] : [];
      });
    const crb = writeBinding('clusterrolebindings');
    const bindC = crb.length ? bindable().filter((b) => b.role.kind === 'ClusterRole') : [];
    if (bindC.length) {
      edges.push(k8sEdge('CAN_GRANT_ROLE', 'kubernetes:rbac:BindRole', id, admin, `${name} can bind ClusterRole ${bindC[0]!.role.name} to itself with a ClusterRoleBinding`, grantRefs([...crb, ...bindC[0]!.grants])));
    } else {
      for (const ns of f.namespaces) {
        const rb = writeBinding('rolebindings', ns);
        const bindN = rb.length ? bindable(ns) : [];
        if (bindN.length) edges.push(k8sEdge('CAN_GRANT_ROLE', 'kubernetes:rbac:BindRole', id, ID.namespaceAdminId(c, ns), `${name} can bind ${bindN[0]!.role.kind} ${bindN[0]!.role.name} to itself in namespace ${ns} with a RoleBinding`, grantRefs([...rb, ...bindN[0]!.grants])));
      }
    }

    // escalate: rewrite a role that is already bound to the principal.
    for (const g of f.rbac.grantsOf(principal)) {
      const role = g.role;
      const ns = role.kind === 'Role' ? role.namespace : undefined;
      const resource = role.kind === 'Role' ? 'roles' : 'clusterroles';
      const esc = f.rbac.allows(principal, { verb: 'escalate', apiGroup: RBAC, resource, name: role.name, ...(ns ? { namespace: ns } : {}) });
      const upd = ['update', 'patch'].flatMap((verb) => f.rbac.allows(principal, { verb, apiGroup: RBAC, resource, name: role.name, ...(ns ? { namespace: ns } : {}) }));
      if (!esc.length || !upd.length) continue;
      const target = g.namespace === '*' ? admin : ID.namespaceAdminId(c, g.namespace);
      edges.push(k8sEdge('CAN_GRANT_ROLE', 'kubernetes:rbac:EscalateRole', id, target, `${name} can add any rule to ${role.kind} ${role.name}, which is bound to it ${g.namespace === '*' ? 'cluster-wide' : `in namespace ${g.namespace}`}`, grantRefs([g, ...esc, ...upd])));
    }

    // nodes/proxy reaches the kubelet API of every node: exec in any pod there.
    const proxy = ['get', 'create'].flatMap((verb) => f.rbac.allows(principal, { verb, apiGroup: '', resource: 'nodes', subresource: 'proxy' }));
    if (proxy.length) for (const n of f.nodes) edges.push(k8sEdge('CAN_EXECUTE_AS', 'kubernetes:nodes:Proxy', id, ID.nodeId(c, n), `${name} can call the kubelet API of node ${n} (nodes/proxy) and run commands in its pods`, grantRefs(proxy)));
  }
  for (const ns of f.namespaces) {
    edges.push(k8sEdge('HAS_ROLE', 'kubernetes:rbac:ClusterAdmin', admin, ID.namespaceAdminId(c, ns), `a cluster administrator administers namespace ${ns}`, [{ type: 'inventory', source: `cluster ${c}` }]));
  }
  tierZero.push({ nodeId: admin, technique: 'kubernetes:rbac:ClusterAdmin', reason: `administrator of cluster ${c}`, evidence: { summary: `stands for any identity that may do anything in cluster ${c}`, refs: [{ type: 'inventory', source: `cluster ${c}` }] }, conditional: false });
  return { edges, tierZero };
}
