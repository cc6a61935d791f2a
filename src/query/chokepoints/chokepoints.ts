import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphEdge } from '../../model/graph.js';
import { nodeRef } from '../assemble.js';
import { fixFor } from './fix-text.js';
import { fixUnitsOf, soleOfItsType, type FixUnit } from './fix-units.js';
import { embeddedChokepointSearch, type ChokepointSearch } from './search.js';
import { CHOKEPOINTS_SCHEMA_VERSION, type Chokepoint, type ChokepointsResult, type JewelPath } from './types.js';
import { appendAll, pushTo } from '../../model/append.js';

export type { ChokepointSearch } from './search.js';

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
  /** The analysis time risk scores judge credential age and expiry as of (embedded engine). */
  at?: Date;
  /** Called once per credential analysed and per candidate verified (progress display). */
  onProgress?: (done: number, total: number) => void;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every credential's reachable crown jewels, each with its shortest way (the whole graph, no hop limit). */
async function jewelPaths(search: ChokepointSearch, onProgress?: ChokepointOptions['onProgress']) {
  const credentials = await search.credentials();
  const pairs: Pair[] = [];
  const risk = new Map<string, number>();
  let done = 0;
  for (const c of credentials) {
    // Nearest first, then by id: the same order whichever engine found them.
    const ways = (await search.jewelWays(c)).sort((a, b) => a.edges.length - b.edges.length || byId(a.jewel, b.jewel));
    if (ways.length > 0) {
      const score = await search.riskScore(c.id);
      risk.set(c.id, score);
      for (const { jewel, edges } of ways) pairs.push({ credential: nodeRef(c), jewel: nodeRef(jewel), hops: edges.length, weight: score, edges });
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

async function candidatesOf(search: ChokepointSearch, pairs: Pair[]): Promise<Candidate[]> {
  const crossing = new Map<string, { unit: FixUnit; pairs: Set<Pair> }>();
  for (const p of pairs) {
    for (const e of p.edges) {
      if (ownSignIn(e, p)) continue;
      for (const unit of fixUnitsOf(e)) {
        const c = crossing.get(unit.id) ?? { unit, pairs: new Set<Pair>() };
        c.pairs.add(p);
        crossing.set(unit.id, c);
      }
    }
  }
  const citing = await search.edgesCiting([...crossing.keys()]);
  return [...crossing.values()].map(({ unit, pairs: set }) => ({
    unit,
    edges: [...(citing.get(unit.id) ?? [])].sort(byId),
    pairs: [...set],
    bound: [...set].reduce((s, p) => s + p.weight, 0),
  }));
}

/** The pairs that lose every way once the unit's edges are gone. */
async function cutBy(search: ChokepointSearch, c: Candidate, blocked: ReadonlySet<string>): Promise<Pair[]> {
  const byCredential = new Map<string, Pair[]>();
  for (const p of c.pairs) pushTo(byCredential, p.credential.id, p);
  const cut: Pair[] = [];
  for (const [credential, pairs] of byCredential) {
    const reached = await search.reached(credential, blocked);
    appendAll(cut, pairs.filter((p) => !reached.has(p.jewel.id)));
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
  return findChokepointsWith(embeddedChokepointSearch(graph, config, options.at ? { at: options.at } : {}), options);
}

/** findChokepoints over any engine's searches (the Neo4j engine brings its own). */
export async function findChokepointsWith(search: ChokepointSearch, options: ChokepointOptions = {}): Promise<ChokepointsResult> {
  const top = options.top ?? 10;
  const { credentials, pairs, risk } = await jewelPaths(search, options.onProgress);
  const candidates = (await candidatesOf(search, pairs)).sort((a, b) => b.bound - a.bound || (a.unit.id < b.unit.id ? -1 : 1));

  const verified: Chokepoint[] = [];
  for (const c of candidates) {
    // Strictly greater: a candidate whose bound ties may still win on risk removed.
    if (verified.length >= top && verified[top - 1]!.weightCut > c.bound) break;
    const blocked = new Set(c.edges.map((e) => e.id));
    const cut = await cutBy(search, c, blocked);
    if (cut.length === 0) continue;
    // Blocked as halves (a half blocks every pair it is part of); listed as the edges they stand for.
    const shown = await search.unfold(c.edges);
    const names = await search.names([...new Set(shown.flatMap((e) => [e.source, e.target]))]);
    const cp: Chokepoint = {
      rank: 0,
      id: c.unit.id,
      kind: c.unit.kind,
      ...(c.unit.ref ? { ref: c.unit.ref } : {}),
      fix: fixFor(c.unit, shown),
      certain: shown.every((e) => soleOfItsType(c.unit, e)),
      edges: shown.map((e) => ({ id: e.id, from: e.source, fromName: names.get(e.source)!, to: e.target, toName: names.get(e.target)!, edge: e.kind, technique: e.technique })),
      pathsCut: cut.length,
      weightCut: cut.reduce((s, p) => s + p.weight, 0),
      riskRemoved: 0,
      paths: cut.map(({ edges: _e, ...p }) => p),
    };
    cp.riskRemoved = await riskRemoved(search, blocked, cp, risk);
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
async function riskRemoved(search: ChokepointSearch, blocked: ReadonlySet<string>, cp: Chokepoint, before: Map<string, number>): Promise<number> {
  let removed = 0;
  for (const credential of new Set(cp.paths.map((p) => p.credential.id))) {
    removed += (before.get(credential) ?? 0) - (await search.riskScore(credential, blocked));
  }
  return removed;
}
