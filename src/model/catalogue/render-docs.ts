import { EDGE_KINDS } from './edge-kinds.js';
import { TECHNIQUES } from './techniques/index.js';
import type { EntryDocs } from './types.js';

function section(docs: EntryDocs): string[] {
  return [
    `**General.** ${docs.general}`,
    '',
    `**Precondition.** ${docs.precondition}`,
    '',
    `**Abuse.** ${docs.abuse}`,
    '',
    ...(docs.opsec ? [`**Opsec.** ${docs.opsec}`, ''] : []),
    `**Fix.** ${docs.fix}`,
    '',
    `**References.** ${docs.references.map((r) => `<${r}>`).join(' · ')}`,
    '',
  ];
}

/** docs/edges.md, generated from the catalogue so the two can never disagree. */
const EDGE_NOTE: Record<string, string> = {
  'tier-zero': ' (marks the principal tier zero instead of adding an edge)',
  prerequisite: ' (a change made first; listed in `evidence.prerequisites` of the edges it enables)',
};

export function renderEdgeDocs(): string {
  const out = [
    '<!-- Generated from src/model/catalogue by `npm run docs`. Do not edit by hand. -->',
    '# Edges and techniques',
    '',
    'An edge means one thing: **whoever controls the source can obtain the target**. Direction follows the attacker.',
    'Only `traversable` edge kinds are walked by `blast`, `paths` and `who-can-reach`; base facts explain where a capability came from.',
    'Every derived edge carries its `technique`, `evidence` (the policy, statement, assignment or grant that makes it true) and `conditional` (with the condition text) — see [blast-json.md](blast-json.md).',
    '',
    '## Edge kinds',
    '',
    '| kind | layer | traversable | from → to |',
    '|---|---|---|---|',
    ...EDGE_KINDS.map((e) => `| [${e.kind}](#${e.kind.toLowerCase()}) | ${e.layer} | ${e.traversable ? 'yes' : 'no'} | ${e.from} → ${e.to} |`),
    '',
  ];
  for (const e of EDGE_KINDS) out.push(`### ${e.kind}`, '', ...section(e.docs));
  out.push('## Techniques', '', '| technique | edge | provider | OWASP NHI | MITRE ATT&CK |', '|---|---|---|---|---|');
  const anchor = (id: string) => id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  for (const t of TECHNIQUES) {
    out.push(`| [\`${t.id}\`](#${anchor(t.id)}) | ${t.edgeKind} | ${t.provider} | ${t.tags.owaspNhi.join(', ')} | ${t.tags.mitre.join(', ')} |`);
  }
  out.push('');
  for (const t of TECHNIQUES) {
    out.push(`<a id="${anchor(t.id)}"></a>`, `### \`${t.id}\` — ${t.title}`, '', `Edge: \`${t.edgeKind}\`${EDGE_NOTE[t.edgeKind] ?? ''}`, '', ...section(t.docs));
    if (t.walkthrough) out.push('**Walk-through.**', '', '```sh', ...t.walkthrough, '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
