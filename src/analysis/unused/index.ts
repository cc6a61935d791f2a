import type { Config } from '../../config/config.js';
import type { AttackGraph, GraphEdge, GraphNode } from '../../model/graph.js';
import type { Inventory } from '../../model/inventory/index.js';
import { TRAVERSABLE_EDGE_KINDS } from '../../model/catalogue/edge-kinds.js';
import { composedOutEdges } from '../../model/hubs.js';
import { isPrincipal, isServiceLinked, nodeRef } from '../../query/assemble.js';
import { withoutEdges } from '../../query/chokepoints/without.js';
import { EmbeddedEngine } from '../../query/embedded/engine.js';
import { DEFAULT_MAX_HOPS } from '../../query/types.js';
import { analyse } from '../index.js';
import { principalIn, usedRequests, verifyUse, withProposal } from './aws-apply.js';
import { proposePolicy } from './aws-proposal.js';
import { proposeRemoval } from './grant-removal.js';
import { consolePasswordFindings } from './console-passwords.js';
import { narrowsOnly, proposeNarrowing, usedOperations, verifyUsed, withNarrowing } from './azure-narrow.js';
import { bindingKey, planInsights, verifyReplacements, withChanges, type InsightPlan } from './gcp-insights.js';
import { unusedKeysByAccount } from './gcp-keys.js';
import { grantedActions, serviceOf, verdictOf } from './aws-usage.js';
import { coverageOf, usageFacts, type NodeUsage, type UsageFacts } from './facts.js';
import { UNUSED_SCHEMA_VERSION, type CredentialFinding, type CutPath, type IdentityFinding, type KeyRetirement, type RemovalProposal, type ServiceFinding, type UnusedReport, type UsageWindow } from './types.js';
import { DEFAULT_WINDOW_DAYS, inWindow, windowOf } from './window.js';

export { parseWindow, DEFAULT_WINDOW_DAYS } from './window.js';
export type * from './types.js';

export interface UnusedOptions {
  at: Date;
  windowDays?: number;
  /** Only this identity (node id, name or alias). */
  identity?: string;
  /** Skip the re-analysis that proves proposals (metrics need only the shares). */
  prove?: boolean;
  /** Prove proposals only for these identities (metrics prove the tier-zero ones). */
  proveOnly?: (node: GraphNode) => boolean;
}

const AWS_PRINCIPAL = new Set(['aws:iam:user', 'aws:iam:role']);

/** Crown jewels the node reaches (shortest path each), by id. */
async function jewelsFrom(engine: EmbeddedEngine, id: string): Promise<Map<string, CutPath>> {
  const { paths } = await engine.paths(id, { k: 1, maxHops: DEFAULT_MAX_HOPS });
  return new Map(paths.map((p) => [p.to.id, { to: p.to, tierZero: false, hops: p.hops, techniques: p.steps.map((s) => s.technique) }]));
}

/** The graph's nodes by id, built once per graph: findings look targets up per edge and per path. */
const NODES = new WeakMap<AttackGraph, Map<string, GraphNode>>();
const nodesById = (graph: AttackGraph) => NODES.get(graph) ?? NODES.set(graph, new Map(graph.nodes.map((n) => [n.id, n]))).get(graph)!;

function cut(before: Map<string, CutPath>, after: Map<string, CutPath>, graph: AttackGraph): CutPath[] {
  const nodes = nodesById(graph);
  return [...before.values()].filter((p) => !after.has(p.to.id)).map((p) => ({ ...p, tierZero: !!nodes.get(p.to.id)?.tierZero }));
}

/**
 * The identity's attack edges as the unfolded graph has them: a grant folded into a hub is one edge
 * per target it stands for (what removing it loses), never an edge to the hub.
 */
const attackEdgesOf = (graph: AttackGraph, id: string, own = ownAttackEdges(graph, id)) => composedOutEdges(graph, id, own);

/** The identity's attack edges as stored: its halves into hubs among them. */
const ownAttackEdges = (graph: AttackGraph, id: string) => graph.edges.filter((e) => e.source === id && TRAVERSABLE_EDGE_KINDS.has(e.kind));

/** The ids of the identity's attack edges in a re-analysed graph: compared with attackEdgesOf before. */
const attackIdsOf = (graph: AttackGraph, id: string) => new Set(attackEdgesOf(graph, id).map((e) => e.id));

const unusedEdgeRef = (e: GraphEdge, graph: AttackGraph) => ({ id: e.id, technique: e.technique, to: e.target, toName: nodesById(graph).get(e.target)?.name ?? e.target });

/**
 * Re-analyses the estate with a proposal applied and records on the finding what the identity no
 * longer derives (its unused edges, the cut crown-jewel paths, tier zero after). Returns the jewels
 * it still reaches. A proposal only narrows, so an identity with no attack edge and no tier-zero
 * mark has nothing to lose, and the whole-estate re-analysis (the expensive part) is skipped.
 */
async function reanalyseWith(after: Inventory[], node: GraphNode, graph: AttackGraph, engine: EmbeddedEngine, config: Config, options: UnusedOptions, finding: IdentityFinding): Promise<Map<string, CutPath>> {
  const attacks = attackEdgesOf(graph, node.id);
  if (attacks.length === 0 && !node.tierZero) {
    finding.tierZeroAfter = false;
    return new Map();
  }
  return (await reanalyse(after, node, attacks, graph, engine, config, options, finding)).remaining;
}

/** reanalyseWith without its shortcut: the re-analysed graph, its edge ids, and the jewels still reached. */
async function reanalyse(after: readonly Inventory[], node: GraphNode, attacks: readonly GraphEdge[], graph: AttackGraph, engine: EmbeddedEngine, config: Config, options: UnusedOptions, finding: IdentityFinding): Promise<{ reanalysed: AttackGraph; afterIds: Set<string>; remaining: Map<string, CutPath> }> {
  const reanalysed = analyse(after, { at: options.at }).graph;
  const afterIds = attackIdsOf(reanalysed, node.id);
  finding.unusedEdges = attacks.filter((e) => !afterIds.has(e.id)).map((e) => unusedEdgeRef(e, graph));
  const remaining = await jewelsFrom(new EmbeddedEngine(reanalysed, config), node.id);
  finding.cutPaths = cut(await jewelsFrom(engine, node.id), remaining, graph);
  finding.tierZeroAfter = !!reanalysed.nodes.find((n) => n.id === node.id)?.tierZero;
  return { reanalysed, afterIds, remaining };
}

function serviceFindings(granted: Map<string, string>, verdicts: Map<string, ReturnType<typeof verdictOf>>, u: NodeUsage | undefined): ServiceFinding[] {
  const by = new Map<string, ServiceFinding>();
  for (const [key, action] of granted) {
    const service = serviceOf(action);
    const f = by.get(service) ?? { service, granted: 0, used: [], unknown: 0, ...(u?.services.get(service)?.lastUsed ? { lastUsed: u.services.get(service)!.lastUsed! } : {}) };
    by.set(service, f);
    f.granted++;
    const v = verdicts.get(key);
    if (v === 'used') f.used.push(action);
    if (v === 'unknown') f.unknown++;
  }
  return [...by.values()].sort((a, b) => (a.service < b.service ? -1 : 1));
}

/** One AWS user or role: granted vs used, and the proposal proven by re-analysis. */
async function awsFinding(node: GraphNode, inventories: readonly Inventory[], graph: AttackGraph, engine: EmbeddedEngine, facts: UsageFacts, config: Config, w: UsageWindow, options: UnusedOptions): Promise<IdentityFinding | undefined> {
  const u = facts.identities.get(node.id);
  const coverage = coverageOf(u);
  const p = principalIn(inventories, node.id, options.at);
  if (!p) return undefined;
  const granted = grantedActions(p);
  const verdicts = new Map([...granted].map(([k, a]) => [k, verdictOf(u, a, w)]));
  const services = serviceFindings(granted, verdicts, u);
  const unused = [...verdicts.values()].filter((v) => v === 'unused').length;
  const usedCount = [...verdicts.values()].filter((v) => v === 'used').length;
  const finding: IdentityFinding = {
    ...nodeRef(node),
    coverage,
    ...(u?.lastUsed ? { lastUsed: u.lastUsed } : {}),
    sources: [...(u?.sources ?? [])].filter((s): s is IdentityFinding['sources'][number] => s !== 'inventory'),
    ...(u?.observedFrom && u.observedFrom > w.from ? { observedFrom: u.observedFrom } : {}),
    granted: { services: services.length, actions: granted.size },
    used: { services: services.filter((s) => s.used.length > 0 || (s.unknown > 0 && inWindow(w, s.lastUsed))).length, actions: usedCount },
    unusedShare: granted.size === 0 ? 0 : unused / granted.size,
    services,
    tierZero: !!node.tierZero,
    unusedEdges: [],
    cutPaths: [],
  };
  if (coverage === 'none') return { ...finding, note: 'no usage data for this identity' };
  if (unused === 0 || options.prove === false || (options.proveOnly && !options.proveOnly(node))) return finding;

  const policy = proposePolicy(p, u, w);
  const after = withProposal(inventories, node.id, policy);
  const remaining = await reanalyseWith(after, node, graph, engine, config, options, finding);
  const pAfter = principalIn(after, node.id, options.at);
  const check = verifyUse(p, pAfter, usedRequests(p, u, w), policy);
  const user = inventories.flatMap((i) => (i.provider === 'aws' ? i.accounts.flatMap((a) => a.users) : [])).find((x) => x.arn === node.id);
  const principal = user ?? inventories.flatMap((i) => (i.provider === 'aws' ? i.accounts.flatMap((a) => a.roles) : [])).find((x) => x.arn === node.id)!;
  finding.proposal = {
    kind: 'aws-policy',
    policy,
    detaches: principal.attachedPolicies,
    leavesGroups: user?.groups ?? [],
    verification: { ...check, pathsGone: finding.cutPaths.every((c) => !remaining.has(c.to.id)) && (!finding.tierZero || finding.tierZeroAfter === false || finding.cutPaths.length === 0) },
  };
  return finding;
}

/**
 * An Azure service principal or managed identity the activity log speaks for, used in the window
 * (or of unknown sign-in): the operations it used, and its own role assignments narrowed to them,
 * proven by re-analysis (every used operation still allowed, the cut paths gone).
 */
async function azureActivityFinding(node: GraphNode, inventories: readonly Inventory[], graph: AttackGraph, engine: EmbeddedEngine, facts: UsageFacts, config: Config, w: UsageWindow, options: UnusedOptions): Promise<IdentityFinding> {
  const u = facts.identities.get(node.id)!;
  const used = usedOperations(u, w);
  const objectId = node.id.slice('azure:sp:'.length);
  const logged = new Set(facts.sources.filter((s) => s.kind === 'azure-activity-log').flatMap((s) => s.scopes ?? []));
  const proposal = proposeNarrowing(objectId, inventories, used, logged);
  const assignments = proposal.changes.length + proposal.keep.length;
  const byService = new Map<string, ServiceFinding>();
  for (const o of used) {
    const service = o.action.split('/')[0]!;
    const f = byService.get(service) ?? byService.set(service, { service, granted: 0, used: [], unknown: 0 }).get(service)!;
    if (!f.used.includes(o.action)) f.used.push(o.action);
    f.lastUsed = f.lastUsed === undefined || o.lastUsed > f.lastUsed ? o.lastUsed : f.lastUsed;
  }
  const services = [...byService.values()].sort((a, b) => (a.service < b.service ? -1 : 1));
  const finding: IdentityFinding = {
    ...nodeRef(node),
    coverage: 'actions',
    ...(u.lastUsed ? { lastUsed: u.lastUsed } : {}),
    sources: [...u.sources].filter((s): s is IdentityFinding['sources'][number] => s !== 'inventory'),
    ...(u.observedFrom && u.observedFrom > w.from ? { observedFrom: u.observedFrom } : {}),
    granted: { services: 0, actions: 0 },
    used: { services: services.length, actions: services.reduce((n, s) => n + s.used.length, 0) },
    // Azure has no catalogue of operations to count: the share is of its role assignments that grant more than their use.
    unusedShare: assignments === 0 ? 0 : proposal.changes.length / assignments,
    services,
    tierZero: !!node.tierZero,
    unusedEdges: [],
    cutPaths: [],
    note: 'Azure activity log: write, delete and action operations per role assignment (reads and data actions are not logged); unused share = role assignments that grant more than their use',
  };
  if (proposal.changes.length === 0) return { ...finding, note: `${finding.note}. Nothing to narrow: ${proposal.keep.map((k) => `${k.detail}: ${k.reason}`).join('; ') || 'no role assignment of its own'}` };
  if (options.prove === false || (options.proveOnly && !options.proveOnly(node))) return finding;
  const after = withNarrowing(inventories, objectId, proposal.changes);
  const remaining = await reanalyseWith(after, node, graph, engine, config, options, finding);
  const check = verifyUsed(inventories, after, objectId, used);
  finding.proposal = {
    ...proposal,
    verification: {
      usedStillAllowed: check.failures.length === 0,
      ...check,
      narrowsOnly: narrowsOnly(inventories, proposal.changes),
      pathsGone: finding.cutPaths.every((c) => !remaining.has(c.to.id)) && (!finding.tierZero || finding.tierZeroAfter === false || finding.cutPaths.length === 0),
    },
  };
  return finding;
}

/**
 * A non-AWS identity: last use, and for GCP service accounts the policy insights binding by
 * binding and the keys unused in the window. Unused in the window (a sign-in or activity report
 * says so): what disabling it would cut (the what-if on its edges) and the grants to remove;
 * otherwise the insight's replacements and removals, and the key retirements, each proven by
 * re-analysis.
 */
async function lastUseFinding(node: GraphNode, inventories: readonly Inventory[], graph: AttackGraph, engine: EmbeddedEngine, facts: UsageFacts, config: Config, w: UsageWindow, options: UnusedOptions): Promise<IdentityFinding | undefined> {
  const u = facts.identities.get(node.id);
  if (!u) return undefined;
  const used = inWindow(w, u.lastUsed);
  // An insight speaks for one binding: only an identity-level report (sign-in, activity) says "unused".
  const unused = !used && u.identityReported;
  const own = ownAttackEdges(graph, node.id);
  const out = attackEdgesOf(graph, node.id, own);
  const gcp = node.id.startsWith('gcp:sa:');
  const plan = gcp ? planInsights(node, inventories, u, out) : { remove: [], replace: [], keep: [], decided: new Set<string>() };
  const keys = gcp ? (unusedKeysByAccount(inventories, facts, w).get(node.id.slice('gcp:sa:'.length).toLowerCase()) ?? []) : [];
  const changes = plan.remove.length + plan.replace.length + keys.length > 0;
  const finding: IdentityFinding = {
    ...nodeRef(node),
    coverage: coverageOf(u),
    ...(u.lastUsed ? { lastUsed: u.lastUsed } : {}),
    sources: [...u.sources].filter((s): s is IdentityFinding['sources'][number] => s !== 'inventory'),
    granted: { services: 0, actions: 0 },
    used: { services: 0, actions: 0 },
    unusedShare: unused ? 1 : insightShare(plan, inventories),
    services: [],
    tierZero: !!node.tierZero,
    unusedEdges: [],
    cutPaths: [],
    note: unused ? 'not used in the window: remove the assignments below, or disable or delete it' : noteOf(used, plan, keys),
  };
  if (options.prove === false || (options.proveOnly && !options.proveOnly(node))) return finding;
  if (unused) {
    finding.unusedEdges = out.map((e) => unusedEdgeRef(e, graph));
    if (out.length > 0) {
      // Its own halves into hubs go with its plain edges: that takes every pair they stand for, in one pass.
      const { graph: without } = withoutEdges(graph, own.map((e) => e.id));
      finding.cutPaths = cut(await jewelsFrom(engine, node.id), await jewelsFrom(new EmbeddedEngine(without, config), node.id), graph);
    }
    if (out.length > 0 || changes) {
      const proved = await proveRemoval(node, out, inventories, u, plan, keys, finding.cutPaths, config, options);
      if (proved) {
        finding.proposal = proved.proposal;
        if (proved.tierZeroAfter !== undefined) finding.tierZeroAfter = proved.tierZeroAfter;
      }
    }
    return finding;
  }
  if (!changes) return finding;
  // Used: only what the insights and the key activity rule out goes; what it cuts comes from the re-analysis.
  const proposal: Omit<RemovalProposal, 'verification'> = { kind: 'remove-grants', remove: plan.remove, replace: plan.replace, keep: plan.keep, untouched: [], keys };
  const after = withChanges(inventories, plan.remove, plan.replace, keys);
  const { reanalysed, afterIds, remaining } = await reanalyse(after, node, out, graph, engine, config, options, finding);
  finding.proposal = { ...proposal, verification: verification(plan.remove, plan.replace, keys, after, reanalysed, afterIds, finding.cutPaths, remaining, true) };
  return finding;
}

function noteOf(used: boolean, plan: InsightPlan, keys: readonly KeyRetirement[]): string {
  const seen = used ? 'used in the window' : 'no identity-level activity in the data (policy insights speak only for the bindings they cover)';
  if (plan.remove.length + plan.replace.length > 0) return `${seen}; policy insights show bindings whose permissions went unused in their observation period: replace or remove them as below`;
  if (keys.length > 0) return `${seen}; some of its keys were not used: retire them as below`;
  return used ? 'used in the window; this provider reports sign-ins, not which permissions were used' : seen;
}

/** Share of the permissions the decided bindings grant (as the analysis sees them, plus those used) that the insight plan takes away. */
function insightShare(plan: InsightPlan, inventories: readonly Inventory[]): number {
  if (plan.remove.length + plan.replace.length === 0) return 0;
  const size = (role: string | undefined, extra: readonly string[]) => {
    const known = role ? inventories.flatMap((i) => (i.provider === 'gcp' ? [...i.customRoles, ...(i.predefinedRoles ?? [])] : [])).find((r) => r.name === role)?.includedPermissions : undefined;
    return new Set([...(known ?? []), ...extra]).size || 1;
  };
  const granted = plan.remove.reduce((n, r) => n + size(r.role, []), 0) + plan.replace.reduce((n, r) => n + Math.max(size(r.role, r.permissions), r.permissions.length + 1), 0) + plan.keep.reduce((n, k) => n + size(k.role, []), 0);
  const kept = plan.replace.reduce((n, r) => n + r.permissions.length, 0) + plan.keep.reduce((n, k) => n + size(k.role, []), 0);
  return granted === 0 ? 0 : Math.max(0, Math.min(1, 1 - kept / granted));
}

function verification(remove: RemovalProposal['remove'], replace: NonNullable<RemovalProposal['replace']>, keys: readonly KeyRetirement[], after: readonly Inventory[], reanalysed: AttackGraph, afterIds: Set<string>, cutPaths: CutPath[], reached: Map<string, CutPath>, usedKept: boolean): RemovalProposal['verification'] {
  const named = new Set(remove.flatMap((r) => r.edges));
  const remaining = cutPaths.filter((c) => reached.has(c.to.id)).map((c) => c.to.id);
  const check = verifyReplacements(after, replace);
  const nodes = new Set(reanalysed.nodes.map((n) => n.id));
  return {
    usedKept: usedKept && check.exercisedStillGranted,
    edgesGone: [...named].every((id) => !afterIds.has(id)),
    pathsGone: remaining.length === 0,
    remaining,
    ...(replace.length ? check : {}),
    ...(keys.length ? { keysGone: keys.every((k) => !nodes.has(k.id)) } : {}),
  };
}

/**
 * Azure / GCP: the assignments and bindings behind the identity's edges, removed from a copy of
 * the inventories and re-analysed: the edges they carried and the cut paths must be gone. An
 * identity unused in the window loses no used permission; a binding whose policy insight shows
 * permissions exercised is replaced by a smaller role (or kept when the insight names no binding).
 */
async function proveRemoval(node: GraphNode, edges: GraphEdge[], inventories: readonly Inventory[], u: NodeUsage | undefined, plan: InsightPlan, keys: KeyRetirement[], cutPaths: CutPath[], config: Config, options: UnusedOptions): Promise<{ proposal: RemovalProposal; tierZeroAfter?: boolean } | undefined> {
  const fromEdges = proposeRemoval(node, edges, inventories, u);
  const undecided = (r: { resource?: string; role?: string; member?: string; condition?: string }) => !(r.resource && r.role && r.member && plan.decided.has(bindingKey(r.resource, r.role, r.member, r.condition)));
  const remove = [...fromEdges.remove.filter(undecided), ...plan.remove];
  const keep = [...fromEdges.keep.filter(undecided), ...plan.keep];
  const proposal: Omit<RemovalProposal, 'verification'> = { kind: 'remove-grants', remove, ...(plan.replace.length ? { replace: plan.replace } : {}), keep, untouched: fromEdges.untouched, ...(keys.length ? { keys } : {}) };
  if (remove.length === 0 && plan.replace.length === 0 && keys.length === 0 && keep.length === 0 && proposal.untouched.length === 0) return undefined;
  // Nothing to change: every cut path stays (and the re-analysis is not needed to say so).
  if (remove.length === 0 && plan.replace.length === 0 && keys.length === 0) return { proposal: { ...proposal, verification: { usedKept: true, edgesGone: true, pathsGone: cutPaths.length === 0, remaining: cutPaths.map((c) => c.to.id) } } };
  const after = withChanges(inventories, remove, plan.replace, keys);
  const reanalysed = analyse(after, { at: options.at }).graph;
  const afterIds = attackIdsOf(reanalysed, node.id);
  const reached = await jewelsFrom(new EmbeddedEngine(reanalysed, config), node.id);
  return { proposal: { ...proposal, verification: verification(remove, plan.replace, keys, after, reanalysed, afterIds, cutPaths, reached, true) }, tierZeroAfter: !!reanalysed.nodes.find((n) => n.id === node.id)?.tierZero };
}

/**
 * The activity log decides for an Azure identity it covers, unless a sign-in report says it was
 * not used at all in the window: then removing what it holds (lastUseFinding) is the stronger proposal.
 */
function byActivity(node: GraphNode, facts: UsageFacts, w: UsageWindow): boolean {
  const u = facts.identities.get(node.id);
  if (node.provider !== 'azure' || !node.id.startsWith('azure:sp:') || !u?.armLogged) return false;
  const signIns = u.sources.has('entra-sp-sign-in-activity');
  return !signIns || inWindow(w, u.lastUsed);
}

function credentialFindings(inventories: readonly Inventory[], graph: AttackGraph, facts: UsageFacts, w: UsageWindow): CredentialFinding[] {
  const out: CredentialFinding[] = consolePasswordFindings(inventories, graph, facts, w);
  // GCP user-managed keys unused in the window come with the commands that retire them.
  const retire = new Map([...unusedKeysByAccount(inventories, facts, w).values()].flat().map((k) => [k.id, k]));
  for (const n of graph.nodes) {
    if (n.kind !== 'Credential') continue;
    const seen = facts.credentials.get(n.id);
    const key = retire.get(n.id);
    if (!seen && key?.state !== 'never-seen') continue;
    const state = !seen || seen.lastUsed === undefined ? 'never-used' : inWindow(w, seen.lastUsed) ? 'used' : seen.lastUsed > w.to ? 'used' : 'stale';
    out.push({
      ...nodeRef(n),
      owner: typeof n.props.owner === 'string' ? n.props.owner : typeof n.props.userName === 'string' ? n.props.userName : null,
      status: typeof n.props.status === 'string' ? n.props.status : null,
      ...(seen?.lastUsed ? { lastUsed: seen.lastUsed } : {}),
      state,
      source: seen?.source ?? 'gcp-activity',
      ...(seen?.detail ? { detail: seen.detail } : !seen ? { detail: "created before the window and not listed by its project's key activity" } : {}),
      ...(key ? { commands: key.commands } : {}),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Granted vs used per non-human identity over the window ending at the analysis time, the attack
 * edges and crown-jewel paths that rest only on unused permissions, and for AWS a least-privilege
 * policy proven by the evaluator: re-analysed with it, every used request is still allowed and the
 * cut paths are gone.
 */
export async function analyseUnused(inventories: readonly Inventory[], graph: AttackGraph, config: Config, options: UnusedOptions): Promise<UnusedReport> {
  const w = windowOf(options.at, options.windowDays ?? DEFAULT_WINDOW_DAYS);
  const facts = usageFacts(inventories, graph);
  const engine = new EmbeddedEngine(graph, config);
  const wanted = options.identity?.toLowerCase();
  const candidates = graph.nodes.filter((n) => n.kind === 'Identity' && isPrincipal(n) && !isServiceLinked(n) && n.props.placeholder !== true);
  const chosen = wanted ? candidates.filter((n) => n.id.toLowerCase() === wanted || n.name.toLowerCase() === wanted || (n.aliases ?? []).some((a) => a.toLowerCase() === wanted)) : candidates;
  const identities: IdentityFinding[] = [];
  for (const node of chosen) {
    // No usage data, not asked for by name: nothing to say, and expanding its grants costs.
    if (!wanted && coverageOf(facts.identities.get(node.id)) === 'none') continue;
    const f = AWS_PRINCIPAL.has(node.type)
      ? await awsFinding(node, inventories, graph, engine, facts, config, w, options)
      : byActivity(node, facts, w)
        ? await azureActivityFinding(node, inventories, graph, engine, facts, config, w, options)
        : await lastUseFinding(node, inventories, graph, engine, facts, config, w, options);
    if (f && (f.coverage !== 'none' || wanted)) identities.push(f);
  }
  identities.sort((a, b) => b.cutPaths.length - a.cutPaths.length || b.unusedShare - a.unusedShare || (a.id < b.id ? -1 : 1));
  const credentials = credentialFindings(inventories, graph, facts, w);
  const warnings = identities.filter((i) => i.observedFrom).map((i) => `${i.name}: ${i.provider === 'azure' ? 'the activity log' : 'CloudTrail'} covers only from ${i.observedFrom}, not the whole ${w.days}-day window; actions used before then count as unused`);
  return {
    schemaVersion: UNUSED_SCHEMA_VERSION,
    at: w.to,
    window: w,
    sources: facts.sources,
    identities,
    credentials,
    summary: {
      withUsage: identities.filter((i) => i.coverage !== 'none').length,
      withUnused: identities.filter((i) => i.coverage !== 'none' && i.unusedShare > 0).length,
      // An Azure identity judged by the activity log keeps what it used: only the re-analysis says whether it stays tier zero.
      unusedTierZero: identities.filter((i) => i.tierZero && (i.tierZeroAfter === false || (i.unusedShare === 1 && i.coverage !== 'none' && !(i.provider === 'azure' && i.coverage === 'actions')))).length,
      pathsCut: identities.reduce((n, i) => n + i.cutPaths.length, 0),
      credentialsNeverUsed: credentials.filter((c) => c.state === 'never-used').length,
      credentialsStale: credentials.filter((c) => c.state === 'stale').length,
    },
    warnings: [...new Set(warnings)],
  };
}
