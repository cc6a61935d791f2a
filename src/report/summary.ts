import { RISK_LEVELS, type BlastResult } from '../query/types.js';


export function riskRank(level: BlastResult['risk']['level']): number {
  return RISK_LEVELS.indexOf(level);
}

/** Worst first: the order a responder wants to read credentials in. */
export function byRisk(a: BlastResult, b: BlastResult): number {
  return b.risk.score - a.risk.score || (a.credential.id < b.credential.id ? -1 : 1);
}

export function summaryText(results: BlastResult[]): string {
  const rows = results.map((r) => [
    r.credential.name,
    r.risk.level.toUpperCase(),
    String(r.risk.score),
    r.tierZero ? 'yes' : 'no',
    String(r.crownJewels.length),
    String(r.reachable.identities.length),
    r.startIdentities.map((s) => s.name).join(', ') || '-',
  ]);
  const head = ['credential', 'risk', 'score', 'tier0', 'jewels', 'identities', 'authenticates as'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function summaryMarkdown(results: BlastResult[]): string {
  return [
    '| credential | risk | score | tier zero | crown jewels | identities | authenticates as |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| \`${r.credential.name}\` | ${r.risk.level} | ${r.risk.score} | ${r.tierZero ? 'yes' : 'no'} | ${r.crownJewels.length} | ${r.reachable.identities.length} | ${r.startIdentities.map((s) => s.name).join(', ') || '-'} |`,
    ),
  ].join('\n');
}
