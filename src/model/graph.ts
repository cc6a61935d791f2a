/**
 * The attack graph as it crosses every stage boundary: build → analysis → store → query.
 * Plain data only, so a snapshot is just this structure serialised.
 */

/**
 * Provider-neutral node kinds (DESIGN.md "Graph vocabulary"). `Hub` stands for a set of targets
 * one wildcard grant reaches (src/model/hubs.ts): walks pass through it, never stop at it.
 */
export const NODE_KINDS = ['Credential', 'Identity', 'Resource', 'SecretLocation', 'Hub'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export type Provider = 'aws' | 'azure' | 'gcp' | 'github' | 'kubernetes' | 'workspace' | 'secrets' | 'external';

export type PropertyValue = string | number | boolean | null | string[];

export interface GraphNode {
  /** Stable, globally unique: an ARN, an Entra object id, `aws:access-key:<id>`… */
  id: string;
  kind: NodeKind;
  provider: Provider;
  /** Provider detail, e.g. `aws:iam:role`, `aws:iam:access-key`. */
  type: string;
  name: string;
  /** Account / tenant / project the node lives in, when it has one. */
  scope?: string;
  /** Provider tags (AWS resource tags, Azure tags…) as given by the source. */
  tags: Record<string, string>;
  /**
   * Identifiers a user may type to find this node besides its id (access key id, `appId:keyId`,
   * secret hint…). Never secret values.
   */
  aliases?: string[];
  /** Tier zero: admin-equivalent within its scope. Set by analysis, with the reason. */
  tierZero?: { reason: string; technique: string; evidence: Evidence; conditional: boolean; conditions?: string };
  props: Record<string, PropertyValue>;
}

export interface EvidenceRef {
  /** What kind of artefact proves the fact. */
  type:
    | 'identity-policy'
    | 'trust-policy'
    | 'resource-policy'
    | 'permissions-boundary'
    | 'session-policy'
    | 'scp'
    | 'rcp'
    | 'group-membership'
    | 'role-assignment'
    | 'grant'
    | 'inventory';
  /** Where it lives: policy ARN / name, assignment id, file… */
  source: string;
  /** Statement Sid or index within the document, when there is one. */
  statement?: string;
  /** Short human detail: the matching action, principal or condition. */
  detail?: string;
}

export interface Evidence {
  summary: string;
  refs: EvidenceRef[];
  /** Facts the rule took for granted because the input could not settle them. */
  assumptions?: string[];
  /**
   * Changes the attacker makes before the technique works (retag a resource, enrol an MFA
   * device), each a catalogue technique, and who makes it.
   */
  prerequisites?: Prerequisite[];
}

export interface Prerequisite {
  technique: string;
  summary: string;
  /** Node id of the principal that makes the change. */
  by: string;
}

export interface GraphEdge {
  /** Deterministic: same facts give the same id in every run. */
  id: string;
  source: string;
  target: string;
  kind: string;
  /** Stable technique name from the catalogue, e.g. `aws:sts:AssumeRole`. */
  technique: string;
  evidence: Evidence;
  /** True when a condition the data cannot settle decides the edge; `conditions` holds its text. */
  conditional: boolean;
  conditions?: string;
}

export interface AttackGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function edgeId(kind: string, technique: string, source: string, target: string): string {
  return `${kind}|${technique}|${source}|${target}`;
}

/** One edge with its evidence; `conditions` (the text of what the data cannot settle) makes it conditional. */
export function makeEdge(kind: string, technique: string, source: string, target: string, evidence: Evidence, conditions?: string): GraphEdge {
  return {
    id: edgeId(kind, technique, source, target),
    source,
    target,
    kind,
    technique,
    evidence,
    conditional: conditions !== undefined,
    ...(conditions !== undefined ? { conditions } : {}),
  };
}
