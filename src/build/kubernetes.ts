import { edgeId, type GraphEdge, type GraphNode } from '../model/graph.js';
import type { K8sCluster, KubernetesInventory } from '../model/inventory/index.js';
import { ClusterFacts } from '../analysis/kubernetes/facts.js';
import * as ID from '../analysis/kubernetes/ids.js';
import { spId } from '../analysis/azure/ids.js';
import { saId as gcpSaId } from '../analysis/gcp/ids.js';
import { legacyTokenOf, storedCredentialId } from '../analysis/kubernetes/rules/secrets.js';
import { kubernetesWorkloadTokens } from '../analysis/kubernetes/tokens.js';

/** Annotations that tie a service account to a cloud identity, kept as node props. */
const CLOUD_ANNOTATIONS: Record<string, string> = {
  'eks.amazonaws.com/role-arn': 'awsRoleArn',
  'iam.gke.io/gcp-service-account': 'gcpServiceAccount',
  'azure.workload.identity/client-id': 'azureClientId',
};

/** Whether a stored token names a service account of this cluster: same issuer (or the legacy one). */
function tokenOfCluster(cluster: K8sCluster, issuer: string): boolean {
  return issuer === 'kubernetes/serviceaccount' || (cluster.oidcIssuer !== undefined && issuer === cluster.oidcIssuer);
}

/**
 * Kubernetes inventory → nodes (service accounts, users and groups named by bindings, worker
 * nodes, secrets, the tokens and cloud credentials found in secrets, and hubs standing for a
 * cluster's and each namespace's administrator) and base edges.
 */
export function buildKubernetes(inventory: KubernetesInventory): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  const add = (n: Omit<GraphNode, 'provider' | 'tags'> & { provider?: GraphNode['provider'] }) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { provider: 'kubernetes', tags: {}, ...n });
  };
  const fact = (kind: string, technique: string, source: string, target: string, summary: string, ref: string) =>
    edges.push({ id: edgeId(kind, technique, source, target), source, target, kind, technique, evidence: { summary, refs: [{ type: 'inventory', source: ref }] }, conditional: false });

  for (const cluster of inventory.clusters) {
    const f = new ClusterFacts(cluster);
    const c = cluster.name;
    const scope = `k8s:${c}`;
    for (const sa of f.serviceAccounts.values()) {
      const cloud = Object.fromEntries(Object.entries(CLOUD_ANNOTATIONS).flatMap(([a, p]) => (sa.object?.annotations[a] ? [[p, sa.object.annotations[a]]] : [])));
      add({ id: sa.id, kind: 'Identity', type: 'kubernetes:service-account', name: `${sa.namespace}/${sa.name}`, scope, aliases: [ID.saSubject(sa.namespace, sa.name)], props: { cluster: c, namespace: sa.namespace, serviceAccount: sa.name, exported: sa.object !== undefined, ...cloud } });
    }
    for (const u of f.users) add({ id: ID.userId(c, u), kind: 'Identity', type: 'kubernetes:user', name: u, scope, props: { cluster: c } });
    for (const g of f.groups) add({ id: ID.groupId(c, g), kind: 'Identity', type: 'kubernetes:group', name: g, scope, props: { cluster: c } });
    add({ id: ID.clusterAdminId(c), kind: 'Identity', type: 'kubernetes:cluster-admin', name: `administrator of cluster ${c}`, scope, props: { cluster: c, provider: cluster.provider, oidcIssuer: cluster.oidcIssuer ?? null } });
    for (const ns of f.namespaces) add({ id: ID.namespaceAdminId(c, ns), kind: 'Identity', type: 'kubernetes:namespace-admin', name: `administrator of namespace ${ns} (cluster ${c})`, scope, props: { cluster: c, namespace: ns } });
    for (const n of f.nodes) add({ id: ID.nodeId(c, n), kind: 'Identity', type: 'kubernetes:node', name: n, scope, props: { cluster: c } });

    for (const pool of cluster.nodePools ?? []) {
      // Stand-ins for the identities nodes hold, until the cloud's inventory supplies them.
      const id = pool.identity;
      if (id.cloud === 'aws') add({ id: id.roleArn, kind: 'Identity', provider: 'aws', type: 'aws:iam:role', name: id.roleArn.split('/').pop()!, scope: id.roleArn.split(':')[4]!, props: { arn: id.roleArn, placeholder: true } });
      else if (id.cloud === 'gcp' && id.serviceAccount !== 'default') add({ id: gcpSaId(id.serviceAccount), kind: 'Identity', provider: 'gcp', type: 'gcp:service-account', name: id.serviceAccount, aliases: [id.serviceAccount], props: { email: id.serviceAccount, placeholder: true } });
      else if (id.cloud === 'azure' && id.objectId) add({ id: spId(id.objectId), kind: 'Identity', provider: 'azure', type: 'azure:managed-identity', name: id.resourceId?.split('/').pop() ?? `kubelet identity of ${c}`, aliases: [id.objectId, ...(id.clientId ? [id.clientId] : [])], props: { objectId: id.objectId, appId: id.clientId ?? null, placeholder: true } });
    }
    for (const s of cluster.secrets) {
      const loc = ID.secretId(c, s.namespace, s.name);
      add({ id: loc, kind: 'SecretLocation', type: 'kubernetes:secret', name: `${s.namespace}/${s.name}`, scope, props: { cluster: c, namespace: s.namespace, secretType: s.type, keys: s.keys, holds: s.credentials.map((x) => `${x.type} (${x.key})`) } });
      const legacy = legacyTokenOf(s);
      const tokens = s.credentials.filter((x) => x.type === 'service-account-token');
      const legacyTokens = legacy && tokens.length === 0 ? [{ key: 'token', namespace: s.namespace, serviceAccount: legacy, issuer: 'kubernetes/serviceaccount' }] : [];
      for (const t of [...tokens, ...legacyTokens]) {
        const cred = ID.storedTokenId(c, s.namespace, s.name, t.key);
        const exp = 'expiresAt' in t ? t.expiresAt : undefined;
        add({ id: cred, kind: 'Credential', type: 'kubernetes:service-account-token', name: `token in secret ${s.namespace}/${s.name}`, scope, props: { cluster: c, issuer: t.issuer, namespace: t.namespace ?? null, serviceAccount: t.serviceAccount ?? null, expiresAt: exp ?? null } });
        fact('STORED_IN', 'kubernetes:secrets:StoredCredential', cred, loc, `token stored in secret ${s.namespace}/${s.name}`, `Secret ${s.namespace}/${s.name}`);
        const sa = t.namespace && t.serviceAccount ? f.sa(t.namespace, t.serviceAccount) : undefined;
        if (sa && tokenOfCluster(cluster, t.issuer)) {
          fact('AUTHENTICATES_AS', 'kubernetes:serviceaccounts:Token', cred, sa.id, `a token of service account ${sa.namespace}/${sa.name}`, `Secret ${s.namespace}/${s.name} (issuer ${t.issuer})`);
        } else if (!sa) {
          warnings.push(`kubernetes: cluster ${c}: secret ${s.namespace}/${s.name} holds a token of ${t.namespace ?? '?'}/${t.serviceAccount ?? '?'} (issuer ${t.issuer}), not a service account of this export`);
        }
      }
      for (const x of s.credentials) {
        if (x.type !== 'aws-access-key' && x.type !== 'gcp-service-account-key') continue;
        const id = storedCredentialId(cluster, s, x)!;
        // A stand-in until the owning cloud's inventory supplies the real node (buildBaseGraph prefers that one).
        if (x.type === 'aws-access-key') add({ id, kind: 'Credential', provider: 'aws', type: 'aws:iam:access-key', name: x.accessKeyId, aliases: [x.accessKeyId], props: { accessKeyId: x.accessKeyId, placeholder: true } });
        else add({ id, kind: 'Credential', provider: 'gcp', type: 'gcp:iam:service-account-key', name: x.privateKeyId, aliases: [x.privateKeyId], props: { privateKeyId: x.privateKeyId, clientEmail: x.clientEmail ?? null, placeholder: true } });
        fact('STORED_IN', 'kubernetes:secrets:StoredCredential', id, loc, `credential stored in secret ${s.namespace}/${s.name}`, `Secret ${s.namespace}/${s.name} key ${x.key}`);
      }
    }
  }
  // Workload tokens: the node the clouds' federation trusts match, and who mints it.
  for (const t of kubernetesWorkloadTokens(inventory)) {
    const claims = Object.fromEntries(Object.entries(t.claims).map(([k, v]) => [`claim:${k}`, v]));
    add({ id: t.id, kind: 'Identity', type: 'oidc:subject', name: t.subject, aliases: [t.subject], props: { issuer: t.issuer, subject: t.subject, ...claims, ...(t.workloadPool ? { workloadPool: t.workloadPool } : {}) } });
    edges.push({
      id: edgeId('CAN_MINT_TOKEN', TOKEN_TECHNIQUE, t.mintedBy, t.id),
      source: t.mintedBy,
      target: t.id,
      kind: 'CAN_MINT_TOKEN',
      technique: TOKEN_TECHNIQUE,
      evidence: {
        summary: `service account ${t.subject} gets tokens from ${t.issuer} (projected into its pods, or by TokenRequest) with an audience of the workload's choosing`,
        refs: [{ type: 'inventory', source: `ServiceAccount ${t.claims['kubernetes.io/namespace']}/${t.claims['kubernetes.io/serviceaccount/name']}`, detail: `issuer ${t.issuer}` }],
        assumptions: ['the workload picks the audience: true for a pod it creates (projected token volume) or TokenRequest; a token taken from a running pod carries the audiences its volumes ask for'],
      },
      conditional: false,
    });
  }
  return { nodes: [...nodes.values()], edges, warnings };
}

const TOKEN_TECHNIQUE = 'kubernetes:serviceaccounts:ProjectedToken';
