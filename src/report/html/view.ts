import { riskFactorsText } from '../risk.js';
import { techniqueSpec } from '../../model/catalogue/index.js';
import type { ChokepointsResult } from '../../query/chokepoints/types.js';
import type { BlastResult, NodeRef, PathStep, PathsResult, Risk } from '../../query/types.js';
import { namesIn } from '../names.js';

/**
 * What the interactive page draws, built from query results only (a renderer never walks the
 * graph): nodes placed left to right by hop, edges with their evidence and catalogue docs, the
 * paths to highlight, and a summary table.
 */
export interface ViewNode {
  id: string;
  label: string;
  type: string;
  kind: string;
  provider: string;
  start: boolean;
  tierZero: boolean;
  /** Why it is a crown jewel, when it is one. */
  jewel?: string;
  /** A blasted credential's risk: level and score, then each factor with its points and why. */
  risk?: string[];
  x: number;
  y: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  technique: string;
  conditional: boolean;
  conditions?: string;
  summary: string;
  refs: string[];
  assumptions: string[];
  prerequisites: string[];
  walkthrough: string[];
  docs?: { title: string; general: string; abuse: string; fix: string; references: string[]; owaspNhi: string[]; mitre: string[] };
}

export interface ViewPath {
  label: string;
  detail: string;
  nodes: string[];
  edges: string[];
}

export interface ViewPage {
  title: string;
  subtitle: string;
  summary: { head: string[]; rows: string[][] };
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Listed beside the graph; clicking one highlights it. */
  paths: ViewPath[];
  pathsTitle: string;
  /** Set when the graph was cut down to the node limit. */
  notice?: string;
}

export const DEFAULT_NODE_LIMIT = 1500;
const COLUMN = 170;
const ROW = 70;

const lastSegment = (id: string) => id.split(/[/|]/).filter(Boolean).pop() ?? id;

interface DraftPath extends ViewPath {
  steps: { from: string; to: string; edge: ViewEdge }[];
}

function viewEdge(s: PathStep): ViewEdge {
  const spec = techniqueSpec(s.technique);
  return {
    id: `${s.from}|${s.edge}|${s.technique}|${s.to}`,
    source: s.from,
    target: s.to,
    kind: s.edge,
    technique: s.technique,
    conditional: s.conditional,
    ...(s.conditions ? { conditions: s.conditions } : {}),
    summary: s.evidence.summary,
    refs: s.evidence.refs.map((r) => `${r.type} ${r.source}${r.statement ? ` statement ${r.statement}` : ''}${r.detail ? ` — ${r.detail}` : ''}`),
    assumptions: s.evidence.assumptions ?? [],
    prerequisites: (s.evidence.prerequisites ?? []).map((p) => `${p.summary} (${p.technique})`),
    walkthrough: s.walkthrough ?? [],
    ...(spec
      ? { docs: { title: spec.title, general: spec.docs.general, abuse: spec.docs.abuse, fix: spec.docs.fix, references: spec.docs.references, owaspNhi: spec.tags.owaspNhi, mitre: spec.tags.mitre } }
      : {}),
  };
}

function draftPath(label: string, detail: string, steps: PathStep[]): DraftPath {
  const edges = steps.map(viewEdge);
  return {
    label,
    detail,
    nodes: steps.length ? [steps[0]!.from, ...steps.map((s) => s.to)] : [],
    edges: edges.map((e) => e.id),
    steps: steps.map((s, i) => ({ from: s.from, to: s.to, edge: edges[i]! })),
  };
}

type NodeInfo = Omit<ViewNode, 'x' | 'y'>;

/**
 * Keeps whole paths, in order, while the node count stays within the limit; places nodes in
 * columns by their smallest hop count along a kept path.
 */
function assemble(paths: DraftPath[], info: (id: string) => NodeInfo, limit: number, roots: string[]): Pick<ViewPage, 'nodes' | 'edges' | 'paths' | 'notice'> {
  const kept: DraftPath[] = [];
  const depth = new Map<string, number>();
  const edges = new Map<string, ViewEdge>();
  const allNodes = new Set<string>(roots);
  for (const p of paths) p.nodes.forEach((n) => allNodes.add(n));
  for (const p of paths) {
    const added = p.nodes.filter((n) => !depth.has(n)).length;
    if (depth.size + added > limit && kept.length > 0) continue;
    kept.push(p);
    p.nodes.forEach((n, i) => depth.set(n, Math.min(depth.get(n) ?? Infinity, i)));
    for (const s of p.steps) edges.set(s.edge.id, s.edge);
  }
  // Nothing to draw but where it starts (a credential that reaches no crown jewel).
  if (kept.length === 0) for (const r of roots.slice(0, limit)) depth.set(r, 0);
  const columns = new Map<number, string[]>();
  for (const [id, d] of depth) columns.set(d, [...(columns.get(d) ?? []), id]);
  const nodes: ViewNode[] = [];
  for (const [d, ids] of columns) ids.forEach((id, row) => nodes.push({ ...info(id), x: d * COLUMN, y: (row - (ids.length - 1) / 2) * ROW }));
  const notice =
    kept.length < paths.length
      ? `Showing ${depth.size} of ${allNodes.size} nodes: the first ${kept.length} of ${paths.length} paths that fit the limit of ${limit} nodes. Every path is in the summary and in --format json.`
      : undefined;
  return { nodes, edges: [...edges.values()], paths: kept.map(({ steps: _s, ...p }) => p), ...(notice ? { notice } : {}) };
}

function nodeInfo(names: Map<string, NodeRef>, starts: Set<string>, jewels: Map<string, string>, tierZero: Set<string>, risks = new Map<string, Risk>()) {
  return (id: string): NodeInfo => {
    const n = names.get(id);
    const risk = risks.get(id);
    return {
      id,
      label: n?.name ?? lastSegment(id),
      type: n?.type ?? '',
      kind: n?.kind ?? '',
      provider: n?.provider ?? '',
      start: starts.has(id),
      tierZero: tierZero.has(id),
      ...(jewels.has(id) ? { jewel: jewels.get(id)! } : {}),
      ...(risk ? { risk: [`${risk.level} ${risk.score}/100 (${riskFactorsText(risk)})`, ...risk.factors.map((f) => `${f.factor} +${f.points}: ${f.detail}`)] } : {}),
    };
  };
}

/** One or many blast results (blast, report): every credential → crown-jewel path, worst first. */
export function blastView(results: readonly BlastResult[], title: string, limit = DEFAULT_NODE_LIMIT): ViewPage {
  const names = new Map<string, NodeRef>();
  const jewels = new Map<string, string>();
  const tierZero = new Set<string>();
  const starts = new Set<string>();
  const paths: DraftPath[] = [];
  const ordered = [...results].sort((a, b) => b.risk.score - a.risk.score || (a.credential.id < b.credential.id ? -1 : 1));
  for (const r of ordered) {
    for (const [id, n] of namesIn(r)) names.set(id, n);
    starts.add(r.credential.id);
    for (const list of Object.values(r.reachable)) for (const n of list) if (n.tierZero) tierZero.add(n.id);
    for (const j of r.crownJewels) {
      jewels.set(j.id, j.reason);
      if (j.reason.startsWith('tier zero')) tierZero.add(j.id);
      paths.push(draftPath(`${r.credential.name} → ${j.name}`, `${j.hops} hop(s)${j.conditional ? ', conditional' : ''} · risk ${r.risk.level} ${r.risk.score} · ${j.reason}`, j.path));
    }
  }
  // Credentials with no path would only scatter the picture; they stay in the summary table.
  const withPaths = ordered.filter((r) => r.crownJewels.length > 0);
  const roots = (withPaths.length > 0 ? withPaths : ordered).map((r) => r.credential.id);
  const risks = new Map(ordered.map((r) => [r.credential.id, r.risk]));
  const view = assemble(paths, nodeInfo(names, starts, jewels, tierZero, risks), limit, roots);
  return {
    title,
    subtitle: `${results.length} credential(s), ${paths.length} credential → crown-jewel path(s)`,
    summary: {
      head: ['credential', 'risk', 'score', 'tier zero', 'crown jewels', 'identities', 'authenticates as'],
      rows: ordered.map((r) => [
        r.credential.name,
        r.risk.level,
        String(r.risk.score),
        r.tierZero ? 'yes' : 'no',
        String(r.crownJewels.length),
        String(r.reachable.identities.length),
        r.startIdentities.map((s) => s.name).join(', ') || '-',
      ]),
    },
    pathsTitle: 'Paths to crown jewels',
    ...view,
  };
}

/** `paths`: the k shortest paths per target. */
export function pathsView(r: PathsResult, title: string, limit = DEFAULT_NODE_LIMIT): ViewPage {
  const names = new Map<string, NodeRef>([[r.from.id, r.from], ...r.paths.map((p) => [p.to.id, p.to] as const)]);
  const targets = new Set(r.paths.map((p) => p.to.id));
  const paths = r.paths.map((p) => draftPath(`${r.from.name} → ${p.to.name}`, `${p.hops} hop(s)${p.conditional ? ', conditional' : ''}`, p.steps));
  const info = nodeInfo(names, new Set([r.from.id]), new Map([...targets].map((t) => [t, 'target'])), new Set());
  return {
    title,
    subtitle: `${r.paths.length} path(s) from ${r.from.name} (k=${r.k}, at most ${r.maxHops} hops)`,
    summary: { head: ['#', 'to', 'hops', 'conditional'], rows: r.paths.map((p, i) => [String(i + 1), p.to.name, String(p.hops), p.conditional ? 'yes' : 'no']) },
    pathsTitle: 'Paths',
    ...assemble(paths, info, limit, [r.from.id]),
  };
}

/** `chokepoints`: each fix highlights the edges it removes; the table ranks the fixes. */
export function chokepointsView(r: ChokepointsResult, title: string, limit = DEFAULT_NODE_LIMIT): ViewPage {
  const names = new Map<string, NodeRef>();
  const paths: DraftPath[] = [];
  for (const c of r.chokepoints) {
    const steps: PathStep[] = c.edges.map((e) => {
      names.set(e.from, { id: e.from, name: e.fromName, kind: 'Identity', type: '', provider: 'external' });
      names.set(e.to, { id: e.to, name: e.toName, kind: 'Identity', type: '', provider: 'external' });
      return { from: e.from, to: e.to, edge: e.edge, technique: e.technique, evidence: { summary: c.fix.summary, refs: c.ref ? [c.ref] : [] }, conditional: false, walkthrough: c.fix.commands };
    });
    // A fix's edges are not one chain: each is drawn source → target, so lay them out as two columns.
    const draft = draftPath(`${c.rank}. ${c.fix.summary}`, `cuts ${c.pathsCut} path(s), weight ${c.weightCut}, risk −${c.riskRemoved}${c.certain ? '' : ' (confirm)'}`, []);
    draft.nodes = [...new Set(steps.flatMap((s) => [s.from, s.to]))];
    draft.steps = steps.map((s) => ({ from: s.from, to: s.to, edge: viewEdge(s) }));
    draft.edges = draft.steps.map((s) => s.edge.id);
    paths.push(draft);
  }
  const sources = new Set(paths.flatMap((p) => p.steps.map((s) => s.from)));
  const info = nodeInfo(names, new Set(), new Map(), new Set());
  const view = assemble(
    paths.map((p) => ({ ...p, nodes: [...p.steps.map((s) => s.from), ...p.steps.map((s) => s.to)] })),
    info,
    limit,
    [...sources],
  );
  // Targets one column right of their sources.
  const targets = new Set(paths.flatMap((p) => p.steps.map((s) => s.to)).filter((t) => !sources.has(t)));
  let row = 0;
  for (const n of view.nodes) if (targets.has(n.id)) n.x = COLUMN * 1.5;
  for (const n of view.nodes) if (!targets.has(n.id)) n.y = row++ * ROW;
  row = 0;
  for (const n of view.nodes) if (targets.has(n.id)) n.y = row++ * ROW;
  return {
    title,
    subtitle: `${r.totals.paths} credential → crown-jewel path(s) from ${r.totals.credentials} credential(s); ${r.chokepoints.length} fix(es) shown`,
    summary: {
      head: ['#', 'fix', 'paths cut', 'weight', 'risk removed', 'kind'],
      rows: r.chokepoints.map((c) => [String(c.rank), c.fix.summary, String(c.pathsCut), String(c.weightCut), String(c.riskRemoved), `${c.kind}${c.certain ? '' : ' (confirm)'}`]),
    },
    pathsTitle: 'Fixes (click to show the edges each removes)',
    ...view,
  };
}
