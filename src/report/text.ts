import { riskFactorsText } from './risk.js';
import type { BlastResult, CrownJewelHit, FoundPath, NodeRef, PathStep, PathsResult, WhoCanReachResult } from '../query/types.js';
import { namesIn } from './names.js';
import { PLAIN_STYLE, riskPaint, type TextStyle } from './style.js';

type Names = Map<string, NodeRef>;
const label = (names: Names, id: string) => names.get(id)?.name ?? id;

function renderStep(s: PathStep, names: Names, indent: string): string[] {
  const lines = [
    `${indent}${label(names, s.from)} ─${s.edge} [${s.technique}]→ ${label(names, s.to)}${s.conditional ? '  (conditional)' : ''}`,
    `${indent}    why: ${s.evidence.summary}`,
  ];
  for (const p of s.evidence.prerequisites ?? []) lines.push(`${indent}    first: ${p.summary} [${p.technique}]`);
  lines.push(...evidenceLines(s.evidence.refs, `${indent}    `));
  for (const a of s.evidence.assumptions ?? []) lines.push(`${indent}    assumed: ${a}`);
  if (s.conditions) lines.push(`${indent}    only if: ${s.conditions}`);
  for (const c of s.walkthrough ?? []) lines.push(`${indent}    run: ${c}`);
  return lines;
}

function evidenceLines(refs: PathStep['evidence']['refs'], indent: string): string[] {
  return refs.map((r) => `${indent}evidence: ${r.type} ${r.source}${r.statement ? ` statement ${r.statement}` : ''}${r.detail ? ` — ${r.detail}` : ''}`);
}

/** Why a tier-zero jewel is tier zero: the technique, and the policy and statement behind it. */
export function tierZeroLines(j: CrownJewelHit, indent: string): string[] {
  const t = j.tierZero;
  if (!t) return [];
  const lines = [`${indent}tier zero by: ${t.technique}${t.conditional ? '  (conditional)' : ''}`, ...evidenceLines(t.evidence.refs, `${indent}    `)];
  for (const a of t.evidence.assumptions ?? []) lines.push(`${indent}    assumed: ${a}`);
  if (t.conditional) lines.push(`${indent}    only if: ${t.conditions ?? 'conditions in the statements above hold'}`);
  return lines;
}

/** The tier-zero verdict, honest about a search cut short. */
export function tierZeroVerdict(r: BlastResult): string {
  if (r.tierZero) return 'YES';
  return r.truncated ? `not reachable within ${r.maxHops} hop${r.maxHops === 1 ? '' : 's'} (search cut there; more lies beyond)` : 'no';
}

export function renderPathSteps(steps: PathStep[], names: Names, indent = '    '): string {
  return steps.flatMap((s) => renderStep(s, names, indent)).join('\n');
}

export function blastText(r: BlastResult, style: TextStyle = PLAIN_STYLE): string {
  const names = namesIn(r);
  const out: string[] = [];
  out.push(style.bold(`Blast radius of ${r.credential.name} (${r.credential.type}${r.credential.status ? `, ${r.credential.status}` : ''})`));
  if (r.credential.owner) out.push(`  owner: ${r.credential.owner}`);
  out.push(`  risk: ${r.truncated ? 'at least ' : ''}${riskPaint(style, r.risk.level)(r.risk.level.toUpperCase())} (${r.risk.score}/100) — ${r.risk.reasons.join('; ')}`);
  out.push(`  risk factors: ${riskFactorsText(r.risk)}`);
  out.push(`  authenticates as: ${r.startIdentities.map((s) => `${s.name} (${s.id})`).join(', ') || 'nothing'}`);
  const verdict = tierZeroVerdict(r);
  out.push(`  tier zero reachable: ${r.tierZero ? style.bold(style.red(verdict)) : verdict}`);
  if (r.truncated) out.push(`  ${style.yellow(`search cut at --max-hops ${r.maxHops}: what follows is a lower bound`)}`);
  out.push('');
  const nothing = r.truncated ? `Crown jewels: none within ${r.maxHops} hop${r.maxHops === 1 ? '' : 's'}.` : 'Crown jewels: none reachable.';
  if (r.crownJewels.length === 0) {
    out.push(nothing);
  } else {
    out.push(`Crown jewels reachable (${r.crownJewels.length}):`);
    r.crownJewels.forEach((j, i) => {
      const where = j.hops === 0 ? 'itself' : `${j.hops} hop${j.hops === 1 ? '' : 's'}`;
      out.push(`${String(i + 1).padStart(2)}. ${style.bold(j.name)}  [${where}${j.conditional ? ', conditional' : ''}]`);
      out.push(`    ${j.id}`);
      out.push(`    why a jewel: ${j.reason}`);
      if (j.tags.owaspNhi.length + j.tags.mitre.length) out.push(`    tags: ${[...j.tags.owaspNhi.map((t) => `OWASP ${t}`), ...j.tags.mitre.map((t) => `MITRE ${t}`)].join(', ')}`);
      out.push(...tierZeroLines(j, '    '));
      if (j.path.length > 0) out.push(renderPathSteps(j.path, names, '    '));
    });
  }
  out.push('');
  const { identities, resources, credentials, secretLocations } = r.reachable;
  out.push(`Reachable: ${identities.length} identities, ${resources.length} resources, ${credentials.length} credentials, ${secretLocations.length} secret locations`);
  for (const n of [...identities, ...resources, ...credentials, ...secretLocations]) {
    out.push(`  ${String(n.hops).padStart(2)} hop${n.hops === 1 ? ' ' : 's'}  ${n.name} (${n.type})${n.tierZero ? '  TIER ZERO' : ''}${n.conditional ? '  conditional' : ''}`);
  }
  return out.join('\n');
}

function pathBlock(p: FoundPath, i: number, names: Names): string {
  return [`${i + 1}. → ${p.to.name}  [${p.hops} hop${p.hops === 1 ? '' : 's'}${p.conditional ? ', conditional' : ''}]`, renderPathSteps(p.steps, names)].join('\n');
}

function namesOfPaths(r: PathsResult): Names {
  const names: Names = new Map([[r.from.id, r.from]]);
  for (const p of r.paths) names.set(p.to.id, p.to);
  return names;
}

export function pathsText(r: PathsResult, nodeNames: Names = new Map()): string {
  const names = new Map([...nodeNames, ...namesOfPaths(r)]);
  const head = `Paths from ${r.from.name} to ${r.to ? r.to.name : 'every crown jewel'} (k=${r.k}, max ${r.maxHops} hops)`;
  const cut = r.truncated ? [`  search cut at --max-hops ${r.maxHops}: longer paths may exist`] : [];
  if (r.paths.length === 0) return [head, ...cut, r.truncated ? `  none within ${r.maxHops} hops.` : '  none found.'].join('\n');
  return [head, ...cut, ...r.paths.map((p, i) => pathBlock(p, i, names))].join('\n');
}

export function whoCanReachText(r: WhoCanReachResult, nodeNames: Names = new Map()): string {
  const names = new Map(nodeNames);
  names.set(r.target.id, r.target);
  for (const x of [...r.credentials, ...r.identities]) names.set(x.id, x);
  const out = [`Who can reach ${r.target.name} (${r.target.id}), max ${r.maxHops} hops`];
  if (r.truncated) out.push(`  search cut at --max-hops ${r.maxHops}: more may reach it from further away`);
  out.push(`Credentials (${r.credentials.length}):`);
  for (const c of r.credentials) {
    out.push(`  ${c.name} (${c.type}) — ${c.hops} hop${c.hops === 1 ? '' : 's'}${c.conditional ? ', conditional' : ''}`);
    out.push(renderPathSteps(c.path, names, '      '));
  }
  out.push(`Identities (${r.identities.length}):`);
  for (const c of r.identities) out.push(`  ${c.name} (${c.type}) — ${c.hops} hop${c.hops === 1 ? '' : 's'}${c.conditional ? ', conditional' : ''}`);
  if (r.serviceLinkedOmitted > 0) {
    out.push(`(${r.serviceLinkedOmitted} service-linked role${r.serviceLinkedOmitted === 1 ? '' : 's'} left out: only their AWS service can use them; --include-service-linked lists them)`);
  }
  return out.join('\n');
}
