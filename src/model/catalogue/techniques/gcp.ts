import type { EntryDocs, TechniqueSpec } from '../types.js';
import { techniquesOf, type Tags } from './define.js';

const RHINO = 'https://github.com/RhinoSecurityLabs/GCP-IAM-Privilege-Escalation';
const RHINO_BLOG = 'https://rhinosecuritylabs.com/gcp/privilege-escalation-google-cloud-platform-part-1/';
const ESCAGCP = 'https://github.com/arielkalman/EscaGCP';
const SA_IMPERSONATION = 'https://cloud.google.com/iam/docs/service-account-impersonation';
const CREDENTIALS_API = 'https://cloud.google.com/iam/docs/reference/credentials/rest';
const SA_USER = 'https://cloud.google.com/iam/docs/attach-service-accounts';
const POLICY_INHERITANCE = 'https://cloud.google.com/iam/docs/resource-hierarchy-access-control';
const WIF = 'https://cloud.google.com/iam/docs/workload-identity-federation';
const WIF_BEST = 'https://cloud.google.com/iam/docs/best-practices-for-using-workload-identity-federation';
const GKE_WI = 'https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity';

const t = techniquesOf('gcp');

const TOKEN_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1078.004', 'T1550.001'] };
const KEY_TAGS: Tags = { owaspNhi: ['NHI5', 'NHI7'], mitre: ['T1098.001'] };
const POLICY_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1098.003'] };
const DEPLOY_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1578.002', 'T1648'] };
const DATA_TAGS: Tags = { owaspNhi: ['NHI5'], mitre: ['T1555.006', 'T1530'] };

/** Where a binding may sit: the target itself or any container above it. */
const INHERITS = 'The binding may sit on the target or on any project, folder or organisation above it (policies are inherited). IAM Conditions are evaluated as of the analysis time where the data settles them (request.time; resource.name and resource.type for projects, secrets and buckets); otherwise the edge is conditional and carries the expression.';

function token(id: string, permission: string, title: string, abuse: string, covers: string, extra: Partial<EntryDocs> = {}): TechniqueSpec {
  return t(`gcp:iam:serviceAccounts.${id}`, 'CAN_IMPERSONATE', title, {
    general: `The member holds ${permission} on the service account and so obtains credentials of it without any key. ${covers}`,
    precondition: `A binding of a role that includes ${permission} to the member. ${INHERITS}`,
    abuse,
    opsec: 'Data Access audit logs of the IAM Credentials API (if enabled) record the call with the caller and the target service account.',
    fix: 'Remove Service Account Token Creator (and custom roles with the permission) from the member, preferably granting it on single service accounts rather than on projects.',
    references: [SA_IMPERSONATION, CREDENTIALS_API, RHINO, RHINO_BLOG],
    ...extra,
  }, TOKEN_TAGS);
}

function deploy(id: string, title: string, permissions: string, covers: string, reference: string, extra: Partial<EntryDocs> = {}): TechniqueSpec {
  return t(id, 'CAN_PASS_ROLE_TO', title, {
    general: `The member may act as the service account (iam.serviceAccounts.actAs) and create ${title.toLowerCase().replace(/^create /, '')} running as it, so its code runs with the service account's token. ${covers}`,
    precondition: `actAs on the service account (Service Account User, or any role with it, on the account or above) and ${permissions} on the service account's project. Checked in the service account's own project: using a service account of another project needs the organisation policy iam.disableCrossProjectServiceAccountUsage lifted, which the data does not show.`,
    abuse: 'Deploy the workload with the service account attached; read the token from the metadata server (or from the request the service makes) and use it.',
    opsec: 'The create call is in Admin Activity audit logs; the workload\'s calls are logged as the service account.',
    fix: 'Grant actAs only on the service accounts a deployer needs, never at project level; give workloads narrowly scoped service accounts.',
    references: [SA_USER, reference, RHINO, ESCAGCP],
    ...extra,
  }, DEPLOY_TAGS);
}

function existing(id: string, title: string, general: string, precondition: string, abuse: string, reference: string): TechniqueSpec {
  return t(id, 'CAN_EXECUTE_AS', title, {
    general,
    precondition: `${precondition} ${INHERITS}`,
    abuse,
    opsec: 'Changes to instances, functions and services are in Admin Activity audit logs.',
    fix: 'Limit who may change running compute; give compute narrowly scoped service accounts.',
    references: [reference, RHINO],
  }, DEPLOY_TAGS);
}

function setIam(level: 'organizations' | 'folders' | 'projects', covers: string): TechniqueSpec {
  const noun = level.slice(0, -1);
  return t(`gcp:resourcemanager:${level}.setIamPolicy`, 'CAN_MODIFY_POLICY', `Set the IAM policy of a${noun === 'organization' ? 'n' : ''} ${noun}`, {
    general: `The member may rewrite the ${noun}'s IAM policy and grant itself any role there, so it is the ${noun}'s administrator: an edge to the ${noun}'s administrator node (tier zero), which reaches everything below. ${covers}`,
    precondition: `A role with resourcemanager.${level}.setIamPolicy (Owner, ${noun === 'project' ? 'Project IAM Admin' : noun === 'folder' ? 'Folder Admin, Folder IAM Admin' : 'Organization Administrator'}, Security Admin…) on the ${noun} or above. The member is marked tier zero.`,
    abuse: `\`gcloud ${noun === 'organization' ? 'organizations' : `${noun}s`} add-iam-policy-binding … --member=<self> --role=roles/owner\` (or Service Account Token Creator where owner is not grantable).`,
    opsec: 'SetIamPolicy is an Admin Activity audit log event; policy-change alerts are common.',
    fix: 'Hold IAM-admin roles in few, human, MFA-protected accounts; never on service accounts with keys.',
    references: [POLICY_INHERITANCE, RHINO, RHINO_BLOG],
  }, POLICY_TAGS);
}

export const GCP_TECHNIQUES: readonly TechniqueSpec[] = [
  t('gcp:iam:ServiceAccountKey', 'AUTHENTICATES_AS', 'Service-account key signs in as its service account', {
    general: 'A user-managed service-account key (the JSON key file) signs in as the service account. Found by key id (`private_key_id`), by `client_email:private_key_id`, or from the key file (`leakpath blast --key-file`).',
    precondition: 'The key is user-managed, not disabled, within validAfterTime/validBeforeTime at the analysis time (`--at`), and its service account is not disabled. Other keys stay in the graph with their status and no edge.',
    abuse: '`gcloud auth activate-service-account --key-file key.json`, or any client library with GOOGLE_APPLICATION_CREDENTIALS.',
    opsec: 'Audit logs show the service account and, in authenticationInfo.serviceAccountKeyName, the key.',
    fix: 'Delete the key; enforce iam.disableServiceAccountKeyCreation and use workload identity federation or attached service accounts.',
    references: ['https://cloud.google.com/iam/docs/keys-create-delete', 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys'],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1078.004', 'T1552.001'] }),
  t('gcp:iam:ServiceAccountRunsOn', 'ATTACHED_TO', 'Service account attached to compute (fact)', {
    general: 'The resource (instance, function, Cloud Run service or job, cluster node pool…) runs as the service account: its code gets the account\'s tokens from the metadata server.',
    precondition: 'The service account email in the resource\'s Cloud Asset data.',
    abuse: 'None by itself; see the CAN_EXECUTE_AS techniques.',
    fix: 'Attach narrowly scoped service accounts; avoid the default compute service account (Editor).',
    references: [SA_USER],
  }, { owaspNhi: [], mitre: [] }),
  token('getAccessToken', 'iam.serviceAccounts.getAccessToken', 'Create OAuth access tokens for a service account', '`gcloud auth print-access-token --impersonate-service-account=SA` or IAM Credentials generateAccessToken.', 'Covers Rhino GetServiceAccountAccessToken; EscaGCP CAN_IMPERSONATE_SA.'),
  token('signJwt', 'iam.serviceAccounts.signJwt', 'Sign JWTs as a service account', 'IAM Credentials signJwt with a self-signed JWT assertion for Google APIs (aud https://oauth2.googleapis.com/token or the API), exchanged for an access token.', 'Covers Rhino ServiceAccountSignJwt.'),
  token('signBlob', 'iam.serviceAccounts.signBlob', 'Sign blobs as a service account', 'IAM Credentials signBlob over a JWT header and claims set: a signed assertion exchanged for an access token.', 'Covers Rhino ServiceAccountSignBlob.'),
  token('getOpenIdToken', 'iam.serviceAccounts.getOpenIdToken', 'Create OpenID Connect ID tokens for a service account', 'IAM Credentials generateIdToken with an audience of the attacker\'s choice; present it to Cloud Run / Functions invokers or to another cloud\'s federation.', 'Not in Rhino; drawn conditional because an ID token is not an access token.'),
  token('implicitDelegation', 'iam.serviceAccounts.implicitDelegation', 'Delegated token creation through a chain of service accounts', 'generateAccessToken on the final account with `delegates` naming the chain.', 'Covers Rhino ServiceAccountImplicitDelegation.', {
    general: 'The member holds iam.serviceAccounts.implicitDelegation on service account B, which (directly or through further delegation) may create tokens for the target C; the member gets C\'s token without obtaining B. The edge goes straight to C, with every binding of the chain as evidence. Covers Rhino ServiceAccountImplicitDelegation.',
    precondition: `implicitDelegation on each intermediate account and getAccessToken, signJwt or signBlob of the last one on the target. ${INHERITS}`,
  }),
  t('gcp:iam:serviceAccountKeys.create', 'CAN_CREATE_CREDENTIAL', 'Create a key for a service account', {
    general: 'The member may create a user-managed key for the service account: a persistent credential of it. Covers Rhino CreateServiceAccountKey; EscaGCP CAN_CREATE_SERVICE_ACCOUNT_KEY.',
    precondition: `A role with iam.serviceAccountKeys.create (Service Account Key Admin, Editor, Owner…). ${INHERITS} The organisation policy iam.disableServiceAccountKeyCreation, when enforced, blocks it; the data does not show org policies.`,
    abuse: '`gcloud iam service-accounts keys create key.json --iam-account=SA`.',
    opsec: 'Key creation is an Admin Activity audit log event.',
    fix: 'Enforce iam.disableServiceAccountKeyCreation; remove key-admin roles.',
    references: ['https://cloud.google.com/iam/docs/keys-create-delete', RHINO],
  }, KEY_TAGS),
  t('gcp:storage:hmacKeys.create', 'CAN_CREATE_CREDENTIAL', 'Create a Cloud Storage HMAC key for a service account', {
    general: 'The member may create an HMAC key for the service account, which acts as it for Cloud Storage (XML API). Drawn conditional: it reaches the account\'s storage access only. Covers Rhino CreateServiceAccountHMACKey.',
    precondition: `storage.hmacKeys.create on the project of the service account. ${INHERITS}`,
    abuse: '`gcloud storage hmac create SA` then S3-compatible calls to storage.googleapis.com.',
    opsec: 'HMAC key creation is logged (Admin Activity).',
    fix: 'Remove Storage HMAC Key Admin and Storage Admin from members that do not need them; enforce storage.restrictAuthTypes.',
    references: ['https://cloud.google.com/storage/docs/authentication/hmackeys', RHINO],
  }, KEY_TAGS),
  t('gcp:iam:serviceAccounts.setIamPolicy', 'CAN_MODIFY_POLICY', 'Set the IAM policy of a service account', {
    general: 'The member may rewrite the service account\'s IAM policy and grant itself Service Account Token Creator on it. Covers Rhino SetServiceAccountIAMPolicy.',
    precondition: `A role with iam.serviceAccounts.setIamPolicy (Service Account Admin, Security Admin, Owner…). ${INHERITS}`,
    abuse: '`gcloud iam service-accounts add-iam-policy-binding SA --member=<self> --role=roles/iam.serviceAccountTokenCreator`.',
    opsec: 'SetIamPolicy on the service account is an Admin Activity audit log event.',
    fix: 'Remove Service Account Admin at project level; grant it on single accounts.',
    references: [SA_IMPERSONATION, RHINO],
  }, POLICY_TAGS),
  setIam('organizations', 'Covers Rhino SetOrgIAMPolicy.'),
  setIam('folders', 'Covers Rhino SetFolderIAMPolicy.'),
  setIam('projects', 'Covers Rhino SetProjectIAMPolicy; EscaGCP CAN_ASSIGN_CUSTOM_ROLE.'),
  t('gcp:resourcemanager:ScopeAdministrator', 'CAN_MODIFY_POLICY', 'Administrator of an organisation, folder or project', {
    general: 'A hub node stands for whoever administers a container (sets its IAM policy). It reaches the administrators of the containers below it and every service account, secret and bucket in its projects, so the graph grows with containers rather than with administrators × resources. The node is tier zero.',
    precondition: 'The container in the hierarchy (Cloud Asset `ancestors`, resource parents); the resource\'s parent project.',
    abuse: 'Grant yourself Owner, Service Account Token Creator, Secret Accessor or Storage Object Viewer where needed.',
    fix: 'See the setIamPolicy techniques that lead into the node.',
    references: [POLICY_INHERITANCE],
  }, POLICY_TAGS),
  t('gcp:iam:roles.update', 'CAN_MODIFY_POLICY', 'Update a custom role the member holds', {
    general: 'The member may add permissions (setIamPolicy included) to a custom role that is bound to it, so it administers wherever the role is bound: the container\'s administrator node, or the service account it is bound on. Covers Rhino UpdateIAMRole; EscaGCP CAN_MODIFY_CUSTOM_ROLE.',
    precondition: 'iam.roles.update on the role\'s project or organisation, and a binding of that custom role to the same member (group bindings are not expanded: group membership is not in Cloud Asset exports).',
    abuse: '`gcloud iam roles update ROLE --project P --add-permissions resourcemanager.projects.setIamPolicy`.',
    opsec: 'UpdateRole is an Admin Activity audit log event.',
    fix: 'Keep Role Administrator away from members that hold the custom roles they could edit.',
    references: ['https://cloud.google.com/iam/docs/creating-custom-roles', RHINO],
  }, POLICY_TAGS),
  t('gcp:secretmanager:versions.access', 'CAN_READ', 'Read a Secret Manager secret', {
    general: 'The member may read the secret\'s versions (Secret Manager Secret Accessor, Owner, or any role with the permission).',
    precondition: `A role with secretmanager.versions.access. ${INHERITS}`,
    abuse: '`gcloud secrets versions access latest --secret=S`.',
    opsec: 'Secret access is a Data Access audit log event (often disabled).',
    fix: 'Grant Secret Accessor per secret to the workloads that need it.',
    references: ['https://cloud.google.com/secret-manager/docs/access-control'],
  }, DATA_TAGS),
  t('gcp:secretmanager:secrets.setIamPolicy', 'CAN_READ', 'Set the IAM policy of a secret', {
    general: 'The member may rewrite the secret\'s IAM policy and grant itself Secret Accessor.',
    precondition: `secretmanager.secrets.setIamPolicy (Secret Manager Admin, Security Admin…). ${INHERITS}`,
    abuse: '`gcloud secrets add-iam-policy-binding S --member=<self> --role=roles/secretmanager.secretAccessor`.',
    fix: 'Remove Secret Manager Admin from members that only need to read.',
    references: ['https://cloud.google.com/secret-manager/docs/access-control', RHINO],
  }, DATA_TAGS),
  t('gcp:storage:objects.get', 'HAS_ACCESS', 'Read objects of a Cloud Storage bucket', {
    general: 'The member may read the bucket\'s objects.',
    precondition: `A role with storage.objects.get. ${INHERITS} Bucket ACLs (fine-grained access) are not read.`,
    abuse: '`gcloud storage cp -r gs://B .`.',
    opsec: 'Object reads are Data Access audit log events (often disabled).',
    fix: 'Use uniform bucket-level access and grant object roles per bucket.',
    references: ['https://cloud.google.com/storage/docs/access-control/iam-roles'],
  }, DATA_TAGS),
  t('gcp:storage:buckets.setIamPolicy', 'HAS_ACCESS', 'Set the IAM policy of a bucket', {
    general: 'The member may rewrite the bucket\'s IAM policy and grant itself object reads.',
    precondition: `storage.buckets.setIamPolicy (Storage Admin, Security Admin…). ${INHERITS}`,
    abuse: '`gcloud storage buckets add-iam-policy-binding gs://B --member=<self> --role=roles/storage.objectViewer`.',
    fix: 'Remove Storage Admin from members that only need to read.',
    references: ['https://cloud.google.com/storage/docs/access-control/iam-roles'],
  }, DATA_TAGS),
  deploy('gcp:compute:instances.create', 'Create a Compute Engine instance as a service account', 'compute.instances.create, compute.disks.create, compute.subnetworks.use, compute.instances.setMetadata and compute.instances.setServiceAccount', 'Covers Rhino CreateGCEInstanceWithSA; EscaGCP CAN_ACT_AS_VIA_VM.', 'https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances'),
  deploy('gcp:compute:instanceTemplates.create', 'Create an instance template and managed group as a service account', 'compute.instanceTemplates.create and compute.instanceGroupManagers.create', 'Not in Rhino.', 'https://cloud.google.com/compute/docs/instance-templates'),
  deploy('gcp:cloudfunctions:functions.create', 'Create a Cloud Function as a service account', 'cloudfunctions.functions.create, cloudfunctions.functions.sourceCodeSet and either cloudfunctions.functions.call or cloudfunctions.functions.setIamPolicy', 'Covers Rhino ExfilCloudFunctionCredsAuthCall and ExfilCloudFunctionCredsUnauthCall; EscaGCP CAN_DEPLOY_FUNCTION_AS. 2nd-gen functions run on Cloud Run and follow the same rule.', 'https://cloud.google.com/functions/docs/securing/function-identity'),
  deploy('gcp:run:services.create', 'Create a Cloud Run service as a service account', 'run.services.create and either run.routes.invoke or run.services.setIamPolicy', 'Covers Rhino ExfilCloudRunServiceAuthCall and ExfilCloudRunServiceUnauthCall; EscaGCP CAN_DEPLOY_CLOUD_RUN_AS.', 'https://cloud.google.com/run/docs/securing/service-identity'),
  deploy('gcp:run:jobs.create', 'Create a Cloud Run job as a service account', 'run.jobs.create and run.jobs.run', 'Not in Rhino.', 'https://cloud.google.com/run/docs/securing/service-identity'),
  deploy('gcp:cloudbuild:builds.create', 'Create a Cloud Build build as a service account', 'cloudbuild.builds.create', 'Covers Rhino RCECloudBuildBuildServer; EscaGCP CAN_TRIGGER_BUILD_AS. The legacy Cloud Build service account (PROJECT_NUMBER@cloudbuild.gserviceaccount.com) needs no actAs.', 'https://cloud.google.com/build/docs/cloud-build-service-account', {
    precondition: 'cloudbuild.builds.create on the project; actAs on the chosen service account, except for the legacy Cloud Build service account, which builds run as by default.',
  }),
  deploy('gcp:cloudscheduler:jobs.create', 'Create a Cloud Scheduler job authenticated as a service account', 'cloudscheduler.jobs.create', 'Covers Rhino CreateCloudSchedulerHTTPRequest. The job sends requests with the account\'s OIDC token (any URL) or OAuth token (Google APIs): the attacker acts through them.', 'https://cloud.google.com/scheduler/docs/http-target-auth'),
  deploy('gcp:cloudtasks:tasks.create', 'Create a Cloud Tasks task authenticated as a service account', 'cloudtasks.tasks.create', 'Not in Rhino. Like Cloud Scheduler, the task\'s HTTP request carries the account\'s token.', 'https://cloud.google.com/tasks/docs/creating-http-target-tasks'),
  deploy('gcp:composer:environments.create', 'Create a Composer environment as a service account', 'composer.environments.create', 'Not in Rhino.', 'https://cloud.google.com/composer/docs/composer-2/access-control'),
  deploy('gcp:dataflow:jobs.create', 'Create a Dataflow job as a service account', 'dataflow.jobs.create', 'Not in Rhino.', 'https://cloud.google.com/dataflow/docs/concepts/security-and-permissions'),
  deploy('gcp:dataproc:clusters.create', 'Create a Dataproc cluster as a service account', 'dataproc.clusters.create', 'Not in Rhino.', 'https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/service-accounts'),
  deploy('gcp:notebooks:instances.create', 'Create a Vertex AI Workbench notebook as a service account', 'notebooks.instances.create', 'Not in Rhino.', 'https://cloud.google.com/vertex-ai/docs/workbench/instances/manage-access-jupyterlab'),
  deploy('gcp:aiplatform:customJobs.create', 'Create a Vertex AI custom job as a service account', 'aiplatform.customJobs.create', 'Not in Rhino.', 'https://cloud.google.com/vertex-ai/docs/general/custom-service-account'),
  deploy('gcp:container:clusters.create', 'Create a GKE cluster whose nodes run as a service account', 'container.clusters.create', 'Not in Rhino.', 'https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa'),
  deploy('gcp:deploymentmanager:deployments.create', 'Create a Deployment Manager deployment', 'deploymentmanager.deployments.create', 'Covers Rhino CreateDeploymentManagerDeployment. Deployments run as the Google APIs service account (PROJECT_NUMBER@cloudservices.gserviceaccount.com), Editor by default; no actAs is needed, and only that account is reached.', 'https://cloud.google.com/deployment-manager/docs/access-control', {
    precondition: 'deploymentmanager.deployments.create on the project of the Google APIs service account (PROJECT_NUMBER@cloudservices.gserviceaccount.com); the account appears in the graph when a binding names it.',
  }),
  existing('gcp:compute:instances.setMetadata', 'Set the metadata of an instance that runs as a service account', 'The member may set the instance\'s metadata (startup-script, ssh-keys) and so run code on an instance that runs as the service account. EscaGCP CAN_UPDATE_METADATA.', 'compute.instances.setMetadata on the instance.', 'Add an ssh key or a startup script, restart or SSH in, read the token from the metadata server.', 'https://cloud.google.com/compute/docs/metadata/overview'),
  existing('gcp:compute:projects.setCommonInstanceMetadata', 'Set project-wide metadata read by instances', 'The member may set project-wide metadata (ssh-keys, startup-script), which every instance of the project reads unless it blocks project keys.', 'compute.projects.setCommonInstanceMetadata on the project.', 'Add a project-wide ssh key and log in to an instance running as the service account.', 'https://cloud.google.com/compute/docs/connect/add-ssh-keys'),
  existing('gcp:compute:instances.setServiceAccount', 'Attach another service account to an existing instance', 'The member may stop an instance, attach a service account it may act as, and set its startup script. Covers EscaGCP CAN_ATTACH_SERVICE_ACCOUNT.', 'compute.instances.setServiceAccount and compute.instances.setMetadata on an instance in the service account\'s project, and actAs on the service account.', '`gcloud compute instances set-service-account`, then a startup script that reads the token.', 'https://cloud.google.com/compute/docs/instances/change-service-account'),
  existing('gcp:compute:instances.osLogin', 'Log in to an instance with OS Login', 'The member may log in to the instance with OS Login and read the attached service account\'s token from the metadata server. Drawn conditional: OS Login must be enabled and the SSH port reachable. Covers EscaGCP CAN_LOGIN_TO_VM.', 'compute.instances.osLogin or compute.instances.osAdminLogin on the instance.', '`gcloud compute ssh`, then `curl -H Metadata-Flavor:Google http://metadata/computeMetadata/v1/instance/service-accounts/default/token`.', 'https://cloud.google.com/compute/docs/oslogin'),
  existing('gcp:cloudfunctions:functions.update', 'Replace the code of a function that runs as a service account', 'The member may upload new source to an existing function and redeploy it as its service account. Covers Rhino UpdateCloudFunction.', 'cloudfunctions.functions.update and cloudfunctions.functions.sourceCodeSet on the function, and actAs on its service account.', '`gcloud functions deploy NAME --source .` with code that returns its token.', 'https://cloud.google.com/functions/docs/securing/function-identity'),
  existing('gcp:run:services.update', 'Deploy a new revision of a Cloud Run service', 'The member may deploy a new image or revision of a service that runs as the service account.', 'run.services.update on the service and actAs on its service account.', '`gcloud run deploy NAME --image attacker/image`.', 'https://cloud.google.com/run/docs/securing/service-identity'),
  existing('gcp:run:jobs.update', 'Change and run a Cloud Run job', 'The member may change a job that runs as the service account and execute it.', 'run.jobs.update and run.jobs.run on the job and actAs on its service account.', '`gcloud run jobs update NAME --image attacker/image && gcloud run jobs execute NAME`.', 'https://cloud.google.com/run/docs/securing/service-identity'),
  t('gcp:iam:WorkloadIdentityFederation', 'FEDERATES', 'Workload identity federation into a service account', {
    general: 'A principal or principalSet of a workload identity pool holds Workload Identity User (getAccessToken) on the service account: whoever presents a token the pool\'s provider accepts and maps to that principal becomes the service account. A provider with no attributeCondition (or one that admits every token) and a principalSet of the whole pool (`…/*`) are reported as their own findings. Covers EscaGCP EXTERNAL_PRINCIPAL_CAN_IMPERSONATE.',
    precondition: 'A binding of a role with iam.serviceAccounts.getAccessToken to `principal://…/subject/S`, `principalSet://…/attribute.NAME/VALUE`, `…/group/G` or `…/*` of an enabled pool with an enabled provider. When workload tokens are known (GitHub, Kubernetes), a FEDERATES edge goes from each token node (`oidc:<issuer>|<subject>`) to every principal / principalSet member it becomes: the provider\'s issuer and audiences, its attribute mapping and its attributeCondition (CEL, over the token\'s claims) decide; a condition the claims cannot settle makes the edge conditional.',
    abuse: 'Exchange the external token at sts.googleapis.com, then impersonate the service account (google-github-actions/auth does both).',
    opsec: 'STS token exchanges and the impersonation are logged in the project of the pool and of the service account.',
    fix: 'Always set an attributeCondition pinning the repository / owner / subject; bind principal:// or narrow principalSet:// members, never the whole pool.',
    references: [WIF, WIF_BEST, 'https://github.com/google-github-actions/auth', ESCAGCP],
  }, { owaspNhi: ['NHI6'], mitre: ['T1078.004', 'T1199'] }),
  t('gcp:iam:GkeWorkloadIdentity', 'FEDERATES', 'GKE Workload Identity into a service account', {
    general: 'A Kubernetes service account of a GKE cluster with Workload Identity (`serviceAccount:PROJECT.svc.id.goog[NS/KSA]`, or the `principal://…/PROJECT.svc.id.goog/subject/ns/NS/sa/KSA` form) holds Workload Identity User on the service account: any pod running as that KSA gets the service account\'s tokens. Covers EscaGCP CAN_HIJACK_WORKLOAD_IDENTITY (with the Kubernetes source, whoever can run pods as the KSA).',
    precondition: 'The binding on the service account. The KSA annotation iam.gke.io/gcp-service-account is convenience: the binding alone decides. Kubernetes tokens of a cluster in workload pool PROJECT.svc.id.goog get a FEDERATES edge to the matching member (legacy serviceAccount: form, principal://…/subject/ns/NS/sa/KSA, principalSet://…/namespace/NS).',
    abuse: 'Run a pod as the KSA in the namespace and call the metadata server.',
    fix: 'Bind single KSAs in dedicated namespaces; restrict who may create pods there.',
    references: [GKE_WI],
  }, { owaspNhi: ['NHI6'], mitre: ['T1078.004'] }),
  {
    id: 'workspace:DomainWideDelegation',
    provider: 'workspace',
    edgeKind: 'CAN_IMPERSONATE',
    title: 'Domain-wide delegation: a service account impersonates every Workspace user',
    docs: {
      general: 'The service account\'s OAuth client id (its unique id) holds domain-wide delegation: anyone who acts as the service account (a key, getAccessToken, signJwt…) mints tokens for any Workspace user (`sub` = the user) within the delegated scopes. With mail, Drive or admin scopes the service account is tier zero, and so is the every-user node it reaches. Covers the DeleFriend technique.',
      precondition: 'A delegation grant for the client id: Admin Reports events AUTHORIZE_API_CLIENT_ACCESS (minus later REMOVE_API_CLIENT_ACCESS), or a declared `workspace-dwd/1` list copied from the Admin console (Security → API controls → Domain-wide delegation). Reading either needs a Workspace administrator (Reports: the admin.reports.audit.readonly scope).',
      abuse: 'Sign a JWT as the service account with `sub` set to a user and the delegated scopes; read their mail, files, or (admin scopes) take over the directory.',
      opsec: 'Token minting for users appears in Workspace audit logs as the user, via the client id.',
      fix: 'Remove the delegation or narrow its scopes; never create keys for delegated service accounts; restrict who can act as them.',
      references: ['https://support.google.com/a/answer/162106', 'https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority', 'https://www.hunters.security/en/blog/delefriend-a-newly-discovered-design-flaw-in-domain-wide-delegation-could-leave-google-workspace-vulnerable-for-takeover'],
    },
    tags: { owaspNhi: ['NHI5'], mitre: ['T1078.004', 'T1550.001'] },
  },
  {
    id: 'workspace:OAuthGrant',
    provider: 'workspace',
    edgeKind: 'CAN_IMPERSONATE',
    title: 'A third-party OAuth app acts as the user who granted it',
    docs: {
      general: 'A user granted a third-party app (Directory tokens.list) OAuth scopes: whoever holds the app\'s refresh token acts as the user within them. Drawn conditional (scopes only). Grants with mail, Drive or admin scopes are reported as exposure even without a path.',
      precondition: 'A tokens.list entry of the user (client id, app name, scopes). Reading tokens needs a Workspace administrator (admin.directory.user.security).',
      abuse: 'Compromise the app (or its vendor) and use its stored refresh tokens.',
      fix: 'Revoke the grant; restrict third-party app access (API controls → App access control).',
      references: ['https://developers.google.com/admin-sdk/directory/reference/rest/v1/tokens', 'https://owasp.org/www-project-non-human-identities-top-10/2025/3-vulnerable-third-party-nhi/'],
    },
    tags: { owaspNhi: ['NHI3'], mitre: ['T1528'] },
  },
  {
    id: 'workspace:SuperAdmin',
    provider: 'workspace',
    edgeKind: 'tier-zero',
    title: 'Google Workspace super administrator',
    docs: {
      general: 'A super administrator controls the Workspace domain: users, delegation, and (through Cloud Identity) the organisation\'s Google Cloud access.',
      precondition: 'users.list `isAdmin: true`, or a roleAssignments.list entry of a role with `isSuperAdminRole: true` (to a user, or to a service account by its unique id).',
      abuse: 'Reset passwords, grant domain-wide delegation, read any mailbox.',
      fix: 'Keep few super administrators, with hardware keys; never let a delegated service account impersonate them with admin scopes.',
      references: ['https://support.google.com/a/answer/2405986'],
    },
    tags: { owaspNhi: [], mitre: ['T1078.004'] },
  },
];
