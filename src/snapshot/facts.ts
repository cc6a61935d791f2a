import type { Config } from '../config/config.js';
import { EDGE_KINDS } from '../model/catalogue/edge-kinds.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';
import { EmbeddedEngine } from '../query/embedded/engine.js';
import type { Snapshot } from '../store/snapshot.js';
import type { UnusedReport } from '../analysis/unused/types.js';

const DAY = 86_400_000;

/** The time the snapshot judged the estate as of; never the wall clock of whoever reads it later. */
export function analysisTime(snapshot: Pick<Snapshot, 'run' | 'createdAt'>): Date {
  return new Date(snapshot.run.analysedAt ?? snapshot.run.finishedAt ?? snapshot.createdAt);
}

/** Crown jewels as recorded with the snapshot, else as the caller's config says. */
export function snapshotConfig(snapshot: Pick<Snapshot, 'run'>, config: Config): Config {
  return snapshot.run.crownJewels ? { ...config, crownJewels: snapshot.run.crownJewels } : config;
}

const time = (v: unknown): number | undefined => {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
};

/** GCP writes a key that never expires as valid before 9999-12-31: that is no expiry, not a far one. */
const NO_EXPIRY_FROM = Date.UTC(9999, 0, 1);
const expiry = (v: unknown): number | undefined => {
  const t = time(v);
  return t !== undefined && t < NO_EXPIRY_FROM ? t : undefined;
};

/**
 * Credential dates under the property names sources use (`createDate`/`startDateTime`/
 * `validAfterTime`, `endDateTime`/`expiresAt`/`validBeforeTime`, `lastUsedDate`/`lastUsed`). A new
 * source that names them the same way is measured with no change here.
 */
export function credentialDates(node: GraphNode): { created?: number; expires?: number; lastUsed?: number; reportsLastUse: boolean } {
  const p = node.props;
  const created = time(p.createDate) ?? time(p.startDateTime) ?? time(p.createdAt) ?? time(p.validAfterTime);
  const expires = expiry(p.endDateTime) ?? expiry(p.expiresAt) ?? expiry(p.expiry) ?? expiry(p.validBeforeTime);
  const lastUsed = time(p.lastUsedDate) ?? time(p.lastUsed);
  // A null lastUsed is "never" only where the source says it reports last use at all.
  const reportsLastUse = lastUsed !== undefined || p.reportsLastUse === true;
  return { ...(created !== undefined ? { created } : {}), ...(expires !== undefined ? { expires } : {}), ...(lastUsed !== undefined ? { lastUsed } : {}), reportsLastUse };
}

const INACTIVE = new Set(['inactive', 'expired', 'disabled', 'revoked', 'not-yet-valid']);

/** Active at `at`: not disabled by its source, and not expired at the analysis time. */
export function isActive(node: GraphNode, at: number): boolean {
  const status = node.props.status;
  if (typeof status === 'string' && INACTIVE.has(status.toLowerCase())) return false;
  const { expires } = credentialDates(node);
  return expires === undefined || expires > at;
}

export const days = (ms: number) => Math.floor(ms / DAY);

/** Identity types that are people, groupings or placeholders rather than workloads. */
const NOT_WORKLOAD = /(^|:)(user|group|entra-role|graph-permission|account|root-scope|directory-role)$/;

const ATTACK_KINDS = new Set(EDGE_KINDS.filter((k) => k.layer === 'attack').map((k) => k.kind));
/** Attack edges are the derived, traversable layer; STORED_IN, MEMBER_OF and the like are facts. */
export const isAttackEdge = (e: GraphEdge) => ATTACK_KINDS.has(e.kind) && e.kind !== 'AUTHENTICATES_AS';

/** Everything the metrics and the diff need from one snapshot, computed once. */
export interface SnapshotFacts {
  snapshot: Snapshot;
  at: number;
  config: Config;
  nodes: Map<string, GraphNode>;
  credentials: GraphNode[];
  activeCredentials: GraphNode[];
  /** Non-human identities: workloads, and any identity a credential authenticates as. */
  nhis: GraphNode[];
  out: Map<string, GraphEdge[]>;
  in: Map<string, GraphEdge[]>;
  /** Providers the snapshot collected, and `provider|scope` pairs (accounts, tenants…). */
  providers: Set<string>;
  scopes: Set<string>;
  /** Per active credential: what it reaches. */
  reach: Map<string, CredentialReach>;
  /** Granted vs used per identity, when the snapshot holds usage exports (docs/unused.md). */
  unused?: UnusedReport;
}

export interface CredentialReach {
  tierZero: boolean;
  /** Crown jewel id → reached only under conditions. */
  jewels: Map<string, { tierZero: boolean; conditional: boolean; name: string }>;
  reachable: number;
}

function group(edges: readonly GraphEdge[], key: (e: GraphEdge) => string): Map<string, GraphEdge[]> {
  const m = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const k = key(e);
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  }
  return m;
}

export async function snapshotFacts(snapshot: Snapshot, baseConfig: Config): Promise<SnapshotFacts> {
  const config = snapshotConfig(snapshot, baseConfig);
  const at = analysisTime(snapshot).getTime();
  const { nodes: list, edges } = snapshot.graph;
  const nodes = new Map(list.map((n) => [n.id, n]));
  const out = group(edges, (e) => e.source);
  const inc = group(edges, (e) => e.target);
  const credentials = list.filter((n) => n.kind === 'Credential');
  const activeCredentials = credentials.filter((c) => isActive(c, at));
  const authenticated = new Set(edges.filter((e) => e.kind === 'AUTHENTICATES_AS').map((e) => e.target));
  const nhis = list.filter((n) => n.kind === 'Identity' && !n.id.startsWith('oidc:') && (authenticated.has(n.id) || !NOT_WORKLOAD.test(n.type)));

  // Usage exports are about other sources' identities, not a source of nodes of their own.
  const providers = new Set<string>(snapshot.inventories.filter((i) => i.provider !== 'usage').map((i) => i.provider));
  const scopes = new Set<string>();
  for (const inv of snapshot.inventories) {
    if (inv.provider === 'aws') for (const a of inv.accounts) scopes.add(`aws|${a.accountId}`);
    if (inv.provider === 'azure') for (const t of inv.tenants) scopes.add(`azure|${t.tenantId}`);
  }
  // Sources added later name their scopes on their nodes: an inventory node with a scope says it was collected.
  for (const n of list) {
    // Workload-token subjects (`oidc:`) are named by whoever trusts them; they say nothing about what was collected.
    if (n.id.startsWith('oidc:') || n.props.inInventory === false || n.props.collected === false || n.props.external === true) continue;
    if (n.provider !== 'aws' && n.provider !== 'azure') {
      providers.add(n.provider);
      if (n.scope) scopes.add(`${n.provider}|${n.scope}`);
    }
  }

  const engine = new EmbeddedEngine(snapshot.graph, config);
  const reach = new Map<string, CredentialReach>();
  for (const c of activeCredentials) {
    const r = await engine.blast(c.id);
    const jewels = new Map(r.crownJewels.map((j) => [j.id, { tierZero: j.reason.startsWith('tier zero'), conditional: j.conditional, name: j.name }]));
    const reachable = r.reachable.identities.length + r.reachable.resources.length + r.reachable.credentials.length + r.reachable.secretLocations.length;
    reach.set(c.id, { tierZero: r.tierZero, jewels, reachable });
  }
  // Proving a proposal re-runs the analysis: only tier-zero identities need it (does their tier zero rest on unused rights?).
  const unused = snapshot.inventories.some((i) => i.provider === 'usage')
    ? await (await import('../analysis/unused/index.js')).analyseUnused(snapshot.inventories, snapshot.graph, config, { at: new Date(at), proveOnly: (n) => !!n.tierZero })
    : undefined;
  return { snapshot, at, config, nodes, credentials, activeCredentials, nhis, out, in: inc, providers, scopes, reach, ...(unused ? { unused } : {}) };
}

/** Whether the snapshot collected the place a node lives in: its provider, and its scope when it has one. */
export function collects(facts: SnapshotFacts, node: GraphNode): boolean {
  if (!facts.providers.has(node.provider)) {
    // Workload tokens (`oidc:`) and other cross-system nodes belong to whichever source describes them.
    return node.provider === 'external' ? true : false;
  }
  return node.scope === undefined || facts.scopes.has(`${node.provider}|${node.scope}`) || !hasScopesFor(facts, node.provider);
}

function hasScopesFor(facts: SnapshotFacts, provider: string): boolean {
  for (const s of facts.scopes) if (s.startsWith(`${provider}|`)) return true;
  return false;
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
