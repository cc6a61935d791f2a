import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsAccount, AwsResource, AwsRole } from '../../../model/inventory/index.js';
import { authorize } from '../policy/authorize.js';
import type { AwsPrincipal } from '../principals.js';
import { assumeRoleEdge } from './assume-role.js';
import { allowed, attackEdge, best, candidateArns, grant, isServiceLinked, keys, type ActionIndex, type Grant } from './common.js';
import { serviceTrust, trustedServices } from './service-trust.js';
import { clockOf } from '../policy/attacker-context.js';

export const STACK_SET_TECHNIQUE = 'aws:cloudformation:CreateStackSet+CreateStackInstances';
export const UPDATE_STACK_SET_TECHNIQUE = 'aws:cloudformation:UpdateStackSet';
/** Inventory type of a stack set; props administrationRoleArn, executionRoleName, permissionModel, instanceAccounts. */
export const STACK_SET = 'cloudformation:stackset';

const CLOUDFORMATION = 'cloudformation.amazonaws.com';
const CREATE_SET = 'cloudformation:CreateStackSet';
const CREATE_INSTANCES = 'cloudformation:CreateStackInstances';
const UPDATE_SET = 'cloudformation:UpdateStackSet';
const ACTIONS = ['iam:PassRole', CREATE_SET, CREATE_INSTANCES];
const SET_SHAPE = (account: string) => `arn:aws:cloudformation:*:${account}:stackset/*:*`;

/**
 * Template resource types that hand the execution role's reach to the attacker: a role that
 * trusts the attacker, or a user with an access key returned as a stack output.
 */
const PAYLOAD_TYPES = ['AWS-IAM-Role', 'AWS-IAM-AccessKey'];

/** A way to reach one execution role: through one administration role, on one stack set. */
interface Option {
  grants: Grant[];
  refs: EvidenceRef[];
  conditions: string[];
  assumptions: string[];
  admin: AwsRole;
  set: string;
  /** The execution role reached. */
  target: AwsRole;
}

/** An administration role the caller may pass to CloudFormation, with that PassRole grant. */
interface Admin {
  role: AwsRole;
  principal: AwsPrincipal;
  pass: Grant;
}

/** An execution role the administration role may assume, in the account it lives in. */
interface Hop {
  role: AwsRole;
  account: string;
  edge: GraphEdge;
}

/** The requests that make the stack set deploy to `targetAccount`, or undefined when refused. */
type Requests = (set: string, admin: AwsRole, targetAccount: string) => { grants: Grant[]; conditions: string[]; assumptions: string[] } | undefined;

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
  const sets = candidateArns(p, [CREATE_SET, CREATE_INSTANCES], SET_SHAPE(p.accountId));
  const requests: Requests = (set, admin, target) => {
    const optional = optionalResources(p, CREATE_INSTANCES, set, target);
    if (!optional) return undefined;
    return {
      grants: [grant(p, CREATE_SET, set, keys({ 'cloudformation:RoleArn': admin.arn })), grant(p, CREATE_INSTANCES, set), ...optional],
      conditions: [],
      assumptions: set !== sets[0] ? [`the attacker names the stack set to fit the policies, e.g. ${set}`] : [],
    };
  };
  const options: Option[] = [];
  for (const admin of adminRoles(p, home.roles, principalOf)) {
    for (const hop of executionHops(p, admin, accounts)) {
      const option = best(sets.flatMap((set) => setOption(p, admin, hop, set, requests) ?? []));
      if (option) options.push(option);
    }
  }
  return edgesPerTarget(p, STACK_SET_TECHNIQUE, options, (o, role) =>
    `passes ${o.admin.name} (trusting ${CLOUDFORMATION}) as the administration role of a new self-managed stack set ` +
    `with ${role.name} as its execution role, and creates a stack instance in account ${accountOf(role.arn)}; CloudFormation assumes ${role.name} as ${o.admin.name} and the template runs as it`,
  );
}

/**
 * CAN_PASS_ROLE_TO from the caller to the execution roles an existing self-managed stack set
 * deploys as: UpdateStackSet with a new template reruns every stack instance as the execution
 * role, assumed by the stack set's administration role. A stack set with a custom administration
 * role takes it again on every update (AdministrationRoleARN), so PassRole on it is needed; the
 * update may also name another execution role (ExecutionRoleName), so any role of an instance
 * account that trusts the administration role qualifies. An account without an instance needs
 * CreateStackInstances too. Stack sets come from the inventory; when its listing was not read, a
 * self-managed stack set with an instance in the target account is assumed, conditionally.
 */
export function updateStackSetEdges(
  p: AwsPrincipal,
  accounts: readonly AwsAccount[],
  principalOf: (arn: string) => AwsPrincipal | undefined,
  index: ActionIndex,
): GraphEdge[] {
  if (!index.mayAll(p, ['iam:PassRole', UPDATE_SET])) return [];
  const home = accounts.find((a) => a.accountId === p.accountId);
  if (!home) return [];
  const known = (home.resources ?? []).filter((r) => r.type === STACK_SET && r.props.permissionModel !== 'SERVICE_MANAGED' && r.props.status !== 'DELETED');
  const complete = (home.collected ?? []).includes(STACK_SET);
  const byArn = new Map(known.map((r) => [r.arn, r]));
  const assumed = complete ? [] : candidateArns(p, [UPDATE_SET], SET_SHAPE(p.accountId)).filter((a) => !byArn.has(a));
  const canAddInstances = index.may(p, CREATE_INSTANCES);

  const requests: Requests = (set, admin, target) => updateRequests(p, byArn.get(set), set, admin, target, canAddInstances);
  const options: Option[] = [];
  const sets = [...byArn.keys(), ...assumed];
  for (const admin of adminRoles(p, home.roles, principalOf)) {
    for (const hop of executionHops(p, admin, accounts)) {
      const per = sets.flatMap((set) => setOption(p, admin, hop, set, requests) ?? []);
      const option = preferred(per);
      if (!option) continue;
      const r = byArn.get(option.set);
      const execution = typeof r?.props.executionRoleName === 'string' ? r.props.executionRoleName : undefined;
      options.push({
        ...option,
        refs: [...(r ? [{ type: 'inventory' as const, source: r.arn, detail: `self-managed stack set ${r.name}` }] : []), ...option.refs],
        assumptions: [
          ...option.assumptions,
          ...(execution !== undefined && execution !== hop.role.name ? [`the update names ${hop.role.name} as ExecutionRoleName (the stack set's is ${execution})`] : []),
        ],
      });
    }
  }
  return edgesPerTarget(p, UPDATE_STACK_SET_TECHNIQUE, options, (o, role) => {
    const r = byArn.get(o.set);
    return (
      `passes ${o.admin.name} (trusting ${CLOUDFORMATION}) again as the administration role of ${r ? `existing stack set ${r.name}` : 'an existing self-managed stack set'} ` +
      `and updates it with a new template; CloudFormation assumes ${role.name} in account ${accountOf(role.arn)} as ${o.admin.name} and the template runs as it`
    );
  });
}

/**
 * The requests of one update: UpdateStackSet (naming the administration role), and for an account
 * without a listed instance CreateStackInstances too, or else the condition that one is there.
 * `r` is the listed stack set, undefined for one assumed to exist.
 */
function updateRequests(p: AwsPrincipal, r: AwsResource | undefined, set: string, admin: AwsRole, target: string, canAddInstances: boolean): ReturnType<Requests> {
  const named = typeof r?.props.administrationRoleArn === 'string' ? r.props.administrationRoleArn : undefined;
  if (named !== undefined && named !== admin.arn) return undefined;
  const optional = optionalResources(p, UPDATE_SET, set, target);
  if (!optional) return undefined;
  const grants = [grant(p, UPDATE_SET, set, keys({ 'cloudformation:RoleArn': admin.arn })), ...optional];
  if (!r) {
    return { grants, conditions: [`a self-managed stack set administered by ${admin.name} with a stack instance in account ${target} exists (no listing of ${STACK_SET} resources of account ${p.accountId} was read)`], assumptions: [] };
  }
  const conditions: string[] = [];
  if (!named) conditions.push(`stack set ${r.name} is administered by ${admin.name} (its description was not read)`);
  if (r.props.permissionModel === undefined) conditions.push(`stack set ${r.name} is self-managed (its permission model was not read)`);
  const instances = Array.isArray(r.props.instanceAccounts) ? (r.props.instanceAccounts as string[]) : undefined;
  if (instances?.includes(target)) return { grants, conditions, assumptions: [] };
  // No instance there, or the instances were not listed: adding one settles it either way.
  const add = canAddInstances ? grant(p, CREATE_INSTANCES, set) : undefined;
  const addOptional = add && allowed(add.decision) ? optionalResources(p, CREATE_INSTANCES, set, target) : undefined;
  if (add && addOptional) grants.push(add, ...addOptional);
  else if (instances) return undefined;
  else conditions.push(`stack set ${r.name} has a stack instance in account ${target} (its stack instances were not listed)`);
  return { grants, conditions, assumptions: [] };
}

const accountOf = (arn: string) => arn.split(':')[4]!;

/** Roles of the caller's account that CloudFormation may assume as administration role and the caller may pass. */
function adminRoles(p: AwsPrincipal, roles: readonly AwsRole[], principalOf: (arn: string) => AwsPrincipal | undefined): Admin[] {
  const out: Admin[] = [];
  for (const role of roles) {
    if (role.arn === p.arn || isServiceLinked(role) || !trustedServices(role).includes(CLOUDFORMATION)) continue;
    const principal = principalOf(role.arn);
    if (!principal) continue;
    const pass = grant(p, 'iam:PassRole', role.arn, keys({ 'iam:PassedToService': CLOUDFORMATION }));
    if (allowed(pass.decision)) out.push({ role, principal, pass });
  }
  return out;
}

/** Roles of any input account that the administration role may assume (the AssumeRole evaluator's verdict). */
function executionHops(p: AwsPrincipal, admin: Admin, accounts: readonly AwsAccount[]): Hop[] {
  const out: Hop[] = [];
  for (const target of accounts) {
    for (const role of target.roles) {
      if (role.arn === admin.role.arn || role.arn === p.arn || isServiceLinked(role)) continue;
      const edge = assumeRoleEdge(admin.principal, role, target.accountId);
      if (edge) out.push({ role, account: target.accountId, edge });
    }
  }
  return out;
}

/** One stack set as the way from the caller, through the administration role, to one execution role. */
function setOption(p: AwsPrincipal, admin: Admin, hop: Hop, set: string, requests: Requests): Option | undefined {
  const trust: Grant = { action: `sts:AssumeRole by ${CLOUDFORMATION}`, resource: admin.role.arn, decision: serviceTrust(admin.role, CLOUDFORMATION, p.accountId, set, p.org, clockOf(p.context)) };
  if (!allowed(trust.decision)) return undefined;
  const made = requests(set, admin.role, hop.account);
  if (!made) return undefined;
  const grants = [admin.pass, ...made.grants, trust];
  if (!grants.every((g) => allowed(g.decision))) return undefined;
  return {
    grants,
    refs: hop.edge.evidence.refs.map((r) => ({ ...r, detail: `sts:AssumeRole by ${admin.role.name} on ${hop.edge.target}${r.detail ? `; ${r.detail}` : ''}` })),
    conditions: [...(hop.edge.conditions ? [hop.edge.conditions] : []), ...made.conditions],
    assumptions: [...(hop.edge.evidence.assumptions ?? []), ...made.assumptions],
    admin: admin.role,
    set,
    target: hop.role,
  };
}

/** Unconditional grants and no conditions first, then unconditional grants, then anything allowed. */
function preferred(options: readonly Option[]): Option | undefined {
  const clean = (o: Option) => o.grants.every((g) => !g.decision.conditional);
  return options.find((o) => clean(o) && o.conditions.length === 0) ?? options.find(clean) ?? options[0];
}

/** One edge per execution role, from the option that rests on the fewest conditions. */
function edgesPerTarget(p: AwsPrincipal, technique: string, options: readonly Option[], summary: (o: Option, role: AwsRole) => string): GraphEdge[] {
  const byTarget = new Map<string, { role: AwsRole; options: Option[] }>();
  for (const o of options) {
    const role = o.target;
    const entry = byTarget.get(role.arn) ?? { role, options: [] };
    entry.options.push(o);
    byTarget.set(role.arn, entry);
  }
  return [...byTarget.values()].map(({ role, options: mine }) => {
    const chosen = preferred(mine)!;
    const cross = accountOf(role.arn) !== p.accountId;
    return attackEdge({
      kind: 'CAN_PASS_ROLE_TO',
      technique,
      source: p.arn,
      target: role.arn,
      summary: `${cross ? 'cross-account: ' : ''}${summary(chosen, role)}`,
      grants: chosen.grants,
      refs: chosen.refs,
      assumptions: chosen.assumptions,
      conditions: chosen.conditions,
    });
  });
}

/**
 * CreateStackInstances and UpdateStackSet also name the stack-set target (the account) and the
 * template's resource types (stackset-target and type in the Service Authorization Reference).
 * Policies that scope the action to stack sets only are common, so these count as optional: an
 * explicit Deny on them refuses the request (undefined), an Allow is cited, and no Allow at all is
 * no obstacle.
 */
function optionalResources(p: AwsPrincipal, action: string, set: string, targetAccount: string): Grant[] | undefined {
  const [, , , region, account] = set.split(':');
  const setId = set.slice(set.indexOf(':stackset/') + ':stackset/'.length);
  const target = `arn:aws:cloudformation:${region}:${account}:stackset-target/${setId}/${targetAccount}`;
  // AWS's public resource types appear both with and without the account field in policies.
  const types = PAYLOAD_TYPES.flatMap((t) => [`arn:aws:cloudformation:${region}:${account}:type/resource/${t}`, `arn:aws:cloudformation:${region}::type/resource/${t}`]);
  const ask = (resource: string): Grant => ({ action, resource, decision: authorize({ principal: p, action, resource, resourceAccount: account! }) });
  const onTarget = ask(target);
  if (onTarget.decision.effect === 'deny') return undefined;
  const onTypes = types.map(ask);
  if (onTypes.every((g) => g.decision.effect === 'deny')) return undefined;
  return [onTarget, onTypes.find((g) => allowed(g.decision) && !g.decision.conditional) ?? onTypes.find((g) => allowed(g.decision))].filter(
    (g): g is Grant => g !== undefined && allowed(g.decision) && !g.decision.conditional,
  );
}
