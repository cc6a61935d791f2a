/**
 * Hub folding (docs/architecture.md "Hub folding"). A wildcard grant — every caller of a set
 * that may assume every role of a set — would be callers × roles edges; the graph holds it as
 * callers → hub → roles instead. A hub is never a place an attacker stands: every walk reads
 * `a → hub → b` as the one edge `a → b` it stands for, with the id, kind and technique that edge
 * would have unfolded, and the evidence of both halves. So every answer (reach, hops, paths,
 * tie-breaks) is the one the unfolded graph gives; `expandHubs` builds that graph for tests and
 * for consumers that cannot walk hubs.
 */
import { pushTo } from './append.js';
import { edgeId, type AttackGraph, type Evidence, type GraphEdge, type GraphNode } from './graph.js';

export const HUB_KIND = 'Hub';

export const isHub = (n: Pick<GraphNode, 'kind'> | undefined): boolean => n?.kind === HUB_KIND;

/** Every hub id starts so (no other node id does): walks that see only edges can tell a hub. */
export const HUB_PREFIX = 'hub:';
export const isHubId = (id: string): boolean => id.startsWith(HUB_PREFIX);

/** The roles of account `roleAccount` whose trust admits account `trustedAccount` as a whole. */
export const assumeRoleHubId = (roleAccount: string, trustedAccount: string) => `${HUB_PREFIX}aws:assume-role:${roleAccount}:${trustedAccount}`;

/** The roles of `account` that the PassRole technique `technique` can pass (they trust its service). */
export const passRoleHubId = (account: string, technique: string) => `${HUB_PREFIX}aws:pass-role:${account}:${technique}`;

/**
 * The targets one Azure role assignment gives every (transitive) member of its assignee group by
 * technique `technique` (the managed identities it can run code as, the vault secrets it reads).
 * ARM assignment ids are lower-case paths, so the id is unique per assignment and technique.
 */
export const roleAssignmentHubId = (assignmentId: string, technique: string) => `${HUB_PREFIX}azure:role-assignment:${technique}:${assignmentId}`;

/**
 * The key vault secrets and keys that the access policies naming principal `objectId` (in any
 * vault) give each of its (transitive) members by technique `technique`. Object ids are unique.
 */
export const accessPolicyHubId = (objectId: string, technique: string) => `${HUB_PREFIX}azure:access-policy:${technique}:${objectId}`;

/**
 * The service accounts the GCP bindings `bindings` (each `<policy key>|<role>`, joined by `+` when
 * a technique needs several) give every one of their members by technique `technique`.
 */
export const gcpBindingHubId = (technique: string, bindings: readonly string[]) => `${HUB_PREFIX}gcp:binding:${technique}:${bindings.join('+')}`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const renamers = new Map<string, RegExp>();

/**
 * `text` with every whole occurrence of the id `from` replaced by `to` (not where `from` is only
 * the start of a longer ARN, as role/app-1 is of role/app-10).
 */
function rename(text: string, from: string, to: string): string {
  if (!text.includes(from)) return text;
  let re = renamers.get(from);
  if (!re) {
    if (renamers.size > 10_000) renamers.clear();
    renamers.set(from, (re = new RegExp(`${escape(from)}(?![\\w+=,.@/:-])`, 'g')));
  }
  return text.replace(re, () => to);
}

/** The edge with the id `from` renamed `to` in its evidence and conditions: a caller's half is written for its hub. */
export function renameInEdge(e: GraphEdge, from: string, to: string): GraphEdge {
  const r = (t: string) => rename(t, from, to);
  const { evidence: ev } = e;
  return {
    ...e,
    evidence: {
      summary: r(ev.summary),
      refs: ev.refs.map((x) => ({ ...x, source: r(x.source), ...(x.detail !== undefined ? { detail: r(x.detail) } : {}) })),
      ...(ev.assumptions ? { assumptions: ev.assumptions.map(r) } : {}),
      ...(ev.prerequisites ? { prerequisites: ev.prerequisites.map((p) => ({ ...p, summary: r(p.summary) })) } : {}),
    },
    ...(e.conditions !== undefined ? { conditions: r(e.conditions) } : {}),
  };
}

/**
 * The edge `into → hub → out` stands for. Only halves of one hub compose, and the hub's edges all
 * share kind and technique (the analysis that folds guarantees it); undefined for a self-pair,
 * which the unfolded graph never has. The caller's half is written for the hub: the hub's id in
 * it stands for the target. The target's half says what the pair does (its summary); where that
 * summary names the hub, the hub stands for the caller and the caller's half's summary is written
 * there (GCP: the member as its binding names it).
 */
export function composeThroughHub(hubIn: GraphEdge, out: GraphEdge): GraphEdge | undefined {
  if (hubIn.source === out.target) return undefined;
  const conditions = [hubIn.conditions === undefined ? undefined : rename(hubIn.conditions, hubIn.target, out.target), out.conditions].filter((c): c is string => c !== undefined);
  const edge = {
    id: edgeId(hubIn.kind, hubIn.technique, hubIn.source, out.target),
    source: hubIn.source,
    target: out.target,
    kind: hubIn.kind,
    technique: hubIn.technique,
    conditional: hubIn.conditional || out.conditional,
    ...(conditions.length ? { conditions: conditions.join(' AND ') } : {}),
  } as GraphEdge;
  // A search composes an edge for every target it reaches through a hub, and shows the evidence
  // of the few on a reported path: it is put together when first read.
  let evidence: Evidence | undefined;
  Object.defineProperty(edge, 'evidence', {
    enumerable: true,
    configurable: true,
    get: () => (evidence ??= composedEvidence(renameInEdge(hubIn, hubIn.target, out.target).evidence, out)),
  });
  return edge;
}

function composedEvidence(into: Evidence, outEdge: GraphEdge): Evidence {
  const out = outEdge.evidence;
  const assumptions = [...new Set([...(into.assumptions ?? []), ...(out.assumptions ?? [])])];
  const prerequisites = [...(into.prerequisites ?? []), ...(out.prerequisites ?? [])];
  return {
    summary: rename(out.summary, outEdge.source, into.summary),
    refs: [...into.refs, ...out.refs],
    ...(assumptions.length ? { assumptions } : {}),
    ...(prerequisites.length ? { prerequisites } : {}),
  };
}

/** In- and out-edges of every hub of a graph. */
export interface HubHalves {
  into: Map<string, GraphEdge[]>;
  out: Map<string, GraphEdge[]>;
}

export function hubHalves(graph: AttackGraph): HubHalves {
  const hubs = new Set(graph.nodes.filter(isHub).map((n) => n.id));
  const into = new Map<string, GraphEdge[]>();
  const out = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    if (hubs.has(e.target)) pushTo(into, e.target, e);
    else if (hubs.has(e.source)) pushTo(out, e.source, e);
  }
  return { into, out };
}

/** How many edges the graph would have unfolded: what folding saved is that minus its own count. */
export function unfoldedEdgeCount(graph: AttackGraph): number {
  const { into, out } = hubHalves(graph);
  let n = 0;
  for (const e of graph.edges) if (!into.has(e.target) && !out.has(e.source)) n++;
  for (const [hub, ins] of into) {
    const outs = out.get(hub) ?? [];
    const targets = new Set(outs.map((e) => e.target));
    n += ins.length * outs.length - ins.filter((e) => targets.has(e.source)).length;
  }
  return n;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The graph with every hub replaced by the edges it stands for. Where the unfolded graph already
 * has an edge of the same id (found by another rule), the existing one stays, as analysis keeps
 * the first of two edges with one id.
 */
export function expandHubs(graph: AttackGraph): AttackGraph {
  const { into, out } = hubHalves(graph);
  if (into.size === 0 && out.size === 0) return graph;
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) if (!into.has(e.target) && !out.has(e.source)) edges.set(e.id, e);
  for (const [hub, ins] of into) {
    for (const a of ins) {
      for (const b of out.get(hub) ?? []) {
        const e = composeThroughHub(a, b);
        if (e && !edges.has(e.id)) edges.set(e.id, e);
      }
    }
  }
  return { nodes: graph.nodes.filter((n) => !isHub(n)), edges: [...edges.values()].sort(byId) };
}

/** A graph's hub out-halves, and the order expandHubs composes its hubs in (first half into each). */
interface HubIndex {
  out: Map<string, GraphEdge[]>;
  rank: Map<string, number>;
}
const HUB_INDEX = new WeakMap<AttackGraph, HubIndex>();

function hubIndex(graph: AttackGraph): HubIndex {
  let index = HUB_INDEX.get(graph);
  if (!index) {
    const { into, out } = hubHalves(graph);
    HUB_INDEX.set(graph, (index = { out, rank: new Map([...into.keys()].map((hub, i) => [hub, i])) }));
  }
  return index;
}

/**
 * The out-edges node `id` has in the unfolded graph (expandHubs, for one node): each of its halves
 * into a hub becomes the edges that half stands for, and where one id comes twice the edge
 * expandHubs keeps stays. For consumers that read what an identity holds edge by edge, where a
 * hub must never show as a target. `own`: its out-edges, where the caller has them grouped. The
 * graph's hub halves are indexed once per graph.
 */
export function composedOutEdges(graph: AttackGraph, id: string, own: readonly GraphEdge[] = graph.edges.filter((e) => e.source === id)): GraphEdge[] {
  if (!own.some((e) => isHubId(e.target))) return [...own];
  const { out, rank } = hubIndex(graph);
  const edges = new Map<string, GraphEdge>();
  for (const e of own) if (!isHubId(e.target)) edges.set(e.id, e);
  const halves = own.filter((e) => isHubId(e.target)).sort((a, b) => (rank.get(a.target) ?? 0) - (rank.get(b.target) ?? 0));
  for (const a of halves) {
    for (const b of out.get(a.target) ?? []) {
      const e = composeThroughHub(a, b);
      if (e && !edges.has(e.id)) edges.set(e.id, e);
    }
  }
  return [...edges.values()].sort(byId);
}

/**
 * `edges` as the unfolded graph has them: a half into a hub becomes its pair with each of the
 * hub's out-halves (`outOf`), a half out of one its pair with each half into it (`into`); plain
 * edges stay. Once each, sorted by id. An id `plain` says the graph holds as a plain edge is that
 * edge in the unfolded graph (expandHubs keeps it), not the pair. For lists of edges a fix removes.
 */
export function unfoldHalves(edges: readonly GraphEdge[], outOf: (hub: string) => readonly GraphEdge[], into: (hub: string) => readonly GraphEdge[], plain: (id: string) => boolean = () => false): GraphEdge[] {
  const out = new Map<string, GraphEdge>();
  const add = (e: GraphEdge | undefined) => {
    if (e && !out.has(e.id) && !plain(e.id)) out.set(e.id, e);
  };
  for (const e of edges) {
    if (isHubId(e.target)) for (const b of outOf(e.target)) add(composeThroughHub(e, b));
    else if (isHubId(e.source)) for (const a of into(e.source)) add(composeThroughHub(a, e));
    else out.set(e.id, e);
  }
  return [...out.values()].sort(byId);
}
