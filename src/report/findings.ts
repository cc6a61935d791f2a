import type { FindingRef, FindingsReport } from '../query/findings.js';
import { blastMarkdown } from './markdown.js';
import { blastText } from './text.js';

const where = (f: FindingRef) => `${f.repo ? `${f.repo}/` : ''}${f.file ?? '?'}${f.line !== null ? `:${f.line}` : ''}${f.commit ? ` @${f.commit.slice(0, 12)}` : ''}`;
const findingLine = (f: FindingRef) => `${where(f)}  ${f.scanner} ${f.rule}${f.validity !== 'unknown' ? ` (${f.validity})` : ''}${f.conditions ? `\n      only if: ${f.conditions}` : ''}`;

export function findingsText(r: FindingsReport, detail = Infinity): string {
  const out: string[] = [];
  out.push(`${r.leaked.length} leaked credential(s), worst first; ${r.hygiene.length} hygiene item(s)`);
  out.push('');
  r.leaked.forEach((l, i) => {
    const b = l.blast;
    out.push(`${String(i + 1).padStart(2)}. ${b.credential.name} (${b.credential.type})  risk ${b.risk.level.toUpperCase()} ${b.risk.score}/100${b.tierZero ? '  TIER ZERO' : ''}`);
    if (!l.inventoried) out.push('    not in any collected inventory: reach unknown; collect its provider to see what it opens');
    for (const f of l.findings) out.push(`    found at ${findingLine(f)}`);
  });
  if (r.hygiene.length > 0) {
    out.push('', 'Hygiene (no path: the credential does not work, but it is still in the code):');
    for (const h of r.hygiene) {
      out.push(`  - ${h.credential.name} (${h.credential.type}${h.credential.status ? `, ${h.credential.status}` : ''}): ${h.reason}`);
      for (const f of h.findings) out.push(`      found at ${findingLine(f)}`);
    }
  }
  for (const l of r.leaked.filter((x) => x.blast.risk.level !== 'none').slice(0, detail)) out.push('', '='.repeat(78), blastText(l.blast));
  return out.join('\n');
}

export function findingsMarkdown(r: FindingsReport, detail = Infinity): string {
  const out = ['# leaked credentials', '', '| credential | risk | tier zero | found at |', '|---|---|---|---|'];
  for (const l of r.leaked) {
    out.push(`| \`${l.blast.credential.name}\`${l.inventoried ? '' : ' (not inventoried)'} | ${l.blast.risk.level} (${l.blast.risk.score}) | ${l.blast.tierZero ? 'yes' : 'no'} | ${l.findings.map((f) => `\`${where(f)}\` ${f.scanner}`).join('<br>')} |`);
  }
  if (r.hygiene.length > 0) {
    out.push('', '## hygiene', '');
    for (const h of r.hygiene) out.push(`- \`${h.credential.name}\`: ${h.reason} (${h.findings.map((f) => `\`${where(f)}\``).join(', ')})`);
  }
  for (const l of r.leaked.filter((x) => x.blast.risk.level !== 'none').slice(0, detail)) out.push('', blastMarkdown(l.blast));
  return out.join('\n');
}
