import type { Config } from '../config/config.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';
import { crownJewelReason } from './crown-jewels.js';
import { ageFactors, exposureFactors, type Exposer } from './credential-risk.js';
import { assessRisk } from './risk.js';
import { pathTags, walkthroughFor } from './walkthrough.js';
import {
  BLAST_SCHEMA_VERSION,
  type BlastResult,
  type CrownJewelHit,
  type FoundPath,
  type NodeRef,
  type PathStep,
  type PathsResult,
  type Reacher,
  type ReachedNode,
  type TierZeroProof,
  type WhoCanReachResult,
} from './types.js';

export function nodeRef(n: GraphNode): NodeRef {
  return { id: n.id, name: n.name, kind: n.kind, type: n.type, provider: n.provider };
}

export function step(e: GraphEdge, lookup?: (id: string) => GraphNode | undefined): PathStep {
  const walkthrough = lookup ? walkthroughFor(e, lookup) : undefined;
  return {
    from: e.source,
    to: e.target,
    edge: e.kind,
    technique: e.technique,
    evidence: e.evidence,
    conditional: e.conditional,
    ...(e.conditions ? { conditions: e.conditions } : {}),
    ...(walkthrough ? { walkthrough } : {}),
  };
}

const byHopsThenId = <T extends { hops: number; id: string }>(a: T, b: T) => a.hops - b.hops || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What an engine found from one credential, before it becomes the public blast result. */
export interface Reach {
  credential: GraphNode;
  /**
   * Every node reached (the credential excluded), with its shortest path from the credential. An
   * engine that knows each path's length and whether it is conditional without building it says
   * so (`hops`, `conditional`): then only the paths a result shows are built.
   */
  reached: { node: GraphNode; path: GraphEdge[]; hops?: number; conditional?: boolean }[];
  /** `reached` is in the order a result lists it already: by hops, then id. */
  sorted?: boolean;
  /** The hop bound the search ran with (undefined: none). */
  maxHops?: number;
  /** The search stopped at maxHops with edges still leading further. */
  truncated: boolean;
  /** What makes the credential obtainable (scanner findings, an open federation), for its risk. */
  exposers?: Exposer[];
  /** The analysis time: age and expiry are judged as of it (none judged when absent). */
  at?: Date;
}

/** The policy and statement behind a tier-zero mark, as shown with a jewel. */
export function tierZeroProof(node: GraphNode): TierZeroProof | undefined {
  const t = node.tierZero;
  if (!t) return undefined;
  return { technique: t.technique, evidence: t.evidence, conditional: t.conditional, ...(t.conditional && t.conditions ? { conditions: t.conditions } : {}) };
}

/** Service-linked roles are assumed only by their AWS service: no credential of theirs can leak. */
export function isServiceLinked(node: GraphNode): boolean {
  return node.props.serviceLinked === true;
}

/**
 * Identities that act, so that a compromise can start from them: every identity but the ones
 * that only stand for a set of permissions or principals (groups, accounts, directory roles, Graph
 * permissions) and app registrations (their service principal is what acts).
 */
const NOT_PRINCIPALS = /(?::group|:account|^azure:entra-role|^azure:graph-permission|^azure:app)$/;

export function isPrincipal(node: GraphNode): boolean {
  return node.kind === 'Identity' && !NOT_PRINCIPALS.test(node.type) && node.props.external !== true;
}

/**
 * Turns a reach into the public blast result. Shared by both engines so that they can only
 * differ in what they reach, never in how it is reported.
 */
export function assembleBlast(reach: Reach, config: Config): BlastResult {
  const { credential } = reach;
  // Plain literals, not spreads: a blast can reach a hundred thousand nodes, and this was most of its time.
  const reached: Reached[] = reach.reached.map((source) => {
    const node = source.node;
    return {
      id: node.id,
      name: node.name,
      kind: node.kind,
      type: node.type,
      provider: node.provider,
      hops: source.hops ?? source.path.length,
      conditional: source.conditional ?? source.path.some((e) => e.conditional),
      tierZero: node.tierZero !== undefined,
      source,
      node,
    };
  });
  if (!reach.sorted) reached.sort(byHopsThenId);
  // Blasting an identity asks "what if this identity is compromised?": it is its own start.
  const fromIdentity = credential.kind === 'Identity';
  const startIdentities = fromIdentity
    ? [credential]
    : reached.filter((r) => r.hops === 1 && r.kind === 'Identity' && r.source.path[0]?.kind === 'AUTHENTICATES_AS').map((r) => r.node);

  // Only the jewels' paths look nodes up: the index is built on the first.
  let nodes: Map<string, GraphNode> | undefined;
  const lookup = (id: string) => {
    if (!nodes) {
      nodes = new Map([[credential.id, credential]]);
      for (const r of reached) nodes.set(r.id, r.node);
    }
    return nodes.get(id);
  };
  const crownJewels: CrownJewelHit[] = [];
  const jewel = (node: GraphNode, path: GraphEdge[], pathConditional: boolean) => {
    const reason = crownJewelReason(node, config);
    if (!reason) return;
    const proof = tierZeroProof(node);
    crownJewels.push({
      ...nodeRef(node),
      reason,
      hops: path.length,
      conditional: pathConditional || (node.tierZero?.conditional ?? false),
      path: path.map((e) => step(e, lookup)),
      tags: pathTags(path),
      ...(proof ? { tierZero: proof } : {}),
    });
  };
  // A blasted identity that is itself a jewel is one at 0 hops: the compromise starts there.
  if (fromIdentity) jewel(credential, [], false);
  for (const r of reached) if (crownJewelReason(r.node, config)) jewel(r.node, r.source.path, r.conditional);
  // Certain paths first: a responder acts on those before the ones that hinge on a condition.
  crownJewels.sort((a, b) => Number(a.conditional) - Number(b.conditional) || a.hops - b.hops || (a.id < b.id ? -1 : 1));
  const tierZeroHits = reached.filter((r) => r.tierZero).map((r) => r.conditional || r.node.tierZero!.conditional);
  if (fromIdentity && credential.tierZero) tierZeroHits.push(credential.tierZero.conditional);
  const tierZero = tierZeroHits.length > 0;
  const tierZeroConditional = tierZero && tierZeroHits.every((conditional) => conditional);
  const byKind = reachedByKind(reached);
  const identities = byKind.Identity;
  const status = credential.props.status;
  return {
    schemaVersion: BLAST_SCHEMA_VERSION,
    credential: {
      ...nodeRef(credential),
      owner: typeof credential.props.owner === 'string' ? credential.props.owner : null,
      status: typeof status === 'string' ? status : null,
    },
    startIdentities: startIdentities.map(nodeRef),
    tierZero,
    crownJewels,
    maxHops: reach.maxHops ?? null,
    truncated: reach.truncated,
    reachable: {
      identities,
      resources: byKind.Resource,
      credentials: byKind.Credential,
      secretLocations: byKind.SecretLocation,
    },
    risk: assessRisk({
      tierZero,
      tierZeroConditional,
      crownJewels,
      identities,
      active: startIdentities.length > 0,
      credential: credentialAssessment(credential, reach),
      cutAt: reach.truncated ? reach.maxHops : undefined,
    }),
  };
}

type Reached = ReachedNode & { source: Reach['reached'][number]; node: GraphNode };

/** The reached nodes of each kind a result lists, in order, as the public ReachedNode (key order as before). */
function reachedByKind(reached: readonly Reached[]): Record<'Identity' | 'Resource' | 'Credential' | 'SecretLocation', ReachedNode[]> {
  const out = { Identity: [] as ReachedNode[], Resource: [] as ReachedNode[], Credential: [] as ReachedNode[], SecretLocation: [] as ReachedNode[] };
  for (const r of reached) {
    // A kind outside the four (a hub, a foreign snapshot's) is listed nowhere, as before.
    const list = r.kind === 'Identity' || r.kind === 'Resource' || r.kind === 'Credential' || r.kind === 'SecretLocation' ? out[r.kind] : undefined;
    list?.push({ id: r.id, name: r.name, kind: r.kind, type: r.type, provider: r.provider, hops: r.hops, conditional: r.conditional, tierZero: r.tierZero });
  }
  return out;
}

function credentialAssessment(credential: GraphNode, reach: Reach) {
  const age = ageFactors(credential, reach.at);
  if (age.expired) return age;
  return { factors: [...exposureFactors(reach.exposers ?? []), ...age.factors] };
}

const byHopsThenTarget = (a: FoundPath, b: FoundPath) => a.hops - b.hops || (a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0);

/** The public paths result from the paths an engine found, in the same order whichever engine. */
export function assemblePaths(
  source: GraphNode,
  to: GraphNode | undefined,
  options: { k: number; maxHops: number },
  found: { target: GraphNode; path: GraphEdge[] }[],
  truncated: boolean,
): PathsResult {
  const known = new Map<string, GraphNode>([[source.id, source], ...found.map(({ target }) => [target.id, target] as const)]);
  const lookup = (id: string) => known.get(id);
  const paths: FoundPath[] = found.map(({ target, path }) => ({
    to: nodeRef(target),
    hops: path.length,
    conditional: path.some((e) => e.conditional),
    steps: path.map((e) => step(e, lookup)),
  }));
  // Stable sort: the k paths of one target keep Yen's order.
  paths.sort(byHopsThenTarget);
  return { from: nodeRef(source), ...(to ? { to: nodeRef(to) } : {}), k: options.k, maxHops: options.maxHops, truncated, paths };
}

/** The public who-can-reach result from every node that reaches the target, with its path to it. */
export function assembleWhoCanReach(
  target: GraphNode,
  options: { maxHops: number; truncated: boolean; includeServiceLinked?: boolean },
  reached: { node: GraphNode; path: GraphEdge[] }[],
): WhoCanReachResult {
  const omitted = options.includeServiceLinked ? [] : reached.filter(({ node }) => isServiceLinked(node));
  const reachers: Reacher[] = reached
    .filter((r) => !omitted.includes(r))
    .map(({ node, path }) => ({ ...nodeRef(node), hops: path.length, conditional: path.some((e) => e.conditional), path: path.map((e) => step(e)) }))
    .sort(byHopsThenId);
  return {
    target: nodeRef(target),
    maxHops: options.maxHops,
    truncated: options.truncated,
    credentials: reachers.filter((r) => r.kind === 'Credential'),
    identities: reachers.filter((r) => r.kind === 'Identity'),
    serviceLinkedOmitted: omitted.length,
  };
}
