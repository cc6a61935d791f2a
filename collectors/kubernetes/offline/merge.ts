import type { K8sCluster, KubernetesInventory } from '../../../src/model/inventory/index.js';
import type { K8sPart } from '../part.js';
import { emptyObjects } from './objects.js';
import { appendAll } from '../../../src/model/append.js';

const META_KEYS = ['provider', 'oidcIssuer', 'account', 'region', 'arn', 'project', 'location', 'workloadPool', 'subscription', 'tenant', 'resourceGroup'] as const;

const keyOf: { [K in 'namespaces' | 'serviceAccounts' | 'secrets' | 'roles' | 'bindings' | 'workloads' | 'nodes']: (x: NonNullable<K8sCluster[K]>[number]) => string } = {
  namespaces: (x) => x.name,
  serviceAccounts: (x) => `${x.namespace}/${x.name}`,
  secrets: (x) => `${x.namespace}/${x.name}`,
  roles: (x) => `${x.kind}/${x.namespace ?? ''}/${x.name}`,
  bindings: (x) => `${x.kind}/${x.namespace ?? ''}/${x.name}`,
  workloads: (x) => `${x.kind}/${x.namespace}/${x.name}`,
  nodes: (x) => x.name,
};

function addUnique<T>(into: T[], from: readonly T[], key: (x: T) => string): void {
  const seen = new Set(into.map(key));
  for (const x of from) {
    if (seen.has(key(x))) continue;
    seen.add(key(x));
    into.push(x);
  }
}

/**
 * Facts about one cluster come from several files (the envelope, the cloud's description, Pod
 * Identity associations): joined by cluster name. A description fills what the envelope left
 * out; two files disagreeing on a fact is a warning and the first one read wins.
 */
export function mergeK8sParts(parts: readonly { file: string; part: K8sPart }[]): { inventory: KubernetesInventory; warnings: string[] } {
  const clusters = new Map<string, K8sCluster>();
  const warnings: string[] = [];
  for (const { file, part } of parts) {
    appendAll(warnings, part.warnings);
    for (const c of part.clusters) {
      let cluster = clusters.get(c.meta.name);
      if (!cluster) {
        cluster = { name: c.meta.name, provider: c.meta.provider ?? 'other', ...emptyObjects(), podIdentityAssociations: [], nodePools: [] };
        clusters.set(c.meta.name, cluster);
      }
      for (const k of META_KEYS) {
        const v = c.meta[k];
        if (v === undefined) continue;
        const had = cluster[k];
        if (had === undefined || (k === 'provider' && had === 'other')) (cluster as unknown as Record<string, unknown>)[k] = v;
        else if (had !== v) warnings.push(`${file}: cluster ${c.meta.name}: ${k} "${v}" differs from "${had}" read earlier; keeping "${had}"`);
      }
      if (c.objects) {
        for (const k of Object.keys(keyOf) as (keyof typeof keyOf)[]) addUnique((cluster[k] ??= []) as unknown[], c.objects[k] as unknown[], keyOf[k] as (x: unknown) => string);
        addUnique(cluster.gaps, c.objects.gaps, (g) => g);
      }
      addUnique((cluster.nodePools ??= []), c.nodePools ?? [], (p) => `${p.name}|${JSON.stringify(p.identity)}`);
      for (const a of c.podIdentityAssociations ?? []) {
        const at = cluster.podIdentityAssociations.findIndex((b) => (a.associationId && b.associationId === a.associationId) || (b.namespace === a.namespace && b.serviceAccount === a.serviceAccount && b.roleArn === a.roleArn));
        if (at < 0) cluster.podIdentityAssociations.push(a);
        else if (!cluster.podIdentityAssociations[at]!.roleArn && a.roleArn) cluster.podIdentityAssociations[at] = a;
      }
    }
  }
  // A list record without a role is superseded by a describe record of the same association.
  for (const c of clusters.values()) {
    c.podIdentityAssociations = c.podIdentityAssociations.filter(
      (a) => a.roleArn || !c.podIdentityAssociations.some((b) => b !== a && b.roleArn && b.namespace === a.namespace && b.serviceAccount === a.serviceAccount),
    );
  }
  return { inventory: { provider: 'kubernetes', clusters: [...clusters.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) }, warnings };
}
