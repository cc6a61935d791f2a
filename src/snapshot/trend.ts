import type { Config } from '../config/config.js';
import type { Snapshot } from '../store/snapshot.js';
import { METRICS, METRICS_VERSION, type Better, type MetricDefinition } from './definitions.js';
import { metricDeltas, missingScopes, type Direction } from './diff.js';
import { snapshotFacts, type SnapshotFacts } from './facts.js';
import { metricsOf, type SnapshotMetrics } from './metrics.js';

export interface TrendPoint {
  id: string;
  createdAt: string;
  analysedAt: string;
  sources: string[];
  failedSources: string[];
}

export interface TrendSeries {
  id: string;
  title: string;
  unit: MetricDefinition['unit'];
  better: Better;
  definition: string;
  control: string;
  /** One value per snapshot, oldest first; null where not collected. */
  overall: (number | null)[];
  bySource: Record<string, (number | null)[]>;
  /** The latest snapshot against the one before it (overall). */
  latest: Direction | null;
  /** The latest snapshot against the first of the window (overall). */
  sinceFirst: Direction | null;
}

export interface Trend {
  metricsVersion: number;
  snapshots: TrendPoint[];
  metrics: TrendSeries[];
}

/** Metrics over snapshots (oldest first), each recomputed from its snapshot with today's definitions. */
export async function buildTrend(snapshots: readonly Snapshot[], config: Config): Promise<Trend> {
  const facts: SnapshotFacts[] = [];
  for (const s of snapshots) facts.push(await snapshotFacts(s, config));
  const metrics: SnapshotMetrics[] = facts.map(metricsOf);
  const sources = [...new Set(metrics.flatMap((m) => m.sources))].sort();
  const n = facts.length;
  const deltaOf = (i: number, j: number) => (n >= 2 ? metricDeltas(metrics[i]!, metrics[j]!, missingScopes(facts[i]!, facts[j]!)).filter((d) => d.scope === 'overall') : []);
  const latest = deltaOf(n - 2, n - 1);
  const sinceFirst = deltaOf(0, n - 1);
  return {
    metricsVersion: METRICS_VERSION,
    snapshots: snapshots.map((s, i) => ({
      id: s.id,
      createdAt: s.createdAt,
      analysedAt: metrics[i]!.analysedAt,
      sources: metrics[i]!.sources,
      failedSources: (s.run.sourceStatus ?? []).filter((x) => x.status === 'failed').map((x) => x.name),
    })),
    metrics: METRICS.map((def) => {
      const of = (m: SnapshotMetrics) => m.metrics.find((x) => x.id === def.id);
      return {
        id: def.id,
        title: def.title,
        unit: def.unit,
        better: def.better,
        definition: def.definition,
        control: def.control,
        overall: metrics.map((m) => of(m)?.overall.value ?? null),
        bySource: Object.fromEntries(sources.map((p) => [p, metrics.map((m) => of(m)?.bySource[p]?.value ?? null)])),
        latest: latest.find((d) => d.id === def.id)?.direction ?? null,
        sinceFirst: sinceFirst.find((d) => d.id === def.id)?.direction ?? null,
      };
    }),
  };
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line picture of a series; gaps (not collected) as a space. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values.map((v) => (v === null ? ' ' : BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))])).join('');
}

const MARK: Record<Direction, string> = { better: '✓ better', worse: '✗ worse', same: '= same', 'not collected': '? not collected' };
const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

export function trendMarkdown(t: Trend): string {
  const first = t.snapshots[0];
  const last = t.snapshots.at(-1);
  const out = [
    '# leakpath trend',
    '',
    first && last ? `${t.snapshots.length} snapshot(s), ${first.createdAt} → ${last.createdAt} (metrics v${t.metricsVersion}).` : 'No snapshots.',
    '',
    '| Metric | Trend | First | Previous | Latest | vs previous | vs first |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const m of t.metrics) {
    const v = m.overall;
    out.push(`| ${m.title} | \`${sparkline(v)}\` | ${cell(v[0])} | ${cell(v.length >= 2 ? v[v.length - 2] : null)} | ${cell(v.at(-1))} | ${m.latest ? MARK[m.latest] : ''} | ${m.sinceFirst ? MARK[m.sinceFirst] : ''} |`);
  }
  const failed = t.snapshots.filter((s) => s.failedSources.length);
  if (failed.length) {
    out.push('', '**Runs with failed sources** (their absences are *not collected*, not improvements):', '');
    for (const s of failed) out.push(`- \`${s.id}\`: ${s.failedSources.join(', ')}`);
  }
  out.push('', 'Definitions: docs/snapshots.md. Lower is better except workload identity adoption.');
  return out.join('\n');
}
