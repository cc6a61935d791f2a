/**
 * Google Cloud inventory, produced by collectors/gcp (Cloud Asset Inventory exports, gcloud JSON)
 * and consumed by build and analysis.
 *
 * Names are kept as GCP writes them (full resource names `//service/path`, relative names
 * `projects/P/...`); the facts in src/analysis/gcp join the forms that mean the same thing
 * (project number and project id, a service account's unique id and its email).
 */

export interface GcpCondition {
  title?: string;
  description?: string;
  /** CEL, evaluated where the data settles it (request.time, resource.name, resource.type). */
  expression: string;
}

export interface GcpBinding {
  role: string;
  members: string[];
  condition?: GcpCondition;
}

/** An allow policy attached to one resource (organisation, folder, project, SA, bucket, secret…). */
export interface GcpPolicy {
  /** Full resource name as the source wrote it: `//cloudresourcemanager.googleapis.com/projects/123`. */
  resource: string;
  assetType?: string;
  bindings: GcpBinding[];
  /** The file the policy came from, for evidence. */
  source: string;
}

/** One rule of an IAM deny policy (IAM v2), as the API writes it. */
export interface GcpDenyRule {
  description?: string;
  /** v2 principal identifiers: `principal://goog/subject/EMAIL`, `principalSet://goog/group/G`, `principalSet://goog/public:all`… */
  deniedPrincipals: string[];
  exceptionPrincipals: string[];
  /** `SERVICE_FQDN/RESOURCE.VERB`, e.g. `iam.googleapis.com/serviceAccounts.getAccessToken`. */
  deniedPermissions: string[];
  exceptionPermissions: string[];
  /** Tag conditions only (resource.matchTag…): mostly undecidable from the data, so they make edges conditional. */
  denialCondition?: GcpCondition;
}

/** An IAM deny policy on an organisation, folder or project: it overrides every allow policy below. */
export interface GcpDenyPolicy {
  /** `policies/<url-encoded attachment point>/denypolicies/<id>`. */
  name: string;
  /** Full resource name of the attachment point: `//cloudresourcemanager.googleapis.com/projects/123`. */
  attachmentPoint: string;
  displayName?: string;
  rules: GcpDenyRule[];
  source: string;
}

/** An organisation, folder or project: the levels IAM policies are inherited through. */
export interface GcpContainer {
  /** `organizations/N`, `folders/N`, or `projects/NUMBER` (`projects/ID` when no number is known). */
  name: string;
  projectId?: string;
  displayName?: string;
  /** Relative name of the parent container. */
  parent?: string;
  /** ACTIVE, DELETE_REQUESTED… */
  state?: string;
}

export interface GcpServiceAccount {
  email: string;
  uniqueId?: string;
  projectId?: string;
  displayName?: string;
  disabled: boolean;
  /** The OAuth client id (equals uniqueId); the id Workspace domain-wide delegation names. */
  oauth2ClientId?: string;
}

/** A service-account key. Never the key material: only what `keys list` shows. */
export interface GcpServiceAccountKey {
  /** The key id: last segment of the key name, `private_key_id` in the key file. Lower-case hex. */
  keyId: string;
  serviceAccountEmail: string;
  /** USER_MANAGED keys can leak; SYSTEM_MANAGED keys never leave Google. */
  keyType?: string;
  keyOrigin?: string;
  validAfterTime?: string;
  validBeforeTime?: string;
  disabled: boolean;
}

/** A custom role, from the Cloud Asset export or `gcloud iam roles describe`. */
export interface GcpCustomRole {
  /** `projects/P/roles/R` or `organizations/N/roles/R`. */
  name: string;
  title?: string;
  includedPermissions: string[];
  stage?: string;
  deleted: boolean;
}

/**
 * A resource that matters to the analysis: compute that runs as a service account (instance,
 * function, Cloud Run service or job, cluster…), a secret, a bucket.
 */
export interface GcpResource {
  /** Full resource name. */
  name: string;
  assetType: string;
  /** Relative name of the container it lives in (`projects/123`), when known. */
  parent?: string;
  location?: string;
  /** Emails of the service accounts the resource runs as. */
  serviceAccounts: string[];
  displayName?: string;
}

export interface GcpWorkloadIdentityPool {
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL`. */
  name: string;
  displayName?: string;
  disabled: boolean;
  state?: string;
}

export interface GcpWorkloadIdentityProvider {
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
  name: string;
  displayName?: string;
  disabled: boolean;
  state?: string;
  /** `google.subject` → CEL over `assertion`, and `attribute.NAME` → CEL. */
  attributeMapping: Record<string, string>;
  attributeCondition?: string;
  oidc?: { issuerUri: string; allowedAudiences: string[] };
  aws?: { accountId: string };
  saml?: boolean;
}

/** A Google Workspace user (Admin SDK Directory `users.list`). */
export interface WorkspaceUser {
  id?: string;
  primaryEmail: string;
  /** Super administrator. */
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  suspended: boolean;
}

/** A third-party OAuth grant a user made (Directory `tokens.list`). Never the token itself. */
export interface WorkspaceOAuthToken {
  /** The user's id or email (`userKey`). */
  userKey: string;
  clientId: string;
  displayText?: string;
  scopes: string[];
  nativeApp?: boolean;
}

/** Domain-wide delegation: an OAuth client id allowed to impersonate every user within scopes. */
export interface WorkspaceDelegation {
  clientId: string;
  scopes: string[];
  name?: string;
  /** Where the grant was read: an Admin Reports event, a declared export. */
  source: string;
}

/** An administrator role (Directory `roles.list`). */
export interface WorkspaceAdminRole {
  roleId: string;
  roleName: string;
  isSuperAdminRole: boolean;
  /** `serviceId:privilegeName` of each privilege. */
  privileges: string[];
}

/** A role held by a user, group or service account (Directory `roleAssignments.list`). */
export interface WorkspaceRoleAssignment {
  roleId: string;
  /** The unique id of the user, group or service account (its OAuth client id). */
  assignedTo: string;
  /** `user`, `group`, or (undocumented values kept as read). */
  assigneeType?: string;
  /** CUSTOMER (the whole domain) or ORG_UNIT. */
  scopeType?: string;
  orgUnitId?: string;
}

export interface WorkspaceDirectory {
  users: WorkspaceUser[];
  tokens: WorkspaceOAuthToken[];
  delegations: WorkspaceDelegation[];
  /** Absent in snapshots written before the live Workspace collector. */
  roles?: WorkspaceAdminRole[];
  roleAssignments?: WorkspaceRoleAssignment[];
}

/** What could not be read: a diff must never mistake a gap for a resolved risk. */
export interface GcpCoverageGap {
  scope?: string;
  what: string;
  reason: string;
}

export interface GcpInventory {
  provider: 'gcp';
  containers: GcpContainer[];
  policies: GcpPolicy[];
  /** Absent in snapshots written before deny policies were read. */
  denyPolicies?: GcpDenyPolicy[];
  serviceAccounts: GcpServiceAccount[];
  keys: GcpServiceAccountKey[];
  customRoles: GcpCustomRole[];
  /**
   * Predefined roles as a live `roles.list` returned them (only the permissions the analysis reads):
   * they override the shipped data. Absent unless collected live.
   */
  predefinedRoles?: GcpCustomRole[];
  resources: GcpResource[];
  workloadIdentityPools: GcpWorkloadIdentityPool[];
  workloadIdentityProviders: GcpWorkloadIdentityProvider[];
  /** Google Workspace facts (users, OAuth grants, domain-wide delegation), read with the GCP files. */
  workspace: WorkspaceDirectory;
  coverageGaps: GcpCoverageGap[];
}

export function emptyGcpInventory(): GcpInventory {
  return {
    provider: 'gcp',
    containers: [],
    policies: [],
    denyPolicies: [],
    serviceAccounts: [],
    keys: [],
    customRoles: [],
    predefinedRoles: [],
    resources: [],
    workloadIdentityPools: [],
    workloadIdentityProviders: [],
    workspace: { users: [], tokens: [], delegations: [], roles: [], roleAssignments: [] },
    coverageGaps: [],
  };
}
