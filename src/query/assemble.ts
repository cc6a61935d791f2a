import type { Config } from '../config/config.js';
import type { GraphEdge, GraphNode } from '../model/graph.js';
import { crownJewelReason } from './crown-jewels.js';
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
  /** Every node reached (the credential excluded), with its shortest path from the credential. */
  reached: { node: GraphNode; path: GraphEdge[] }[];
}

/**
 * Turns a reach into the public blast result. Shared by both engines so that they can only
 * differ in what they reach, never in how it is reported.
 */
export function assembleBlast(reach: Reach, config: Config): BlastResult {
  const { credential } = reach;
  const reached: (ReachedNode & { path: GraphEdge[]; node: GraphNode })[] = reach.reached.map(({ node, path }) => ({
    ...nodeRef(node),
    hops: path.length,
    conditional: path.some((e) => e.conditional),
    tierZero: node.tierZero !== undefined,
    path,
    node,
  }));
  reached.sort(byHopsThenId);
  const strip = ({ path: _p, node: _n, ...rest }: (typeof reached)[number]): ReachedNode => rest;
  // Blasting an identity asks "what if this identity is compromised?": it is its own start.
  const fromIdentity = credential.kind === 'Identity';
  const startIdentities = fromIdentity
    ? [credential]
    : reached.filter((r) => r.hops === 1 && r.kind === 'Identity' && r.path[0]?.kind === 'AUTHENTICATES_AS').map((r) => r.node);

  const nodes = new Map<string, GraphNode>([[credential.id, credential], ...reached.map((r) => [r.id, r.node] as const)]);
  const lookup = (id: string) => nodes.get(id);
  const crownJewels: CrownJewelHit[] = [];
  for (const r of reached) {
    const reason = crownJewelReason(r.node, config);
    if (!reason) continue;
    crownJewels.push({
      ...nodeRef(r.node),
      reason,
      hops: r.hops,
      conditional: r.conditional || (r.node.tierZero?.conditional ?? false),
      path: r.path.map((e) => step(e, lookup)),
      tags: pathTags(r.path),
    });
  }
  // Certain paths first: a responder acts on those before the ones that hinge on a condition.
  crownJewels.sort((a, b) => Number(a.conditional) - Number(b.conditional) || a.hops - b.hops || (a.id < b.id ? -1 : 1));
  const tierZeroHits = reached.filter((r) => r.tierZero).map((r) => r.conditional || r.node.tierZero!.conditional);
  if (fromIdentity && credential.tierZero) tierZeroHits.push(credential.tierZero.conditional);
  const tierZero = tierZeroHits.length > 0;
  const tierZeroConditional = tierZero && tierZeroHits.every((conditional) => conditional);
  const identities = reached.filter((r) => r.kind === 'Identity').map(strip);
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
    reachable: {
      identities,
      resources: reached.filter((r) => r.kind === 'Resource').map(strip),
      credentials: reached.filter((r) => r.kind === 'Credential').map(strip),
      secretLocations: reached.filter((r) => r.kind === 'SecretLocation').map(strip),
    },
    risk: assessRisk({
      tierZero,
      tierZeroConditional,
      crownJewels,
      identities,
      active: startIdentities.length > 0,
    }),
  };
}

const byHopsThenTarget = (a: FoundPath, b: FoundPath) => a.hops - b.hops || (a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0);

/** The public paths result from the paths an engine found, in the same order whichever engine. */
export function assemblePaths(
  source: GraphNode,
  to: GraphNode | undefined,
  options: { k: number; maxHops: number },
  found: { target: GraphNode; path: GraphEdge[] }[],
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
  return { from: nodeRef(source), ...(to ? { to: nodeRef(to) } : {}), k: options.k, maxHops: options.maxHops, paths };
}

/** The public who-can-reach result from every node that reaches the target, with its path to it. */
export function assembleWhoCanReach(target: GraphNode, maxHops: number, reached: { node: GraphNode; path: GraphEdge[] }[]): WhoCanReachResult {
  const reachers: Reacher[] = reached
    .map(({ node, path }) => ({ ...nodeRef(node), hops: path.length, conditional: path.some((e) => e.conditional), path: path.map((e) => step(e)) }))
    .sort(byHopsThenId);
  return {
    target: nodeRef(target),
    maxHops,
    credentials: reachers.filter((r) => r.kind === 'Credential'),
    identities: reachers.filter((r) => r.kind === 'Identity'),
  };
}
