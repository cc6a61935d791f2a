/**
 * What leakpath keeps of a Kubernetes cluster: identities, RBAC, workloads and the identifiers of
 * credentials found in secrets. Never a secret value: a secret's data is read once, at the
 * parser, to recognise what it holds, and only those identifiers survive.
 */
export interface KubernetesInventory {
  provider: 'kubernetes';
  clusters: K8sCluster[];
}

export type K8sClusterProvider = 'eks' | 'gke' | 'aks' | 'other';

export interface K8sCluster {
  name: string;
  provider: K8sClusterProvider;
  /** The service-account token issuer (`iss` of bound tokens), when the cluster has one. */
  oidcIssuer?: string;
  /** EKS */
  account?: string;
  region?: string;
  arn?: string;
  /** GKE */
  project?: string;
  location?: string;
  workloadPool?: string;
  /** AKS */
  subscription?: string;
  tenant?: string;
  resourceGroup?: string;
  /** Namespaces with their labels (Pod Security admission); empty when not exported. */
  namespaces: K8sNamespace[];
  serviceAccounts: K8sServiceAccount[];
  secrets: K8sSecret[];
  roles: K8sRole[];
  bindings: K8sBinding[];
  workloads: K8sWorkload[];
  podIdentityAssociations: K8sPodIdentityAssociation[];
  /** Node groups / node pools / the kubelet identity, from the cloud's description (absent in older snapshots). */
  nodePools?: K8sNodePool[];
  /** Node objects (`kubectl get nodes -o json`): which pool each node is in. */
  nodes?: K8sNode[];
  /** Kinds whose listing was not exported or was refused, so absence there proves nothing. */
  gaps: string[];
}

export interface K8sNamespace {
  name: string;
  labels: Record<string, string>;
}

export interface K8sServiceAccount {
  namespace: string;
  name: string;
  uid?: string;
  annotations: Record<string, string>;
  automountServiceAccountToken?: boolean;
}

/** A credential recognised in a secret's data, by identifiers only. */
export type K8sStoredCredential =
  | { type: 'aws-access-key'; key: string; accessKeyId: string }
  | { type: 'gcp-service-account-key'; key: string; privateKeyId: string; clientEmail?: string }
  | { type: 'azure-client-secret'; key: string; hint: string; appId?: string }
  | {
      type: 'service-account-token';
      key: string;
      issuer: string;
      subject?: string;
      namespace?: string;
      serviceAccount?: string;
      expiresAt?: string;
    };

export interface K8sSecret {
  namespace: string;
  name: string;
  type: string;
  annotations: Record<string, string>;
  /** Data keys present (names only). */
  keys: string[];
  credentials: K8sStoredCredential[];
}

export interface K8sPolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface K8sRole {
  kind: 'Role' | 'ClusterRole';
  /** Absent for a ClusterRole. */
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  rules: K8sPolicyRule[];
  /** ClusterRoles whose labels match these selectors contribute their rules (aggregation). */
  aggregationSelectors?: K8sLabelSelector[];
}

export interface K8sLabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export interface K8sSubject {
  kind: 'ServiceAccount' | 'User' | 'Group';
  name: string;
  namespace?: string;
}

export interface K8sBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace?: string;
  name: string;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  subjects: K8sSubject[];
}

export type K8sWorkloadKind = 'Pod' | 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'ReplicaSet' | 'Job' | 'CronJob';

export interface K8sWorkload {
  kind: K8sWorkloadKind;
  namespace: string;
  name: string;
  serviceAccount: string;
  /** Pods only: where it runs. */
  nodeName?: string;
  /** The pod template breaks out of the container: privileged, host namespaces, hostPath. */
  hostAccess: string[];
  /** Pods only: shares the node's network, so reaches its metadata service whatever the hop limit or metadata proxy. */
  hostNetwork?: boolean;
  automountServiceAccountToken?: boolean;
  labels: Record<string, string>;
}

/** `aws eks describe-pod-identity-association` / list output. */
export interface K8sPodIdentityAssociation {
  associationId?: string;
  namespace: string;
  serviceAccount: string;
  roleArn?: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
}

/** The cloud identity every node of a pool holds, reachable through the node's metadata service. */
export type K8sNodeIdentity =
  | { cloud: 'aws'; roleArn: string }
  /** `default` = the project's default compute service account, resolved against the GCP inventory. */
  | { cloud: 'gcp'; serviceAccount: string; workloadMetadata?: string }
  | { cloud: 'azure'; objectId?: string; clientId?: string; resourceId?: string };

export interface K8sNodePool {
  /** EKS node group, GKE node pool, or `*` for an identity every node holds (AKS kubelet identity, GKE nodeConfig). */
  name: string;
  identity: K8sNodeIdentity;
  /** The command and field that name the identity (evidence). */
  source: string;
}

export interface K8sNode {
  name: string;
  labels: Record<string, string>;
  providerID?: string;
}
