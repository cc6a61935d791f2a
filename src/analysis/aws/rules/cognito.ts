import type { EvidenceRef, GraphEdge } from '../../../model/graph.js';
import type { AwsAccount, AwsResource, AwsRole } from '../../../model/inventory/index.js';
import { authorize } from '../policy/authorize.js';
import type { Decision } from '../policy/evaluate.js';
import type { OrgControls } from '../policy/org.js';
import { asList } from '../policy/statements.js';
import type { AwsPrincipal } from '../principals.js';
import { allowed, attackEdge, best, candidateArns, grant, isServiceLinked, keys, type ActionIndex, type Grant } from './common.js';
import type { RequestContext } from '../policy/variables.js';
import { clockOf } from '../policy/attacker-context.js';

export const COGNITO_TECHNIQUE = 'aws:cognito-identity:SetIdentityPoolRoles';
/** Inventory type of a Cognito identity pool; props allowUnauthenticatedIdentities, allowClassicFlow. */
export const IDENTITY_POOL = 'cognito-identity:identitypool';

const COGNITO = 'cognito-identity.amazonaws.com';
const SET_ROLES = 'cognito-identity:SetIdentityPoolRoles';
const UPDATE_POOL = 'cognito-identity:UpdateIdentityPool';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const AUD = `${COGNITO}:aud`;


/** One identity pool the request may name. */
interface Pool {
  id: string;
  arn: string;
  resource?: AwsResource;
  /** Set when the pool is not in the input and is assumed to exist. */
  assumed?: string;
}

interface Option {
  grants: Grant[];
  refs: EvidenceRef[];
  conditions: string[];
  assumptions: string[];
  pool: Pool;
}

/**
 * CAN_PASS_ROLE_TO: the caller makes a role the unauthenticated role of an identity pool
 * (SetIdentityPoolRoles with iam:PassRole to cognito-identity), after which anyone, the attacker
 * included, obtains the role's credentials without signing a request. The trust must let
 * Cognito's web identities assume the role for that pool (aud = pool id) as unauthenticated
 * identities (amr). Pools come from the inventory when it lists them, else are assumed.
 */
export function cognitoEdges(p: AwsPrincipal, account: AwsAccount, index: ActionIndex): GraphEdge[] {
  if (!index.mayAll(p, ['iam:PassRole', SET_ROLES])) return [];
  const known = (account.resources ?? []).filter((r) => r.type === IDENTITY_POOL);
  const complete = (account.collected ?? []).includes(IDENTITY_POOL);
  const edges: GraphEdge[] = [];
  for (const role of account.roles) {
    if (role.arn === p.arn || isServiceLinked(role) || !trustsCognito(role)) continue;
    const pass = grant(p, 'iam:PassRole', role.arn, keys({ 'iam:PassedToService': COGNITO }));
    if (!allowed(pass.decision)) continue;
    const options = poolsFor(p, role, known, complete).flatMap((pool) => optionFor(p, role, pool, pass) ?? []);
    const chosen = best(options);
    if (!chosen) continue;
    edges.push(
      attackEdge({
        kind: 'CAN_PASS_ROLE_TO',
        technique: COGNITO_TECHNIQUE,
        source: p.arn,
        target: role.arn,
        summary:
          `passes ${role.name} (trusting Cognito identity pool ${chosen.pool.id} for unauthenticated identities) and makes it the pool's unauthenticated role; ` +
          `anyone on the internet, the attacker included, then obtains its credentials without signing a request`,
        grants: chosen.grants,
        refs: chosen.refs,
        assumptions: chosen.assumptions,
        conditions: chosen.conditions,
      }),
    );
  }
  return edges;
}

/** Whether any Allow of the trust names Cognito identity pools as a Federated principal. */
function trustsCognito(role: AwsRole): boolean {
  return role.trustPolicy.Statement.some((s) => s.Effect === 'Allow' && s.Principal !== undefined && s.Principal !== '*' && asList(s.Principal.Federated).includes(COGNITO));
}

function poolArn(account: string, id: string): string {
  const region = id.includes(':') ? id.slice(0, id.indexOf(':')) : 'x';
  return `arn:aws:cognito-identity:${region}:${account}:identitypool/${id}`;
}

const poolIdOf = (r: AwsResource) => (typeof r.props.identityPoolId === 'string' ? r.props.identityPoolId : r.arn.slice(r.arn.indexOf(':identitypool/') + ':identitypool/'.length));

/**
 * Pools the request may name: those listed and, unless the listing was read in full, the pools
 * the trust pins (they exist somewhere) and any other the caller's policies allow.
 */
function poolsFor(p: AwsPrincipal, role: AwsRole, known: readonly AwsResource[], complete: boolean): Pool[] {
  const out: Pool[] = known.map((r) => ({ id: poolIdOf(r), arn: r.arn, resource: r }));
  if (complete) return out;
  const seen = new Set(out.map((x) => x.id));
  const assumed = (id: string): Pool => ({ id, arn: poolArn(p.accountId, id), assumed: `identity pool ${id} exists in account ${p.accountId} (no listing of ${IDENTITY_POOL} resources was read)` });
  for (const id of pinnedPools(role)) if (!seen.has(id)) out.push(assumed(id));
  for (const arn of candidateArns(p, [SET_ROLES], `arn:aws:cognito-identity:*:${p.accountId}:identitypool/*`)) {
    const id = arn.slice(arn.indexOf(':identitypool/') + ':identitypool/'.length);
    if (!seen.has(id) && !out.some((x) => x.id === id)) out.push(assumed(id));
  }
  return out;
}

/** Pool ids the trust pins with cognito-identity.amazonaws.com:aud (wildcards filled in). */
function pinnedPools(role: AwsRole): string[] {
  const out = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) if (key.toLowerCase() === AUD) for (const v of asList(value)) out.add(String(v).replace(/[*?]/g, 'x'));
    }
  }
  return [...out];
}

function optionFor(p: AwsPrincipal, role: AwsRole, pool: Pool, pass: Grant): Option | undefined {
  const trust: Grant = { action: `${WEB_IDENTITY} by an unauthenticated identity of pool ${pool.id}`, resource: role.arn, decision: webIdentityTrust(role, pool.id, p.org, clockOf(p.context)) };
  if (!allowed(trust.decision)) return undefined;
  const ask = (action: string): Grant => ({ action, resource: pool.arn, decision: authorize({ principal: p, action, resource: pool.arn, ...(pool.resource ? { resourceTags: pool.resource.tags } : {}) }) });
  const setRoles = ask(SET_ROLES);
  if (!allowed(setRoles.decision)) return undefined;

  const conditions = pool.assumed ? [pool.assumed] : [];
  const grants = [pass, setRoles];
  const unauthenticated = pool.resource ? pool.resource.props.allowUnauthenticatedIdentities === true : undefined;
  const classic = pool.resource ? pool.resource.props.allowClassicFlow === true : undefined;
  if (unauthenticated !== true || classic !== true) {
    // UpdateIdentityPool turns on unauthenticated identities and the classic flow.
    const update = ask(UPDATE_POOL);
    if (allowed(update.decision)) grants.push(update);
    else if (unauthenticated === false) return undefined;
    else {
      if (unauthenticated === undefined) conditions.push(`identity pool ${pool.id} allows unauthenticated identities`);
      if (classic !== true) conditions.push(`identity pool ${pool.id} allows the basic (classic) flow; otherwise Cognito's enhanced flow scopes the unauthenticated session down to a fixed list of services`);
    }
  }
  return {
    grants: [...grants, trust],
    refs: pool.resource ? [{ type: 'inventory', source: pool.resource.arn, detail: `identity pool ${pool.id}` }] : [],
    conditions,
    assumptions: ['anyone who knows the pool id can then mint the role\'s credentials (GetId, GetOpenIdToken, AssumeRoleWithWebIdentity): the role is exposed to the internet'],
    pool,
  };
}

/**
 * Whether the trust lets an unauthenticated identity of the pool assume the role with a Cognito
 * token: Federated cognito-identity.amazonaws.com, aud = the pool id, amr = unauthenticated.
 */
export function webIdentityTrust(role: AwsRole, poolId: string, org?: OrgControls, clock: RequestContext = {}): Decision {
  return authorize({
    principal: { service: COGNITO, federated: true, ...(org ? { org } : {}) },
    action: WEB_IDENTITY,
    resource: role.arn,
    resourcePolicy: role.trustPolicy,
    context: { ...clock, [AUD]: poolId, [`${COGNITO}:amr`]: ['unauthenticated'], 'aws:FederatedProvider': COGNITO },
  });
}
