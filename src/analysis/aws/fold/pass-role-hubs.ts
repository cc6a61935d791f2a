import { appendAll } from '../../../model/append.js';
import type { GraphEdge, GraphNode } from '../../../model/graph.js';
import { passRoleHubId } from '../../../model/hubs.js';
import type { AwsAccount, AwsRole, PolicyStatement } from '../../../model/inventory/index.js';
import { matchAction, matchResource } from '../policy/match.js';
import type { OrgControls } from '../policy/org.js';
import { asList } from '../policy/statements.js';
import { ownStatements, type AwsPrincipal } from '../principals.js';
import { listingsOf, rolesTrusting } from '../principal-edges.js';
import { isServiceLinked, type ActionIndex } from '../rules/common.js';
import { passRoleEdge, stepActions } from '../rules/pass-role.js';
import { PASS_ROLE_TECHNIQUES } from '../rules/pass-role-techniques.js';
import { foldBlock } from './block.js';

/**
 * CAN_PASS_ROLE_TO folded through hubs (src/model/hubs.ts): per account and PassRole technique,
 * the roles trusting the technique's service plainly (no condition, no Deny, no NotPrincipal, no
 * instance profile where the technique needs one), for the principals of the account whose
 * iam:PassRole statements name all of them or none and whose statements for the technique's
 * requests read no resource or role key in a condition. Techniques that pass further roles
 * (EMR, Data Pipeline) pick those among the account's roles per pair and are not folded; nor is
 * an account whose organization has RCPs on sts, which may read the role.
 */
export interface PassFold {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /**
   * The roles trusting the technique's service that the caller is still to be paired with: those
   * outside the hub when a hub decides its pairs, else undefined (all of them).
   */
  rest: (caller: AwsPrincipal, technique: string) => readonly AwsRole[] | undefined;
}

export const NO_PASS_FOLD: PassFold = { nodes: [], edges: [], rest: () => undefined };

const plainTrust = (r: AwsRole) => r.trustPolicy.Statement.every((s) => s.Effect === 'Allow' && s.Condition === undefined && s.NotPrincipal === undefined);

interface CallerProfile {
  /** Statements whose condition reads a resource or role key: no technique they name is uniform. */
  risky: readonly PolicyStatement[];
  /** Resource patterns of the caller's iam:PassRole statements (`*` left out); false when one cannot be judged by pattern. */
  passPatterns: readonly string[] | false;
}

const named = (st: PolicyStatement, a: string) => (st.Action !== undefined ? asList(st.Action).some((x) => matchAction(x, a)) : !asList(st.NotAction).some((x) => matchAction(x, a)));

/** What uniformity needs of a caller's statements, read once per caller rather than once per technique. */
function profileOf(p: AwsPrincipal, memo: WeakMap<AwsPrincipal, CallerProfile>): CallerProfile {
  let prof = memo.get(p);
  if (prof) return prof;
  const risky: PolicyStatement[] = [];
  const patterns: string[] = [];
  let judged = true;
  for (const { statement: st } of ownStatements(p)) {
    if (st.Condition !== undefined && /resource|role/i.test(JSON.stringify(st.Condition))) risky.push(st);
    if (!named(st, 'iam:PassRole')) continue;
    if (st.NotResource !== undefined) judged = false;
    for (const r of asList(st.Resource)) {
      if (r.includes('${')) judged = false;
      else if (r !== '*') patterns.push(r);
    }
  }
  memo.set(p, (prof = { risky, passPatterns: judged ? patterns : false }));
  return prof;
}

function uniform(prof: CallerProfile, actions: readonly string[], cover: (pattern: string) => 'all' | 'none' | 'some'): boolean {
  if (prof.passPatterns === false || prof.passPatterns.some((r) => cover(r) === 'some')) return false;
  return !prof.risky.some((st) => actions.some((a) => named(st, a)));
}

export function foldPassRole(input: { accounts: readonly AwsAccount[]; actorsByAccount: ReadonlyMap<string, readonly AwsPrincipal[]>; index: ActionIndex; org?: OrgControls }): PassFold {
  const { index } = input;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  // technique|account → the hub's callers, and the service's roles left out of the hub.
  const decided = new Map<string, { callers: Set<AwsPrincipal>; rest: AwsRole[] }>();
  const profiles = new WeakMap<AwsPrincipal, CallerProfile>();
  for (const account of input.accounts) {
    const actors = input.actorsByAccount.get(account.accountId) ?? [];
    if (actors.length < 2) continue;
    if (input.org?.rcpsFor(account.accountId, 'sts')?.some((l) => l.statements.length > 0)) continue;
    const listing = listingsOf(account);
    for (const t of PASS_ROLE_TECHNIQUES) {
      if (t.extraPasses?.length) continue;
      const members = rolesTrusting(account, t.service).filter((r) => !isServiceLinked(r) && plainTrust(r) && !(t.instanceProfile && r.instanceProfiles.length > 0));
      if (members.length < 3) continue;
      const actions = ['iam:PassRole', ...t.steps.flatMap(stepActions), ...(t.instanceProfile ? ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'] : [])];
      const cover = new Map<string, 'all' | 'none' | 'some'>();
      const coverOf = (pattern: string) => {
        let c = cover.get(pattern);
        if (!c) {
          const n = members.filter((r) => matchResource(pattern, r.arn)).length;
          cover.set(pattern, (c = n === 0 ? 'none' : n === members.length ? 'all' : 'some'));
        }
        return c;
      };
      const callers = actors.filter((p) => index.may(p, 'iam:PassRole') && t.steps.every((s) => stepActions(s).some((a) => index.may(p, a))) && uniform(profileOf(p, profiles), actions, coverOf));
      const existing = t.existing ? listing(t.existing.type) : undefined;
      const hub = passRoleHubId(account.accountId, t.id);
      const folded = foldBlock({
        hub,
        node: { provider: 'aws', type: 'aws:hub:pass-role', name: `roles of account ${account.accountId} trusting ${t.service} (${t.id})`, scope: account.accountId, props: { account: account.accountId, technique: t.id, service: t.service } },
        kind: 'CAN_PASS_ROLE_TO',
        technique: t.id,
        members,
        callers,
        pair: (p, r) => passRoleEdge(p, r, t, index, existing, account.roles, listing),
        roleSide: (ref, r) => ref.type === 'trust-policy' && ref.source === `${r.arn} trust policy`,
        callerSummary: () => `passes any of the ${t.service} roles of account ${account.accountId} it may pass, and ${t.how}`,
      });
      const kept = new Set(folded.members);
      decided.set(`${t.id}|${account.accountId}`, { callers: new Set(callers), rest: rolesTrusting(account, t.service).filter((r) => !kept.has(r)) });
      if (folded.node) nodes.push(folded.node);
      appendAll(edges, folded.edges);
    }
  }
  return {
    nodes,
    edges,
    rest: (caller, technique) => {
      const d = decided.get(`${technique}|${caller.accountId}`);
      return d?.callers.has(caller) ? d.rest : undefined;
    },
  };
}
