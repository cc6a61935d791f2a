/**
 * Every IAM permission the GCP analysis reads. The shipped predefined-role data keeps only these
 * (scripts/gen-gcp-roles.ts), so a rule that needs a new permission adds it here and regenerates.
 */
export const P = {
  getAccessToken: 'iam.serviceAccounts.getAccessToken',
  signBlob: 'iam.serviceAccounts.signBlob',
  signJwt: 'iam.serviceAccounts.signJwt',
  implicitDelegation: 'iam.serviceAccounts.implicitDelegation',
  getOpenIdToken: 'iam.serviceAccounts.getOpenIdToken',
  actAs: 'iam.serviceAccounts.actAs',
  saSetIamPolicy: 'iam.serviceAccounts.setIamPolicy',
  keysCreate: 'iam.serviceAccountKeys.create',
  hmacCreate: 'storage.hmacKeys.create',
  orgSetIamPolicy: 'resourcemanager.organizations.setIamPolicy',
  folderSetIamPolicy: 'resourcemanager.folders.setIamPolicy',
  projectSetIamPolicy: 'resourcemanager.projects.setIamPolicy',
  rolesUpdate: 'iam.roles.update',
  secretAccess: 'secretmanager.versions.access',
  secretSetIamPolicy: 'secretmanager.secrets.setIamPolicy',
  objectGet: 'storage.objects.get',
  bucketSetIamPolicy: 'storage.buckets.setIamPolicy',
  instancesSetMetadata: 'compute.instances.setMetadata',
  projectMetadata: 'compute.projects.setCommonInstanceMetadata',
  instancesSetServiceAccount: 'compute.instances.setServiceAccount',
  functionsUpdate: 'cloudfunctions.functions.update',
  functionsSourceCodeSet: 'cloudfunctions.functions.sourceCodeSet',
  runServicesUpdate: 'run.services.update',
  runJobsUpdate: 'run.jobs.update',
  runJobsRun: 'run.jobs.run',
  osLogin: 'compute.instances.osLogin',
  osAdminLogin: 'compute.instances.osAdminLogin',
} as const;

/** Permissions that deploy new compute running as a chosen service account (with actAs on it). */
export const DEPLOY_PERMISSIONS = [
  'compute.instances.create',
  'compute.disks.create',
  'compute.subnetworks.use',
  'compute.instanceTemplates.create',
  'compute.instanceGroupManagers.create',
  'cloudfunctions.functions.create',
  'cloudfunctions.functions.call',
  'cloudfunctions.functions.setIamPolicy',
  'run.services.create',
  'run.routes.invoke',
  'run.services.setIamPolicy',
  'run.jobs.create',
  'run.jobs.run',
  'cloudbuild.builds.create',
  'cloudscheduler.jobs.create',
  'cloudtasks.tasks.create',
  'composer.environments.create',
  'dataflow.jobs.create',
  'dataproc.clusters.create',
  'notebooks.instances.create',
  'aiplatform.customJobs.create',
  'deploymentmanager.deployments.create',
  'container.clusters.create',
] as const;

export const ANALYSED_PERMISSIONS: readonly string[] = [...new Set([...Object.values(P), ...DEPLOY_PERMISSIONS])].sort();
