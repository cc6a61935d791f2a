import { UsageError } from '../../errors.js';
import type { K8sCluster } from '../../model/inventory/index.js';
import * as ID from './ids.js';

/** What a kubeconfig user authenticates with. A token stays in memory and is never printed. */
export type KubeconfigAuth =
  | { kind: 'token'; token: string }
  | { kind: 'certificate'; user: string; groups: string[] }
  | { kind: 'unsupported'; how: string; need: string };

export interface KubeconfigUser {
  context: string;
  /** The kubeconfig's own name for the cluster (EKS: the cluster ARN; GKE: gke_<project>_<location>_<name>). */
  cluster: string;
  userName: string;
  auth: KubeconfigAuth;
}

/** The cluster name a kubeconfig entry stands for, as `aws eks update-kubeconfig` / `gcloud … get-credentials` name them. */
function clusterNameOf(kubeName: string): { name: string; account?: string; project?: string } {
  const eks = /^arn:aws[a-z-]*:eks:[^:]+:(\d{12}):cluster\/(.+)$/.exec(kubeName);
  if (eks) return { name: eks[2]!, account: eks[1]! };
  const gke = /^gke_([^_]+)_([^_]+)_(.+)$/.exec(kubeName);
  if (gke) return { name: gke[3]!, project: gke[1]! };
  return { name: kubeName };
}

/** The inventoried cluster a kubeconfig context points at, by name (EKS and GKE forms understood), else the only cluster. */
export function clusterOfContext(u: KubeconfigUser, clusters: readonly K8sCluster[]): { cluster: K8sCluster; warning?: string } {
  const want = clusterNameOf(u.cluster);
  const byName = clusters.filter(
    (c) => (c.name === want.name || c.name === u.cluster || c.name === u.context) && (!want.account || !c.account || c.account === want.account) && (!want.project || !c.project || c.project === want.project),
  );
  if (byName.length === 1) return { cluster: byName[0]! };
  if (byName.length === 0 && clusters.length === 1) {
    return { cluster: clusters[0]!, warning: `kubeconfig cluster "${u.cluster}" is taken to be cluster ${clusters[0]!.name}, the only one in the snapshot` };
  }
  const known = clusters.map((c) => c.name).join(', ') || 'none';
  throw new UsageError(`context "${u.context}" points at cluster "${u.cluster}", which is ${byName.length ? 'ambiguous' : 'none'} of the clusters in the snapshot (${known}); ingest it, or blast k8s:<cluster>:user:<name>`);
}

/**
 * The node a client certificate starts from. Its subject is the user (CN) and its groups (O); the
 * graph has a node for each one a binding names. system:masters is the cluster administrator
 * whatever the bindings say. The user's own bindings come first; the groups' rights are named so
 * the caller can blast them too (a blast has one start).
 */
export function certificateStart(cluster: string, auth: { user: string; groups: string[] }, exists: (id: string) => boolean): { nodeId: string; notes: string[] } {
  const who = `user ${auth.user}${auth.groups.length ? ` (groups ${auth.groups.join(', ')})` : ''}`;
  if (auth.groups.includes('system:masters')) return { nodeId: ID.clusterAdminId(cluster), notes: [`${who}: group system:masters is the administrator of cluster ${cluster}`] };
  const candidates = [ID.userId(cluster, auth.user), ...[...auth.groups, 'system:authenticated'].map((g) => ID.groupId(cluster, g))].filter(exists);
  if (candidates.length === 0) throw new UsageError(`${who} is named by no RoleBinding or ClusterRoleBinding of cluster ${cluster} in the snapshot: it has no RBAC rights there`);
  const [first, ...rest] = candidates;
  return { nodeId: first!, notes: [`the certificate is ${who} of cluster ${cluster}`, ...(rest.length ? [`also bound through ${rest.join(', ')}: blast those ids for their rights`] : [])] };
}

/** RFC 4514-style subject lines as node:crypto prints them (`O=a\nCN=b`). */
export function subjectFields(subject: string): { cn?: string; o: string[] } {
  const o: string[] = [];
  let cn: string | undefined;
  for (const line of subject.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'CN') cn = value;
    else if (key === 'O') o.push(value);
  }
  return { ...(cn !== undefined ? { cn } : {}), o };
}
