import { appendAll } from '../../model/append.js';
import type { GraphEdge, GraphNode } from '../../model/graph.js';
import { gcpBindingHubId, HUB_KIND } from '../../model/hubs.js';
import { edge } from './edge.js';
import { grantRef, type Holding } from './facts.js';

/** One member → target edge of a rule, with what it rests on. */
export interface Pair {
  /** The member as its binding names it (`group:ci@x`). */
  member: string;
  from: string;
  to: string;
  kind: string;
  technique: string;
  /** The grants the edge rests on, in the order its refs cite them. */
  holdings: readonly Holding[];
  /** The edge's summary, naming the member by `who`. */
  summary: (who: string) => string;
  assumptions?: string[];
  conditions?: string;
}

interface Caller {
  member: string;
  from: string;
  holdings: readonly Holding[];
  /** The targets of its pairs that say what the hub's target halves say. */
  targets: string[];
}

interface Hub {
  id: string;
  bindings: string[];
  kind: string;
  technique: string;
  /** Each target's half: the summary naming the member by the hub's id, and its assumptions. */
  targets: Map<string, { summary: string; assumptions?: string[] }>;
  callers: Map<string, Caller>;
}

/**
 * `<policy key>|<role>`: the bindings of one role in one policy (one unconditional and one whose
 * condition the time settles, say) give their members the same thing on every target.
 */
const bindingKey = (h: Holding) => `${h.grant.at}|${h.grant.role}`;

/** The member's pair rests on the very bindings its other pairs in the hub rest on. */
const sameBindings = (a: readonly Holding[], b: readonly Holding[]) => a.length === b.length && a.every((h, i) => h.grant.binding === b[i]!.grant.binding);

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).join('\u0000') === (b ?? []).join('\u0000');

/**
 * Hub folding for GCP (docs/architecture.md "Hub folding"). A binding at a project, folder or
 * organisation gives each of its members the same technique on every service account below it:
 * members × accounts edges. Pairs are gathered per technique and the bindings they rest on; a
 * member is folded when it has the pair to every target of its hub (itself aside), each saying
 * what that target's half says. Its half carries the binding refs, the target's half the summary
 * (naming the member by the hub's id) and the technique's assumptions. A pair with a condition (an
 * IAM condition left open, a deny rule that may apply) and every pair of a member that does not fit
 * is drawn as before, and so is a hub that would not save edges.
 */
export class BindingHubs {
  /** The edges drawn: pairs not folded, and each hub's halves once finished. */
  readonly edges: GraphEdge[] = [];
  private readonly hubs = new Map<string, Hub>();

  constructor(private readonly fold: boolean) {}

  add(p: Pair): void {
    if (!this.fold || p.conditions !== undefined) {
      this.edges.push(direct(p, p.summary(p.member), p.holdings, p.assumptions));
      return;
    }
    const bindings = p.holdings.map(bindingKey);
    const id = gcpBindingHubId(p.technique, bindings);
    let hub = this.hubs.get(id);
    if (!hub) this.hubs.set(id, (hub = { id, bindings, kind: p.kind, technique: p.technique, targets: new Map(), callers: new Map() }));
    let caller = hub.callers.get(p.member);
    if (!caller) hub.callers.set(p.member, (caller = { member: p.member, from: p.from, holdings: p.holdings, targets: [] }));
    const summary = p.summary(id);
    const half = hub.targets.get(p.to);
    if (!half) hub.targets.set(p.to, { summary, ...(p.assumptions ? { assumptions: p.assumptions } : {}) });
    if ((half && (half.summary !== summary || !sameList(half.assumptions, p.assumptions))) || !sameBindings(caller.holdings, p.holdings)) {
      // Another member's pair wrote this target's half, or the member's half differs: the
      // pair is drawn as it is, and the member, one target short, keeps all its edges unfolded.
      this.edges.push(direct(p, p.summary(p.member), p.holdings, p.assumptions));
      return;
    }
    caller.targets.push(p.to);
  }

  /** Emits every hub that saves edges, and the pairs not folded; returns the hub nodes. */
  finish(): GraphNode[] {
    const nodes: GraphNode[] = [];
    for (const hub of this.hubs.values()) {
      const n = hub.targets.size;
      // A member that is one of the targets has no pair to itself, as unfolded.
      const fits = (c: Caller) => c.targets.length === n - (hub.targets.has(c.from) ? 1 : 0);
      const callers = [...hub.callers.values()].filter(fits);
      const folded = callers.length * n > callers.length + n;
      if (folded) {
        nodes.push(hubNode(hub, callers.length));
        for (const c of callers) this.edges.push(edge(hub.kind, hub.technique, c.from, hub.id, { summary: c.member, refs: c.holdings.map(grantRef) }));
        appendAll(
          this.edges,
          [...hub.targets].map(([to, t]) => edge(hub.kind, hub.technique, hub.id, to, { summary: t.summary, refs: [], ...(t.assumptions ? { assumptions: t.assumptions } : {}) })),
        );
      }
      for (const c of hub.callers.values()) {
        if (folded && fits(c)) continue;
        for (const to of c.targets) {
          const t = hub.targets.get(to)!;
          // The pair said what the target's half says, with the member where the hub's id stands.
          this.edges.push(direct({ kind: hub.kind, technique: hub.technique, from: c.from, to }, t.summary.split(hub.id).join(c.member), c.holdings, t.assumptions));
        }
      }
    }
    this.hubs.clear();
    return nodes;
  }
}

function direct(p: Pick<Pair, 'kind' | 'technique' | 'from' | 'to' | 'conditions'>, summary: string, holdings: readonly Holding[], assumptions: string[] | undefined): GraphEdge {
  return edge(p.kind, p.technique, p.from, p.to, { summary, refs: holdings.map(grantRef), ...(assumptions ? { assumptions } : {}) }, p.conditions);
}

function hubNode(hub: Hub, callers: number): GraphNode {
  const { bindings } = hub;
  const [at, role] = bindings[0]!.split('|');
  return {
    id: hub.id,
    kind: HUB_KIND,
    provider: 'gcp',
    type: 'gcp:hub:binding',
    name: `${role} at ${at}${bindings.length > 1 ? ` and ${bindings.length - 1} more binding(s)` : ''}: ${hub.technique}`,
    ...(/^(organizations|folders|projects)\//.test(at!) ? { scope: at } : {}),
    tags: {},
    props: { hub: true, bindings, technique: hub.technique, callers, members: hub.targets.size },
  };
}
