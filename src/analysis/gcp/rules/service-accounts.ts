import { pushTo } from '../../../model/append.js';
import type { GraphEdge } from '../../../model/graph.js';
import { edge } from '../edge.js';
import { best, grantRef, joinConditions, type GcpFacts, type Holding } from '../facts.js';
import type { BindingHubs } from '../fold.js';
import { memberId, saId } from '../ids.js';
import { P } from '../permissions.js';
import { saTarget } from '../targets.js';
import { parseFederatedMember, poolUsable } from './wif.js';

/** Token-creating permissions on a service account, each its own technique (Rhino, EscaGCP). */
const TOKEN_TECHNIQUES: { permission: string; technique: string; how: string; condition?: string }[] = [
  { permission: P.getAccessToken, technique: 'gcp:iam:serviceAccounts.getAccessToken', how: 'create OAuth access tokens for' },
  { permission: P.signJwt, technique: 'gcp:iam:serviceAccounts.signJwt', how: 'sign a JWT (self-signed token) as' },
  { permission: P.signBlob, technique: 'gcp:iam:serviceAccounts.signBlob', how: 'sign a token assertion as' },
  {
    permission: P.getOpenIdToken,
    technique: 'gcp:iam:serviceAccounts.getOpenIdToken',
    how: 'create OpenID Connect ID tokens for',
    condition: 'an ID token proves the service account only to services that accept Google-signed ID tokens (Cloud Run / Functions invokers, other clouds federating accounts.google.com); it is not an access token for Google APIs',
  },
];

/** Members that federate rather than impersonate: workload identity pools and GKE Workload Identity. */
export function isFederatedMember(member: string): boolean {
  return member.startsWith('principal://') || member.startsWith('principalSet://') || /^serviceAccount:[^@]*\.svc\.id\.goog\[/.test(member);
}

const who = (h: Holding) => h.grant.member;

/**
 * One holding per member: the edge a member's grants give is one edge, whichever binding it
 * cites; an unconditional grant stands over a conditional one, then the nearest binding.
 */
function bestPerMember(hs: readonly Holding[]): Holding[] {
  const by = new Map<string, Holding[]>();
  for (const h of hs) pushTo(by, who(h), h);
  return [...by.values()].map(best);
}

/**
 * The service-account rules: impersonation, keys, HMAC keys, SA setIamPolicy, delegation chains.
 * A binding's member → account pairs go through `hubs` (src/analysis/gcp/fold.ts), which folds a
 * binding above many accounts.
 */
export function serviceAccountRules(facts: GcpFacts, emails: readonly string[], hubs: BindingHubs): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const directCache = new Map<string, Set<string>>();
  for (const email of emails) {
    const target = saTarget(email);
    const to = saId(email);
    const push = (h: Holding, kind: string, technique: string, summary: string, extra?: string) => {
      const from = memberId(who(h));
      if (from === to || facts.covered(who(h), target.key)) return;
      edges.push(edge(kind, technique, from, to, { summary, refs: [grantRef(h)] }, joinConditions(h.condition, extra)));
    };
    // Pairs whose text names the member only at `who`: what one binding gives all its members alike.
    const pair = (h: Holding, kind: string, technique: string, summary: (who: string) => string, extra?: string) => {
      const from = memberId(who(h));
      if (from === to || facts.covered(who(h), target.key)) return;
      const conditions = joinConditions(h.condition, extra);
      hubs.add({ member: who(h), from, to, kind, technique, holdings: [h], summary, ...(conditions !== undefined ? { conditions } : {}) });
    };
    // The token permissions are one capability: one edge per member, named by the strongest
    // permission it holds (unconditional grants first), the others listed.
    const tokens = new Map<string, { t: (typeof TOKEN_TECHNIQUES)[number]; h: Holding; conditions: string | undefined }[]>();
    for (const t of TOKEN_TECHNIQUES) {
      for (const h of facts.holders(target, t.permission)) {
        if (isFederatedMember(who(h))) {
          if (t.permission !== P.getAccessToken) continue;
          const pool = parseFederatedMember(who(h))?.pool;
          if (pool && !poolUsable(facts, pool)) continue;
          const gke = who(h).startsWith('serviceAccount:');
          push(h, 'FEDERATES', gke ? 'gcp:iam:GkeWorkloadIdentity' : 'gcp:iam:WorkloadIdentityFederation', `${who(h)} may exchange its workload token for ${email}'s access token (${h.grant.role})`);
          continue;
        }
        const list = tokens.get(who(h)) ?? [];
        list.push({ t, h, conditions: joinConditions(h.condition, t.condition) });
        tokens.set(who(h), list);
      }
    }
    for (const options of tokens.values()) {
      const [first, ...others] = [...options.filter((o) => !o.conditions), ...options.filter((o) => o.conditions)];
      const also = others.length ? ` Also: ${[...new Set(others.map((o) => o.t.permission))].join(', ')}.` : '';
      pair(first!.h, 'CAN_IMPERSONATE', first!.t.technique, (w) => `${w} may ${first!.t.how} ${email} (${first!.h.grant.role} grants ${first!.t.permission}).${also}`, first!.t.condition);
    }
    for (const h of bestPerMember(facts.holders(target, P.keysCreate))) {
      pair(h, 'CAN_CREATE_CREDENTIAL', 'gcp:iam:serviceAccountKeys.create', (w) => `${w} may create a key for ${email} (${h.grant.role} grants ${P.keysCreate})`);
    }
    for (const h of bestPerMember(facts.holders(target, P.hmacCreate))) {
      pair(h, 'CAN_CREATE_CREDENTIAL', 'gcp:storage:hmacKeys.create', (w) => `${w} may create a Cloud Storage HMAC key for ${email} (${h.grant.role} grants ${P.hmacCreate})`, 'an HMAC key acts as the service account for Cloud Storage (XML API) only');
    }
    for (const h of bestPerMember(facts.holders(target, P.saSetIamPolicy))) {
      pair(h, 'CAN_MODIFY_POLICY', 'gcp:iam:serviceAccounts.setIamPolicy', (w) => `${w} may rewrite ${email}'s IAM policy and grant itself Service Account Token Creator on it (${h.grant.role})`);
    }
    for (const e of delegationEdges(facts, email, directCache)) edges.push(e);
  }
  return edges;
}

/**
 * implicitDelegation: A holding it on B may have B create tokens for C whenever B may (getAccessToken,
 * signJwt, signBlob on C), through chains of such Bs — without obtaining B itself.
 */
function delegationEdges(facts: GcpFacts, email: string, directCache: Map<string, Set<string>>): GraphEdge[] {
  const target = saTarget(email);
  const to = saId(email);
  const direct = [P.getAccessToken, P.signJwt, P.signBlob].flatMap((p) => facts.holders(target, p)).filter((h) => who(h).startsWith('serviceAccount:'));
  if (direct.length === 0) return [];
  const out: GraphEdge[] = [];
  // Breadth-first over delegators; each entry carries the grants that make the chain.
  const queue = direct.map((h) => ({ sa: who(h).slice('serviceAccount:'.length).toLowerCase(), chain: [h] }));
  const seen = new Set(queue.map((q) => q.sa));
  while (queue.length > 0) {
    const { sa, chain } = queue.shift()!;
    // A delegator that may also create tokens for the intermediate account reaches the target
    // through it already (delegator → intermediate → target): the edge would repeat that path.
    // Asked for every target the intermediate delegates to (a project's worth): once per intermediate.
    let direct = directCache.get(sa);
    if (!direct) directCache.set(sa, (direct = new Set([P.getAccessToken, P.signJwt, P.signBlob].flatMap((p) => facts.holders(saTarget(sa), p).filter((x) => !x.condition).map((x) => who(x))))));
    for (const h of facts.holders(saTarget(sa), P.implicitDelegation)) {
      // Neither an edge nor a longer chain through a delegator that obtains the intermediate itself
      // (below): in a project where every holder may impersonate every account, that is nearly all.
      if (direct.has(who(h))) continue;
      const from = memberId(who(h));
      const links = [h, ...chain];
      if (from !== to && !facts.covered(who(h), target.key)) {
        const hops = links.map((l) => l.grant.member).join(' → ');
        out.push(
          edge('CAN_IMPERSONATE', 'gcp:iam:serviceAccounts.implicitDelegation', from, to, {
            summary: `${who(h)} may have ${sa} create tokens for ${email} by delegation (${hops} → ${email}) without obtaining ${sa} itself`,
            refs: links.map(grantRef),
          }, joinConditions(...links.map((l) => l.condition))),
        );
      }
      // Through a delegator that obtains the intermediate itself, longer chains are drawn as
      // delegation to the intermediate plus the direct edge: no need to walk further.
      const next = who(h).startsWith('serviceAccount:') ? who(h).slice('serviceAccount:'.length).toLowerCase() : undefined;
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push({ sa: next, chain: links });
      }
    }
  }
  return out;
}
