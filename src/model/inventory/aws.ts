/**
 * AWS inventory: what the collectors read, typed and normalised, raw enough to re-analyse
 * (policy documents are kept whole). Produced by collectors/aws, consumed by build and analysis.
 */

/** A parsed IAM policy document. Statement is always an array after parsing. */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export type OneOrMany<T> = T | T[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: '*' | Record<string, OneOrMany<string>>;
  NotPrincipal?: '*' | Record<string, OneOrMany<string>>;
  Condition?: Record<string, Record<string, OneOrMany<string | boolean | number>>>;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface AwsPrincipalBase {
  arn: string;
  name: string;
  id: string;
  path: string;
  inlinePolicies: InlinePolicy[];
  /** ARNs of attached managed policies (AWS or customer managed). */
  attachedPolicies: string[];
  permissionsBoundary?: string;
  tags: Record<string, string>;
}

export interface AwsUser extends AwsPrincipalBase {
  /** Group names (GAAD lists names, not ARNs). */
  groups: string[];
  /** Whether a console password exists, when the input says. */
  hasLoginProfile?: boolean;
}

export interface AwsGroup {
  arn: string;
  name: string;
  id: string;
  path: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: string[];
}

export interface AwsRole extends AwsPrincipalBase {
  trustPolicy: PolicyDocument;
  instanceProfiles: string[];
  lastUsed?: string;
}

export interface AwsPolicyVersion {
  versionId: string;
  isDefault: boolean;
  document: PolicyDocument;
  createDate?: string;
}

export interface AwsManagedPolicy {
  arn: string;
  name: string;
  defaultVersionId: string;
  versions: AwsPolicyVersion[];
}

export interface AwsAccessKey {
  accessKeyId: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createDate?: string;
  lastUsedDate?: string;
}

/** A resource that matters to attack paths: data stores, keys, secrets, compute that runs as a role. */
export interface AwsResource {
  arn: string;
  /** `s3:bucket`, `kms:key`, `secretsmanager:secret`, `lambda:function`, `ec2:instance`… */
  type: string;
  name: string;
  region?: string;
  /** The resource-based policy, when the service has one and the input carries it. */
  policy?: PolicyDocument;
  /** Role the resource runs as (functions, instances, projects…), by ARN. */
  runsAs?: string;
  tags: Record<string, string>;
  props: Record<string, string | number | boolean | null | string[]>;
}

/** AWS Organizations: the OU tree and the SCPs / RCPs attached along it. */
export interface AwsOrganization {
  id: string;
  managementAccountId: string;
  /** Parent of every account id and OU id; the root has none. */
  parents: Record<string, string>;
  /** Root ids (`r-…`), when the input lists them. */
  roots?: string[];
  /** Member accounts, when the input lists them. */
  accounts?: { id: string; name?: string; arn?: string; status?: string }[];
  policies: {
    id: string;
    arn: string;
    name: string;
    type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
    document: PolicyDocument;
    /** Root, OU or account ids the policy is attached to. */
    targets: string[];
  }[];
}

export interface AwsAccount {
  accountId: string;
  users: AwsUser[];
  groups: AwsGroup[];
  roles: AwsRole[];
  /** Managed policies by ARN, including AWS managed ones when the export has them. */
  policies: AwsManagedPolicy[];
  accessKeys: AwsAccessKey[];
  resources?: AwsResource[];
  /**
   * Resource types (`lambda:function`, `ec2:instance`…) whose complete listing was read for this
   * account, even when it listed none: there are no others of the type than `resources` holds. A
   * type missing here was not collected, and rules must not take its absence for a fact.
   */
  collected?: string[];
}

export interface AwsInventory {
  provider: 'aws';
  accounts: AwsAccount[];
  organization?: AwsOrganization;
}
