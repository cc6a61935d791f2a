import type { GraphEdge } from '../../../model/graph.js';
import { composeThroughHub, isHubId } from '../../../model/hubs.js';
import type { AwsAccount, AwsManagedPolicy, PolicyDocument } from '../../../model/inventory/index.js';
import { evaluateStatements } from '../policy/evaluate.js';
import { sourced } from '../policy/statements.js';
import { actionClassRepresentatives, mayAllowEveryAction } from '../policy/every-action.js';
import type { AwsPrincipal } from '../principals.js';
import { accountArn } from '../../../build/aws.js';
import { ActionIndex, allowed, ANY_RESOURCE, attackEdge, grant, isServiceLinked, keys, resourceTags, type Grant } from './common.js';

export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** Whether a policy version allows every catalogued action on every resource, unconditionally. */
export function grantsEverything(document: PolicyDocument): boolean {
  const statements = sourced(document, { type: 'identity-policy', source: 'policy version' });
  if (!mayAllowEveryAction(statements)) return false;
  return actionClassRepresentatives(statements).every((action) => {
    const d = evaluateStatements(statements, { action, resource: ANY_RESOURCE, context: {}, conditions: () => undefined });
    return d.effect === 'allow' && !d.conditional;
  });
}

/** A non-default version of the policy that grants everything: what SetDefaultPolicyVersion restores. */
export function adminVersion(policy: AwsManagedPolicy | undefined): string | undefined {
  return policy?.versions.find((v) => !v.isDefault && v.versionId !== policy.defaultVersionId && grantsEverything(v.document))?.versionId;
}

/**
 * One way the principal can give another principal any permission: the holder(s) whose rights
 * become "anything", and the nodes whose reach makes that the attacker's (the principal itself,
 * or for a group its node — what joining it leads to — and its members).
 */
export interface Rewrite {
  technique: string;
  /** Principal or group whose permissions get rewritten. */
  holder: string;
  how: string;
  grants: Grant[];
  reachVia: string[];
}

export const REWRITE_ACTIONS = [
  'iam:PutUserPolicy',
  'iam:AttachUserPolicy',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutGroupPolicy',
  'iam:AttachGroupPolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
];

/**
 * Every rewrite the principal may do on OTHER principals of its account (rewrites of itself and
 * its own groups are tier-zero self-escalations). A permissions boundary on the holder caps
 * whatever is written, so it counts only if the principal may also delete that boundary.
 */
export function rewritesOf(p: AwsPrincipal, account: AwsAccount, policies: (arn: string) => AwsManagedPolicy | undefined, index: ActionIndex): Rewrite[] {
  if (!REWRITE_ACTIONS.some((a) => index.may(p, a))) return [];
  const out: Rewrite[] = [];
  const own = new Set([p.arn, ...p.groups.map((g) => g.arn)]);
  const attach = keys({ 'iam:PolicyARN': ADMIN_POLICY });
  const boundaryLift = (kind: 'User' | 'Role', arn: string, boundary: string | undefined): Grant[] | undefined => {
    if (!boundary) return [];
    const lift = grant(p, `iam:Delete${kind}PermissionsBoundary`, arn);
    return allowed(lift.decision) ? [lift] : undefined;
  };
  const principalRewrites = (kind: 'User' | 'Role', arn: string, name: string, tags: Record<string, string>, boundary: string | undefined) => {
    if (own.has(arn)) return;
    const lift = boundaryLift(kind, arn, boundary);
    if (!lift) return;
    for (const [verb, extra] of [['Put', resourceTags(tags)], ['Attach', attach]] as const) {
      if (!index.may(p, `iam:${verb}${kind}Policy`)) continue;
      const g = grant(p, `iam:${verb}${kind}Policy`, arn, extra);
      if (allowed(g.decision)) {
        out.push({ technique: `aws:iam:${verb}${kind}Policy`, holder: arn, how: `${verb === 'Put' ? 'puts an admin inline policy on' : 'attaches AdministratorAccess to'} ${name}`, grants: [g, ...lift], reachVia: [arn] });
      }
    }
  };
  for (const u of account.users) principalRewrites('User', u.arn, u.name, u.tags, u.permissionsBoundary);
  for (const r of account.roles) if (!isServiceLinked(r)) principalRewrites('Role', r.arn, r.name, r.tags, r.permissionsBoundary);

  const unbounded = new Set(account.users.filter((u) => !u.permissionsBoundary).map((u) => u.name));
  const membersOf = (group: string) => account.users.filter((u) => u.groups.includes(group) && unbounded.has(u.name)).map((u) => u.arn);
  for (const g of account.groups) {
    if (own.has(g.arn)) continue;
    for (const [verb, extra] of [['Put', undefined], ['Attach', attach]] as const) {
      if (!index.may(p, `iam:${verb}GroupPolicy`)) continue;
      const gr = grant(p, `iam:${verb}GroupPolicy`, g.arn, extra);
      if (allowed(gr.decision)) {
        out.push({ technique: `aws:iam:${verb}GroupPolicy`, holder: g.arn, how: `${verb === 'Put' ? 'puts an admin inline policy on' : 'attaches AdministratorAccess to'} group ${g.name}`, grants: [gr], reachVia: [g.arn, ...membersOf(g.name)] });
      }
    }
  }

  const mayVersion = index.may(p, 'iam:CreatePolicyVersion');
  const maySetDefault = index.may(p, 'iam:SetDefaultPolicyVersion');
  if (!mayVersion && !maySetDefault) return out;
  const holders = new Map<string, { arn: string; via: string[] }[]>();
  const hold = (policy: string, arn: string, via: string[]) => {
    if (own.has(arn)) return;
    holders.set(policy, [...(holders.get(policy) ?? []), { arn, via }]);
  };
  for (const u of account.users) if (unbounded.has(u.name)) u.attachedPolicies.forEach((a) => hold(a, u.arn, [u.arn]));
  for (const r of account.roles) if (!r.permissionsBoundary && !isServiceLinked(r)) r.attachedPolicies.forEach((a) => hold(a, r.arn, [r.arn]));
  for (const g of account.groups) g.attachedPolicies.forEach((a) => hold(a, g.arn, [g.arn, ...membersOf(g.name)]));
  for (const [policyArn, list] of holders) {
    if (policyArn.startsWith('arn:aws:iam::aws:')) continue;
    const variants: { technique: string; grant: Grant; how: string }[] = [];
    if (mayVersion) variants.push({ technique: 'aws:iam:CreatePolicyVersion', grant: grant(p, 'iam:CreatePolicyVersion', policyArn), how: `writes an admin default version of ${policyArn}` });
    const old = maySetDefault ? adminVersion(policies(policyArn)) : undefined;
    if (old) variants.push({ technique: 'aws:iam:SetDefaultPolicyVersion', grant: grant(p, 'iam:SetDefaultPolicyVersion', policyArn), how: `makes the admin version ${old} of ${policyArn} the default again` });
    for (const v of variants) {
      if (!allowed(v.grant.decision)) continue;
      for (const h of list) out.push({ technique: v.technique, holder: h.arn, how: `${v.how}, attached to ${h.arn}`, grants: [v.grant], reachVia: h.via });
    }
  }
  return out;
}

export interface ReachStep {
  edge: GraphEdge;
  from?: ReachStep;
}

/**
 * Shortest ways (by hops) from a node over the given edges: node → the last edge of its path. A hub
 * is passed through within one hop (src/model/hubs.ts), as the edges it stands for would be; once
 * a hub is passed, each of its targets is seen, so it is passed once.
 */
export function reachFrom(start: string, out: (node: string) => readonly GraphEdge[]): Map<string, ReachStep> {
  const seen = new Map<string, ReachStep>();
  const passed = new Set<string>();
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    const reach = (node: string, e: GraphEdge) => {
      if (e.target === start || seen.has(e.target)) return;
      seen.set(e.target, { edge: e, from: seen.get(node) });
      next.push(e.target);
    };
    for (const node of frontier) {
      for (const e of out(node)) {
        if (!isHubId(e.target)) {
          reach(node, e);
          continue;
        }
        if (passed.has(e.target)) continue;
        passed.add(e.target);
        for (const o of out(e.target)) {
          const composed = composeThroughHub(e, o);
          if (composed) reach(node, composed);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

export function pathOf(step: ReachStep): GraphEdge[] {
  const path: GraphEdge[] = [];
  for (let s: ReachStep | undefined = step; s; s = s.from) path.unshift(s.edge);
  return path;
}

/**
 * CAN_MODIFY_POLICY to the account: the principal can give another principal any permission AND
 * can become that principal (assume it, create its key, run code as it, join the group…). Either
 * alone is no escalation; together they make the attacker admin of the account. The path to the
 * holder is part of the evidence, and its conditions carry over.
 */
export function rewriteEdges(p: AwsPrincipal, rewrites: readonly Rewrite[], reach: Map<string, ReachStep>): GraphEdge[] {
  const byTechnique = new Map<string, GraphEdge>();
  for (const r of rewrites) {
    const via = r.reachVia.find((n) => reach.has(n));
    if (!via) continue;
    const path = pathOf(reach.get(via)!);
    const hops = path.map((e) => `${e.technique} → ${e.target}`).join(', ');
    const edge = attackEdge({
      kind: 'CAN_MODIFY_POLICY',
      technique: r.technique,
      source: p.arn,
      target: accountArn(p.accountId),
      summary: `${r.how}, and can become it: ${hops}`,
      grants: r.grants,
      refs: path.flatMap((e) => e.evidence.refs),
      assumptions: path.flatMap((e) => e.evidence.assumptions ?? []),
      conditions: path.filter((e) => e.conditional).map((e) => e.conditions ?? `conditional ${e.technique}`),
    });
    const prerequisites = path.flatMap((e) => e.evidence.prerequisites ?? []);
    if (prerequisites.length > 0) edge.evidence.prerequisites = prerequisites;
    const prior = byTechnique.get(r.technique);
    if (!prior || (prior.conditional && !edge.conditional)) byTechnique.set(r.technique, edge);
  }
  return [...byTechnique.values()];
}
