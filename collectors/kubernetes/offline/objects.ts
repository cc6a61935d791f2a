import type { z } from 'zod';
import type { K8sCluster, K8sWorkloadKind } from '../../../src/model/inventory/index.js';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { ListField } from '../part.js';
import * as S from './schemas.js';
import { recogniseSecretData } from './secrets.js';

export type ClusterObjects = Required<Pick<K8sCluster, Exclude<ListField, 'podIdentityAssociations' | 'nodePools'>>>;

export const emptyObjects = (): ClusterObjects => ({ namespaces: [], serviceAccounts: [], secrets: [], roles: [], bindings: [], workloads: [], gaps: [], nodes: [] });

/** The kinds an envelope should hold; a kind with no list at all is a coverage gap. */
export const EXPECTED_KINDS = ['ServiceAccount', 'Secret', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Pod'] as const;

const CONTROLLERS = new Set<K8sWorkloadKind>(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job']);

/** Why a pod template reaches its node: the settings Pod Security's baseline level forbids. */
export function hostAccess(spec: S.PodSpec): string[] {
  const out: string[] = [];
  for (const c of [...spec.containers, ...spec.initContainers]) {
    if (c.securityContext?.privileged) out.push(`container ${c.name} privileged`);
    const caps = c.securityContext?.capabilities?.add ?? [];
    if (caps.some((x) => ['SYS_ADMIN', 'ALL', 'CAP_SYS_ADMIN'].includes(x.toUpperCase()))) out.push(`container ${c.name} adds ${caps.join(',')}`);
  }
  if (spec.hostPID) out.push('hostPID');
  for (const v of spec.volumes) if (v.hostPath) out.push(`hostPath ${v.hostPath.path} (volume ${v.name})`);
  return out;
}

function workload(kind: K8sWorkloadKind, namespace: string, name: string, labels: Record<string, string>, spec: S.PodSpec, nodeName?: string) {
  return {
    kind,
    namespace,
    name,
    // The API server fills in `default` when a pod names none.
    serviceAccount: spec.serviceAccountName ?? spec.serviceAccount ?? 'default',
    ...(nodeName ? { nodeName } : {}),
    hostAccess: hostAccess(spec),
    ...(spec.hostNetwork ? { hostNetwork: true } : {}),
    ...(spec.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: spec.automountServiceAccountToken } : {}),
    labels,
  };
}

const ns = (m: { namespace?: string }) => m.namespace ?? 'default';

/** Adds one API object to the cluster's lists; returns the kind it recognised, or undefined to skip. */
export function addObject(into: ClusterObjects, kind: string, item: unknown, file: string, at: string): string | undefined {
  const parse = <T extends z.ZodType>(schema: T) => parseOrThrow(schema, item, file, `a Kubernetes ${kind} at ${at}`);
  switch (kind) {
    case 'Node': {
      const o = parse(S.nodeSchema);
      into.nodes.push({ name: o.metadata.name, labels: o.metadata.labels, ...(o.spec?.providerID ? { providerID: o.spec.providerID } : {}) });
      return kind;
    }
    case 'Namespace': {
      const o = parse(S.namespaceSchema);
      into.namespaces.push({ name: o.metadata.name, labels: o.metadata.labels });
      return kind;
    }
    case 'ServiceAccount': {
      const o = parse(S.serviceAccountSchema);
      into.serviceAccounts.push({
        namespace: ns(o.metadata),
        name: o.metadata.name,
        ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
        annotations: o.metadata.annotations,
        ...(o.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: o.automountServiceAccountToken } : {}),
      });
      return kind;
    }
    case 'Secret': {
      const o = parse(S.secretSchema);
      const data = { ...(o.data ?? {}), ...Object.fromEntries(Object.entries(o.stringData ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
      into.secrets.push({
        namespace: ns(o.metadata),
        name: o.metadata.name,
        type: o.type,
        // Annotations can hold a copy of the value (kubectl.kubernetes.io/last-applied-configuration): keep only the ones leakpath reads.
        annotations: Object.fromEntries(Object.entries(o.metadata.annotations).filter(([k]) => k.startsWith('kubernetes.io/service-account.'))),
        keys: Object.keys(data).sort(),
        credentials: o.leakpathCredentials ?? recogniseSecretData(data),
      });
      return kind;
    }
    case 'Role':
    case 'ClusterRole': {
      const o = parse(S.roleSchema);
      into.roles.push({
        kind,
        ...(kind === 'Role' ? { namespace: ns(o.metadata) } : {}),
        name: o.metadata.name,
        labels: o.metadata.labels,
        rules: o.rules,
        ...(o.aggregationRule ? { aggregationSelectors: o.aggregationRule.clusterRoleSelectors } : {}),
      });
      return kind;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const o = parse(S.bindingSchema);
      if (kind === 'ClusterRoleBinding' && o.roleRef.kind === 'Role') throw new InputError(file, at, 'expected a ClusterRoleBinding to refer to a ClusterRole');
      into.bindings.push({
        kind,
        ...(kind === 'RoleBinding' ? { namespace: ns(o.metadata) } : {}),
        name: o.metadata.name,
        roleRef: { kind: o.roleRef.kind, name: o.roleRef.name },
        subjects: o.subjects.map((s) => ({ kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) })),
      });
      return kind;
    }
    case 'Pod': {
      const o = parse(S.podSchema);
      into.workloads.push(workload('Pod', ns(o.metadata), o.metadata.name, o.metadata.labels, o.spec, o.spec.nodeName));
      return kind;
    }
    case 'CronJob': {
      const o = parse(S.cronJobSchema);
      const t = o.spec.jobTemplate.spec.template;
      into.workloads.push(workload('CronJob', ns(o.metadata), o.metadata.name, t.metadata?.labels ?? {}, t.spec));
      return kind;
    }
    default: {
      if (!CONTROLLERS.has(kind as K8sWorkloadKind)) return undefined;
      const o = parse(S.controllerSchema);
      const t = o.spec.template;
      into.workloads.push(workload(kind as K8sWorkloadKind, ns(o.metadata), o.metadata.name, t.metadata?.labels ?? {}, t.spec));
      return kind;
    }
  }
}

/**
 * One `kubectl get … -o json` output: a `List` whose items carry their kind, or a typed list
 * (`PodList`, as the API returns it) whose items do not.
 */
export function addList(into: ClusterObjects, list: unknown, file: string, at: string): { kinds: Set<string>; skipped: Set<string> } {
  const l = parseOrThrow(S.listSchema, list, file, `a kubectl List (kind, items) at ${at}`);
  const listKind = l.kind.endsWith('List') && l.kind !== 'List' ? l.kind.slice(0, -4) : undefined;
  const kinds = new Set<string>();
  const skipped = new Set<string>();
  if (listKind) kinds.add(listKind);
  l.items.forEach((item, i) => {
    const kind = typeof item.kind === 'string' ? item.kind : listKind;
    if (!kind) throw new InputError(file, `${at}.items[${i}]`, 'expected an object with "kind" (or a typed list such as PodList)');
    const got = addObject(into, kind, item, file, `${at}.items[${i}]`);
    if (got) kinds.add(got);
    else skipped.add(kind);
  });
  return { kinds, skipped };
}
