import type { Config } from '../config/config.js';
import type { GraphNode } from '../model/graph.js';
import { composedOutEdges } from '../model/hubs.js';
import { crownJewelReason } from '../query/crown-jewels.js';
import type { Snapshot, SourceStatus } from '../store/snapshot.js';
import { LONG_LIVED_DAYS, METRICS, METRICS_VERSION, ROTATION_DAYS, UNUSED_DAYS } from './definitions.js';
import { credentialDates, days, isAttackEdge, percentile, snapshotFacts, type SnapshotFacts } from './facts.js';
import { hasOAuthInventory, looseFederationTrusts, riskyThirdPartyApps } from './trusts.js';

/** One metric's value over one scope (overall, or one source). `null`: not collected there. */
export interface MetricValue {
  value: number | null;
  /** The population the value is taken from (credentials with a known date, workloads…). */
  of?: number;
  /** What was counted, by node id or finding id; never a secret. */
  items?: string[];
  details?: Record<string, number>;
  note?: string;
}

export interface MetricResult {
  id: string;
  version: number;
  overall: MetricValue;
  /** Per source (provider): aws, azure… */
  bySource: Record<string, MetricValue>;
}

export interface SnapshotMetrics {
  metricsVersion: number;
  snapshot: string;
  createdAt: string;
  analysedAt: string;
  sources: string[];
  sourceStatus?: SourceStatus[];
  metrics: MetricResult[];
}

interface Subject {
  id: string;
  provider: string;
}

/** How a metric is computed from subjects; evaluated once overall and once per source. */
type Computation =
  | { kind: 'count'; items: Subject[]; covered?: (provider: string) => boolean; note?: string; details?: (items: Subject[], provider?: string) => Record<string, number>; of?: (provider?: string) => number }
  | { kind: 'distribution'; samples: (Subject & { value: number })[]; p: number }
  | { kind: 'share'; yes: Subject[]; no: Subject[] };

const subject = (n: GraphNode): Subject => ({ id: n.id, provider: n.provider });
const sortIds = (items: Subject[]) => [...new Set(items.map((i) => i.id))].sort();

function evaluate(c: Computation, providers: readonly string[], provider?: string): MetricValue {
  const mine = <T extends Subject>(xs: T[]) => (provider ? xs.filter((x) => x.provider === provider) : xs);
  switch (c.kind) {
    case 'count': {
      const covered = c.covered ? (provider ? c.covered(provider) : providers.some(c.covered)) : true;
      if (!covered) return { value: null, ...(c.note ? { note: c.note } : {}) };
      const items = mine(c.items);
      return { value: sortIds(items).length, items: sortIds(items), ...(c.of ? { of: c.of(provider) } : {}), ...(c.details ? { details: c.details(items, provider) } : {}) };
    }
    case 'distribution': {
      const values = mine(c.samples).map((s) => s.value);
      return { value: percentile(values, c.p), of: values.length };
    }
    case 'share': {
      const yes = sortIds(mine(c.yes));
      const no = sortIds(mine(c.no));
      const total = yes.length + no.length;
      return { value: total === 0 ? null : Math.round((1000 * yes.length) / total) / 10, of: total, items: yes };
    }
  }
}

function expiryBuckets(facts: SnapshotFacts) {
  return (_items: Subject[], provider?: string): Record<string, number> => {
    const buckets: Record<string, number> = { 'no expiry': 0, '≤ 30 days': 0, '31–90 days': 0, '91–365 days': 0, '> 365 days': 0 };
    for (const c of facts.activeCredentials) {
      if (provider && c.provider !== provider) continue;
      const { expires } = credentialDates(c);
      if (expires === undefined) buckets['no expiry']!++;
      else {
        const d = days(expires - facts.at);
        buckets[d <= 30 ? '≤ 30 days' : d <= 90 ? '31–90 days' : d <= 365 ? '91–365 days' : '> 365 days']!++;
      }
    }
    return buckets;
  };
}

/** The unused-privilege metrics: over the identities the usage exports speak for. */
function unusedComputations(facts: SnapshotFacts): Record<string, Computation> {
  const report = facts.unused;
  const nhiIds = new Set(facts.nhis.map((n) => n.id));
  const seen = (report?.identities ?? []).filter((i) => i.coverage !== 'none' && nhiIds.has(i.id));
  const sub = (x: { id: string; provider: string }): Subject => ({ id: x.id, provider: x.provider });
  const covered = (p: string) => seen.some((i) => i.provider === p) || (report?.credentials ?? []).some((c) => c.provider === p);
  const note = 'no usage exports for this source';
  return {
    'unused.nhis-with-unused-privilege': { kind: 'share', yes: seen.filter((i) => i.unusedShare > 0).map(sub), no: seen.filter((i) => i.unusedShare === 0).map(sub) },
    'unused.tier-zero-rights': { kind: 'count', items: seen.filter((i) => i.tierZero && (i.tierZeroAfter === false || (i.granted.actions === 0 && i.unusedShare === 1))).map(sub), covered, note },
    'unused.credentials-never-used': { kind: 'count', items: (report?.credentials ?? []).filter((c) => c.state === 'never-used').map(sub), covered, note },
  };
}

/** The computation of every metric, by id. Pure over the snapshot's facts. */
function computations(facts: SnapshotFacts): Record<string, Computation> {
  const { at, activeCredentials: active, nhis, out, nodes } = facts;
  const dated = active.map((c) => ({ c, d: credentialDates(c) }));
  const isJewel = (id: string) => {
    const n = nodes.get(id);
    return n !== undefined && crownJewelReason(n, facts.config) !== undefined;
  };

  const tierZeroNhis = nhis.filter((n) => n.tierZero && !n.tierZero.conditional);
  const crownJewelNhis = nhis.filter(
    // A grant folded into a hub holds its crown jewels as the edges the hub stands for.
    (n) => (n.tierZero && !n.tierZero.conditional) || composedOutEdges(facts.snapshot.graph, n.id, out.get(n.id) ?? []).some((e) => isAttackEdge(e) && !e.conditional && isJewel(e.target)),
  );

  const stored = (c: GraphNode) => new Set((out.get(c.id) ?? []).filter((e) => e.kind === 'STORED_IN').map((e) => e.target));
  const exposed = facts.credentials.filter((c) => stored(c).size > 0);
  const readable = exposed.filter((c) => [...stored(c)].some((loc) => (facts.in.get(loc) ?? []).some((e) => isAttackEdge(e) && e.kind !== 'EXPOSES')));

  // Workload identity adoption: static = authenticated by an active static credential; federated = reached by a token or attached to compute.
  const activeIds = new Set(active.map((c) => c.id));
  const staticIds = new Set(
    [...out.entries()].flatMap(([src, es]) => (activeIds.has(src) ? es.filter((e) => e.kind === 'AUTHENTICATES_AS').map((e) => e.target) : [])),
  );
  const federatedIds = new Set<string>();
  for (const es of out.values()) for (const e of es) if (e.kind === 'FEDERATES' || e.kind === 'ATTACHED_TO') federatedIds.add(e.kind === 'FEDERATES' ? e.target : e.source);
  for (const n of nhis) if (n.props.managedIdentity || (typeof n.props.runsAs === 'string')) federatedIds.add(n.id);
  for (const n of nodes.values()) if (typeof n.props.runsAs === 'string' && nodes.has(n.props.runsAs)) federatedIds.add(n.props.runsAs);
  const workloads = nhis.filter((n) => staticIds.has(n.id) || federatedIds.has(n.id));

  const lastUse = (n: GraphNode) => credentialDates(n);
  const reportsLastUse = (xs: GraphNode[]) => (provider: string) => xs.some((n) => n.provider === provider && lastUse(n).reportsLastUse);
  const unused = (n: GraphNode) => {
    const d = lastUse(n);
    if (!d.reportsLastUse) return false;
    if (d.lastUsed !== undefined) return days(at - d.lastUsed) > UNUSED_DAYS;
    return d.created !== undefined && days(at - d.created) > UNUSED_DAYS;
  };
  const roleLike = nhis.filter((n) => n.props.lastUsed !== undefined);

  const reached = [...facts.reach.entries()].map(([id, r]) => ({ id, provider: nodes.get(id)!.provider, r }));
  const perJewel = (items: Subject[]) => {
    const counts: Record<string, number> = {};
    const ids = new Set(items.map((i) => i.id));
    for (const { id, r } of reached) if (ids.has(id)) for (const [, j] of r.jewels) counts[j.name] = (counts[j.name] ?? 0) + 1;
    return counts;
  };
  const trusts = looseFederationTrusts(facts.snapshot.inventories);
  const oauth = riskyThirdPartyApps(facts.snapshot.inventories);
  const oauthCovered = hasOAuthInventory(facts.snapshot.inventories);
  const ofActive = (provider?: string) => active.filter((c) => !provider || c.provider === provider).length;

  return {
    'standing-privilege.tier-zero-nhis': { kind: 'count', items: tierZeroNhis.map(subject), of: (p) => nhis.filter((n) => !p || n.provider === p).length },
    'standing-privilege.crown-jewel-nhis': { kind: 'count', items: crownJewelNhis.map(subject), of: (p) => nhis.filter((n) => !p || n.provider === p).length },
    'credential-lifetime.no-expiry': { kind: 'count', items: dated.filter(({ d }) => d.expires === undefined).map(({ c }) => subject(c)), of: ofActive, details: expiryBuckets(facts) },
    'credential-lifetime.long-lived': {
      kind: 'count',
      items: dated.filter(({ d }) => d.expires === undefined || (d.created !== undefined && days(d.expires - d.created) > LONG_LIVED_DAYS)).map(({ c }) => subject(c)),
      of: ofActive,
    },
    'credential-lifetime.age-median-days': { kind: 'distribution', p: 50, samples: dated.filter(({ d }) => d.created !== undefined).map(({ c, d }) => ({ ...subject(c), value: days(at - d.created!) })) },
    'credential-lifetime.age-p95-days': { kind: 'distribution', p: 95, samples: dated.filter(({ d }) => d.created !== undefined).map(({ c, d }) => ({ ...subject(c), value: days(at - d.created!) })) },
    'rotation.overdue': { kind: 'count', items: dated.filter(({ d }) => d.created !== undefined && days(at - d.created) > ROTATION_DAYS).map(({ c }) => subject(c)), of: ofActive },
    'unused.credentials': { kind: 'count', items: active.filter(unused).map(subject), covered: reportsLastUse(active), note: 'the source does not report credential last use' },
    'unused.identities': {
      kind: 'count',
      items: roleLike.filter((n) => typeof n.props.lastUsed === 'string' && days(at - Date.parse(n.props.lastUsed)) > UNUSED_DAYS).map(subject),
      covered: (p) => roleLike.some((n) => n.provider === p),
      note: 'the source does not report identity last use',
    },
    'reuse.shared-credentials': { kind: 'count', items: facts.credentials.filter((c) => stored(c).size > 1).map(subject) },
    'exposure.exposed-credentials': { kind: 'count', items: exposed.map(subject) },
    'exposure.readable-credentials': { kind: 'count', items: readable.map(subject) },
    'workload-identity.adoption': { kind: 'share', yes: workloads.filter((n) => !staticIds.has(n.id)).map(subject), no: workloads.filter((n) => staticIds.has(n.id)).map(subject) },
    'federation.loose-trusts': { kind: 'count', items: trusts },
    'oauth.high-risk-third-party-apps': { kind: 'count', items: oauth, covered: (p) => oauthCovered && p === 'azure', note: 'no inventory lists OAuth grants' },
    'blast.tier-zero-credentials': { kind: 'count', items: reached.filter(({ r }) => r.tierZero), of: ofActive },
    'blast.crown-jewel-credentials': { kind: 'count', items: reached.filter(({ r }) => r.jewels.size > 0), of: ofActive, details: perJewel },
    'blast.reach-median': { kind: 'distribution', p: 50, samples: reached.map(({ id, provider, r }) => ({ id, provider, value: r.reachable })) },
    ...unusedComputations(facts),
    'blast.reach-p95': { kind: 'distribution', p: 95, samples: reached.map(({ id, provider, r }) => ({ id, provider, value: r.reachable })) },
  };
}

/** Every metric of one snapshot, overall and per source, from the snapshot alone. */
export function metricsOf(facts: SnapshotFacts): SnapshotMetrics {
  const table = computations(facts);
  const providers = [...facts.providers].sort();
  const metrics = METRICS.map((def) => {
    const c = table[def.id];
    if (!c) throw new Error(`metric ${def.id} has no computation`);
    return {
      id: def.id,
      version: def.version,
      overall: evaluate(c, providers),
      bySource: Object.fromEntries(providers.map((p) => [p, evaluate(c, providers, p)])),
    };
  });
  const { snapshot } = facts;
  return {
    metricsVersion: METRICS_VERSION,
    snapshot: snapshot.id,
    createdAt: snapshot.createdAt,
    analysedAt: new Date(facts.at).toISOString(),
    sources: providers,
    ...(snapshot.run.sourceStatus ? { sourceStatus: snapshot.run.sourceStatus } : {}),
    metrics,
  };
}

export async function computeMetrics(snapshot: Snapshot, config: Config): Promise<SnapshotMetrics> {
  return metricsOf(await snapshotFacts(snapshot, config));
}
