import type { K8sCluster, K8sNodePool, K8sPodIdentityAssociation } from '../../src/model/inventory/index.js';

/** Cluster facts outside the object lists: from the envelope's header or a cloud's description. */
export type ClusterMeta = Partial<Omit<K8sCluster, 'name' | ListField>> & { name: string };

export type ListField = 'namespaces' | 'serviceAccounts' | 'secrets' | 'roles' | 'bindings' | 'workloads' | 'podIdentityAssociations' | 'gaps' | 'nodes' | 'nodePools';

/** What one file says about one or more clusters, merged by cluster name. */
export interface K8sPart {
  clusters: {
    meta: ClusterMeta;
    /** Kubernetes objects, when the file is an envelope. */
    objects?: Required<Pick<K8sCluster, Exclude<ListField, 'podIdentityAssociations' | 'nodePools'>>>;
    podIdentityAssociations?: K8sPodIdentityAssociation[];
    /** Node groups / pools and the identity their nodes hold (cloud descriptions). */
    nodePools?: K8sNodePool[];
  }[];
  warnings: string[];
}
