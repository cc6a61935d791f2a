import type { Change, Direction, MetricDelta, SetDiff, SnapshotDiff } from './diff.js';

const ARROW: Record<Direction, string> = { better: '▼ better', worse: '▲ worse', same: '= same', 'not collected': '? not collected' };
const fmt = (v: number | null) => (v === null ? '—' : String(v));
const signed = (v: number | null) => (v === null ? '' : v > 0 ? `+${v}` : String(v));

function arrow(m: MetricDelta): string {
  if (m.direction === 'better' || m.direction === 'worse') return `${m.direction === 'better' ? '✓' : '✗'} ${m.direction}`;
  return ARROW[m.direction];
}

const SECTIONS: [keyof Pick<SnapshotDiff, 'credentials' | 'identities' | 'attackEdges' | 'crownJewelPaths'>, string][] = [
  ['crownJewelPaths', 'Credential → crown-jewel paths'],
  ['credentials', 'Credentials'],
  ['identities', 'Identities'],
  ['attackEdges', 'Attack edges'],
];

const counts = (d: SetDiff) => `+${d.added.length} new, −${d.removed.length} removed${d.notCollected.length ? `, ${d.notCollected.length} not collected` : ''}`;
const line = (c: Change) => `${c.name}${c.detail ? ` (${c.detail})` : ''}${c.name !== c.id ? ` [${c.id}]` : ''}`;

/** The overall rows, then per-source rows that say something the overall row does not. */
function metricRows(diff: SnapshotDiff): MetricDelta[] {
  const sources = new Set(diff.metrics.map((m) => m.scope));
  return sources.size <= 2 ? diff.metrics.filter((m) => m.scope === 'overall') : diff.metrics;
}

export function diffText(diff: SnapshotDiff, limit = 20): string {
  const out = [`leakpath diff ${diff.before.id} → ${diff.after.id}`, `  analysed ${diff.before.analysedAt} → ${diff.after.analysedAt}`];
  if (diff.notCollected.length) out.push(`  not collected by the later run: ${diff.notCollected.join(', ')}: what was there before is listed as not collected`);
  if (diff.newTierZeroPaths.length) out.push('', `NEW TIER-ZERO PATHS: ${diff.newTierZeroPaths.length}`, ...diff.newTierZeroPaths.map((c) => `  + ${line(c)}`));
  for (const [key, title] of SECTIONS) {
    const d = diff[key];
    out.push('', `${title}: ${counts(d)}`);
    for (const [mark, list] of [['+', d.added], ['-', d.removed], ['?', d.notCollected]] as const) {
      for (const c of list.slice(0, limit)) out.push(`  ${mark} ${line(c)}`);
      if (list.length > limit) out.push(`  ${mark} … ${list.length - limit} more`);
    }
  }
  out.push('', 'Maturity (each metric, later vs earlier):');
  const rows = metricRows(diff);
  const width = Math.max(...rows.map((m) => `${m.title}${m.scope === 'overall' ? '' : ` [${m.scope}]`}`.length));
  for (const m of rows) {
    const name = `${m.title}${m.scope === 'overall' ? '' : ` [${m.scope}]`}`;
    out.push(`  ${name.padEnd(width)}  ${fmt(m.before).padStart(6)} → ${fmt(m.after).padEnd(6)} ${signed(m.delta).padStart(6)}  ${arrow(m)}${m.note ? `  (${m.note})` : ''}`);
  }
  return out.join('\n');
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function diffMarkdown(diff: SnapshotDiff, limit = 50): string {
  const out = [`# leakpath diff`, '', `\`${diff.before.id}\` → \`${diff.after.id}\` (analysed ${diff.before.analysedAt} → ${diff.after.analysedAt})`, ''];
  if (diff.notCollected.length) out.push(`> **Not collected by the later run:** ${diff.notCollected.map(md).join(', ')}. What was there before is listed as *not collected*.`, '');
  if (diff.newTierZeroPaths.length) out.push(`## New tier-zero paths (${diff.newTierZeroPaths.length})`, '', ...diff.newTierZeroPaths.map((c) => `- ${md(line(c))}`), '');
  out.push('## Maturity', '', '| Metric | Scope | Before | After | Δ | Direction |', '|---|---|---:|---:|---:|---|');
  for (const m of metricRows(diff)) out.push(`| ${md(m.title)} | ${m.scope} | ${fmt(m.before)} | ${fmt(m.after)} | ${signed(m.delta)} | ${arrow(m)}${m.note ? ` (${md(m.note)})` : ''} |`);
  for (const [key, title] of SECTIONS) {
    const d = diff[key];
    out.push('', `## ${title}: ${counts(d)}`);
    for (const [label, list] of [['New', d.added], ['Removed', d.removed], ['Not collected', d.notCollected]] as const) {
      if (list.length === 0) continue;
      out.push('', `**${label}**`, '', ...list.slice(0, limit).map((c) => `- ${md(line(c))}`));
      if (list.length > limit) out.push(`- … ${list.length - limit} more`);
    }
  }
  return out.join('\n');
}

export function renderDiff(diff: SnapshotDiff, format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return JSON.stringify(diff, null, 2);
  return format === 'markdown' ? diffMarkdown(diff) : diffText(diff);
}
