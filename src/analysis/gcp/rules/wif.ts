import type { GcpFacts } from '../facts.js';

/** `principal[Set]://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/POOL/...` → pool name and the rest. */
export function parseFederatedMember(member: string): { pool: string; kind: 'subject' | 'attribute' | 'group' | 'all' | 'other'; name?: string; value?: string } | undefined {
  const m = /^principal(?:Set)?:\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/(.*)$/.exec(member);
  if (!m) return undefined;
  const rest = m[2]!;
  if (rest === '*') return { pool: m[1]!, kind: 'all' };
  let x = /^subject\/(.+)$/.exec(rest);
  if (x) return { pool: m[1]!, kind: 'subject', value: x[1]! };
  x = /^group\/(.+)$/.exec(rest);
  if (x) return { pool: m[1]!, kind: 'group', value: x[1]! };
  x = /^attribute\.([^/]+)\/(.+)$/.exec(rest);
  if (x) return { pool: m[1]!, kind: 'attribute', name: x[1]!, value: x[2]! };
  return { pool: m[1]!, kind: 'other' };
}

/** Weak federation set-ups, reported as their own findings (warnings) and drawn on the nodes. */
export function wifFindings(facts: GcpFacts): string[] {
  const out: string[] = [];
  for (const p of facts.inventory.workloadIdentityProviders) {
    if (p.disabled) continue;
    const cond = p.attributeCondition?.trim();
    if (!cond) out.push(`gcp: workload identity provider ${p.name}${p.oidc ? ` (issuer ${p.oidc.issuerUri})` : ''} has no attributeCondition: every identity its issuer signs may federate into the pool`);
    else if (cond === 'true' || /^(assertion|attribute)\.[\w.]+\s*!=\s*""$/.test(cond)) out.push(`gcp: workload identity provider ${p.name} has an attributeCondition that admits every token (${cond})`);
  }
  for (const [, policy] of facts.allPolicies()) {
    for (const b of policy.bindings) for (const m of b.members) if (parseFederatedMember(m)?.kind === 'all') out.push(`gcp: ${policy.resource} grants ${b.role} to every identity of a workload identity pool (${m})`);
  }
  return [...new Set(out)];
}

/** Pool and provider names with the project as a number, so the id and number forms compare equal. */
export function poolName(facts: GcpFacts, name: string): string {
  const at = name.indexOf('/locations/');
  return at < 0 ? name : `${facts.project(name.slice(0, at))}${name.slice(at)}`;
}

export function providersOf(facts: GcpFacts, pool: string) {
  const prefix = `${poolName(facts, pool)}/providers/`;
  return facts.inventory.workloadIdentityProviders.filter((p) => poolName(facts, p.name).startsWith(prefix));
}

/** A pool is usable when it and at least one of its providers are enabled (or no providers were collected). */
export function poolUsable(facts: GcpFacts, pool: string): boolean {
  const p = facts.inventory.workloadIdentityPools.find((x) => poolName(facts, x.name) === poolName(facts, pool));
  if (p?.disabled) return false;
  const providers = providersOf(facts, pool);
  return providers.length === 0 || providers.some((x) => !x.disabled);
}
