import { appendAll } from '../../../model/append.js';
import type { GraphEdge, GraphNode } from '../../../model/graph.js';
import { assumeRoleHubId } from '../../../model/hubs.js';
import { foldBlock } from './block.js';
import type { AwsRole } from '../../../model/inventory/index.js';
import { matchAction, matchResource } from '../policy/match.js';
import { asList, type SourcedStatement } from '../policy/statements.js';
import { ownStatements, type AwsPrincipal } from '../principals.js';
import { assumeRoleEdge } from '../rules/assume-role.js';
import { isServiceLinked, type ActionIndex } from '../rules/common.js';

const ACTION = 'sts:AssumeRole';
const TECHNIQUE = 'aws:sts:AssumeRole';

/**
 * CAN_ASSUME folded through hubs (src/model/hubs.ts). A hub stands for the roles of account A whose
 * trust admits account X as a whole and nothing else that an AWS caller could use; its callers are
 * the principals of X whose own policies (identity, boundary, session, SCPs, and A's RCPs) treat
 * every one of those roles alike: each statement about sts:AssumeRole names all of them or none,
 * and no condition reads the resource. Then `caller → role` holds exactly when `caller → hub` and
 * `hub → role` do, which is decided once per caller (against one role) and once per role (for one
 * caller) by the same evaluator as every other pair, instead of callers × roles times.
 * Roles and callers that do not fit are paired as before; so is any hub too small to pay off.
 */
export interface AssumeFold {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Whether the pair is decided by a hub (its edge, if any, is a hub edge): skip it. */
  covered: (caller: string, role: string) => boolean;
  /**
   * For a role a hub holds, the callers still to pair with it (those of the trusted account that
   * may assume roles but not every hub role alike): its other candidates are all the hub's.
   */
  rest: (role: string) => readonly AwsPrincipal[] | undefined;
}

export const NO_FOLD: AssumeFold = { nodes: [], edges: [], covered: () => false, rest: () => undefined };

/** The account a role's trust admits as a whole, when that is all it admits of AWS callers. */
export function wholeAccountTrust(role: AwsRole): string | undefined {
  if (isServiceLinked(role)) return undefined;
  let account: string | undefined;
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow' || s.NotPrincipal !== undefined || s.Principal === undefined || s.Principal === '*') return undefined;
    const aws = s.Principal.AWS;
    if (aws === undefined) continue;
    if (s.Condition !== undefined || s.Action === undefined || !asList(s.Action).some((a) => matchAction(a, ACTION))) return undefined;
    for (const v of asList(aws)) {
      const m = /^(?:arn:aws:iam::(\d{12}):root|(\d{12}))$/.exec(v);
      const a = m?.[1] ?? m?.[2];
      if (!a || (account !== undefined && account !== a)) return undefined;
      account = a;
    }
  }
  return account;
}

interface Draft {
  roleAccount: string;
  trusted: string;
  members: AwsRole[];
  cover: Map<string, 'all' | 'none' | 'some'>;
}

function patternCover(d: Draft, pattern: string): 'all' | 'none' | 'some' {
  let c = d.cover.get(pattern);
  if (!c) {
    const n = d.members.filter((r) => matchResource(pattern, r.arn)).length;
    d.cover.set(pattern, (c = n === 0 ? 'none' : n === d.members.length ? 'all' : 'some'));
  }
  return c;
}

/** Whether every statement of the caller's about sts:AssumeRole treats the hub's roles alike. */
function uniform(p: AwsPrincipal, d: Draft): boolean {
  const rcps: readonly SourcedStatement[] = p.org?.rcpsFor(d.roleAccount, 'sts', p.path)?.flatMap((l) => l.statements) ?? [];
  for (const s of [...ownStatements(p), ...rcps]) {
    const st = s.statement;
    const applies = st.Action !== undefined ? asList(st.Action).some((a) => matchAction(a, ACTION)) : !asList(st.NotAction).some((a) => matchAction(a, ACTION));
    if (!applies) continue;
    if (st.NotResource !== undefined) return false;
    if (st.Condition !== undefined && /resource/i.test(JSON.stringify(st.Condition))) return false;
    for (const r of asList(st.Resource)) {
      if (r === '*') continue;
      if (r.includes('${') || patternCover(d, r) === 'some') return false;
    }
  }
  return true;
}

const isTrustRefOf = (r: { type: string; source: string }, role: AwsRole) => r.type === 'trust-policy' && r.source === `${role.arn} trust policy`;

export function foldAssumeRole(input: {
  roles: readonly { role: AwsRole; account: string }[];
  byAccount: ReadonlyMap<string, readonly AwsPrincipal[]>;
  index: ActionIndex;
}): AssumeFold {
  const drafts = new Map<string, Draft>();
  for (const { role, account } of input.roles) {
    const trusted = wholeAccountTrust(role);
    if (!trusted || !input.byAccount.has(trusted)) continue;
    const key = `${account}|${trusted}`;
    const d = drafts.get(key);
    if (d) d.members.push(role);
    else drafts.set(key, { roleAccount: account, trusted, members: [role], cover: new Map() });
  }

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const callersOf = new Map<string, Set<string>>();
  const restOf = new Map<string, AwsPrincipal[]>();
  for (const d of drafts.values()) {
    const may = (input.byAccount.get(d.trusted) ?? []).filter((p) => input.index.may(p, ACTION));
    const callers = may.filter((p) => uniform(p, d));
    const folded = foldBlock({
      hub: assumeRoleHubId(d.roleAccount, d.trusted),
      node: { provider: 'aws', type: 'aws:hub:assume-role', name: `roles of account ${d.roleAccount} trusting account ${d.trusted}`, scope: d.roleAccount, props: { roleAccount: d.roleAccount, trustedAccount: d.trusted } },
      kind: 'CAN_ASSUME',
      technique: TECHNIQUE,
      members: d.members,
      callers,
      pair: (p, r) => assumeRoleEdge(p, r, d.roleAccount),
      roleSide: isTrustRefOf,
    });
    const covered = new Set(callers.map((p) => p.arn));
    const rest = may.filter((p) => !covered.has(p.arn));
    for (const r of folded.members) {
      callersOf.set(r.arn, covered);
      restOf.set(r.arn, rest);
    }
    if (folded.node) nodes.push(folded.node);
    appendAll(edges, folded.edges);
  }
  return { nodes, edges, covered: (caller, role) => callersOf.get(role)?.has(caller) ?? false, rest: (role) => restOf.get(role) };
}
