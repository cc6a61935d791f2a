import { expandHubs } from '../model/hubs.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';
import type { AwsInventory } from '../model/inventory/index.js';
import { METRIC_BY_ID, type Better } from './definitions.js';
import { collects, isAttackEdge, type SnapshotFacts } from './facts.js';
import { metricsOf, type SnapshotMetrics } from './metrics.js';

export const DIFF_SCHEMA_VERSION = 1;

export type Direction = 'better' | 'worse' | 'same' | 'not collected';

export interface Change {
  id: string;
  name: string;
  provider: string;
  scope?: string;
  detail?: string;
}

/**
 * What one kind of thing did between two snapshots. `notCollected`: present before, absent after,
 * but the later run did not collect where it lives, so nothing says it was resolved.
 */
export interface SetDiff {
  added: Change[];
  removed: Change[];
  notCollected: Change[];
}

export interface MetricDelta {
  id: string;
  title: string;
  better: Better;
  /** `overall`, or a source (provider). */
  scope: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  direction: Direction;
  note?: string;
}

export interface SnapshotRef {
  id: string;
  createdAt: string;
  analysedAt: string;
}

export interface SnapshotDiff {
  schemaVersion: number;
  metricsVersion: number;
  before: SnapshotRef;
  after: SnapshotRef;
  /** Scopes (`provider|account`) or sources the earlier snapshot had that the later did not collect. */
  notCollected: string[];
  credentials: SetDiff;
  identities: SetDiff;
  attackEdges: SetDiff;
  /** Credential → crown jewel reachability; id `credential → jewel`. */
  crownJewelPaths: SetDiff;
  /** The added crown-jewel paths whose jewel is tier zero (what `--fail-on new-tier-zero-paths` gates on). */
  newTierZeroPaths: Change[];
  metrics: MetricDelta[];
}

const byId = (a: Change, b: Change) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function setDiff<T>(
  before: Map<string, T>,
  after: Map<string, T>,
  describe: (item: T) => Change,
  stillCollected: (item: T) => boolean,
): SetDiff {
  const added = [...after].filter(([k]) => !before.has(k)).map(([, v]) => describe(v));
  const gone = [...before].filter(([k]) => !after.has(k)).map(([, v]) => v);
  return {
    added: added.sort(byId),
    removed: gone.filter(stillCollected).map(describe).sort(byId),
    notCollected: gone.filter((v) => !stillCollected(v)).map(describe).sort(byId),
  };
}

const nodeChange = (n: GraphNode): Change => ({ id: n.id, name: n.name, provider: n.provider, ...(n.scope ? { scope: n.scope } : {}), detail: n.type });

/**
 * Resource types the later snapshot listed in an AWS account. A removed resource counts as
 * removed only where its type was listed: by the account's `collected` list when the input has
 * one, else by at least one resource of the type in that account.
 */
function listedTypes(facts: SnapshotFacts): Set<string> {
  const out = new Set<string>();
  for (const inv of facts.snapshot.inventories) {
    if (inv.provider !== 'aws') continue;
    for (const a of (inv as AwsInventory).accounts) for (const t of a.collected ?? []) out.add(`${a.accountId}|aws:${t}`);
  }
  for (const n of facts.nodes.values()) if (n.kind !== 'Identity' && n.kind !== 'Credential') out.add(`${n.scope ?? ''}|${n.type}`);
  return out;
}

/** Whether the later snapshot would have seen the node (of the earlier one) had it still existed. */
function collectedBy(after: SnapshotFacts, before: SnapshotFacts): (n: GraphNode) => boolean {
  const types = listedTypes(after);
  return (n) => {
    if (n.id.startsWith('oidc:')) {
      // A token subject is seen wherever the trusts naming it were collected.
      const ends = [...(before.out.get(n.id) ?? []).map((e) => e.target), ...(before.in.get(n.id) ?? []).map((e) => e.source)];
      return after.providers.has(n.provider) || ends.some((id) => after.providers.has(before.nodes.get(id)?.provider ?? ''));
    }
    if (!collects(after, n)) return false;
    if (n.provider === 'aws' && (n.kind === 'Resource' || n.kind === 'SecretLocation')) {
      const type = n.type.replace(/:(environment|user-data)$/, '');
      return types.has(`${n.scope ?? ''}|${n.type}`) || types.has(`${n.scope ?? ''}|${type}`);
    }
    return true;
  };
}

export function direction(better: Better, before: number | null, after: number | null): Direction {
  if (before === null || after === null) return 'not collected';
  if (before === after) return 'same';
  return (after < before) === (better === 'lower') ? 'better' : 'worse';
}

export function metricDeltas(a: SnapshotMetrics, b: SnapshotMetrics, missing: readonly string[]): MetricDelta[] {
  const out: MetricDelta[] = [];
  const sources = [...new Set([...a.sources, ...b.sources])].sort();
  for (const ma of a.metrics) {
    const mb = b.metrics.find((x) => x.id === ma.id);
    const def = METRIC_BY_ID.get(ma.id);
    if (!mb || !def) continue;
    const row = (scope: string, before: number | null, after: number | null, uncollected?: string): MetricDelta => {
      const dir = uncollected ? 'not collected' : direction(def.better, before, after);
      return {
        id: def.id,
        title: def.title,
        better: def.better,
        scope,
        before,
        after,
        delta: before === null || after === null ? null : Math.round((after - before) * 10) / 10,
        direction: dir,
        ...(uncollected ? { note: uncollected } : dir === 'not collected' ? { note: before === null ? 'not measured before' : 'not measured after' } : {}),
      };
    };
    out.push(row('overall', ma.overall.value, mb.overall.value, missing.length ? `the later run did not collect ${missing.join(', ')}` : undefined));
    for (const s of sources) {
      const before = ma.bySource[s]?.value ?? null;
      const after = mb.bySource[s]?.value ?? null;
      const gone = missing.filter((m) => m === s || m.startsWith(`${s}|`));
      out.push(row(s, before, after, a.sources.includes(s) && !b.sources.includes(s) ? `the later run did not collect ${s}` : gone.length ? `the later run did not collect ${gone.join(', ')}` : undefined));
    }
  }
  return out;
}

function pathsOf(facts: SnapshotFacts): Map<string, { credential: GraphNode; jewel: GraphNode; tierZero: boolean; conditional: boolean }> {
  const out = new Map<string, { credential: GraphNode; jewel: GraphNode; tierZero: boolean; conditional: boolean }>();
  for (const [cid, r] of facts.reach) {
    const credential = facts.nodes.get(cid)!;
    for (const [jid, j] of r.jewels) {
      const jewel = facts.nodes.get(jid);
      if (jewel) out.set(`${cid} → ${jid}`, { credential, jewel, tierZero: j.tierZero, conditional: j.conditional });
    }
  }
  return out;
}

/** Scopes and sources the earlier snapshot collected and the later did not. */
export function missingScopes(a: SnapshotFacts, b: SnapshotFacts): string[] {
  return [...a.scopes].filter((s) => !b.scopes.has(s)).concat([...a.providers].filter((p) => !b.providers.has(p)));
}

/** Two snapshots' facts → what changed, with "not collected" wherever the later run could not see. */
export function diffFacts(a: SnapshotFacts, b: SnapshotFacts): SnapshotDiff {
  const seen = collectedBy(b, a);
  const missing = missingScopes(a, b);
  const failed = (b.snapshot.run.sourceStatus ?? []).filter((s) => s.status === 'failed').map((s) => `source ${s.name} (failed)`);

  const nodesOf = (f: SnapshotFacts, kind: GraphNode['kind']) => new Map([...f.nodes].filter(([, n]) => n.kind === kind));
  // Edges as they stand unfolded: a snapshot's hubs are a storage choice, not a change.
  const edgesOf = (f: SnapshotFacts) => new Map(expandHubs(f.snapshot.graph).edges.filter(isAttackEdge).map((e) => [e.id, e]));
  const edgeChange = (nodes: Map<string, GraphNode>) => (e: GraphEdge): Change => {
    const s = nodes.get(e.source);
    return { id: e.id, name: `${s?.name ?? e.source} -[${e.kind}]-> ${nodes.get(e.target)?.name ?? e.target}`, provider: s?.provider ?? 'external', ...(s?.scope ? { scope: s.scope } : {}), detail: e.technique };
  };
  const allNodes = new Map([...a.nodes, ...b.nodes]);
  const endpointsSeen = (e: GraphEdge) => [e.source, e.target].every((id) => b.nodes.has(id) || seen(a.nodes.get(id)!));

  const paths = setDiff(
    pathsOf(a),
    pathsOf(b),
    (p) => ({ id: `${p.credential.id} → ${p.jewel.id}`, name: `${p.credential.name} → ${p.jewel.name}`, provider: p.credential.provider, ...(p.credential.scope ? { scope: p.credential.scope } : {}), detail: `${p.tierZero ? 'tier zero' : 'crown jewel'}${p.conditional ? ', under conditions' : ''}` }),
    (p) => (b.nodes.has(p.credential.id) || seen(p.credential)) && (b.nodes.has(p.jewel.id) || seen(p.jewel)),
  );
  const before = pathsOf(a);
  const after = pathsOf(b);
  const newTierZeroPaths = paths.added.filter((c) => after.get(c.id)?.tierZero && !before.has(c.id));

  const ma = metricsOf(a);
  const ref = (f: SnapshotFacts): SnapshotRef => ({ id: f.snapshot.id, createdAt: f.snapshot.createdAt, analysedAt: new Date(f.at).toISOString() });
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    metricsVersion: ma.metricsVersion,
    before: ref(a),
    after: ref(b),
    notCollected: [...missing, ...failed],
    credentials: setDiff(nodesOf(a, 'Credential'), nodesOf(b, 'Credential'), nodeChange, seen),
    identities: setDiff(nodesOf(a, 'Identity'), nodesOf(b, 'Identity'), nodeChange, seen),
    attackEdges: setDiff(edgesOf(a), edgesOf(b), edgeChange(allNodes), endpointsSeen),
    crownJewelPaths: paths,
    newTierZeroPaths,
    metrics: metricDeltas(ma, metricsOf(b), missing),
  };
}
