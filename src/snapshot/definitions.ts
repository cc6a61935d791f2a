/**
 * The maturity metrics, declared once: docs/snapshots.md, the diff and the trend page all read
 * this list. A definition that changes meaning gets a new `version`, so a value is always read
 * with the definition that produced it; metrics are recomputed from a stored snapshot, never
 * copied from an older computation.
 */
export const METRICS_VERSION = 1;

/** Days after which a credential is due for rotation, and after which an unused one counts as unused. */
export const ROTATION_DAYS = 90;
export const UNUSED_DAYS = 90;
/** A validity window longer than this makes a credential long-lived. */
export const LONG_LIVED_DAYS = 90;

export type Better = 'lower' | 'higher';

export interface MetricDefinition {
  id: string;
  version: number;
  title: string;
  unit: 'count' | 'days' | 'percent' | 'nodes';
  better: Better;
  /** The control the metric measures (OWASP NHI Top 10 and the zero-trust habit behind it). */
  control: string;
  definition: string;
}

export const METRICS: readonly MetricDefinition[] = [
  {
    id: 'standing-privilege.tier-zero-nhis',
    version: 1,
    title: 'Admin-equivalent NHIs',
    unit: 'count',
    better: 'lower',
    control: 'Least privilege, no standing admin rights (OWASP NHI5 Overprivileged NHI)',
    definition:
      'Non-human identities marked tier zero (admin-equivalent in their account, tenant or project) without conditions: the right is standing, not eligible or conditional.',
  },
  {
    id: 'standing-privilege.crown-jewel-nhis',
    version: 1,
    title: 'NHIs with standing crown-jewel rights',
    unit: 'count',
    better: 'lower',
    control: 'Least privilege on sensitive data (OWASP NHI5 Overprivileged NHI)',
    definition:
      'Non-human identities with a direct, unconditional attack edge to a crown jewel (tier zero or selected by crownJewels in the config), or tier zero themselves.',
  },
  {
    id: 'credential-lifetime.no-expiry',
    version: 1,
    title: 'Active credentials without expiry',
    unit: 'count',
    better: 'lower',
    control: 'Short-lived credentials (OWASP NHI7 Long-Lived Secrets)',
    definition:
      'Active static credentials (access keys, client secrets, certificates, keys, tokens) that carry no expiry date. Details: expiry distribution of all active credentials.',
  },
  {
    id: 'credential-lifetime.long-lived',
    version: 1,
    title: 'Long-lived credentials',
    unit: 'count',
    better: 'lower',
    control: 'Short-lived credentials (OWASP NHI7 Long-Lived Secrets)',
    definition: `Active credentials whose validity window (expiry minus creation) exceeds ${LONG_LIVED_DAYS} days; a credential without expiry has an unbounded window.`,
  },
  {
    id: 'credential-lifetime.age-median-days',
    version: 1,
    title: 'Median credential age (days)',
    unit: 'days',
    better: 'lower',
    control: 'Regular rotation (OWASP NHI7 Long-Lived Secrets)',
    definition: 'Median age, in whole days at the analysis time, of active credentials whose creation date is known.',
  },
  {
    id: 'credential-lifetime.age-p95-days',
    version: 1,
    title: 'p95 credential age (days)',
    unit: 'days',
    better: 'lower',
    control: 'Regular rotation (OWASP NHI7 Long-Lived Secrets)',
    definition: '95th percentile (nearest rank) of the age of active credentials whose creation date is known.',
  },
  {
    id: 'rotation.overdue',
    version: 1,
    title: `Credentials older than ${ROTATION_DAYS} days`,
    unit: 'count',
    better: 'lower',
    control: 'Rotation (OWASP NHI7 Long-Lived Secrets)',
    definition: `Active credentials created more than ${ROTATION_DAYS} days before the analysis time (not rotated since).`,
  },
  {
    id: 'unused.credentials',
    version: 1,
    title: `Credentials unused for ${UNUSED_DAYS} days`,
    unit: 'count',
    better: 'lower',
    control: 'Offboarding of stale NHIs (OWASP NHI1 Improper Offboarding)',
    definition: `Active credentials whose source reports last use, last used more than ${UNUSED_DAYS} days ago (or never, and created more than ${UNUSED_DAYS} days ago). Not collected when no credential carries last-use data.`,
  },
  {
    id: 'unused.identities',
    version: 1,
    title: `NHIs unused for ${UNUSED_DAYS} days`,
    unit: 'count',
    better: 'lower',
    control: 'Offboarding of stale NHIs (OWASP NHI1 Improper Offboarding)',
    definition: `Non-human identities whose source reports last use (an AWS role's RoleLastUsed), last used more than ${UNUSED_DAYS} days ago. Not collected when no identity carries last-use data.`,
  },
  {
    id: 'reuse.shared-credentials',
    version: 1,
    title: 'Credentials stored in several places',
    unit: 'count',
    better: 'lower',
    control: 'One credential per workload (OWASP NHI9 NHI Reuse)',
    definition: 'Credentials stored in (STORED_IN) two or more distinct secret locations: several workloads or stores hold the same secret.',
  },
  {
    id: 'exposure.exposed-credentials',
    version: 1,
    title: 'Exposed credentials',
    unit: 'count',
    better: 'lower',
    control: 'Secret hygiene (OWASP NHI2 Secret Leakage)',
    definition:
      'Credentials found in a secret location or by a scanner (STORED_IN edge): configuration, user data, repositories, CI variables, secret stores.',
  },
  {
    id: 'exposure.readable-credentials',
    version: 1,
    title: 'Exposed credentials readable by other identities',
    unit: 'count',
    better: 'lower',
    control: 'Secret hygiene (OWASP NHI2 Secret Leakage)',
    definition: 'Exposed credentials with at least one location that some identity can read (an attack edge into the location).',
  },
  {
    id: 'workload-identity.adoption',
    version: 1,
    title: 'Workload identity adoption (%)',
    unit: 'percent',
    better: 'higher',
    control: 'Workload identity federation instead of static secrets (OWASP NHI7 Long-Lived Secrets)',
    definition:
      'Share of workload identities that authenticate only by federation or as a managed / attached identity (FEDERATES into them, attached to compute, managed identities), among those plus the identities an active static credential authenticates as. An identity with both counts as static.',
  },
  {
    id: 'federation.loose-trusts',
    version: 1,
    title: 'Wildcard or missing-subject federation trusts',
    unit: 'count',
    better: 'lower',
    control: 'Federation hygiene (OWASP NHI6 Insecure Cloud Deployment Configurations)',
    definition:
      'Federation trusts that do not pin one subject: an AWS role trusting an OIDC provider with no `<issuer>:sub` condition or a wildcard one, an Entra federated credential with a claims-matching expression or a wildcard subject.',
  },
  {
    id: 'oauth.high-risk-third-party-apps',
    version: 1,
    title: 'Third-party OAuth apps with high-risk scopes',
    unit: 'count',
    better: 'lower',
    control: 'Third-party app governance (OWASP NHI3 Vulnerable Third-Party NHI)',
    definition:
      'Service principals of applications owned by another organisation holding a high-risk delegated scope (oauth2PermissionGrant) or application permission (appRoleAssignment on Microsoft Graph). Not collected when no inventory lists grants.',
  },
  {
    id: 'blast.tier-zero-credentials',
    version: 1,
    title: 'Credentials reaching tier zero',
    unit: 'count',
    better: 'lower',
    control: 'Blast radius containment (OWASP NHI5 Overprivileged NHI)',
    definition: 'Active credentials from which some attack path reaches a tier-zero identity (its own identity included).',
  },
  {
    id: 'blast.crown-jewel-credentials',
    version: 1,
    title: 'Credentials reaching a crown jewel',
    unit: 'count',
    better: 'lower',
    control: 'Blast radius containment (OWASP NHI5 Overprivileged NHI)',
    definition: 'Active credentials from which some attack path reaches a crown jewel. Details: for each crown jewel, how many credentials reach it.',
  },
  {
    id: 'blast.reach-median',
    version: 1,
    title: 'Median reach per credential (nodes)',
    unit: 'nodes',
    better: 'lower',
    control: 'Blast radius containment (OWASP NHI5 Overprivileged NHI)',
    definition: 'Median number of identities, resources, credentials and secret locations reachable from an active credential.',
  },
  {
    id: 'blast.reach-p95',
    version: 1,
    title: 'p95 reach per credential (nodes)',
    unit: 'nodes',
    better: 'lower',
    control: 'Blast radius containment (OWASP NHI5 Overprivileged NHI)',
    definition: '95th percentile (nearest rank) of the number of nodes reachable from an active credential.',
  },
  {
    id: 'unused.nhis-with-unused-privilege',
    version: 1,
    title: 'NHIs holding privilege they did not use (%)',
    unit: 'percent',
    better: 'lower',
    control: 'Right-sizing to observed use (OWASP NHI5 Overprivileged NHI)',
    definition: `Of the non-human identities the snapshot's usage exports speak for (docs/unused.md), the share holding a granted permission not used in the last ${UNUSED_DAYS} days. Not collected without usage exports.`,
  },
  {
    id: 'unused.tier-zero-rights',
    version: 1,
    title: 'NHIs tier zero only through unused rights',
    unit: 'count',
    better: 'lower',
    control: 'Right-sizing to observed use (OWASP NHI5 Overprivileged NHI)',
    definition: `Tier-zero non-human identities that would not be tier zero with only the permissions they used in the last ${UNUSED_DAYS} days (re-analysed with their least-privilege proposal), or that were not used at all in that time.`,
  },
  {
    id: 'unused.credentials-never-used',
    version: 1,
    title: 'Credentials never used',
    unit: 'count',
    better: 'lower',
    control: 'Decommissioning (OWASP NHI1 Improper Offboarding)',
    definition: 'Credentials a usage export reports no use of in its tracking period (an access key whose last use is N/A, an Entra credential or GCP key without sign-in). Not collected without usage exports.',
  },
];

export const METRIC_BY_ID: ReadonlyMap<string, MetricDefinition> = new Map(METRICS.map((m) => [m.id, m]));
