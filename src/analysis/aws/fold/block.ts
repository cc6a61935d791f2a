import { edgeId, type EvidenceRef, type GraphEdge, type GraphNode } from '../../../model/graph.js';
import { HUB_KIND, renameInEdge } from '../../../model/hubs.js';
import type { AwsRole } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';

/**
 * One block of pairs (callers × roles) that a single grant decides alike, folded through a hub
 * (src/model/hubs.ts). The pair rule itself decides both halves: each caller's half against one
 * role (the probe), each role's half for one caller that gets in. The caller's half is written for
 * the hub (the probe's ARN replaced by the hub id, which composing replaces by the real target);
 * the role's half carries the role's own refs and the pair's summary. A role whose pair with the
 * first caller does not read like the probe's leaves the block and is paired as before.
 */
export interface Block {
  hub: string;
  node: Omit<GraphNode, 'id' | 'kind' | 'tags' | 'props'> & { props: GraphNode['props'] };
  kind: string;
  technique: string;
  members: readonly AwsRole[];
  /** Callers whose statements treat every member alike (checked by the caller of foldBlock). */
  callers: readonly AwsPrincipal[];
  pair: (p: AwsPrincipal, r: AwsRole) => GraphEdge | undefined;
  /** Refs that belong to the role's half (its trust policy). */
  roleSide: (ref: EvidenceRef, r: AwsRole) => boolean;
  /** What the caller's half says (the pair's summary names the probe role). */
  callerSummary?: (e: GraphEdge) => string;
}

export interface Folded {
  node?: GraphNode;
  edges: GraphEdge[];
  /** Members whose pairs with `callers` the hub decides. */
  members: AwsRole[];
}

const hubView = (e: GraphEdge, from: string, hub: string): GraphEdge => renameInEdge(e, from, hub);

/** The caller-side part of a pair, as the hub's caller half would carry it. */
function callerHalf(b: Block, e: GraphEdge, probe: AwsRole): GraphEdge {
  const own = { ...e, evidence: { ...e.evidence, refs: e.evidence.refs.filter((x) => !b.roleSide(x, probe)) } };
  const half = hubView(own, probe.arn, b.hub);
  return {
    ...half,
    id: edgeId(b.kind, b.technique, e.source, b.hub),
    target: b.hub,
    evidence: { ...half.evidence, summary: b.callerSummary ? b.callerSummary(e) : e.evidence.summary },
  };
}

export function foldBlock(b: Block): Folded {
  if (b.callers.length * b.members.length <= b.callers.length + b.members.length) return { edges: [], members: [] };
  const probeFor = (p: AwsPrincipal) => (b.members[0]!.arn === p.arn && b.members.length > 1 ? b.members[1]! : b.members[0]!);
  const ins: { p: AwsPrincipal; e: GraphEdge; half: GraphEdge }[] = [];
  for (const p of b.callers) {
    const probe = probeFor(p);
    const e = b.pair(p, probe);
    if (e) ins.push({ p, e, half: callerHalf(b, e, probe) });
  }
  const first = ins[0];
  if (!first) return { edges: [], members: [...b.members] };
  const sameCallerSide = (x: GraphEdge, y: GraphEdge) =>
    x.conditional === y.conditional && x.conditions === y.conditions && JSON.stringify([x.evidence.refs, x.evidence.assumptions]) === JSON.stringify([y.evidence.refs, y.evidence.assumptions]);
  const members: { r: AwsRole; e: GraphEdge }[] = [];
  for (const r of b.members) {
    const e = b.pair(first.p, r);
    // Its caller side must read as the probe's did, whichever role; else it is paired as before.
    if (e && sameCallerSide(callerHalf(b, e, r), first.half)) members.push({ r, e });
  }
  const edges: GraphEdge[] = ins.map((x) => x.half);
  for (const { r, e } of members) {
    edges.push({
      id: edgeId(b.kind, b.technique, b.hub, r.arn),
      source: b.hub,
      target: r.arn,
      kind: b.kind,
      technique: b.technique,
      evidence: { summary: e.evidence.summary, refs: e.evidence.refs.filter((x) => b.roleSide(x, r)) },
      conditional: false,
    });
  }
  const node: GraphNode = { ...b.node, id: b.hub, kind: HUB_KIND, tags: {}, props: { ...b.node.props, hub: true, members: members.length, callers: ins.length } };
  return { node, edges, members: members.map((m) => m.r) };
}
