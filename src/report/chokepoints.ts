import type { Chokepoint, ChokepointsResult } from '../query/chokepoints/types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Quoted for a POSIX shell: fix ids contain spaces and colons. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function header(r: ChokepointsResult): string[] {
  const lines = [
    `Choke points: ${plural(r.totals.paths, 'credential → crown-jewel path')} from ${plural(r.totals.credentials, 'credential')} (total weight ${r.totals.weight}); ${plural(r.totals.candidates, 'candidate fix', 'candidate fixes')} on them.`,
  ];
  if (r.without) lines.push(`What-if: without ${r.without.specs.map(shellQuote).join(', ')} (${plural(r.without.edgesRemoved, 'edge')} removed).`);
  return lines;
}

function block(c: Chokepoint): string[] {
  const out = [
    `${String(c.rank).padStart(2)}. ${c.fix.summary}`,
    `    cuts ${plural(c.pathsCut, 'path')} (weight ${c.weightCut}; risk score −${c.riskRemoved} across the credentials) — ${c.kind}`,
  ];
  for (const cmd of c.fix.commands) out.push(`      ${cmd.startsWith('#') ? cmd : `$ ${cmd}`}`);
  if (!c.certain) out.push('    confirm: an edge it removes also cites another reference of the same kind (maybe a second grant); re-ingest and re-run after the change');
  out.push(`    prove it first: leakpath chokepoints --without ${shellQuote(c.id)}`);
  out.push(`    removes ${plural(c.edges.length, 'edge')}:`);
  for (const e of c.edges) out.push(`      ${e.fromName} ─${e.edge} [${e.technique}]→ ${e.toName}`);
  out.push('    paths cut:');
  for (const p of c.paths) out.push(`      ${p.credential.name} → ${p.jewel.name} (${plural(p.hops, 'hop')})`);
  return out;
}

export function chokepointsText(r: ChokepointsResult): string {
  const out = header(r);
  if (r.chokepoints.length === 0) out.push('', 'No single change cuts a credential → crown-jewel path.');
  for (const c of r.chokepoints) out.push('', ...block(c));
  out.push('', ...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function chokepointsMarkdown(r: ChokepointsResult): string {
  const out = ['# leakpath choke points', '', ...header(r), ''];
  if (r.chokepoints.length === 0) out.push('No single change cuts a credential → crown-jewel path.');
  else {
    out.push('| # | fix | paths cut | weight | risk removed | kind |', '|---|---|---|---|---|---|');
    for (const c of r.chokepoints) out.push(`| ${c.rank} | ${md(c.fix.summary)} | ${c.pathsCut} | ${c.weightCut} | ${c.riskRemoved} | ${c.kind}${c.certain ? '' : ' (confirm)'} |`);
  }
  for (const c of r.chokepoints) {
    out.push('', `## ${c.rank}. ${md(c.fix.summary)}`, '', `Fix id (for \`--without\`): \`${c.id}\``, '');
    if (c.fix.commands.length) out.push('```sh', ...c.fix.commands, '```', '');
    out.push('Edges removed:', '', ...c.edges.map((e) => `- ${md(e.fromName)} —${e.edge} \`${e.technique}\`→ ${md(e.toName)}`), '');
    out.push('Paths cut:', '', ...c.paths.map((p) => `- \`${md(p.credential.name)}\` → ${md(p.jewel.name)} (${plural(p.hops, 'hop')})`));
  }
  out.push('', ...r.notes.map((n) => `> ${n}`));
  return out.join('\n');
}
