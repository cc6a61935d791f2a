import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphEdge } from '../../model/graph.js';
import { nodeRef } from '../assemble.js';
import { crownJewelReason } from '../crown-jewels.js';
import { EmbeddedEngine } from '../embedded/engine.js';
import { loadTraversalGraph, type TraversalGraph } from '../embedded/load.js';
import { pathTo, shortestTree } from '../embedded/shortest-tree.js';
import { fixFor } from './fix-text.js';
import { fixUnitsOf, soleOfItsType, type FixUnit } from './fix-units.js';
import { CHOKEPOINTS_SCHEMA_VERSION, type Chokepoint, type ChokepointsResult, type JewelPath } from './types.js';
import { withoutEdges } from './without.js';
import { appendAll } from '../../model/append.js';

interface Pair extends JewelPath {
  edges: GraphEdge[];
}

interface Candidate {
  unit: FixUnit;
  edges: GraphEdge[];
  /** Pairs whose shortest way crosses one of the unit's edges: only these can be cut. */
  pairs: Pair[];
  bound: number;
}

export interface ChokepointOptions {
  top?: number;
  /** Called once per credential analysed and per candidate verified (progress display). */
  onProgress?: (done: number, total: number) => void;
}

/** Every credential's reachable crown jewels, each with its shortest way (the whole graph, no hop limit). */
async function jewelPaths(graph: AttackGraph, g: TraversalGraph, config: Config, engine: EmbeddedEngine, onProgress?: ChokepointOptions['onProgress']) {
  const credentials = graph.nodes.filter((n) => n.kind === 'Credential');
  const pairs: Pair[] = [];
  const risk = new Map<string, number>();
  let done = 0;
  for (const c of credentials) {
    const tree = shortestTree(g, [c.id], 'outbound');
    const jewels = [...tree.keys()].filter((id) => id !== c.id).map((id) => g.getNodeAttributes(id)).filter((n) => crownJewelReason(n, config) !== undefined);
    if (jewels.length > 0) {
      const score = (await engine.blast(c.id)).risk.score;
      risk.set(c.id, score);
      for (const j of jewels) {
        const edges = pathTo(tree, j.id);
        pairs.push({ credential: nodeRef(c), jewel: nodeRef(j), hops: edges.length, weight: score, edges });
      }
    }
    onProgress?.(++done, credentials.length);
  }
  return { credentials, pairs, risk };
}

/**
 * The credential's own sign-in is left out: revoking the leaked key is the incident response the
 * blast report already gives, and it always "cuts" every path of that one credential.
 */
const ownSignIn = (e: GraphEdge, p: Pair) => e.kind === 'AUTHENTICATES_AS' && e.source === p.credential.id;

function candidatesOf(g: TraversalGraph, pairs: Pair[]): Candidate[] {
  const byUnit = new Map<string, Candidate>();
  g.forEachEdge((_k, e) => {
    for (const unit of fixUnitsOf(e)) {
      const c = byUnit.get(unit.id) ?? { unit, edges: [], pairs: [], bound: 0 };
      c.edges.push(e);
      byUnit.set(unit.id, c);
    }
  });
  const crossing = new Map<string, Set<Pair>>();
  for (const p of pairs) {
    for (const e of p.edges) {
      if (ownSignIn(e, p)) continue;
      for (const unit of fixUnitsOf(e)) {
        const set = crossing.get(unit.id) ?? new Set<Pair>();
        set.add(p);
        crossing.set(unit.id, set);
      }
    }
  }
  return [...crossing].map(([id, set]) => {
    const c = byUnit.get(id)!;
    c.pairs = [...set];
    c.bound = c.pairs.reduce((s, p) => s + p.weight, 0);
    return c;
  });
}

/** The pairs that lose every way once the unit's edges are gone. */
function cutBy(g: TraversalGraph, c: Candidate): Pair[] {
  const blocked = new Set(c.edges.map((e) => e.id));
  const byCredential = new Map<string, Pair[]>();
  for (const p of c.pairs) byCredential.set(p.credential.id, [...(byCredential.get(p.credential.id) ?? []), p]);
  const cut: Pair[] = [];
  for (const [credential, pairs] of byCredential) {
    const tree = shortestTree(g, [credential], 'outbound', Infinity, { edges: blocked });
    appendAll(cut, pairs.filter((p) => !tree.has(p.jewel.id)));
  }
  return cut;
}

const byCut = (a: Chokepoint, b: Chokepoint) =>
  b.weightCut - a.weightCut || b.pathsCut - a.pathsCut || b.riskRemoved - a.riskRemoved || a.edges.length - b.edges.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Choke points: the fix units (statement, assignment, grant, membership, stored secret) whose
 * removal cuts the most credential → crown-jewel paths, weighted by the credential's risk score.
 * Candidates are ranked by an upper bound (the weight of the paths whose shortest way crosses
 * them) and verified by removal in that order, so the top N are exact without testing every unit.
 */
export async function findChokepoints(graph: AttackGraph, config: Config, options: ChokepointOptions = {}): Promise<ChokepointsResult> {
  const top = options.top ?? 10;
  const g = loadTraversalGraph(graph);
  const engine = new EmbeddedEngine(graph, config);
  const { credentials, pairs, risk } = await jewelPaths(graph, g, config, engine, options.onProgress);
  const candidates = candidatesOf(g, pairs).sort((a, b) => b.bound - a.bound || (a.unit.id < b.unit.id ? -1 : 1));

  const verified: Chokepoint[] = [];
  for (const c of candidates) {
    // Strictly greater: a candidate whose bound ties may still win on risk removed.
    if (verified.length >= top && verified[top - 1]!.weightCut > c.bound) break;
    const cut = cutBy(g, c);
    if (cut.length === 0) continue;
    const cp: Chokepoint = {
      rank: 0,
      id: c.unit.id,
      kind: c.unit.kind,
      ...(c.unit.ref ? { ref: c.unit.ref } : {}),
      fix: fixFor(c.unit, c.edges),
      certain: c.edges.every((e) => soleOfItsType(c.unit, e)),
      edges: c.edges.map((e) => ({ id: e.id, from: e.source, fromName: g.getNodeAttributes(e.source).name, to: e.target, toName: g.getNodeAttributes(e.target).name, edge: e.kind, technique: e.technique })),
      pathsCut: cut.length,
      weightCut: cut.reduce((s, p) => s + p.weight, 0),
      riskRemoved: 0,
      paths: cut.map(({ edges: _e, ...p }) => p),
    };
    cp.riskRemoved = await riskRemoved(graph, config, cp, risk);
    verified.push(cp);
    verified.sort(byCut);
  }
  const chosen = verified.slice(0, top);
  chosen.forEach((cp, i) => (cp.rank = i + 1));
  return {
    schemaVersion: CHOKEPOINTS_SCHEMA_VERSION,
    totals: { credentials: credentials.length, paths: pairs.length, weight: pairs.reduce((s, p) => s + p.weight, 0), candidates: candidates.length },
    chokepoints: chosen,
    notes: [
      'a path is a credential → crown-jewel pair with at least one way through the attack graph; its weight is the credential\'s risk score',
      'a credential\'s own sign-in edge is not counted as a choke point: revoking the leaked key is the incident response (see blast)',
      'a what-if removes the edges that cite the reference; it does not re-evaluate policies',
    ],
  };
}

/** Risk score lost across the credentials the fix touches, by re-running blast without it. */
async function riskRemoved(graph: AttackGraph, config: Config, cp: Chokepoint, before: Map<string, number>): Promise<number> {
  const after = new EmbeddedEngine(withoutEdges(graph, [cp.id]).graph, config);
  let removed = 0;
  for (const credential of new Set(cp.paths.map((p) => p.credential.id))) {
    removed += (before.get(credential) ?? 0) - (await after.blast(credential)).risk.score;
  }
  return removed;
}
