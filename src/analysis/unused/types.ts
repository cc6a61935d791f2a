import type { PolicyDocument, UsageSourceRef } from '../../model/inventory/index.js';
import type { NodeRef } from '../../query/types.js';

/** `leakpath unused --format json`: granted vs used per identity, and the proposals that would close the gap. */
export const UNUSED_SCHEMA_VERSION = '1';

/** How finely the usage data sees an identity: per action, per service, only whether it was used, or not at all. */
export type Coverage = 'actions' | 'services' | 'identity' | 'none';

export interface UsageWindow {
  days: number;
  /** Start and end (the analysis time) of the window. */
  from: string;
  to: string;
}

export interface ServiceFinding {
  service: string;
  /** Actions some Allow of the identity names (catalogued actions, resources and conditions aside). */
  granted: number;
  /** Granted actions used in the window. */
  used: string[];
  /** Granted actions the data cannot settle (the service was used, which actions is unknown). */
  unknown: number;
  lastUsed?: string;
}

export interface CutPath {
  to: NodeRef;
  tierZero: boolean;
  hops: number;
  /** Techniques along the shortest path before the change. */
  techniques: string[];
}

/** AWS: a replacement identity policy, proven by the evaluator. */
export interface PolicyProposal {
  kind: 'aws-policy';
  /** The policy that would replace the identity's inline and attached policies (and its group memberships). */
  policy: PolicyDocument;
  /** What the change takes away besides permissions: group memberships left, managed policies detached. */
  detaches: string[];
  leavesGroups: string[];
  verification: {
    /** The evaluator allows every used (action, resource) under the proposal that it allowed before. */
    usedStillAllowed: boolean;
    checked: number;
    failures: { action: string; resource: string }[];
    /** Re-analysed with the proposal, the identity reaches none of `cutPaths`. */
    pathsGone: boolean;
    /** The proposal allows nothing the current policies do not (every kept statement narrows one). */
    narrowsOnly: boolean;
  };
}

/** One Azure assignment / grant or GCP binding member the removal proposal takes away. */
export interface GrantRemoval {
  provider: 'azure' | 'gcp';
  /** arm-role-assignment, directory-role-assignment, app-role-assignment, oauth2-permission-grant (Azure); iam-binding (GCP). */
  type: 'arm-role-assignment' | 'directory-role-assignment' | 'app-role-assignment' | 'oauth2-permission-grant' | 'iam-binding';
  /** Assignment / grant id (Azure), or the resource's full name (GCP). */
  id: string;
  /** What it grants: role name and scope, Graph permission, `role → member`. */
  detail: string;
  /** GCP: the binding. */
  resource?: string;
  role?: string;
  member?: string;
  condition?: string;
  /** Ready to run; absent when no CLI command removes it (say why in `manual`). */
  command?: string;
  manual?: string;
  /** The attack edges whose evidence names it. */
  edges: string[];
}

/**
 * GCP: a role binding replaced by a smaller role that still grants what the policy insight saw
 * exercised (and what Google's machine learning inferred), as Google's role recommendations do.
 */
export interface RoleReplacement {
  provider: 'gcp';
  /** The binding replaced: the resource whose policy holds it, its role, member and condition. */
  resource: string;
  role: string;
  member: string;
  condition?: string;
  /** The `google.iam.policy.Insight` it follows. */
  insight?: string;
  exercised: string[];
  inferred: string[];
  /** The replacement: the predefined role with the fewest analysed permissions that covers them, or a custom role listing exactly them. */
  newRole: string;
  custom: boolean;
  /** The permissions the replacement must grant (exercised and inferred). */
  permissions: string[];
  /** gcloud, in order: create the custom role, add the new binding, then remove the old one. */
  commands: string[];
  /** When no gcloud command does it (a binding on a folder, whose custom role must live in the organisation). */
  manual?: string;
  /** Attack edges whose evidence names the replaced binding. */
  edges: string[];
}

/** GCP: a user-managed service-account key not used in the window, with how to retire it. */
export interface KeyRetirement {
  /** `gcp:sa-key:<key id>`. */
  id: string;
  keyId: string;
  serviceAccount: string;
  /** never-used: the key activity lists it with no authentication; stale: last authenticated before the window; never-seen: created before the window, absent from its project's key activity. */
  state: 'never-used' | 'stale' | 'never-seen';
  lastUsed?: string;
  /** Disable first (reversible), then delete. */
  commands: string[];
}

/** Azure / GCP: the assignments or binding members to remove from an identity unused in the window, proven by re-analysis. */
export interface RemovalProposal {
  kind: 'remove-grants';
  remove: GrantRemoval[];
  /** GCP: bindings whose policy insight shows only some of the role used, replaced by a smaller role. */
  replace?: RoleReplacement[];
  /** GCP: the identity's user-managed keys not used in the window. */
  keys?: KeyRetirement[];
  /** Bindings the usage data shows exercised permissions for (GCP policy insights): kept. */
  keep: (GrantRemoval & { reason: string })[];
  /** Edges whose evidence names no assignment of the identity itself (group membership, ownership…): not changed here. */
  untouched: { edge: string; technique: string; reason: string }[];
  verification: {
    /** The identity was not used in the window: the removal takes no used permission. */
    usedKept: boolean;
    /** Re-analysed with the removal applied to a copy of the inventory: the edges it names are gone. */
    edgesGone: boolean;
    /** … and the identity reaches none of `cutPaths`. */
    pathsGone: boolean;
    /** Cut paths (target ids) still reached after the removal (through `keep` or `untouched`). */
    remaining: string[];
    /** GCP replacements: re-analysed, every exercised and inferred permission is still granted to the member on the binding's resource. */
    exercisedStillGranted?: boolean;
    /** Permissions checked, and those no longer granted. */
    checked?: number;
    failures?: { permission: string; resource: string }[];
    /** The retired keys are no credential of the re-analysed graph. */
    keysGone?: boolean;
  };
}

/** An Azure role assignment: role and scope. */
export interface AssignmentSpec {
  roleDefinitionId: string;
  role: string;
  scope: string;
}

/** One Azure role assignment of the identity replaced by narrower ones (or removed), from its activity-log use. */
export interface AssignmentChange {
  assignmentId: string;
  from: AssignmentSpec;
  /**
   * What replaces it: the narrowest shipped built-in role that allows every operation it was used
   * for, at the deepest scope covering them, and Reader at the old scope when the old role read
   * more (reads are not in the activity log). Empty: removed.
   */
  to: AssignmentSpec[];
  /** The (action, scope) operations of the window it allowed, with their last use. */
  used: { action: string; scope: string; lastUsed: string }[];
  /** `az role assignment create …` for each new assignment, then `az role assignment delete --ids …`. */
  commands: string[];
  reason: string;
}

/** Azure with activity-log usage: narrower built-in roles and scopes for the identity's own role assignments, proven by re-analysis. */
export interface NarrowingProposal {
  kind: 'narrow-grants';
  changes: AssignmentChange[];
  /** Assignments left as they are, and why (already as narrow as its use, data actions the log cannot see, PIM, a group's…). */
  keep: { assignmentId: string; detail: string; reason: string }[];
  verification: {
    /** Every used (action, scope) that the identity's assignments allowed is still allowed by them with the change applied. */
    usedStillAllowed: boolean;
    checked: number;
    failures: { action: string; scope: string }[];
    /** Each new assignment's role allows nothing the old one did not, at a scope within the old one's. */
    narrowsOnly: boolean;
    /** Re-analysed with the change applied to a copy of the inventory, the identity reaches none of `cutPaths`. */
    pathsGone: boolean;
  };
}

export type Proposal = PolicyProposal | RemovalProposal | NarrowingProposal;

export interface IdentityFinding extends NodeRef {
  coverage: Coverage;
  lastUsed?: string;
  /** The usage sources that speak for this identity. */
  sources: UsageSourceRef['kind'][];
  /** When the data starts later than the window (CloudTrail files of the last week only), the part observed. */
  observedFrom?: string;
  granted: { services: number; actions: number };
  used: { services: number; actions: number };
  /** Share of granted actions not used in the window (unknown counted as used): 0..1. */
  unusedShare: number;
  services: ServiceFinding[];
  tierZero: boolean;
  /** Attack edges from the identity that the used permissions do not support. */
  unusedEdges: { id: string; technique: string; to: string; toName: string }[];
  /** Crown jewels (tier zero included) reachable now and not once the unused permissions are gone. */
  cutPaths: CutPath[];
  /** Still tier zero (admin-equivalent) with only its used permissions. */
  tierZeroAfter?: boolean;
  proposal?: Proposal;
  /** Why no proposal: usage too coarse, a provider leakpath cannot rewrite yet… */
  note?: string;
}

export interface CredentialFinding extends NodeRef {
  owner: string | null;
  status: string | null;
  lastUsed?: string;
  /** never: no use in the source's tracking period; stale: last use before the window. */
  state: 'never-used' | 'stale' | 'used';
  source: UsageSourceRef['kind'] | 'inventory';
  detail?: string;
  /** How to retire it (GCP user-managed keys not used in the window): disable, then delete. */
  commands?: string[];
}

export interface UnusedReport {
  schemaVersion: string;
  at: string;
  window: UsageWindow;
  sources: UsageSourceRef[];
  identities: IdentityFinding[];
  credentials: CredentialFinding[];
  summary: {
    /** Non-human identities with usage data. */
    withUsage: number;
    /** … of which hold permissions they did not use in the window. */
    withUnused: number;
    /** Identities whose tier-zero status rests only on unused permissions. */
    unusedTierZero: number;
    pathsCut: number;
    credentialsNeverUsed: number;
    credentialsStale: number;
  };
  warnings: string[];
}
