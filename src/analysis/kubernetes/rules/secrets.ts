import type { GraphEdge } from '../../../model/graph.js';
import type { K8sCluster, K8sSecret, K8sStoredCredential } from '../../../model/inventory/index.js';
import { grantRefs, k8sEdge } from '../edge.js';
import type { ClusterFacts } from '../facts.js';
import * as ID from '../ids.js';
import { podCreateNamespaces } from './workloads.js';

/** Node id of the credential a secret holds; undefined when it names no shared identifier. */
export function storedCredentialId(cluster: K8sCluster, s: K8sSecret, c: K8sStoredCredential): string | undefined {
  switch (c.type) {
    case 'aws-access-key':
      return `aws:access-key:${c.accessKeyId}`;
    case 'gcp-service-account-key':
      return `gcp:sa-key:${c.privateKeyId}`;
    case 'service-account-token':
      return ID.storedTokenId(cluster.name, s.namespace, s.name, c.key);
    case 'azure-client-secret':
      return undefined;
  }
}

/** A legacy token secret: the token controller writes the named service account's token into it. */
export function legacyTokenOf(s: K8sSecret): string | undefined {
  return s.type === 'kubernetes.io/service-account-token' ? s.annotations['kubernetes.io/service-account.name'] : undefined;
}

const READ_VERBS = ['get', 'list', 'watch'];

/**
 * Reading secrets: `get`/`list`/`watch` on secrets (resourceNames respected), and creating a pod
 * that mounts the secret, which RBAC on secrets does not stop.
 */
export function secretRules(f: ClusterFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  for (const { principal, id, name } of f.principals()) {
    const mountNs = podCreateNamespaces(f, principal);
    for (const s of f.cluster.secrets) {
      const target = ID.secretId(c, s.namespace, s.name);
      const grants = READ_VERBS.flatMap((verb) => f.rbac.allows(principal, { verb, apiGroup: '', resource: 'secrets', namespace: s.namespace, name: s.name }));
      if (grants.length) {
        edges.push(k8sEdge('CAN_READ', 'kubernetes:secrets:Read', id, target, `${name} can read secret ${s.namespace}/${s.name}`, grantRefs(grants)));
        continue;
      }
      const mount = [...(mountNs.get('*') ?? []), ...(mountNs.get(s.namespace) ?? [])];
      if (mount.length) {
        edges.push(k8sEdge('CAN_READ', 'kubernetes:pods:MountSecret', id, target, `${name} can create a pod in namespace ${s.namespace} that mounts secret ${s.name}`, grantRefs(mount)));
      }
    }
  }
  for (const s of f.cluster.secrets) {
    edges.push(k8sEdge('CAN_READ', 'kubernetes:secrets:Read', ID.namespaceAdminId(c, s.namespace), ID.secretId(c, s.namespace, s.name), `an administrator of namespace ${s.namespace} can read secret ${s.name}`, [{ type: 'inventory', source: `namespace ${s.namespace}` }]));
  }
  return edges;
}

/** What a secret holds: EXPOSES to each recognised credential, and legacy tokens to their service account. */
export function storedCredentialRules(f: ClusterFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const cl = f.cluster;
  for (const s of cl.secrets) {
    const source = ID.secretId(cl.name, s.namespace, s.name);
    const where = { type: 'inventory' as const, source: `Secret ${s.namespace}/${s.name}` };
    const legacy = legacyTokenOf(s);
    if (legacy && !s.credentials.some((c) => c.type === 'service-account-token')) {
      const cred = ID.storedTokenId(cl.name, s.namespace, s.name, 'token');
      edges.push(k8sEdge('EXPOSES', 'kubernetes:secrets:StoredCredential', source, cred, `secret ${s.namespace}/${s.name} holds a long-lived token of service account ${legacy}`, [{ ...where, detail: `type ${s.type}; annotation kubernetes.io/service-account.name=${legacy}` }]));
    }
    for (const c of s.credentials) {
      const target = storedCredentialId(cl, s, c);
      if (!target) continue;
      const what = c.type === 'aws-access-key' ? `AWS access key ${c.accessKeyId}` : c.type === 'gcp-service-account-key' ? `GCP service-account key ${c.privateKeyId}${c.clientEmail ? ` of ${c.clientEmail}` : ''}` : c.type === 'service-account-token' ? `a service-account token (issuer ${c.issuer})` : 'an Azure client secret';
      edges.push(k8sEdge('EXPOSES', 'kubernetes:secrets:StoredCredential', source, target, `secret ${s.namespace}/${s.name} holds ${what} under key ${c.key}`, [{ ...where, detail: `data key ${c.key}` }]));
    }
  }
  return edges;
}
