import type { TechniqueSpec } from '../types.js';
import { techniquesOf, type Tags } from './define.js';

const RBAC = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
const RBAC_GOOD = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
const KUBEHOUND = 'https://kubehound.io/reference/attacks/';
const PSA = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

const t = techniquesOf('kubernetes');

const EXEC: Tags = { owaspNhi: ['NHI5', 'NHI6'], mitre: ['T1609', 'T1528'] };
const SECRET: Tags = { owaspNhi: ['NHI2', 'NHI5'], mitre: ['T1552.007'] };
const ESC: Tags = { owaspNhi: ['NHI5'], mitre: ['T1098'] };
const ESCAPE: Tags = { owaspNhi: ['NHI5'], mitre: ['T1611'] };

const BINDING_PRECONDITION = 'A RoleBinding or ClusterRoleBinding gives the source (directly, or through a group such as system:serviceaccounts:<ns> or system:authenticated) a Role or ClusterRole (aggregated rules included) with a rule matching';

export const KUBERNETES_TECHNIQUES: readonly TechniqueSpec[] = [
  t('kubernetes:pods:Create', 'CAN_EXECUTE_AS', 'Create a pod as any service account of the namespace', {
    general: 'Whoever may create pods in a namespace may name any service account of that namespace in the pod spec and so run code with its token (and the cloud identity the service account federates to).',
    precondition: `${BINDING_PRECONDITION} verb create on pods (core API group) in the namespace, without resourceNames (create cannot be limited by name). Also drawn from a namespace's administrator hub.`,
    abuse: '`kubectl run x --image=… --overrides=\'{"spec":{"serviceAccountName":"<target>"}}\'` and read `/var/run/secrets/kubernetes.io/serviceaccount/token`, or request a projected token with any audience.',
    opsec: 'Pod creation appears in the API server audit log; an unknown image or a pod outside a controller stands out.',
    fix: 'Grant create on pods only to controllers and deployment tooling; keep privileged service accounts in namespaces where nobody else creates pods.',
    references: [RBAC_GOOD, KUBEHOUND],
  }, EXEC),
  t('kubernetes:workloads:Create', 'CAN_EXECUTE_AS', 'Create a workload controller as any service account of the namespace', {
    general: 'Creating a Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob or ReplicationController starts pods from a template that names any service account of the namespace.',
    precondition: `${BINDING_PRECONDITION} verb create on one of those resources (apps, batch or core group) in the namespace.`,
    abuse: 'Create a Job whose pod template uses the target service account and exfiltrates its token.',
    opsec: 'Creation of the controller and its pods in the audit log.',
    fix: 'Limit who may create workload controllers in namespaces holding privileged service accounts.',
    references: [RBAC_GOOD],
  }, EXEC),
  t('kubernetes:workloads:Patch', 'CAN_EXECUTE_AS', 'Rewrite a workload controller\'s pod template', {
    general: 'Patching or updating a controller\'s pod template (image, command, serviceAccountName) rolls out new pods running the attacker\'s code as any service account of the namespace.',
    precondition: `${BINDING_PRECONDITION} verb patch or update on deployments, daemonsets, statefulsets, replicasets, cronjobs or replicationcontrollers; with resourceNames, only when a controller of that name exists. Jobs are left out: their template is immutable.`,
    abuse: '`kubectl set image` / `kubectl patch deployment … serviceAccountName`.',
    opsec: 'The change and the rollout are in the audit log.',
    fix: 'Reserve write access on controllers to deployment tooling.',
    references: [RBAC_GOOD, KUBEHOUND],
  }, EXEC),
  t('kubernetes:pods:Exec', 'CAN_EXECUTE_AS', 'Exec or attach into a running pod', {
    general: 'pods/exec and pods/attach run commands in a running pod, which reads the token of the pod\'s service account.',
    precondition: `${BINDING_PRECONDITION} verb create on pods/exec or pods/attach for the pod (resourceNames respected). Conditional when the pod does not mount its token.`,
    abuse: '`kubectl exec -it <pod> -- cat /var/run/secrets/kubernetes.io/serviceaccount/token`.',
    opsec: 'Exec requests are in the audit log (subresource exec).',
    fix: 'Remove pods/exec and pods/attach from everyday roles.',
    references: [KUBEHOUND, RBAC_GOOD],
  }, EXEC),
  t('kubernetes:pods:Patch', 'CAN_EXECUTE_AS', 'Change the containers of a running pod', {
    general: 'Patching a pod\'s container image, or adding an ephemeral container, runs the attacker\'s code in the pod as its service account.',
    precondition: `${BINDING_PRECONDITION} verb patch or update on pods or pods/ephemeralcontainers for the pod.`,
    abuse: '`kubectl debug -it <pod> --image=…` or `kubectl patch pod … image`.',
    opsec: 'Pod updates and ephemeral containers are in the audit log.',
    fix: 'Do not grant patch/update on pods or pods/ephemeralcontainers.',
    references: [KUBEHOUND],
  }, EXEC),
  t('kubernetes:pods:CreateHostAccess', 'CAN_EXECUTE_AS', 'Create a privileged or host-mounting pod on a node', {
    general: 'A pod that is privileged or mounts the host\'s filesystem, pinned to a node with nodeName, takes over the node: its kubelet credentials and the tokens of every pod on it.',
    precondition: `${BINDING_PRECONDITION} create on pods in a namespace whose Pod Security admission level is privileged (no enforce label, or enforce=privileged). Conditional when namespaces were not exported; no other admission policy is assumed.`,
    abuse: 'Create a pod with `privileged: true`, `hostPID: true` and a hostPath `/` volume on the chosen node, then chroot into the host.',
    opsec: 'Privileged pod creation is a common detection (audit log, runtime security).',
    fix: `Enforce the baseline or restricted Pod Security level on every namespace (${PSA}).`,
    references: [PSA, KUBEHOUND],
  }, ESCAPE),
  t('kubernetes:pods:ExecHostAccess', 'CAN_EXECUTE_AS', 'Exec into a pod that reaches its node', {
    general: 'Exec into an existing pod that is privileged, shares the host PID namespace, adds SYS_ADMIN or mounts a host path gives its node.',
    precondition: `${BINDING_PRECONDITION} create on pods/exec or pods/attach for a pod whose spec has such a setting (the evidence names it).`,
    abuse: 'Exec into the pod and escape (nsenter into PID 1, or write to the host mount).',
    fix: 'Remove host access from the pod, or exec rights on it.',
    references: [KUBEHOUND, PSA],
  }, ESCAPE),
  t('kubernetes:nodes:Proxy', 'CAN_EXECUTE_AS', 'Reach the kubelet API through nodes/proxy', {
    general: 'nodes/proxy reaches each node\'s kubelet API, which runs commands in any pod of the node without an exec audit record.',
    precondition: `${BINDING_PRECONDITION} get or create on nodes/proxy, granted cluster-wide (nodes are cluster-scoped).`,
    abuse: 'Call the kubelet\'s /exec or /run endpoint through the API server proxy or directly on port 10250.',
    opsec: 'Only the proxy request is audited, not the command.',
    fix: 'Grant nodes/proxy to monitoring agents only, ideally not at all.',
    references: [RBAC_GOOD],
  }, ESCAPE),
  t('kubernetes:node:PodTokens', 'CAN_EXECUTE_AS', 'A node holds the tokens of its pods', {
    general: 'Whoever controls a node reads the projected tokens of every pod scheduled there, and so acts as their service accounts.',
    precondition: 'A pod with spec.nodeName on the node and its service-account token mounted.',
    abuse: 'Read `/var/lib/kubelet/pods/*/volumes/kubernetes.io~projected/*/token` on the node.',
    fix: 'Keep privileged workloads on dedicated nodes (taints, node pools) and stop node takeovers.',
    references: [KUBEHOUND],
  }, { owaspNhi: ['NHI5'], mitre: ['T1528'] }),
  t('kubernetes:secrets:Read', 'CAN_READ', 'Read a secret', {
    general: 'Reading a secret gives every credential stored in it: legacy service-account tokens, cloud keys, passwords.',
    precondition: `${BINDING_PRECONDITION} get, list or watch on secrets in the secret's namespace (resourceNames respected). Also drawn from a namespace's administrator hub.`,
    abuse: '`kubectl get secret <name> -o json` and decode the data.',
    opsec: 'Secret reads are in the audit log at Metadata level; list calls read every secret at once.',
    fix: 'Grant secret reads by name only, to the workloads that need them; keep cloud credentials out of secrets (use workload identity).',
    references: [RBAC_GOOD, KUBEHOUND],
  }, SECRET),
  t('kubernetes:pods:MountSecret', 'CAN_READ', 'Mount a secret into a new pod', {
    general: 'A pod may mount any secret of its namespace as a volume or environment variable; RBAC on secrets does not apply to the pod creator.',
    precondition: `${BINDING_PRECONDITION} create on pods in the secret's namespace (no read right on the secret itself).`,
    abuse: 'Create a pod mounting the secret and print it.',
    fix: 'Treat create on pods as read access to every secret of the namespace.',
    references: [RBAC_GOOD],
  }, SECRET),
  t('kubernetes:secrets:StoredCredential', 'EXPOSES', 'A secret holds a credential', {
    general: 'The secret\'s data holds a credential identified by its id only: a legacy service-account token, an AWS access key id, a GCP key file\'s private_key_id (shared ids aws:access-key:<id>, gcp:sa-key:<id>).',
    precondition: 'The value was recognised when the export was parsed (then discarded), or the secret is of type kubernetes.io/service-account-token.',
    abuse: 'Read the secret and use the credential.',
    fix: 'Rotate the credential and move the workload to workload identity (IRSA / Pod Identity, GKE Workload Identity, AKS workload identity).',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets'],
  }, SECRET),
  t('kubernetes:serviceaccounts:Token', 'AUTHENTICATES_AS', 'A service-account token', {
    general: 'A service-account token found in a secret signs requests as that service account.',
    precondition: 'The token\'s issuer is the cluster\'s (or the legacy kubernetes/serviceaccount issuer) and it names a service account of the cluster.',
    abuse: '`kubectl --token=… auth can-i --list`.',
    fix: 'Delete legacy token secrets (LegacyServiceAccountTokenCleanUp) and rotate.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/'],
  }, { owaspNhi: ['NHI7'], mitre: ['T1528'] }),
  t('kubernetes:serviceaccounts:TokenRequest', 'CAN_CREATE_CREDENTIAL', 'Request a token for a service account', {
    general: 'The TokenRequest API (serviceaccounts/token) mints a token for the service account with the audience the caller chooses.',
    precondition: `${BINDING_PRECONDITION} create on serviceaccounts/token for the service account (resourceNames respected).`,
    abuse: '`kubectl create token <sa> -n <ns> --audience sts.amazonaws.com`.',
    opsec: 'TokenRequest calls are in the audit log.',
    fix: 'Grant serviceaccounts/token only to the components that need it.',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1528'] }),
  t('kubernetes:rbac:Impersonate', 'CAN_IMPERSONATE', 'Impersonate a user, group or service account', {
    general: 'The impersonate verb lets the caller act as another user, group or service account; impersonating group system:masters is cluster administration.',
    precondition: `${BINDING_PRECONDITION} impersonate on users or groups (only cluster-wide: they are cluster-scoped) or on serviceaccounts in the target's namespace; resourceNames respected.`,
    abuse: '`kubectl --as=<user> --as-group=system:masters …`.',
    opsec: 'Impersonated requests carry impersonatedUser in the audit log.',
    fix: 'Remove impersonate from roles, or limit it by resourceNames.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
  }, ESC),
  t('kubernetes:rbac:BindRole', 'CAN_GRANT_ROLE', 'Bind an administrator role to oneself', {
    general: 'With bind on a role that allows everything (cluster-admin, or any Role / ClusterRole with * on *) and the right to create or change bindings, the caller binds it to itself: cluster-wide with a ClusterRoleBinding (ClusterRoles only), or in one namespace with a RoleBinding.',
    precondition: `${BINDING_PRECONDITION} create, update or patch on clusterrolebindings (or rolebindings in the namespace) and bind on that role (by name or any). cluster-admin is assumed present (bootstrap policy).`,
    abuse: '`kubectl create clusterrolebinding x --clusterrole=cluster-admin --serviceaccount=<ns>:<me>`.',
    opsec: 'New bindings to cluster-admin are a standard alert.',
    fix: 'Never grant bind or escalate; restrict binding writes to administrators.',
    references: [RBAC, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  }, ESC),
  t('kubernetes:rbac:EscalateRole', 'CAN_GRANT_ROLE', 'Rewrite one\'s own role with escalate', {
    general: 'With escalate and update on a role already bound to it, the caller adds any rule (`*` on `*`) to that role.',
    precondition: `${BINDING_PRECONDITION} escalate and update or patch on the Role or ClusterRole that grants them (resourceNames respected).`,
    abuse: '`kubectl edit clusterrole <mine>` adding `{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}`.',
    opsec: 'Role changes are in the audit log.',
    fix: 'Never grant escalate outside administrators.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  }, ESC),
  t('kubernetes:rbac:ClusterAdmin', 'HAS_ROLE', 'Cluster or namespace administrator', {
    general: 'The principal may use every verb on every resource (cluster-wide: tier zero of the cluster; by RoleBinding: administrator of one namespace). The cluster administrator hub administers every namespace.',
    precondition: `${BINDING_PRECONDITION} verbs *, apiGroups * and resources * without resourceNames.`,
    abuse: 'Anything: create pods as any service account, read every secret, bind roles.',
    fix: 'Keep cluster-admin to break-glass identities; never bind it to workloads.',
    references: [RBAC],
  }, ESC),
  t('kubernetes:serviceaccounts:ProjectedToken', 'CAN_MINT_TOKEN', 'A service account\'s OIDC token', {
    general: 'Every service account of a cluster with an OIDC issuer gets signed tokens (iss = the issuer, sub = system:serviceaccount:<ns>:<sa>) that clouds accept through federation: EKS IRSA, GKE Workload Identity, AKS workload identity, any workload identity pool.',
    precondition: 'The cluster\'s OIDC issuer is known (envelope or cloud description). Whoever runs as the service account (a pod of it, TokenRequest) mints the token with the audience it wants.',
    abuse: 'Inside a pod: read the projected token (or mount one with audience sts.amazonaws.com / api://AzureADTokenExchange / the pool\'s audience) and exchange it at the cloud\'s STS.',
    fix: 'Narrow the cloud trusts that accept the subject; keep privileged service accounts in namespaces few can create pods in.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens', 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1528'] }),
  t('kubernetes:eks:PodIdentityAssociation', 'CAN_ASSUME', 'EKS Pod Identity association', {
    general: 'An EKS Pod Identity association gives every pod of the service account sessions of the IAM role, through the EKS Auth API (the Pod Identity agent on the node).',
    precondition: 'An association (aws eks describe-pod-identity-association) naming the namespace, service account and role, and a role trust allowing pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession, judged by the AWS evaluator with the session tags EKS sets (eks-cluster-arn, eks-cluster-name, kubernetes-namespace, kubernetes-service-account; pod name and uid are the attacker\'s).',
    abuse: 'Run a pod as the service account and read credentials from the agent endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI).',
    opsec: 'AssumeRole by pods.eks.amazonaws.com in CloudTrail, with the session tags naming the namespace and service account.',
    fix: 'Associate roles only with service accounts in namespaces few can create pods in; condition the trust on the session tags.',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html', 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1078.004'] }),
  t('kubernetes:eks:NodeRole', 'CAN_EXECUTE_AS', 'An EKS node holds its node group\'s IAM role', {
    general: 'Every EC2 node of an EKS node group runs with the group\'s node role in its instance profile; the instance metadata service hands out its credentials to anything on the node. Whoever takes the node over (privileged or host-mounting pod, nodes/proxy) is that role.',
    precondition: 'The node group\'s nodeRole (`aws eks describe-nodegroup`), and the node in that group: its `eks.amazonaws.com/nodegroup` label (`kubectl get nodes -o json`), or the cluster has one node role only. Conditional otherwise.',
    abuse: 'On the node: `TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")` then `curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/<role>`.',
    opsec: 'The role\'s calls come from the node\'s instance profile session (i-… as the session name) in CloudTrail; GuardDuty flags instance credentials used outside the instance.',
    fix: 'Keep the node role to the managed policies EKS needs (no extra rights); give workloads IRSA or Pod Identity instead of node rights.',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html', 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1552.005'] }),
  t('kubernetes:gke:NodeServiceAccount', 'CAN_EXECUTE_AS', 'A GKE node runs as its node pool\'s service account', {
    general: 'Every node of a GKE node pool is a Compute Engine VM running as the pool\'s service account (the project\'s default compute service account when none is set); its metadata server hands out that account\'s access tokens.',
    precondition: 'The node pool\'s config.serviceAccount (or nodeConfig.serviceAccount) in `gcloud container clusters describe --format=json`, and the node in that pool (`cloud.google.com/gke-nodepool` label, or one pool identity only). `default` is resolved to `<project number>-compute@developer.gserviceaccount.com` from the GCP inventory.',
    abuse: 'On the node: `curl -H "Metadata-Flavor: Google" http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token`.',
    opsec: 'Calls appear under the node service account in Cloud Audit Logs.',
    fix: 'Run node pools as a dedicated least-privilege service account (roles/container.defaultNodeServiceAccount), never the default compute account with Editor.',
    references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts', 'https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1552.005'] }),
  t('kubernetes:aks:KubeletIdentity', 'CAN_EXECUTE_AS', 'An AKS node holds the kubelet identity', {
    general: 'Every node of an AKS cluster carries the cluster\'s kubelet managed identity (it pulls images and reads what it is granted); the instance metadata service gives its tokens to anything on the node.',
    precondition: '`identityProfile.kubeletidentity` (objectId, or clientId resolved through the Azure inventory) in `az aks show`.',
    abuse: 'On the node: `curl -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/&client_id=<clientId>"`.',
    opsec: 'Sign-ins of the managed identity in the Entra managed-identity sign-in logs.',
    fix: 'Grant the kubelet identity AcrPull only; give workloads their own workload identities.',
    references: ['https://learn.microsoft.com/en-us/azure/aks/use-managed-identity', 'https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-identity'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1552.005'] }),
  t('kubernetes:pods:MetadataIdentity', 'CAN_EXECUTE_AS', 'An ordinary pod reads the node\'s identity from the metadata service', {
    general: 'A pod needs no privilege to call the node\'s metadata service: whoever can create a pod (pinned to a node of the pool with nodeName) reads the node\'s cloud identity unless the metadata service is closed to pods.',
    precondition: `${BINDING_PRECONDITION} create on pods in some namespace (or the namespace administrator hub). EKS: conditional on the node group's IMDS answering pods (IMDSv1, or an IMDSv2 hop limit of 2 or more). GKE: only node pools without the GKE metadata server (workloadMetadataConfig.mode not GKE_METADATA). AKS: IMDS answers pods unless the network blocks it (an assumption).`,
    abuse: 'Create a pod with nodeName set to a node of the pool and call the metadata endpoint from it (see the node techniques).',
    opsec: 'Pod creation in the audit log; the cloud sees the node\'s identity.',
    fix: 'EKS: set the IMDSv2 hop limit to 1 on node groups (launch template HttpPutResponseHopLimit). GKE: enable Workload Identity (GKE_METADATA) on every node pool. AKS: block 169.254.169.254 for pods with a network policy, and keep the kubelet identity to AcrPull.',
    references: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node', 'https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#metadata_server'],
  }, { owaspNhi: ['NHI5'], mitre: ['T1552.005'] }),
];
