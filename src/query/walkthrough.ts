import { techniqueSpec } from '../model/catalogue/index.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';

const lastSegment = (s: string) => s.split('/').filter(Boolean).pop() ?? s;
const match = (re: RegExp, s: string) => re.exec(s)?.[1];
const arnName = (id: string) => (id.startsWith('arn:') ? lastSegment(id) : undefined);

/** Placeholder values a hop can fill (src/model/catalogue/walkthroughs.ts lists them). */
function values(edge: GraphEdge, lookup: (id: string) => GraphNode | undefined): Record<string, string | undefined> {
  const from = lookup(edge.source);
  const to = lookup(edge.target);
  const toBase = edge.target.split('#')[0]!;
  // The compute or object the hop runs through is named by its inventory evidence (an ARN or ARM id first).
  const resource = edge.evidence.refs.find((r) => r.type === 'inventory' && /^(arn:|\/subscriptions\/)/i.test(r.source))?.source.split(' ')[0];
  return {
    from: edge.source,
    to: edge.target,
    // Without the node (a middle hop of `paths`), an ARN still gives its name and account.
    fromName: from?.name ?? arnName(edge.source),
    toName: to?.name ?? arnName(edge.target),
    toScope: to?.scope ?? match(/^arn:aws[\w-]*:iam::(\d{12}):/, edge.target),
    toBase,
    toBaseName: lastSegment(toBase),
    resource,
    resourceName: resource && lastSegment(resource),
    fromAppId: match(/^azure:(?:secret|certificate):([^:]+):/, edge.source),
    toAppId: match(/^azure:app:([^@]+)$/, edge.target),
    toObjectId: match(/^azure:(?:sp|user|group):([^@]+)$/, edge.target),
    toRoleTemplateId: match(/^azure:role:([^@]+)@/, edge.target),
    vault: match(/\/vaults\/([^/#]+)/i, edge.target),
    secretName: match(/\/vaults\/[^/#]+\/secrets\/([^/#]+)/i, edge.target),
  };
}

/**
 * The commands that walk one hop, from the technique's templates; a value the hop cannot give
 * stays a visible `<placeholder>` rather than a guess.
 */
export function walkthroughFor(edge: GraphEdge, lookup: (id: string) => GraphNode | undefined): string[] | undefined {
  const templates = techniqueSpec(edge.technique)?.walkthrough;
  if (!templates) return undefined;
  const v = values(edge, lookup);
  return templates.map((t) => t.replace(/\{(\w+)\}/g, (_m, key: string) => v[key] ?? `<${key}>`));
}

/** The OWASP NHI and MITRE ATT&CK tags of every technique on a path, each once, in order. */
export function pathTags(path: readonly GraphEdge[]): { owaspNhi: string[]; mitre: string[] } {
  const specs = path.map((e) => techniqueSpec(e.technique)).filter((s) => s !== undefined);
  return { owaspNhi: [...new Set(specs.flatMap((s) => s.tags.owaspNhi))], mitre: [...new Set(specs.flatMap((s) => s.tags.mitre))] };
}
