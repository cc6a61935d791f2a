import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsAccount, AwsRole } from '../../../model/inventory/index.js';
import { authorize } from '../policy/authorize.js';
import type { AwsPrincipal } from '../principals.js';
import { assumeRoleEdge } from './assume-role.js';
import { allowed, attackEdge, best, candidateArns, grant, isServiceLinked, keys, type ActionIndex, type Grant } from './common.js';
import { serviceTrust, trustedServices } from './service-trust.js';

export const STACK_SET_TECHNIQUE = 'aws:cloudformation:CreateStackSet+CreateStackInstances';

const CLOUDFORMATION = 'cloudformation.amazonaws.com';
const CREATE_SET = 'cloudformation:CreateStackSet';
const CREATE_INSTANCES = 'cloudformation:CreateStackInstances';
const ACTIONS = ['iam:PassRole', CREATE_SET, CREATE_INSTANCES];

/**
 * Template resource types that hand the execution role's reach to the attacker: a role that
 * trusts the attacker, or a user with an access key returned as a stack output.
 */
const PAYLOAD_TYPES = ['AWS-IAM-Role', 'AWS-IAM-AccessKey'];

/** A way to reach one execution role: through one administration role, on one stack-set name. */
interface Option {
  grants: Grant[];
  refs: EvidenceRef[];
  conditions: string[];
  assumptions: string[];
  admin: AwsRole;
}

/**
 * CAN_PASS_ROLE_TO from the caller to every execution role a self-managed stack set it creates
 * could deploy as. The caller passes an administration role (which CloudFormation assumes) with
 * CreateStackSet and creates stack instances in target accounts; CloudFormation, as the
 * administration role, assumes the execution role there and the template runs as it. The caller
 * names the execution role (ExecutionRoleName), so any role in any inventory account whose trust
 * admits the administration role qualifies. Whether the administration role may assume it is the
 * AssumeRole evaluator's verdict with the administration role as caller.
 */
export function stackSetEdges(
  p: AwsPrincipal,
  accounts: readonly AwsAccount[],
  principalOf: (arn: string) => AwsPrincipal | undefined,
  index: ActionIndex,
): GraphEdge[] {
  if (!index.mayAll(p, ACTIONS)) return [];
  const home = accounts.find((a) => a.accountId === p.accountId);
  if (!home) return [];
  const sets = candidateArns(p, [CREATE_SET, CREATE_INSTANCES], `arn:aws:cloudformation:*:${p.accountId}:stackset/*:*`);
  const byTarget = new Map<string, { role: AwsRole; options: Option[] }>();
  for (const admin of home.roles) {
    if (admin.arn === p.arn || isServiceLinked(admin) || !trustedServices(admin).includes(CLOUDFORMATION)) continue;
    const adminPrincipal = principalOf(admin.arn);
    if (!adminPrincipal) continue;
    const pass = grant(p, 'iam:PassRole', admin.arn, keys({ 'iam:PassedToService': CLOUDFORMATION }));
    if (!allowed(pass.decision)) continue;
    for (const target of accounts) {
      for (const execution of target.roles) {
        if (execution.arn === admin.arn || execution.arn === p.arn || isServiceLinked(execution)) continue;
        const hop = assumeRoleEdge(adminPrincipal, execution, target.accountId);
        if (!hop) continue;
        const option = bestOption(p, admin, pass, hop, sets, target.accountId);
        if (!option) continue;
        const entry = byTarget.get(execution.arn) ?? { role: execution, options: [] };
        entry.options.push(option);
        byTarget.set(execution.arn, entry);
      }
    }
  }
  const edges: GraphEdge[] = [];
  for (const { role, options } of byTarget.values()) {
    const chosen = options.find((o) => !o.grants.some((g) => g.decision.conditional) && o.conditions.length === 0) ?? options[0]!;
    const cross = role.arn.split(':')[4] !== p.accountId;
    edges.push(
      attackEdge({
        kind: 'CAN_PASS_ROLE_TO',
        technique: STACK_SET_TECHNIQUE,
        source: p.arn,
        target: role.arn,
        summary:
          `${cross ? 'cross-account: ' : ''}passes ${chosen.admin.name} (trusting ${CLOUDFORMATION}) as the administration role of a new self-managed stack set ` +
          `with ${role.name} as its execution role, and creates a stack instance in account ${role.arn.split(':')[4]}; CloudFormation assumes ${role.name} as ${chosen.admin.name} and the template runs as it`,
        grants: chosen.grants,
        refs: chosen.refs,
        assumptions: chosen.assumptions,
        conditions: chosen.conditions,
      }),
    );
  }
  return edges;
}

/** The stack-set name that rests on the fewest conditions, for one administration → execution hop. */
function bestOption(p: AwsPrincipal, admin: AwsRole, pass: Grant, hop: GraphEdge, sets: readonly string[], targetAccount: string): Option | undefined {
  const hopRefs = hop.evidence.refs.map((r) => ({ ...r, detail: `sts:AssumeRole by ${admin.name} on ${hop.target}${r.detail ? `; ${r.detail}` : ''}` }));
  const options: Option[] = [];
  for (const set of sets) {
    const trust: Grant = { action: `sts:AssumeRole by ${CLOUDFORMATION}`, resource: admin.arn, decision: serviceTrust(admin, CLOUDFORMATION, p.accountId, set, p.org) };
    if (!allowed(trust.decision)) continue;
    const createSet = grant(p, CREATE_SET, set, keys({ 'cloudformation:RoleArn': admin.arn }));
    const createInstances = grant(p, CREATE_INSTANCES, set);
    const optional = optionalResources(p, set, targetAccount);
    if (optional === undefined) continue;
    const grants = [pass, createSet, createInstances, ...optional, trust];
    if (!grants.every((g) => allowed(g.decision))) continue;
    options.push({
      grants,
      refs: hopRefs,
      conditions: hop.conditions ? [hop.conditions] : [],
      assumptions: [
        ...(hop.evidence.assumptions ?? []),
        ...(set !== sets[0] ? [`the attacker names the stack set to fit the policies, e.g. ${set}`] : []),
      ],
      admin,
    });
  }
  return best(options) ?? undefined;
}

/**
 * CreateStackInstances also names the stack-set target (the account) and the template's resource
 * types (stackset-target and type in the Service Authorization Reference). Policies that scope
 * the action to stack sets only are common, so these count as optional: an explicit Deny on
 * them refuses the request (undefined), an Allow is cited, and no Allow at all is no obstacle.
 */
function optionalResources(p: AwsPrincipal, set: string, targetAccount: string): Grant[] | undefined {
  const [, , , region, account] = set.split(':');
  const setId = set.slice(set.indexOf(':stackset/') + ':stackset/'.length);
  const target = `arn:aws:cloudformation:${region}:${account}:stackset-target/${setId}/${targetAccount}`;
  // AWS's public resource types appear both with and without the account field in policies.
  const types = PAYLOAD_TYPES.flatMap((t) => [`arn:aws:cloudformation:${region}:${account}:type/resource/${t}`, `arn:aws:cloudformation:${region}::type/resource/${t}`]);
  const ask = (resource: string): Grant => ({ action: CREATE_INSTANCES, resource, decision: authorize({ principal: p, action: CREATE_INSTANCES, resource, resourceAccount: account! }) });
  const onTarget = ask(target);
  if (onTarget.decision.effect === 'deny') return undefined;
  const onTypes = types.map(ask);
  if (onTypes.every((g) => g.decision.effect === 'deny')) return undefined;
  const cited = [onTarget, onTypes.find((g) => allowed(g.decision) && !g.decision.conditional) ?? onTypes.find((g) => allowed(g.decision))].filter(
    (g): g is Grant => g !== undefined && allowed(g.decision) && !g.decision.conditional,
  );
  return cited;
}
