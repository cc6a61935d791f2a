import type { K8sBinding, K8sCluster, K8sLabelSelector, K8sPolicyRule, K8sRole, K8sSubject } from '../../model/inventory/index.js';

/** One rule reaching one subject through one binding: the evidence of every RBAC edge. */
export interface Grant {
  binding: K8sBinding;
  role: K8sRole;
  rule: K8sPolicyRule;
  ruleIndex: number;
  /** The namespace the grant applies in; '*' for a ClusterRoleBinding. */
  namespace: string;
  subject: K8sSubject;
}

/** What a request asks for, as the RBAC authorizer sees it. */
export interface Request {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Undefined for cluster-scoped resources. */
  namespace?: string;
  /** Undefined for create / list of any: a rule with resourceNames does not match. */
  name?: string;
}

export function selectorMatches(sel: K8sLabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * ClusterRoles with an aggregationRule hold the rules of every ClusterRole their selectors match
 * (transitively, as the controller keeps rewriting them). kubectl output usually already carries
 * the aggregated rules; computing them again covers exports taken before the controller ran.
 */
export function aggregateClusterRoles(roles: readonly K8sRole[]): Map<string, K8sRole> {
  const cluster = roles.filter((r) => r.kind === 'ClusterRole');
  const out = new Map(cluster.map((r) => [r.name, { ...r, rules: [...r.rules] }]));
  const key = (r: K8sPolicyRule) => JSON.stringify(r);
  let changed = true;
  while (changed) {
    changed = false;
    for (const agg of out.values()) {
      if (!agg.aggregationSelectors?.length) continue;
      const have = new Set(agg.rules.map(key));
      for (const src of out.values()) {
        if (src === agg || !agg.aggregationSelectors.some((s) => selectorMatches(s, src.labels))) continue;
        for (const rule of src.rules) {
          if (have.has(key(rule))) continue;
          have.add(key(rule));
          agg.rules.push(rule);
          changed = true;
        }
      }
    }
  }
  return out;
}

const has = (list: readonly string[], v: string) => list.includes('*') || list.includes(v);

/** RBAC's own resource matching: `*`, `pods`, `pods/exec`, and `*\/exec` for a subresource of anything. */
function resourceMatches(rule: K8sPolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => r === '*' || r === combined || (subresource !== undefined && r === `*/${subresource}`));
}

export function ruleAllows(rule: K8sPolicyRule, req: Request): boolean {
  if (!has(rule.verbs, req.verb) || !has(rule.apiGroups, req.apiGroup) || !resourceMatches(rule, req.resource, req.subresource)) return false;
  if (rule.resourceNames.length === 0) return true;
  return req.name !== undefined && rule.resourceNames.includes(req.name);
}

/** The groups Kubernetes puts every service account in. */
export const serviceAccountGroups = (ns: string) => ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'];

export type Principal = { kind: 'ServiceAccount'; namespace: string; name: string } | { kind: 'User'; name: string } | { kind: 'Group'; name: string };

/** Every grant of a cluster, with bindings resolved to their (aggregated) roles. */
export class Rbac {
  readonly grants: Grant[] = [];
  readonly warnings: string[] = [];
  private readonly bySubject = new Map<string, Grant[]>();

  constructor(readonly cluster: K8sCluster) {
    const clusterRoles = aggregateClusterRoles(cluster.roles);
    const roles = new Map(cluster.roles.filter((r) => r.kind === 'Role').map((r) => [`${r.namespace}/${r.name}`, r]));
    for (const b of cluster.bindings) {
      const role = b.roleRef.kind === 'ClusterRole' ? clusterRoles.get(b.roleRef.name) : roles.get(`${b.namespace}/${b.roleRef.name}`);
      if (!role) {
        this.warnings.push(`kubernetes: cluster ${cluster.name}: ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} refers to ${b.roleRef.kind} ${b.roleRef.name}, which is not in the export`);
        continue;
      }
      const namespace = b.kind === 'ClusterRoleBinding' ? '*' : b.namespace!;
      for (const s of b.subjects) {
        // A service-account subject without a namespace means the binding's own (RBAC authorizer).
        const subject = s.kind === 'ServiceAccount' && !s.namespace && b.namespace ? { ...s, namespace: b.namespace } : s;
        role.rules.forEach((rule, ruleIndex) => {
          const g: Grant = { binding: b, role, rule, ruleIndex, namespace, subject };
          this.grants.push(g);
          const k = subjectKey(subject);
          const list = this.bySubject.get(k) ?? [];
          list.push(g);
          this.bySubject.set(k, list);
        });
      }
    }
  }

  /** Grants that reach a principal: its own, and those of the groups it is in. */
  grantsOf(p: Principal): Grant[] {
    const keys = [subjectKey(p.kind === 'ServiceAccount' ? { kind: p.kind, name: p.name, namespace: p.namespace } : p)];
    if (p.kind === 'ServiceAccount') keys.push(...serviceAccountGroups(p.namespace).map((g) => subjectKey({ kind: 'Group', name: g })));
    if (p.kind === 'User') keys.push(subjectKey({ kind: 'Group', name: 'system:authenticated' }));
    return keys.flatMap((k) => this.bySubject.get(k) ?? []);
  }

  /** The grants of `p` that allow the request; empty when none does. */
  allows(p: Principal, req: Request): Grant[] {
    return this.grantsOf(p).filter((g) => (g.namespace === '*' || (req.namespace !== undefined && g.namespace === req.namespace)) && ruleAllows(g.rule, req));
  }

  /** Namespaces where `p` may make the request on any object: '*' when everywhere. */
  namespacesAllowing(p: Principal, req: Omit<Request, 'namespace'>): Map<string, Grant[]> {
    const out = new Map<string, Grant[]>();
    for (const g of this.grantsOf(p)) {
      if (!ruleAllows(g.rule, req)) continue;
      const list = out.get(g.namespace) ?? [];
      list.push(g);
      out.set(g.namespace, list);
    }
    return out;
  }
}

export function subjectKey(s: { kind: string; name: string; namespace?: string }): string {
  return s.kind === 'ServiceAccount' ? `sa:${s.namespace}/${s.name}` : `${s.kind.toLowerCase()}:${s.name}`;
}

/** Evidence line of a grant: which binding, role and rule. */
export function grantText(g: Grant): string {
  const b = `${g.binding.kind} ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name}`;
  const r = `${g.role.kind} ${g.role.namespace ? `${g.role.namespace}/` : ''}${g.role.name}`;
  const rule = g.rule;
  const names = rule.resourceNames.length ? ` resourceNames [${rule.resourceNames.join(', ')}]` : '';
  return `${b} → ${r} rule ${g.ruleIndex}: verbs [${rule.verbs.join(', ')}] on [${rule.resources.join(', ')}] in apiGroups [${rule.apiGroups.map((x) => (x === '' ? '""' : x)).join(', ')}]${names}`;
}
