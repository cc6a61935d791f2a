/**
 * Usage: what identities and credentials were seen doing, and when, from the providers' activity
 * exports (AWS last-accessed data and CloudTrail, Entra sign-in activity, GCP Policy Intelligence).
 * Provider-neutral: a subject is named the way its provider's builder names the node, or by the
 * identifiers the export gives (an Entra appId) for the analysis to resolve against the graph.
 * Produced by collectors/usage, consumed by src/analysis/unused. Never a secret value.
 */

/** Who an observation is about. */
export type UsageSubject =
  /** An AWS user or role, by ARN (the node id). */
  | { provider: 'aws'; arn: string }
  /**
   * An Entra service principal, by the application (client) id the sign-in reports name, or by its
   * object id (the activity log's `oid` claim), which wins when both are given.
   */
  | { provider: 'azure'; appId?: string; servicePrincipalId?: string }
  /** A GCP service account, by e-mail. */
  | { provider: 'gcp'; email: string };

/**
 * A credential, by the shared node id (`aws:access-key:<id>`, `azure:secret:<appId>:<keyId>`,
 * `gcp:sa-key:<id>`), or `aws:console-password:<user ARN>` for an IAM user's console password
 * (no graph node: a password is not a start leakpath traces).
 */
export interface CredentialUsage {
  nodeId: string;
  /** The identity it authenticates as, when the export names it. */
  subject?: UsageSubject;
  /** ISO time of the last use the source reports; absent = the source reports no use in its tracking period. */
  lastUsed?: string;
  /** Where the last use was (region, service, resource), for the report. */
  detail?: string;
  source: UsageSourceRef;
}

/** One action's use, with the resources it was used on when the source says (CloudTrail). */
export interface ActionUsage {
  /** `service:Action` as IAM names it (service prefix lower case). */
  action: string;
  /** Last use; absent = tracked by the source and not used in its tracking period. */
  lastUsed?: string;
  /**
   * Resources the action was used on, with each one's last use: ARNs (CloudTrail), or the
   * lower-cased ARM scopes of the operations (Azure activity log).
   */
  resources: { arn: string; lastUsed: string }[];
}

export interface ServiceUsage {
  /** IAM service prefix (`s3`, `iam`), lower case. */
  service: string;
  /** Last authentication to the service; absent = not used in the tracking period. */
  lastUsed?: string;
  /**
   * Whether `actions` lists every action of the service the source can see: true for CloudTrail
   * (it logs each call) and for an action-level last-accessed report's tracked actions; false for
   * service-level data, where which actions were used is unknown.
   */
  actionsKnown: boolean;
  actions: ActionUsage[];
}

export interface IdentityUsage {
  subject: UsageSubject;
  /** Last activity of any kind (sign-in, authentication, API call). */
  lastUsed?: string;
  /** Per-service use, when the source has it (AWS last accessed, CloudTrail). */
  services: ServiceUsage[];
  /** GCP policy insight: the role of the binding whose permissions `services` lists as exercised. */
  role?: string;
  /** GCP policy insight: the binding it is about and what it saw, as Google words it. */
  insight?: GcpInsightBinding;
  source: UsageSourceRef;
}

/** One `google.iam.policy.Insight`: a member's use of one role binding over the observation period. */
export interface GcpInsightBinding {
  /** The insight's name (`projects/N/locations/global/insightTypes/google.iam.policy.Insight/insights/ID`). */
  name?: string;
  /** `targetResources`: the full resource name whose allow policy holds the binding. */
  resources: string[];
  /** `content.member` as written (`serviceAccount:…`). */
  member: string;
  /** The binding's condition expression; absent for an unconditional binding (Google writes an empty one). */
  condition?: string;
  /** Permissions of the role the member used in the observation period. */
  exercised: string[];
  /** Permissions Google's machine learning expects the member to need (kept by Google's role recommendations). */
  inferred: string[];
}

export type UsageSourceKind =
  | 'aws-cloudtrail'
  | 'aws-service-last-accessed'
  | 'aws-access-key-last-used'
  /** `iam list-users` / `get-user`: `PasswordLastUsed`, the console password's last use. */
  | 'aws-list-users'
  | 'entra-sp-sign-in-activity'
  | 'entra-credential-sign-in-activity'
  /** Azure activity log, Administrative category: successful write, delete and action operations (reads are not logged). */
  | 'azure-activity-log'
  | 'gcp-activity'
  | 'gcp-insight';

/** Which export said it, and the span it can speak for. */
export interface UsageSourceRef {
  kind: UsageSourceKind;
  file: string;
  /**
   * The span the source observed, when it has one (CloudTrail: first to last event of the files).
   * Last-accessed and sign-in reports cover the provider's tracking period, up to `to` (the report time).
   */
  from?: string;
  to?: string;
  /**
   * The accounts / tenants / projects it observed, when it says (CloudTrail: the recipient
   * accounts; Azure activity log: the subscriptions, `/subscriptions/<id>`).
   */
  scopes?: string[];
  /**
   * CloudTrail: services whose data events (S3 object calls, Lambda invocations, DynamoDB items…)
   * the files hold. Trails log data events only when configured to; without them, such calls are unseen.
   */
  dataEvents?: string[];
  /**
   * GCP key activity: the projects (ids) whose service-account keys the file lists. An unfiltered
   * export lists every enabled key of the project, used or not; a key it lacks was never seen.
   */
  keyProjects?: string[];
}

export interface UsageInventory {
  provider: 'usage';
  identities: IdentityUsage[];
  credentials: CredentialUsage[];
  /** One entry per input file, with the span it observed. */
  sources: UsageSourceRef[];
}
