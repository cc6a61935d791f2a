import type { IdentityFinding, NarrowingProposal, RemovalProposal, UnusedReport } from '../analysis/unused/types.js';

/**
 * `leakpath unused` renderers: per identity, granted vs used in the window, the paths that rest
 * only on unused permissions, and the proposal with the evaluator's verdict on it.
 */

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`;
const day = (iso?: string) => (iso ? iso.slice(0, 10) : 'never (in the tracking period)');

const COVERAGE: Record<IdentityFinding['coverage'], string> = {
  actions: 'per action (CloudTrail, Azure activity log, or GCP policy insights per binding)',
  services: 'per service (last accessed)',
  identity: 'identity only (last sign-in / last used)',
  none: 'none',
};

function removalVerdict(p: RemovalProposal): string {
  const v = p.verification;
  const replace = p.replace ?? [];
  const keys = p.keys ?? [];
  if (p.remove.length === 0 && replace.length === 0 && keys.length === 0) return `nothing to remove: ${p.keep.length ? 'what it holds was exercised, or ' : ''}its edges rest on grants it does not hold itself${v.remaining.length ? `; ${v.remaining.length} cut path(s) stay (${v.remaining.join(', ')})` : ''}`;
  const kept = p.keep.length + p.untouched.length > 0;
  const paths = v.pathsGone ? 'the cut paths are gone' : `${v.remaining.length} cut path(s) remain${kept || replace.length ? ' through what is kept, replaced or not changed' : ''} (${v.remaining.join(', ')})`;
  const used = replace.length
    ? v.exercisedStillGranted
      ? `every exercised or inferred permission is still granted on its resource (${v.checked} checked)`
      : `NOT every exercised permission is still granted (${(v.failures ?? []).map((x) => `${x.permission} on ${x.resource}`).join(', ')})`
    : 'nothing removed was used in the window';
  const edges = p.remove.length ? (v.edgesGone ? 'the edges the removals carried are gone' : 'some edges the removals carried remain') : 'only what the used permissions support remains';
  const head = proposalProven(p) ? 'proven' : v.usedKept && v.edgesGone && (kept || replace.length) ? 'partial' : 'NOT proven';
  return `${head}: ${used}; re-analysed with the change, ${edges} and ${paths}${keys.length ? `; ${v.keysGone ? 'the retired keys are gone' : 'a retired key remains'}` : ''}`;
}

function narrowingVerdict(p: NarrowingProposal): string {
  const v = p.verification;
  const ok = v.usedStillAllowed && v.narrowsOnly && v.pathsGone;
  return `${ok ? 'proven safe' : 'NOT proven'}: ${v.checked} used operation(s) still allowed${v.failures.length ? ` except ${v.failures.map((x) => `${x.action} at ${x.scope}`).join(', ')}` : ''}; ${v.narrowsOnly ? 'each new assignment grants nothing the old one did not' : 'a new assignment grants something the old one did not'}; ${v.pathsGone ? 'the cut paths are gone on re-analysis' : 'some cut paths remain on re-analysis'}`;
}

/** The narrowing proposal as lines: each assignment, what replaces it, the commands. */
function narrowingLines(p: NarrowingProposal, bullet: string, sub: string, code: (s: string) => string): string[] {
  const out: string[] = [];
  for (const c of p.changes) {
    const to = c.to.length ? c.to.map((t) => `${t.role} at ${t.scope}`).join(' + ') : 'nothing (remove)';
    out.push(`${bullet}${c.from.role} at ${c.from.scope} → ${to}: ${c.reason}`);
    for (const cmd of c.commands) out.push(`${sub}${code(cmd)}`);
  }
  for (const k of p.keep) out.push(`${bullet}keep ${k.detail}: ${k.reason}`);
  return out;
}

const proposalProven = (p: RemovalProposal) => p.verification.usedKept && p.verification.edgesGone && p.verification.pathsGone && p.verification.exercisedStillGranted !== false && p.verification.keysGone !== false;

const proven = (f: IdentityFinding) => {
  const p = f.proposal;
  if (!p) return false;
  // An AWS policy and an Azure narrowing are proven by the same three checks.
  return p.kind === 'remove-grants' ? proposalProven(p) : p.verification.usedStillAllowed && p.verification.narrowsOnly && p.verification.pathsGone;
};

/** The removal proposal as lines (text, markdown share them: commands are what a reader copies). */
function removalLines(p: RemovalProposal, bullet: string, sub: string, code: (s: string) => string): string[] {
  const out: string[] = [];
  for (const r of p.remove) out.push(`${bullet}remove ${r.type} ${r.type === 'iam-binding' ? '' : `${r.id}: `}${r.detail}`, `${sub}${r.command ? code(r.command) : `(manual) ${r.manual ?? ''}`}`);
  for (const r of p.replace ?? []) {
    const used = `${r.exercised.length} exercised${r.inferred.length ? ` + ${r.inferred.length} inferred` : ''}: ${r.permissions.join(', ')}`;
    out.push(`${bullet}replace ${r.role} → ${r.member}${r.condition ? ` if ${r.condition}` : ''} on ${r.resource} with ${r.custom ? 'the custom role ' : ''}${r.newRole} (${used})`);
    for (const c of r.commands) out.push(`${sub}${code(c)}`);
    if (r.manual) out.push(`${sub}(manual) ${r.manual}`);
  }
  for (const k of p.keys ?? []) {
    out.push(`${bullet}retire key ${k.keyId} of ${k.serviceAccount} (${k.state === 'stale' ? `last used ${day(k.lastUsed)}` : k.state === 'never-seen' ? "created before the window, never in its project's key activity" : 'never used'})`);
    for (const c of k.commands) out.push(`${sub}${code(c)}`);
  }
  for (const r of p.keep) out.push(`${bullet}keep ${r.type} ${r.detail}: ${r.reason}`);
  for (const u of p.untouched) out.push(`${bullet}not changed: ${u.technique} (${u.edge}): ${u.reason}`);
  return out;
}

function verdict(f: IdentityFinding): string {
  if (f.proposal?.kind === 'remove-grants') return removalVerdict(f.proposal);
  if (f.proposal?.kind === 'narrow-grants') return narrowingVerdict(f.proposal);
  const v = f.proposal?.verification;
  if (!v) return '';
  const ok = v.usedStillAllowed && v.pathsGone && v.narrowsOnly;
  return `${ok ? 'proven safe' : 'NOT proven'}: ${v.checked} used request(s) still allowed${v.failures.length ? ` except ${v.failures.map((x) => `${x.action} on ${x.resource}`).join(', ')}` : ''}; ${v.pathsGone ? 'the cut paths are gone on re-analysis' : 'some cut paths remain on re-analysis'}; ${v.narrowsOnly ? 'grants nothing new' : 'grants something the current policies do not'}`;
}

function usedServices(f: IdentityFinding): string[] {
  return f.services.filter((s) => s.used.length > 0 || s.unknown > 0).map((s) => `${s.service} (${s.used.length}${s.unknown ? ` + ${s.unknown} unsettled` : ''} of ${s.granted})`);
}

function summaryLines(r: UnusedReport): string[] {
  const s = r.summary;
  return [
    `window: ${r.window.days} days, ${day(r.window.from)} → ${day(r.window.to)} (analysis time)`,
    `${s.withUnused} of ${s.withUsage} identities with usage data hold permissions they did not use; ${s.unusedTierZero} owe tier zero to unused permissions; removing what was not used cuts ${s.pathsCut} crown-jewel path(s)`,
    `credentials: ${s.credentialsNeverUsed} never used, ${s.credentialsStale} unused for ${r.window.days}+ days`,
  ];
}

export function unusedText(r: UnusedReport): string {
  const out = ['Unused privilege', ...summaryLines(r).map((l) => `  ${l}`), ''];
  for (const f of r.identities) {
    out.push(`${f.name}  [${f.type}]  ${f.id}`);
    out.push(`  usage data: ${COVERAGE[f.coverage]}; last used ${day(f.lastUsed)}`);
    if (f.note) out.push(`  ${f.note}`);
    if (f.granted.actions > 0) out.push(`  granted ${f.granted.actions} action(s) in ${f.granted.services} service(s); used ${f.used.actions}; unused ${pct(f.unusedShare)}`);
    const used = usedServices(f);
    if (used.length) out.push(`  used: ${used.join(', ')}`);
    if (f.tierZero) out.push(`  tier zero now; ${f.tierZeroAfter === false ? 'not with only its used permissions' : 'still with its used permissions'}`);
    for (const e of f.unusedEdges) out.push(`  unused edge: ${e.technique} → ${e.toName}`);
    for (const c of f.cutPaths) out.push(`  cut path: → ${c.to.name}${c.tierZero ? ' (tier zero)' : ''}, ${c.hops} hop(s) via ${c.techniques.join(' → ')}`);
    if (f.proposal?.kind === 'remove-grants') {
      out.push(`  proposal: ${f.proposal.replace?.length ? 'replace, remove and retire' : 'remove what it holds'} (${verdict(f)}):`, ...removalLines(f.proposal, '    ', '      ', (c) => c));
    } else if (f.proposal?.kind === 'narrow-grants') {
      out.push(`  proposal: narrower role assignments (${verdict(f)}):`, ...narrowingLines(f.proposal, '    ', '      ', (c) => c));
    } else if (f.proposal) {
      out.push(`  proposal (${verdict(f)}):`);
      if (f.proposal.detaches.length) out.push(`    detach ${f.proposal.detaches.join(', ')}`);
      if (f.proposal.leavesGroups.length) out.push(`    leave group(s) ${f.proposal.leavesGroups.join(', ')}`);
      out.push(...JSON.stringify(f.proposal.policy, null, 2).split('\n').map((l) => `    ${l}`));
    }
    out.push('');
  }
  if (r.credentials.length) {
    out.push('Credentials');
    for (const c of r.credentials) {
      out.push(`  ${c.name}  ${c.state}  last used ${day(c.lastUsed)}  (${c.owner ?? 'owner unknown'}; ${c.source})`);
      for (const cmd of c.commands ?? []) out.push(`    ${cmd}`);
    }
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n').trimEnd();
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function unusedMarkdown(r: UnusedReport): string {
  const out = ['# Unused privilege', '', ...summaryLines(r).map((l) => `- ${l}`), ''];
  out.push('| identity | usage data | last used | granted actions | used | unused | cut paths (tier zero) | proposal |', '|---|---|---|---|---|---|---|---|');
  for (const f of r.identities) {
    const t0 = f.cutPaths.filter((c) => c.tierZero).length + (f.tierZero && f.tierZeroAfter === false ? 1 : 0);
    out.push(`| ${cell(f.name)} | ${f.coverage} | ${day(f.lastUsed)} | ${f.granted.actions} | ${f.used.actions} | ${pct(f.unusedShare)} | ${f.cutPaths.length} (${t0}) | ${f.proposal ? (f.proposal.kind === 'remove-grants' ? `remove ${f.proposal.remove.length}${f.proposal.replace?.length ? `, replace ${f.proposal.replace.length}` : ''}${f.proposal.keys?.length ? `, retire ${f.proposal.keys.length} key(s)` : ''}${f.proposal.keep.length ? `, keep ${f.proposal.keep.length}` : ''}, ${proven(f) ? 'proven' : 'paths remain'}` : `${f.proposal.kind === 'narrow-grants' ? `narrow ${f.proposal.changes.length}, ` : ''}${proven(f) ? 'proven safe' : 'not proven'}`) : '—'} |`);
  }
  out.push('');
  for (const f of r.identities) {
    out.push(`## ${f.name}`, '', `\`${f.id}\` (${f.type}). Usage data: ${COVERAGE[f.coverage]}${f.sources.length ? ` from ${f.sources.join(', ')}` : ''}; last used ${day(f.lastUsed)}.`, '');
    if (f.note) out.push(f.note, '');
    if (f.granted.actions > 0) {
      out.push(`Granted ${f.granted.actions} action(s) in ${f.granted.services} service(s); used ${f.used.actions} in the window: **${pct(f.unusedShare)} unused**.`, '');
      const used = usedServices(f);
      if (used.length) out.push(`Used: ${used.join(', ')}.`, '');
    }
    if (f.tierZero) out.push(`Tier zero now; ${f.tierZeroAfter === false ? '**not** with only the permissions it used' : 'still tier zero with the permissions it used'}.`, '');
    if (f.unusedEdges.length || f.cutPaths.length) {
      out.push('What rests only on unused permissions:', '');
      for (const e of f.unusedEdges) out.push(`- edge \`${e.technique}\` → ${e.toName}`);
      for (const c of f.cutPaths) out.push(`- path → **${c.to.name}**${c.tierZero ? ' (tier zero)' : ''}, ${c.hops} hop(s): ${c.techniques.map((t) => `\`${t}\``).join(' → ')}`);
      out.push('');
    }
    if (f.proposal?.kind === 'remove-grants') {
      out.push(f.proposal.replace?.length ? '### Proposed change' : '### Proposed removal', '', verdict(f) + '.', '', ...removalLines(f.proposal, '- ', '  - ', (c) => `\`${c}\``), '');
    } else if (f.proposal?.kind === 'narrow-grants') {
      out.push('### Proposed role assignments', '', verdict(f) + '.', '', ...narrowingLines(f.proposal, '- ', '  - ', (c) => `\`${c}\``), '');
    } else if (f.proposal) {
      out.push(`### Proposed policy`, '', verdict(f) + '.', '');
      if (f.proposal.detaches.length) out.push(`Detach: ${f.proposal.detaches.map((d) => `\`${d}\``).join(', ')}.`, '');
      if (f.proposal.leavesGroups.length) out.push(`Leave group(s): ${f.proposal.leavesGroups.join(', ')} (their policies are folded into the proposal).`, '');
      out.push('```json', JSON.stringify(f.proposal.policy, null, 2), '```', '');
    }
  }
  if (r.credentials.length) {
    out.push('## Credentials', '', '| credential | owner | state | last used | source |', '|---|---|---|---|---|');
    for (const c of r.credentials) out.push(`| ${cell(c.name)} | ${cell(c.owner ?? '—')} | ${c.state} | ${day(c.lastUsed)} | ${c.source} |`);
    out.push('');
    const retire = r.credentials.filter((c) => c.commands?.length);
    if (retire.length) out.push('To retire the unused keys (disable, then delete):', '', ...retire.flatMap((c) => c.commands!.map((cmd) => `- \`${cmd}\``)), '');
  }
  if (r.warnings.length) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  return out.join('\n').trimEnd();
}

/** SARIF 2.1.0: one result per identity with unused privilege, one per credential never used or stale. */
export function unusedSarif(r: UnusedReport, version: string): string {
  const rules = [
    { id: 'leakpath/unused-privilege', shortDescription: { text: 'Non-human identity holds permissions it did not use in the window' }, properties: { tags: ['security', 'least-privilege', 'OWASP-NHI5'] } },
    { id: 'leakpath/unused-credential', shortDescription: { text: 'Credential never used, or unused for the whole window' }, properties: { tags: ['security', 'OWASP-NHI7'] } },
  ];
  const results = [
    ...r.identities
      .filter((f) => f.coverage !== 'none' && f.unusedShare > 0)
      .map((f) => ({
        ruleId: 'leakpath/unused-privilege',
        level: f.cutPaths.some((c) => c.tierZero) || (f.tierZero && f.tierZeroAfter === false) ? 'error' : f.cutPaths.length ? 'warning' : 'note',
        message: { text: `${f.name}: ${pct(f.unusedShare)} of granted actions unused in ${r.window.days} days; removing them cuts ${f.cutPaths.length} crown-jewel path(s)${f.proposal ? `; proposal ${verdict(f)}` : ''}` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: f.id, kind: 'resource' }], message: { text: f.type } }],
        partialFingerprints: { identity: f.id },
      })),
    ...r.credentials
      .filter((c) => c.state !== 'used')
      .map((c) => ({
        ruleId: 'leakpath/unused-credential',
        level: 'warning',
        message: { text: `${c.name} (${c.owner ?? 'owner unknown'}): ${c.state === 'never-used' ? 'never used' : `last used ${day(c.lastUsed)}`}` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: c.id, kind: 'resource' }], message: { text: c.type } }],
        partialFingerprints: { credential: c.id },
      })),
  ];
  return JSON.stringify({ $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: { name: 'leakpath', version, informationUri: 'https://github.com/leakpath/leakpath', rules } }, results }] }, null, 2);
}

/** The `report` section: unused share per identity with usage data, and credentials never used or stale. */
export function unusedSection(r: UnusedReport, format: 'text' | 'markdown'): string {
  const ids = r.identities.filter((i) => i.coverage !== 'none');
  const creds = r.credentials.filter((c) => c.state !== 'used');
  const head = `${r.summary.withUnused} of ${r.summary.withUsage} identities with usage data hold permissions unused in ${r.window.days} days; ${r.summary.credentialsNeverUsed} credential(s) never used, ${r.summary.credentialsStale} unused for ${r.window.days}+ days (details: \`leakpath unused\`)`;
  if (format === 'markdown') {
    return [
      '## Unused privilege',
      '',
      head,
      '',
      '| identity | usage data | last used | unused |',
      '|---|---|---|---|',
      ...ids.map((i) => `| ${cell(i.name)} | ${i.coverage} | ${day(i.lastUsed)} | ${pct(i.unusedShare)} |`),
      ...(creds.length ? ['', '| credential | owner | state | last used |', '|---|---|---|---|', ...creds.map((c) => `| ${cell(c.name)} | ${cell(c.owner ?? '—')} | ${c.state} | ${day(c.lastUsed)} |`)] : []),
    ].join('\n');
  }
  return ['Unused privilege', `  ${head}`, ...ids.map((i) => `  ${i.name}: ${pct(i.unusedShare)} unused (${i.coverage}), last used ${day(i.lastUsed)}`), ...creds.map((c) => `  ${c.name} (${c.owner ?? 'owner unknown'}): ${c.state === 'never-used' ? 'never used' : `last used ${day(c.lastUsed)}`}`)].join('\n');
}
