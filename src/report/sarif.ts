import { riskFactorList } from './risk.js';
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { techniqueSpec } from '../model/catalogue/index.js';
import type { EvidenceRef } from '../model/graph.js';
import type { BlastResult, CrownJewelHit, PathStep, Risk } from '../query/types.js';
import { namesIn } from './names.js';

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule per technique on a reported path (its docs
 * from the catalogue), one result per credential → crown-jewel path. The rule of a result is the
 * technique of the hop that obtains the jewel; the whole path is the result's code flow, each hop
 * located at the policy, assignment or file its evidence cites.
 */
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Risk['level'], Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', none: 'note' };
/** GitHub code scanning reads a 0–10 `security-severity` from the rule; ours is per result. */
const severity = (score: number) => (score / 10).toFixed(1);

/** A reference that names a file (a scanner finding, an export) rather than a cloud object. */
const FILE = /^(?!arn:|\/subscriptions\/|\/providers\/)[\w./-]+\.(json|ya?ml|env|tf|txt|csv|ini|cfg|conf|properties|py|js|ts|sh)$/i;

/** The parts of SARIF leakpath writes (the full model is in the OASIS schema). */
export interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string } };
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  message: { text: string };
}

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration?: { level: Level };
  properties: { tags: string[]; edgeKind?: string };
}

export interface SarifOptions {
  version: string;
}

function ruleOf(technique: string): SarifRule {
  const spec = techniqueSpec(technique);
  if (!spec) return { id: technique, shortDescription: { text: technique }, properties: { tags: ['security'] } };
  const d = spec.docs;
  const markdown = [
    `**${spec.title}** (\`${spec.id}\`, edge \`${spec.edgeKind}\`)`,
    '',
    d.general,
    '',
    `**Precondition.** ${d.precondition}`,
    '',
    `**Abuse.** ${d.abuse}`,
    ...(d.opsec ? ['', `**OPSEC.** ${d.opsec}`] : []),
    '',
    `**Fix.** ${d.fix}`,
    '',
    ...d.references.map((r) => `- ${r}`),
  ].join('\n');
  return {
    id: spec.id,
    name: spec.title,
    shortDescription: { text: spec.title },
    fullDescription: { text: d.general },
    help: { text: `${d.general}\n\nFix: ${d.fix}`, markdown },
    ...(d.references[0] ? { helpUri: d.references[0] } : {}),
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['security', 'non-human-identity', ...spec.tags.owaspNhi.map((t) => `OWASP-${t}`), ...spec.tags.mitre.map((t) => `MITRE-${t}`)], edgeKind: spec.edgeKind },
  };
}

function refLocation(ref: EvidenceRef, message: string): SarifLocation {
  const statement = ref.statement ? ` statement ${ref.statement}` : '';
  if (FILE.test(ref.source)) {
    const uri = isAbsolute(ref.source) ? pathToFileURL(ref.source).href : ref.source;
    return { physicalLocation: { artifactLocation: { uri } }, message: { text: `${message} (${ref.type}${statement})` } };
  }
  return {
    logicalLocations: [{ fullyQualifiedName: `${ref.source}${statement}`, kind: ref.type }],
    message: { text: `${message} (${ref.type}${statement})` },
  };
}

function stepLocations(step: PathStep, text: string): SarifLocation[] {
  const refs = step.evidence.refs.length > 0 ? step.evidence.refs : [{ type: 'inventory' as const, source: step.from }];
  return refs.map((r) => refLocation(r, text));
}

function hopText(step: PathStep, name: (id: string) => string): string {
  return `${name(step.from)} —${step.edge} [${step.technique}]→ ${name(step.to)}: ${step.evidence.summary}${step.conditional ? ` (only if ${step.conditions ?? 'a condition holds'})` : ''}`;
}

function resultOf(r: BlastResult, j: CrownJewelHit, ruleIndex: Map<string, number>, name: (id: string) => string) {
  const last = j.path[j.path.length - 1]!;
  const hops = j.path.map((s) => hopText(s, name));
  const locations = j.path.flatMap((s, i) => stepLocations(s, `hop ${i + 1}: ${hops[i]}`));
  const techniques = [...new Set(j.path.map((s) => s.technique))];
  const specs = techniques.map((t) => techniqueSpec(t)).filter((s) => s !== undefined);
  return {
    ruleId: last.technique,
    ruleIndex: ruleIndex.get(last.technique)!,
    level: LEVEL[r.risk.level],
    rank: r.risk.score,
    message: {
      text: `Credential ${r.credential.name} (${r.credential.type}) reaches ${j.name} — ${j.reason} — in ${j.hops} hop(s)${j.conditional ? ', under conditions' : ''}. Risk ${r.risk.level} (${r.risk.score}/100).`,
    },
    // The first location is where a dashboard shows the result: the hop that obtains the jewel.
    locations: [stepLocations(last, `hop ${j.path.length}: ${hops[hops.length - 1]}`)[0]!],
    relatedLocations: locations.map((l, id) => ({ id, ...l })),
    codeFlows: [
      {
        message: { text: `${r.credential.name} → ${j.name}` },
        threadFlows: [{ locations: j.path.map((s, i) => ({ location: stepLocations(s, `hop ${i + 1}: ${hops[i]}`)[0]!, nestingLevel: 0, executionOrder: i + 1 })) }],
      },
    ],
    partialFingerprints: { 'leakpathPath/v1': createHash('sha256').update(`${r.credential.id}|${j.id}`).digest('hex') },
    properties: {
      credential: r.credential.id,
      crownJewel: j.id,
      tierZero: j.reason.startsWith('tier zero'),
      hops: j.hops,
      conditional: j.conditional,
      risk: r.risk.level,
      riskScore: r.risk.score,
      riskFactors: riskFactorList(r.risk),
      'security-severity': severity(r.risk.score),
      techniques,
      owaspNhi: [...new Set(specs.flatMap((s) => s.tags.owaspNhi))],
      mitre: [...new Set(specs.flatMap((s) => s.tags.mitre))],
    },
  };
}

export function toSarif(results: readonly BlastResult[], options: SarifOptions) {
  const techniques = [...new Set(results.flatMap((r) => r.crownJewels.flatMap((j) => j.path.map((s) => s.technique))))].sort();
  const ruleIndex = new Map(techniques.map((t, i) => [t, i]));
  const sarifResults = results.flatMap((r) => {
    const names = namesIn(r);
    const name = (id: string) => names.get(id)?.name ?? id;
    return r.crownJewels.filter((j) => j.path.length > 0).map((j) => resultOf(r, j, ruleIndex, name));
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'leakpath', semanticVersion: options.version, rules: techniques.map(ruleOf) } },
        results: sarifResults,
        columnKind: 'unicodeCodePoints' as const,
      },
    ],
  };
}

export function sarifJson(results: readonly BlastResult[], options: SarifOptions): string {
  return JSON.stringify(toSarif(results, options), null, 2);
}
