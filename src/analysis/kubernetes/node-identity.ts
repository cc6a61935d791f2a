import type { EvidenceRef, GraphEdge } from '../../model/graph.js';
import type { AzureInventory, GcpInventory, Inventory, K8sCluster, K8sNode, K8sNodePool, KubernetesInventory } from '../../model/inventory/index.js';
import { spId } from '../azure/ids.js';
import { saId as gcpSaId } from '../gcp/ids.js';
import { k8sEdge, grantRefs } from './edge.js';
import { ClusterFacts } from './facts.js';
import * as ID from './ids.js';
import { podCreateNamespaces } from './rules/workloads.js';

export const NODE_TECHNIQUE = { aws: 'kubernetes:eks:NodeRole', gcp: 'kubernetes:gke:NodeServiceAccount', azure: 'kubernetes:aks:KubeletIdentity' } as const;
export const METADATA_TECHNIQUE = 'kubernetes:pods:MetadataIdentity';

/** The node label naming a node's group or pool, per cloud. */
const POOL_LABEL = { aws: 'eks.amazonaws.com/nodegroup', gcp: 'cloud.google.com/gke-nodepool', azure: 'kubernetes.azure.com/agentpool' } as const;

interface Resolved {
  pool: K8sNodePool;
  target: string;
  /** How the identity reads in messages. */
  label: string;
}

/** Cross-inventory lookups: a GKE pool's `default` SA needs the project number, an AKS client id its object id. */
class Lookups {
  private readonly projectNumbers = new Map<string, string>();
  private readonly spByAppId = new Map<string, string>();
  constructor(inventories: readonly Inventory[]) {
    for (const g of inventories.filter((i): i is GcpInventory => i.provider === 'gcp')) {
      for (const c of g.containers) if (c.projectId && /^projects\/\d+$/.test(c.name)) this.projectNumbers.set(c.projectId, c.name.slice('projects/'.length));
    }
    for (const a of inventories.filter((i): i is AzureInventory => i.provider === 'azure')) {
      for (const t of a.tenants) for (const sp of t.servicePrincipals) this.spByAppId.set(sp.appId.toLowerCase(), sp.id);
    }
  }

  resolve(cluster: K8sCluster, pool: K8sNodePool): Resolved | string {
    const id = pool.identity;
    switch (id.cloud) {
      case 'aws':
        return { pool, target: id.roleArn, label: `role ${id.roleArn}` };
      case 'gcp': {
        if (id.serviceAccount !== 'default') return { pool, target: gcpSaId(id.serviceAccount), label: `service account ${id.serviceAccount}` };
        const number = cluster.project ? this.projectNumbers.get(cluster.project) : undefined;
        if (!number) return `node pool ${pool.name} runs as the default compute service account of project ${cluster.project ?? '?'}, whose number is not in the GCP inventory: ingest the project to follow it`;
        const email = `${number}-compute@developer.gserviceaccount.com`;
        return { pool, target: gcpSaId(email), label: `the default compute service account ${email}` };
      }
      case 'azure': {
        const objectId = id.objectId ?? (id.clientId ? this.spByAppId.get(id.clientId.toLowerCase()) : undefined);
        if (!objectId) return `the kubelet identity (client id ${id.clientId ?? '?'}) has no object id and is not in the Azure inventory`;
        return { pool, target: spId(objectId), label: `managed identity ${objectId}${id.resourceId ? ` (${id.resourceId.split('/').pop()})` : ''}` };
      }
    }
  }
}

/** The pools a node can be in: the one its label names, every pool when unlabelled; `*` pools always. */
function poolsOf(node: K8sNode | undefined, pools: readonly Resolved[]): { pools: Resolved[]; known: boolean } {
  const all = pools.filter((p) => p.pool.name === '*');
  const named = pools.filter((p) => p.pool.name !== '*');
  if (named.length === 0) return { pools: all, known: true };
  const labelled = node && named.find((p) => node.labels[POOL_LABEL[p.pool.identity.cloud]] !== undefined);
  if (labelled) return { pools: [...all, ...named.filter((p) => node!.labels[POOL_LABEL[p.pool.identity.cloud]] === p.pool.name)], known: true };
  return { pools: [...all, ...named], known: new Set(named.map((p) => p.target)).size <= 1 };
}

const poolRef = (r: Resolved): EvidenceRef => ({ type: 'inventory', source: r.pool.source, detail: `${r.pool.name === '*' ? 'every node' : `node group / pool ${r.pool.name}`}: ${r.label}` });

/**
 * Whether an ordinary pod (no host network) gets the node's identity from the metadata service.
 * EKS: IMDSv2's hop limit decides (2 on managed node groups' default launch template, 1 blocks
 * pods). GKE: the GKE metadata server (Workload Identity) hides the node's account. AKS: IMDS
 * answers pods unless the network blocks it.
 */
function podReach(r: Resolved): { reach: boolean; conditions?: string; assumption?: string } {
  const id = r.pool.identity;
  if (id.cloud === 'aws') return { reach: true, conditions: 'the node group\'s instance metadata answers pods: IMDSv1 enabled or an IMDSv2 hop limit of 2 or more (the default launch template of EKS managed node groups); a hop limit of 1 leaves only host-network pods' };
  if (id.cloud === 'gcp') return id.workloadMetadata === 'GKE_METADATA' ? { reach: false } : { reach: true, assumption: `node pool ${r.pool.name} does not run the GKE metadata server (workloadMetadataConfig.mode ${id.workloadMetadata ?? 'not set'}): pods read the node's service-account token from the Compute Engine metadata server` };
  return { reach: true, assumption: 'no network policy keeps pods from 169.254.169.254 (AKS answers pods on IMDS by default)' };
}

/**
 * Node identities: the cloud identity each node holds (EKS node role, GKE node service account,
 * AKS kubelet identity) as an edge from the node — so whoever takes a node over (privileged or
 * host-mounting pod, nodes/proxy) gets it — and from whoever can start an ordinary pod where the
 * metadata service answers pods.
 */
export function nodeIdentityEdges(inventories: readonly Inventory[]): { edges: GraphEdge[]; warnings: string[] } {
  const lookups = new Lookups(inventories);
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const inv of inventories.filter((i): i is KubernetesInventory => i.provider === 'kubernetes')) {
    for (const cluster of inv.clusters) {
      const resolved: Resolved[] = [];
      for (const pool of cluster.nodePools ?? []) {
        const r = lookups.resolve(cluster, pool);
        if (typeof r === 'string') warnings.push(`kubernetes: cluster ${cluster.name}: ${r}`);
        else resolved.push(r);
      }
      if (resolved.length === 0) continue;
      const f = new ClusterFacts(cluster);
      const c = cluster.name;
      const nodeObjects = new Map((cluster.nodes ?? []).map((n) => [n.name, n]));
      for (const node of f.nodes) {
        const { pools, known } = poolsOf(nodeObjects.get(node), resolved);
        for (const r of pools) {
          const named = r.pool.name !== '*';
          const label = nodeObjects.get(node)?.labels[POOL_LABEL[r.pool.identity.cloud]];
          edges.push(
            k8sEdge('CAN_EXECUTE_AS', NODE_TECHNIQUE[r.pool.identity.cloud], ID.nodeId(c, node), r.target, `node ${node} holds ${r.label} and hands it out on its metadata service`, [poolRef(r), ...(label ? [{ type: 'inventory' as const, source: `Node ${node}`, detail: `label ${POOL_LABEL[r.pool.identity.cloud]}=${label}` }] : [])], {
              ...(named && !known ? { conditions: `node ${node}'s node group is not in the export (kubectl get nodes -o json gives its ${POOL_LABEL[r.pool.identity.cloud]} label): it holds this identity if it is in ${r.pool.name}` } : {}),
            }),
          );
        }
      }
      edges.push(...metadataEdges(f, resolved), ...hostNetworkExecEdges(f, resolved, nodeObjects));
    }
  }
  return { edges, warnings };
}

/** An ordinary pod, pinned to a node of the pool with nodeName, reads the node's identity from the metadata service. */
function metadataEdges(f: ClusterFacts, resolved: readonly Resolved[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const c = f.cluster.name;
  const reachable = resolved.map((r) => ({ r, ...podReach(r) })).filter((x) => x.reach);
  if (reachable.length === 0) return edges;
  const sources = [
    ...f.principals().map((p) => ({ id: p.id, name: p.name, namespaces: podCreateNamespaces(f, p.principal) })),
    ...[...f.namespaces].map((ns) => ({ id: ID.namespaceAdminId(c, ns), name: `an administrator of namespace ${ns}`, namespaces: new Map([[ns, []]]) })),
  ];
  for (const s of sources) {
    const where = [...s.namespaces.keys()].sort()[0];
    if (where === undefined) continue;
    const grants = s.namespaces.get(where)!;
    for (const x of reachable) {
      edges.push(
        k8sEdge('CAN_EXECUTE_AS', METADATA_TECHNIQUE, s.id, x.r.target, `${s.name} can start a pod in namespace ${where === '*' ? 'any namespace' : where} on a node ${x.r.pool.name === '*' ? 'of the cluster' : `of ${x.r.pool.name}`} and read ${x.r.label} from the metadata service`, [...grantRefs(grants), poolRef(x.r)], {
          ...(x.conditions ? { conditions: x.conditions } : {}),
          ...(x.assumption ? { assumptions: [x.assumption] } : {}),
        }),
      );
    }
  }
  return edges;
}

/**
 * A running pod on the host network reaches the node's metadata service whatever the hop limit or
 * metadata proxy: whoever can exec into it gets the node's identity.
 */
function hostNetworkExecEdges(f: ClusterFacts, resolved: readonly Resolved[], nodeObjects: Map<string, K8sNode>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const pod of f.pods) {
    if (!pod.hostNetwork || !pod.nodeName) continue;
    const { pools, known } = poolsOf(nodeObjects.get(pod.nodeName), resolved);
    if (pools.length === 0) continue;
    for (const { principal, id, name } of f.principals()) {
      const exec = ['exec', 'attach'].flatMap((sub) => f.rbac.allows(principal, { verb: 'create', apiGroup: '', resource: 'pods', subresource: sub, namespace: pod.namespace, name: pod.name }));
      if (exec.length === 0) continue;
      for (const r of pools) {
        edges.push(
          k8sEdge('CAN_EXECUTE_AS', METADATA_TECHNIQUE, id, r.target, `${name} can run commands in pod ${pod.namespace}/${pod.name}, which uses the host network of node ${pod.nodeName}, and read ${r.label} from the metadata service`, [...grantRefs(exec), { type: 'inventory', source: `Pod ${pod.namespace}/${pod.name}`, detail: `hostNetwork: true; nodeName ${pod.nodeName}` }, poolRef(r)], {
            ...(r.pool.name !== '*' && !known ? { conditions: `node ${pod.nodeName}'s node group is not in the export: it holds this identity if it is in ${r.pool.name}` } : {}),
          }),
        );
      }
    }
  }
  return edges;
}
