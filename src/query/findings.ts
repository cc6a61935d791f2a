import { UsageError } from '../errors.js';
import type { AttackGraph, GraphNode } from '../model/graph.js';
import { nodeRef, step } from './assemble.js';
import { parseLookup } from './resolve.js';
import type { BlastResult, NodeRef, PathStep, QueryEngine } from './types.js';

/**
 * Scanner findings → the credentials they expose → blast radius of each, worst first. A credential
 * that is inactive, expired or revoked (by the inventory, or by the scanner's own check) is
 * hygiene: remove it from the history and delete it, but it opens no path.
 */
export const FINDINGS_SCHEMA_VERSION = '1.0';

export interface FindingRef extends NodeRef {
  scanner: string;
  rule: string;
  repo: string | null;
  file: string | null;
  line: number | null;
  commit: string | null;
  validity: string;
  /** Why the finding is the credential only under a condition (the key id alone was seen…). */
  conditions: string | null;
  /** The finding → credential step, with its evidence. */
  step: PathStep;
}

export interface LeakedCredential {
  /** Blast radius of the credential. */
  blast: BlastResult;
  findings: FindingRef[];
  /** False when no collected source lists the credential: its reach is unknown, not empty. */
  inventoried: boolean;
}

export interface HygieneItem {
  credential: NodeRef & { status: string | null };
  reason: string;
  findings: FindingRef[];
}

export interface FindingsReport {
  schemaVersion: string;
  leaked: LeakedCredential[];
  hygiene: HygieneItem[];
}

const INACTIVE = new Set(['inactive', 'expired', 'revoked', 'disabled', 'not-yet-valid']);

export const isFinding = (n: GraphNode) => n.kind === 'SecretLocation' && n.type === 'secrets:finding';

/** Findings a user means: node id, fingerprint, `file:line` or `repo/file:line`. */
export function findFindings(graph: AttackGraph, query: string): GraphNode[] {
  const q = query.trim();
  const all = graph.nodes.filter(isFinding);
  const exact = all.filter((n) => n.id === q || n.aliases?.includes(q));
  if (exact.length > 0) return exact;
  const lookup = parseLookup(q);
  throw new UsageError(`no scanner finding matches ${lookup.shown}: give a fingerprint, file:line or a finding node id (leakpath report --findings lists them)`);
}

function findingRef(n: GraphNode, edge: AttackGraph['edges'][number]): FindingRef {
  const p = n.props;
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
  return {
    ...nodeRef(n),
    scanner: s('scanner') ?? '',
    rule: s('rule') ?? '',
    repo: s('repo'),
    file: s('file'),
    line: typeof p.line === 'number' ? p.line : null,
    commit: s('commit'),
    validity: s('validity') ?? 'unknown',
    conditions: edge.conditions ?? null,
    step: step(edge),
  };
}

function hygieneReason(credential: GraphNode, findings: FindingRef[]): string | undefined {
  const status = typeof credential.props.status === 'string' ? credential.props.status : undefined;
  if (status && INACTIVE.has(status.toLowerCase())) return `the credential is ${status.toLowerCase()}: it authenticates nothing; delete it and purge it from the history`;
  const said = findings.find((f) => f.validity === 'revoked' || f.validity === 'inactive');
  if (said) return `${said.scanner} reports it ${said.validity}; confirm, delete it and purge it from the history`;
  return undefined;
}

/** Blast radius of every credential the given findings expose, worst first; hygiene apart. */
export async function blastFindings(engine: QueryEngine, graph: AttackGraph, findings: readonly GraphNode[], options: { maxHops?: number } = {}): Promise<FindingsReport> {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const wanted = new Set(findings.map((f) => f.id));
  const byCredential = new Map<string, FindingRef[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'EXPOSES' || !wanted.has(e.source)) continue;
    byCredential.set(e.target, [...(byCredential.get(e.target) ?? []), findingRef(nodes.get(e.source)!, e)]);
  }
  const leaked: LeakedCredential[] = [];
  const hygiene: HygieneItem[] = [];
  for (const [id, refs] of [...byCredential].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const credential = nodes.get(id);
    if (!credential) continue;
    const reason = hygieneReason(credential, refs);
    if (reason) {
      hygiene.push({ credential: { ...nodeRef(credential), status: typeof credential.props.status === 'string' ? credential.props.status : null }, reason, findings: refs });
      continue;
    }
    const blast = await engine.blast(id, options);
    leaked.push({ blast, findings: refs, inventoried: credential.props.inInventory !== false });
  }
  leaked.sort((a, b) => b.blast.risk.score - a.blast.risk.score || Number(b.inventoried) - Number(a.inventoried) || (a.blast.credential.id < b.blast.credential.id ? -1 : 1));
  return { schemaVersion: FINDINGS_SCHEMA_VERSION, leaked, hygiene };
}

export const allFindings = (graph: AttackGraph) => graph.nodes.filter(isFinding);
