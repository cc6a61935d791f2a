import type { GraphNode } from '../model/graph.js';
import type { RiskFactor } from './types.js';

/**
 * Risk factors of the credential itself, beside what it reaches (docs/reports.md "Risk score"):
 * where it is exposed, and how old it is or when it ends. Pure functions of the credential node,
 * the nodes that expose it and the analysis time, so both engines score alike.
 */
export const CREDENTIAL_WEIGHTS = {
  /** A secret scanner found it: it has leaked already, somewhere. */
  foundByScanner: 20,
  /** …in a public repository: anyone can have it. */
  publicRepository: 15,
  /** Anyone (any GitHub account, any token of a public issuer) can obtain it: a federation trust open to all. */
  openToAnyone: 30,
  /** Created more than `oldDays` ago: long exposed, never rotated since. */
  old: 5,
  /** Created more than `veryOldDays` ago. */
  veryOld: 10,
  oldDays: 90,
  veryOldDays: 365,
  /** It never expires by itself (AWS access keys, secrets and keys without an end date). */
  noExpiry: 5,
} as const;

const W = CREDENTIAL_WEIGHTS;
const DAY_MS = 86_400_000;

/** A node that makes the credential obtainable: the source of an EXPOSES or CAN_MINT_TOKEN edge into it. */
export interface Exposer {
  /** The edge kind into the credential. */
  edge: string;
  node: GraphNode;
  /** The visibility of the repository a scanner finding names, when the graph has that repository. */
  repositoryVisibility?: string;
}

/** The edge kinds whose source makes the credential obtainable. */
export const EXPOSER_EDGES: ReadonlySet<string> = new Set(['EXPOSES', 'CAN_MINT_TOKEN']);

/** The graph node of the repository a finding names (src/analysis/github/ids.ts repoId). */
export const repoNodeId = (repo: string) => `github:repo:${repositoryName(repo).toLowerCase()}`;

export interface CredentialAssessment {
  factors: RiskFactor[];
  /** Set when the credential has expired at the analysis time: it authenticates nothing. */
  expired?: string;
}

/** Secret-scanner findings name a repository as `owner/name` or as its URL. */
export function repositoryName(repo: string): string {
  return repo
    .replace(/^https?:\/\/(www\.)?github\.com\//i, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
}

export function exposureFactors(exposers: readonly Exposer[]): RiskFactor[] {
  const factors: RiskFactor[] = [];
  const findings = exposers.filter((e) => e.node.type === 'secrets:finding');
  if (findings.length > 0) {
    const scanners = [...new Set(findings.map((f) => String(f.node.props.scanner ?? 'a scanner')))].sort();
    factors.push({ factor: 'exposure-found-by-scanner', points: W.foundByScanner, detail: `found by ${scanners.join(', ')} in ${findings.length} place${findings.length === 1 ? '' : 's'}: it has leaked already` });
    const open = [...new Set(findings.filter((f) => f.repositoryVisibility === 'public').map((f) => repositoryName(String(f.node.props.repo))))].sort();
    if (open.length > 0) factors.push({ factor: 'exposure-public-repository', points: W.publicRepository, detail: `in public repositor${open.length === 1 ? 'y' : 'ies'} ${open.join(', ')}` });
  }
  const anyone = exposers.filter((e) => e.edge === 'CAN_MINT_TOKEN' && e.node.type.endsWith(':anyone')).sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
  if (anyone.length > 0) factors.push({ factor: 'exposure-open-to-anyone', points: W.openToAnyone, detail: `${anyone[0]!.node.name} can obtain it: the trust is open to anyone` });
  return factors;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const has = (node: GraphNode, key: string) => Object.hasOwn(node.props, key);

/** Where each source writes a credential's start and end. */
const CREATED = ['createDate', 'startDateTime', 'validAfterTime', 'createdAt'] as const;
const ENDS = ['endDateTime', 'validBeforeTime', 'expiresAt'] as const;
/** Types that cannot expire at all. */
const NEVER_EXPIRE = new Set(['aws:iam:access-key']);

/** GCP writes "no expiry" as the end of year 9999. */
const FOREVER = /^9999-/;

/**
 * Age and expiry at the analysis time. Without an analysis time nothing is judged (no wall
 * clock): the snapshot's time is what every command passes.
 */
export function ageFactors(credential: GraphNode, at: Date | undefined): CredentialAssessment {
  if (!at || credential.kind !== 'Credential') return { factors: [] };
  const factors: RiskFactor[] = [];
  const endKey = ENDS.find((k) => has(credential, k));
  const end = endKey ? str(credential.props[endKey]) : undefined;
  if (end && !FOREVER.test(end) && Date.parse(end) <= at.getTime()) {
    return { factors: [{ factor: 'expired', points: 0, detail: `expired ${end.slice(0, 10)}: it authenticates nothing` }], expired: end };
  }
  const created = CREATED.map((k) => str(credential.props[k])).find((v) => v !== undefined);
  const createdMs = created ? Date.parse(created) : NaN;
  if (Number.isFinite(createdMs)) {
    const days = Math.floor((at.getTime() - createdMs) / DAY_MS);
    if (days > W.veryOldDays) factors.push({ factor: 'age', points: W.veryOld, detail: `created ${days} days ago (${created!.slice(0, 10)}), more than ${W.veryOldDays}: not rotated since` });
    else if (days > W.oldDays) factors.push({ factor: 'age', points: W.old, detail: `created ${days} days ago (${created!.slice(0, 10)}), more than ${W.oldDays}: not rotated since` });
  }
  const noEnd = NEVER_EXPIRE.has(credential.type) || (endKey !== undefined && (end === undefined || FOREVER.test(end)));
  if (noEnd) factors.push({ factor: 'no-expiry', points: W.noExpiry, detail: NEVER_EXPIRE.has(credential.type) ? 'this kind of credential never expires' : 'no expiry date' });
  return { factors };
}
