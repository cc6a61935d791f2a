import { RISK_LEVELS, type BlastResult } from '../query/types.js';
import { renderTable, type Column } from './table.js';
import { PLAIN_STYLE, riskPaint, type TextStyle } from './style.js';

export function riskRank(level: BlastResult['risk']['level']): number {
  return RISK_LEVELS.indexOf(level);
}

/** Worst first: the order a responder wants to read credentials in (level, then score, then id). */
export function byRisk(a: BlastResult, b: BlastResult): number {
  return riskRank(b.risk.level) - riskRank(a.risk.level) || b.risk.score - a.risk.score || (a.credential.id < b.credential.id ? -1 : a.credential.id > b.credential.id ? 1 : 0);
}

const tierZeroCell = (r: BlastResult) => (r.tierZero ? 'yes' : r.truncated ? `not in ${r.maxHops}` : 'no');

/** One row per result; `principals` reports name each identity by itself, with its type. */
export function summaryText(results: BlastResult[], options: { principals?: boolean; width?: number; style?: TextStyle } = {}): string {
  const style = options.style ?? PLAIN_STYLE;
  const first: Column = { head: options.principals ? 'principal' : 'credential', wrap: true };
  const risk: Column = { head: 'risk', paint: (padded, raw) => riskPaint(style, raw.toLowerCase())(padded) };
  const columns: Column[] = options.principals
    ? [first, risk, { head: 'score' }, { head: 'tier0' }, { head: 'jewels' }, { head: 'identities' }, { head: 'type', wrap: true }]
    : [first, risk, { head: 'score' }, { head: 'tier0' }, { head: 'jewels' }, { head: 'identities' }, { head: 'authenticates as', wrap: true }];
  const rows = results.map((r) => [
    r.credential.name,
    r.risk.level.toUpperCase(),
    String(r.risk.score),
    tierZeroCell(r),
    String(r.crownJewels.length),
    String(r.reachable.identities.length),
    options.principals ? r.credential.type : r.startIdentities.map((s) => s.name).join(', ') || '-',
  ]);
  return renderTable(columns, rows, options.width ?? 100);
}

export function summaryMarkdown(results: BlastResult[], options: { principals?: boolean } = {}): string {
  const last = options.principals ? 'type' : 'authenticates as';
  return [
    `| ${options.principals ? 'principal' : 'credential'} | risk | score | tier zero | crown jewels | identities | ${last} |`,
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| \`${r.credential.name}\` | ${r.risk.level} | ${r.risk.score} | ${tierZeroCell(r)} | ${r.crownJewels.length} | ${r.reachable.identities.length} | ${options.principals ? r.credential.type : r.startIdentities.map((s) => s.name).join(', ') || '-'} |`,
    ),
  ].join('\n');
}
