import { riskFactorsText } from './risk.js';
import type { BlastResult } from '../query/types.js';
import { namesIn } from './names.js';
import { walkthroughMarkdown } from './walkthrough.js';
import { tierZeroVerdict } from './text.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown for tickets and pull-request comments. */
export function blastMarkdown(r: BlastResult): string {
  const names = namesIn(r);
  const name = (id: string) => esc(names.get(id)?.name ?? id);
  const out = [
    `## Blast radius of \`${r.credential.name}\``,
    '',
    `- **Risk:** ${r.truncated ? 'at least ' : ''}${r.risk.level} (${r.risk.score}/100) — ${r.risk.reasons.join('; ')}`,
    `- **Risk factors:** ${riskFactorsText(r.risk)}`,
    `- **Authenticates as:** ${r.startIdentities.map((s) => `\`${s.id}\``).join(', ') || 'nothing'}`,
    `- **Tier zero reachable:** ${tierZeroVerdict(r).toLowerCase()}`,
    ...(r.truncated ? [`- **Search cut** at --max-hops ${r.maxHops}: a lower bound.`] : []),
    '',
  ];
  if (r.crownJewels.length) {
    out.push('### Crown jewels', '');
    for (const j of r.crownJewels) {
      out.push(`#### ${esc(j.name)} — ${j.hops === 0 ? 'itself' : `${j.hops} hop(s)`}${j.conditional ? ', conditional' : ''}`, '', `\`${j.id}\` — ${esc(j.reason)}`, '');
      if (j.tags.owaspNhi.length + j.tags.mitre.length) out.push(`Tags: ${[...j.tags.owaspNhi.map((t) => `OWASP ${t}`), ...j.tags.mitre.map((t) => `MITRE ${t}`)].join(', ')}`, '');
      if (j.tierZero) {
        const t = j.tierZero;
        out.push(`Tier zero by \`${t.technique}\`${t.conditional ? ' (conditional)' : ''}:`, '');
        for (const x of t.evidence.refs) out.push(`- ${x.type} ${esc(x.source)}${x.statement ? ` statement ${esc(x.statement)}` : ''}${x.detail ? ` — ${esc(x.detail)}` : ''}`);
        if (t.conditional) out.push(`- only if: ${esc(t.conditions ?? 'conditions in the statements above hold')}`);
        out.push('');
      }
      if (j.path.length === 0) continue;
      out.push('| from | edge | technique | to | evidence |', '|---|---|---|---|---|');
      for (const s of j.path) {
        const ev = [s.evidence.summary, ...(s.evidence.prerequisites ?? []).map((p) => `first: ${p.summary} (${p.technique})`), ...s.evidence.refs.map((x) => `${x.type} ${x.source}${x.statement ? ` ${x.statement}` : ''}`)].join('<br>');
        out.push(`| ${name(s.from)} | ${s.edge} | \`${s.technique}\` | ${name(s.to)} | ${esc(ev)}${s.conditions ? `<br>only if ${esc(s.conditions)}` : ''} |`);
      }
      out.push('', ...walkthroughMarkdown(j.path, name));
    }
  }
  const { identities, resources, credentials, secretLocations } = r.reachable;
  out.push(`Reachable: ${identities.length} identities, ${resources.length} resources, ${credentials.length} credentials, ${secretLocations.length} secret locations.`);
  return out.join('\n');
}
