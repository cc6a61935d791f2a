import type { GraphEdge } from '../../model/graph.js';
import type { AwsAccount, AwsInventory, AwsRole } from '../../model/inventory/index.js';
import { authorize } from '../aws/policy/authorize.js';
import type { ConditionContext, KeyValue } from '../aws/policy/conditions.js';
import { clockOf, requestTimeKeys } from '../aws/policy/attacker-context.js';
import type { RequestContext } from '../aws/policy/variables.js';
import { OrgControls } from '../aws/policy/org.js';
import { asList } from '../aws/policy/statements.js';
import { allowed, attackEdge, best, isServiceLinked, type Grant } from '../aws/rules/common.js';
import type { WorkloadToken } from './types.js';

export const WEB_IDENTITY_TECHNIQUE = 'aws:sts:AssumeRoleWithWebIdentity';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
/** Inventory type of an IAM OIDC identity provider (`iam list-open-id-connect-providers`); props `url`, `clientIds`. */
export const OIDC_PROVIDER = 'iam:oidc-provider';
/** The audience AWS's own tooling asks for, and the usual client id of an OIDC provider. */
const STS_AUDIENCE = 'sts.amazonaws.com';

/** `https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/` → `oidc.eks.eu-west-1.amazonaws.com/id/ABC`: how IAM names the provider and prefixes its keys. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

const PROVIDER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):oidc-provider\/(.+)$/;

/** OIDC providers a role's trust admits for web-identity sessions, by host. */
function trustedProviders(role: AwsRole): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow' || s.Principal === undefined || s.Principal === '*') continue;
    for (const arn of asList(s.Principal.Federated)) {
      const m = PROVIDER_ARN.exec(arn);
      if (m) out.set(m[2]!.toLowerCase(), arn);
    }
  }
  return out;
}

/** Audience values the trust tests for this provider (wildcards filled in), the ones worth asking for. */
function namedAudiences(role: AwsRole, host: string): string[] {
  const key = `${host}:aud`.toLowerCase();
  const out = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key) for (const x of asList(v)) out.add(String(x).replace(/[*?]/g, 'x'));
    }
  }
  return [...out];
}

/** The token as STS sees it: `<host>:<claim>` keys answered from the token, an absent claim known to be absent. */
function tokenKeys(token: WorkloadToken, host: string, audience: string): ConditionContext {
  const prefix = `${host.toLowerCase()}:`;
  const claims = new Map(Object.entries(token.claims).map(([k, v]) => [k.toLowerCase(), v]));
  claims.set('sub', token.subject);
  claims.set('aud', audience);
  return (key) => {
    const k = key.toLowerCase();
    if (k.startsWith(prefix)) {
      const v = claims.get(k.slice(prefix.length));
      return [v === undefined ? null : [v]] as KeyValue[];
    }
    return undefined;
  };
}

interface Provider {
  arn: string;
  /** Client ids (audiences) the provider accepts, when the input lists the provider. */
  clientIds?: string[];
  /** Set when the account's providers were not listed and this one is taken to exist. */
  assumed?: string;
}

/** The provider the trust names, when it exists: listed, or taken to exist when no listing was read. */
function providerOf(account: AwsAccount, arn: string): Provider | undefined {
  const listed = (account.resources ?? []).find((r) => r.type === OIDC_PROVIDER && r.arn === arn);
  if (listed) {
    const ids = listed.props.clientIds;
    return { arn, ...(Array.isArray(ids) ? { clientIds: ids } : {}) };
  }
  if ((account.collected ?? []).includes(OIDC_PROVIDER)) return undefined;
  return { arn, assumed: `the OIDC provider ${arn} exists (no listing of the account's OIDC providers was read)` };
}

function audiencesToTry(token: WorkloadToken, role: AwsRole, host: string, provider: Provider): string[] {
  const offered = token.audiences === 'any' ? [...namedAudiences(role, host), ...(provider.clientIds ?? []), STS_AUDIENCE] : [...token.audiences];
  // STS refuses a token whose audience is not one of the provider's client ids.
  const accepted = provider.clientIds ? offered.filter((a) => provider.clientIds!.includes(a)) : offered;
  return [...new Set(accepted)];
}

/**
 * FEDERATES: a workload token → every AWS role whose trust admits it through an OIDC provider for
 * the token's issuer. The trust is judged by the evaluator as STS would judge
 * AssumeRoleWithWebIdentity with this token: `<host>:sub`, `<host>:aud` and the token's other
 * claims as `<host>:<claim>`, RCPs included. Where the workload may pick its audience, the one
 * that works is chosen.
 */
export function awsFederationEdges(inventory: AwsInventory, tokens: readonly WorkloadToken[], at: Date = new Date()): GraphEdge[] {
  if (tokens.length === 0) return [];
  const byHost = new Map<string, WorkloadToken[]>();
  for (const t of tokens) {
    const host = issuerHost(t.issuer).toLowerCase();
    byHost.set(host, [...(byHost.get(host) ?? []), t]);
  }
  const org = inventory.organization ? new OrgControls(inventory.organization) : undefined;
  // The exchange happens when the attacker acts: the analysis time (time keys of the trust).
  const clock = clockOf(requestTimeKeys('user', at));
  const edges: GraphEdge[] = [];
  for (const account of inventory.accounts) {
    for (const role of account.roles) {
      if (isServiceLinked(role)) continue;
      for (const [host, arn] of trustedProviders(role)) {
        const candidates = byHost.get(host);
        if (!candidates) continue;
        const provider = providerOf(account, arn);
        if (!provider) continue;
        const realHost = PROVIDER_ARN.exec(arn)![2]!;
        for (const token of candidates) {
          const e = edgeFor(token, role, realHost, provider, org, clock);
          if (e) edges.push(e);
        }
      }
    }
  }
  return edges;
}

function edgeFor(token: WorkloadToken, role: AwsRole, host: string, provider: Provider, org: OrgControls | undefined, clock: RequestContext): GraphEdge | undefined {
  const options = audiencesToTry(token, role, host, provider).map((aud) => {
    const decision = authorize({
      principal: { service: provider.arn, federated: true, ...(org ? { org } : {}) },
      action: WEB_IDENTITY,
      resource: role.arn,
      resourcePolicy: role.trustPolicy,
      context: { ...clock, 'aws:FederatedProvider': provider.arn },
      keys: tokenKeys(token, host, aud),
    });
    return { aud, grants: [{ action: `${WEB_IDENTITY} with a token of ${token.issuer} (sub ${token.subject}, aud ${aud})`, resource: role.arn, decision }] as Grant[] };
  });
  const chosen = best(options);
  if (!chosen || !allowed(chosen.grants[0]!.decision)) return undefined;
  return attackEdge({
    kind: 'FEDERATES',
    technique: WEB_IDENTITY_TECHNIQUE,
    source: token.id,
    target: role.arn,
    summary: `a token from ${token.issuer} with subject "${token.subject}" (audience ${chosen.aud}) is exchanged with sts:AssumeRoleWithWebIdentity for a session of ${role.name}`,
    grants: chosen.grants,
    refs: provider.assumed ? [] : [{ type: 'inventory', source: provider.arn, detail: `OIDC provider${provider.clientIds ? `; client ids ${provider.clientIds.join(', ')}` : ''}` }],
    ...(provider.assumed ? { assumptions: [provider.assumed] } : {}),
  });
}
