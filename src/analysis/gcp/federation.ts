import { parse } from '@marcbachmann/cel-js';
import type { GraphEdge } from '../../model/graph.js';
import type { GcpInventory, GcpWorkloadIdentityProvider } from '../../model/inventory/gcp.js';
import type { WorkloadToken } from '../federation/types.js';
import { evaluateCel } from './conditions.js';
import { edge } from './edge.js';
import { GcpFacts } from './facts.js';
import { memberId } from './ids.js';
import { parseFederatedMember, poolName, poolUsable } from './rules/wif.js';

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Every principal:// and principalSet:// (and GKE) member named by a binding, by pool. */
function federatedMembers(facts: GcpFacts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, policy] of facts.allPolicies()) {
    for (const b of policy.bindings) {
      for (const m of b.members) {
        const fed = parseFederatedMember(m);
        const pool = fed ? poolName(facts, fed.pool) : /^serviceAccount:([^[]+\.svc\.id\.goog)\[/.exec(m)?.[1];
        if (!pool) continue;
        const list = out.get(pool) ?? [];
        if (!list.includes(m)) list.push(m);
        out.set(pool, list);
      }
    }
  }
  return out;
}

/** The attribute mapping applied to a token: `google.subject` and `attribute.*`, each CEL over `assertion`. */
function mapAttributes(p: GcpWorkloadIdentityProvider, assertion: Record<string, unknown>): { subject?: string; attributes: Record<string, string>; undecided: string[] } {
  const attributes: Record<string, string> = {};
  const undecided: string[] = [];
  let subject: string | undefined;
  const mapping = Object.keys(p.attributeMapping).length ? p.attributeMapping : { 'google.subject': 'assertion.sub' };
  for (const [target, expr] of Object.entries(mapping)) {
    let v: unknown;
    try {
      v = evaluateCelValue(expr, { assertion });
    } catch {
      undecided.push(target);
      continue;
    }
    if (typeof v !== 'string') continue;
    if (target === 'google.subject') subject = v;
    else if (target.startsWith('attribute.')) attributes[target.slice('attribute.'.length)] = v;
  }
  return { ...(subject !== undefined ? { subject } : {}), attributes, undecided };
}

/**
 * Workload identity federation: which tokens (GitHub Actions, Kubernetes service accounts…) a pool
 * provider accepts — issuer, audience, attribute mapping and attributeCondition (CEL) — and which
 * principal:// / principalSet:// members of that pool they then are. GKE Workload Identity: tokens
 * of clusters in pool `PROJECT.svc.id.goog` are `serviceAccount:PROJECT.svc.id.goog[NS/KSA]` and
 * `principal://…/PROJECT.svc.id.goog/subject/ns/NS/sa/KSA`. Each match is a FEDERATES edge from the
 * token to the member node, which carries the member's grants (Workload Identity User on a service
 * account, or direct resource roles).
 */
export function gcpFederationEdges(inventory: GcpInventory, tokens: readonly WorkloadToken[], at: Date = new Date()): GraphEdge[] {
  if (tokens.length === 0) return [];
  const facts = new GcpFacts(inventory, at);
  const members = federatedMembers(facts);
  const edges: GraphEdge[] = [];

  for (const p of inventory.workloadIdentityProviders) {
    if (p.disabled || !p.oidc) continue;
    const pool = poolName(facts, p.name.replace(/\/providers\/[^/]+$/, ''));
    if (!poolUsable(facts, pool)) continue;
    const candidates = members.get(pool) ?? [];
    if (candidates.length === 0) continue;
    const audiences = p.oidc.allowedAudiences.length ? p.oidc.allowedAudiences : [`https://iam.googleapis.com/${poolName(facts, p.name)}`, `//iam.googleapis.com/${poolName(facts, p.name)}`];
    for (const t of tokens) {
      if (trimSlash(t.issuer) !== trimSlash(p.oidc.issuerUri)) continue;
      if (t.audiences !== 'any' && !t.audiences.some((a) => audiences.includes(a))) continue;
      const assertion: Record<string, unknown> = { ...t.claims, sub: t.subject, iss: t.issuer, ...(t.audiences !== 'any' ? { aud: t.audiences[0] } : {}) };
      const mapped = mapAttributes(p, assertion);
      if (mapped.subject === undefined) continue;
      let condition: string | undefined;
      if (p.attributeCondition) {
        const verdict = evaluateCel(p.attributeCondition, { assertion, attribute: mapped.attributes, google: { subject: mapped.subject } });
        if (verdict === false) continue;
        if (verdict === undefined) condition = `attributeCondition of ${p.name} not settled by the token's claims: ${p.attributeCondition}`;
      }
      for (const m of candidates) {
        const fed = parseFederatedMember(m);
        if (!fed) continue;
        const matches =
          fed.kind === 'all' ||
          (fed.kind === 'subject' && fed.value === mapped.subject) ||
          (fed.kind === 'attribute' && fed.name !== undefined && mapped.attributes[fed.name] === fed.value);
        if (!matches) continue;
        edges.push(
          edge('FEDERATES', 'gcp:iam:WorkloadIdentityFederation', t.id, memberId(m), {
            summary: `provider ${p.name} accepts tokens of ${t.issuer} for ${t.subject} (google.subject ${mapped.subject}${p.attributeCondition ? `, attributeCondition ${p.attributeCondition}` : ', no attributeCondition'}), which makes it ${m}`,
            refs: [
              { type: 'trust-policy', source: p.name, detail: `issuer ${p.oidc.issuerUri}; mapping ${JSON.stringify(p.attributeMapping)}${p.attributeCondition ? `; condition ${p.attributeCondition}` : ''}` },
              { type: 'inventory', source: `token ${t.id}`, detail: `minted by ${t.mintedBy}` },
            ],
          }, condition),
        );
      }
    }
  }

  // GKE Workload Identity: the cluster's pool is the project's `PROJECT_ID.svc.id.goog`.
  for (const t of tokens) {
    if (!t.workloadPool) continue;
    const ksa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(t.subject);
    if (!ksa) continue;
    const [, ns, name] = ksa;
    const projectId = t.workloadPool.replace(/\.svc\.id\.goog$/, '');
    const pool = `${facts.project(projectId)}/locations/global/workloadIdentityPools/${t.workloadPool}`;
    const wanted = new Set([`serviceAccount:${t.workloadPool}[${ns}/${name}]`]);
    for (const m of [...(members.get(t.workloadPool) ?? []), ...(members.get(pool) ?? [])]) {
      const fed = parseFederatedMember(m);
      if (wanted.has(m) || (fed && ((fed.kind === 'subject' && fed.value === `ns/${ns}/sa/${name}`) || (fed.kind === 'other' && m.endsWith(`/namespace/${ns}`))))) {
        edges.push(
          edge('FEDERATES', 'gcp:iam:GkeWorkloadIdentity', t.id, memberId(m), {
            summary: `Kubernetes service account ${ns}/${name} of a cluster in workload pool ${t.workloadPool} is ${m} to Google Cloud`,
            refs: [{ type: 'inventory', source: `token ${t.id}`, detail: `workloadPool ${t.workloadPool}, minted by ${t.mintedBy}` }],
          }),
        );
      }
    }
  }
  return edges;
}


/** The value of a mapping expression (a string, usually); throws when it cannot be computed. */
function evaluateCelValue(expression: string, vars: Record<string, unknown>): unknown {
  return parse(expression)(vars);
}
