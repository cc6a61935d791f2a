import type { GraphEdge } from '../../model/graph.js';
import type { AwsInventory, AwsRole, Inventory, K8sCluster, K8sPodIdentityAssociation, KubernetesInventory } from '../../model/inventory/index.js';
import { authorize, type RequestKeys } from '../aws/policy/authorize.js';
import { OrgControls } from '../aws/policy/org.js';
import { allowed, attackEdge, type Grant } from '../aws/rules/common.js';
import type { WorkloadToken } from '../federation/types.js';
import { saId } from './ids.js';

export const POD_IDENTITY_TECHNIQUE = 'kubernetes:eks:PodIdentityAssociation';
const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * The session tags EKS Pod Identity puts on the role session. The pod's name and uid are the
 * attacker's to choose (it creates the pod), so they stay unknown.
 */
function sessionTags(cluster: K8sCluster, a: K8sPodIdentityAssociation): RequestKeys {
  if (a.disableSessionTags) return { 'aws:TagKeys': null };
  const arn = cluster.arn ?? (cluster.account && cluster.region ? `arn:aws:eks:${cluster.region}:${cluster.account}:cluster/${cluster.name}` : undefined);
  return {
    'aws:RequestTag/eks-cluster-arn': arn,
    'aws:RequestTag/eks-cluster-name': cluster.name,
    'aws:RequestTag/kubernetes-namespace': a.namespace,
    'aws:RequestTag/kubernetes-service-account': a.serviceAccount,
    'aws:RequestTag/kubernetes-pod-name': undefined,
    'aws:RequestTag/kubernetes-pod-uid': undefined,
    'aws:TagKeys': ['eks-cluster-arn', 'eks-cluster-name', 'kubernetes-namespace', 'kubernetes-service-account', 'kubernetes-pod-name', 'kubernetes-pod-uid'],
    ...(cluster.account ? { 'aws:SourceAccount': cluster.account } : {}),
    ...(arn ? { 'aws:SourceArn': arn } : {}),
  };
}

/**
 * EKS Pod Identity: a pod of the associated service account gets the role's credentials from the
 * EKS Auth API, which assumes the role as pods.eks.amazonaws.com (sts:AssumeRole, and
 * sts:TagSession with the session tags above). The role's trust is judged by the AWS evaluator,
 * so a trust conditioned on another namespace's tag gives nothing.
 */
export function podIdentityEdges(inventories: readonly Inventory[]): { edges: GraphEdge[]; warnings: string[] } {
  const aws = inventories.filter((i): i is AwsInventory => i.provider === 'aws');
  const roles = new Map<string, { role: AwsRole; org?: OrgControls }>();
  for (const inv of aws) {
    const org = inv.organization ? new OrgControls(inv.organization) : undefined;
    for (const acct of inv.accounts) for (const role of acct.roles) roles.set(role.arn, { role, ...(org ? { org } : {}) });
  }
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const inv of inventories.filter((i): i is KubernetesInventory => i.provider === 'kubernetes')) {
    for (const cluster of inv.clusters) {
      for (const a of cluster.podIdentityAssociations) {
        if (!a.roleArn) continue;
        const found = roles.get(a.roleArn);
        if (!found) {
          if (aws.length) warnings.push(`kubernetes: cluster ${cluster.name}: pod identity association ${a.associationId ?? ''} names role ${a.roleArn}, which is not in the AWS inventory`);
          continue;
        }
        const keys = sessionTags(cluster, a);
        const ask = (action: string): Grant => ({
          action: `${action} by ${POD_IDENTITY_SERVICE} for ${a.namespace}/${a.serviceAccount}`,
          resource: a.roleArn!,
          decision: authorize({ principal: { service: POD_IDENTITY_SERVICE, ...(found.org ? { org: found.org } : {}) }, action, resource: a.roleArn!, resourcePolicy: found.role.trustPolicy, context: keys }),
        });
        const grants = a.disableSessionTags ? [ask('sts:AssumeRole')] : [ask('sts:AssumeRole'), ask('sts:TagSession')];
        if (!grants.every((g) => allowed(g.decision))) continue;
        edges.push(
          attackEdge({
            kind: 'CAN_ASSUME',
            technique: POD_IDENTITY_TECHNIQUE,
            source: saId(cluster.name, a.namespace, a.serviceAccount),
            target: a.roleArn,
            summary: `EKS Pod Identity association ${a.associationId ?? ''} gives pods of ${a.namespace}/${a.serviceAccount} in cluster ${cluster.name} sessions of ${found.role.name}`,
            grants,
            refs: [{ type: 'inventory', source: `pod identity association ${a.associationId ?? `${a.namespace}/${a.serviceAccount}`} (cluster ${cluster.name})`, detail: `role ${a.roleArn}${a.targetRoleArn ? `; target role ${a.targetRoleArn}` : ''}` }],
          }),
        );
      }
    }
  }
  return { edges, warnings };
}

/**
 * IRSA: the AWS matcher accepts a service account's token wherever the role's trust admits its
 * subject. Without the role-arn annotation the EKS webhook injects nothing, but a pod of the
 * service account can still ask for an sts.amazonaws.com token and call AssumeRoleWithWebIdentity
 * itself: the edge stands, with that said.
 */
export function noteIrsaAnnotations(inventories: readonly Inventory[], tokens: readonly WorkloadToken[], edges: GraphEdge[]): GraphEdge[] {
  const annotated = new Map<string, string>();
  for (const inv of inventories) {
    if (inv.provider !== 'kubernetes') continue;
    for (const c of inv.clusters) for (const sa of c.serviceAccounts) if (sa.annotations[IRSA_ANNOTATION]) annotated.set(saId(c.name, sa.namespace, sa.name), sa.annotations[IRSA_ANNOTATION]);
  }
  const k8sTokens = new Map(tokens.filter((t) => t.mintedBy.startsWith('k8s:')).map((t) => [t.id, t]));
  return edges.map((e) => {
    const t = k8sTokens.get(e.source);
    if (!t || e.kind !== 'FEDERATES' || !e.target.startsWith('arn:aws')) return e;
    const role = annotated.get(t.mintedBy);
    if (role === e.target) return { ...e, evidence: { ...e.evidence, refs: [...e.evidence.refs, { type: 'inventory', source: `ServiceAccount ${t.subject.split(':').slice(2).join('/')}`, detail: `annotation ${IRSA_ANNOTATION}=${role}` }] } };
    const note = `trust-only exposure: service account ${t.subject} has ${role ? `annotation ${IRSA_ANNOTATION}=${role}, not this role` : `no ${IRSA_ANNOTATION} annotation`}; the role is reached by requesting a token with audience sts.amazonaws.com and calling AssumeRoleWithWebIdentity directly`;
    return { ...e, evidence: { ...e.evidence, assumptions: [...(e.evidence.assumptions ?? []), note] } };
  });
}
