import { createHash } from 'node:crypto';
import { accountFromAccessKeyId } from '../../collectors/aws/offline/account-from-key.js';
import type { GraphNode, Provider } from '../model/graph.js';
import type { SecretClue, SecretFinding } from '../model/inventory/index.js';
import { hashOfSha1, saltedValueHash } from '../model/secret-hash.js';

/**
 * A finding's clue → the credential node(s) it names. Joins on what other builders already put in
 * the graph (shared ids such as `aws:access-key:<id>`, or properties such as an Entra secret's
 * hint), so no source needs to know the secrets source exists. When nothing matches, the
 * credential is still drawn — a stub with what the finding says — so the exposure is reported.
 */

export interface Match {
  /** Credential node ids the finding exposes. */
  targets: string[];
  /** Nodes to add because no other source has them (stubs, token subjects). */
  stubs: GraphNode[];
  /** Set when the finding may not be (or may not be all of) the credential. */
  conditions?: string;
  /** Identity the credential signs in as, when only the finding says so. */
  owner?: Owner;
  /** Further identities it signs in as (a Kubernetes token: its service account, besides its oidc: subject). */
  alsoOwners?: Owner[];
}

interface Owner {
  identity: string;
  technique: string;
  summary: string;
  detail: string;
  conditions?: string;
  assumptions?: string[];
}

const LEGACY_K8S_ISSUER = 'kubernetes/serviceaccount';

/**
 * The Kubernetes service account(s) a token names: clusters whose issuer is the token's (their
 * administrator hub carries it), or, for a legacy token, every cluster with that service account
 * — one conditional match each, since legacy tokens do not name their cluster.
 */
function k8sServiceAccounts(clue: Extract<SecretClue, { type: 'oidc-token' }>, nodes: ReadonlyMap<string, GraphNode>): Owner[] {
  const parts = clue.subject.startsWith('system:serviceaccount:') ? clue.subject.split(':') : [];
  const ns = clue.claims['kubernetes.io/serviceaccount/namespace'] ?? parts[2];
  const sa = clue.claims['kubernetes.io/serviceaccount/service-account.name'] ?? parts[3];
  if (!ns || !sa) return [];
  const legacy = clue.issuer === LEGACY_K8S_ISSUER;
  const clusters = [...nodes.values()].filter((n) => n.type === 'kubernetes:cluster-admin' && typeof n.props.cluster === 'string' && (legacy || n.props.oidcIssuer === clue.issuer)).map((n) => n.props.cluster as string);
  const found = clusters.map((c) => ({ c, id: `k8s:${c}:sa:${ns}/${sa}` })).filter((x) => nodes.has(x.id));
  return found.map(({ c, id }) => ({
    identity: id,
    technique: 'secrets:kubernetes:ServiceAccountToken',
    summary: `a leaked token of service account ${ns}/${sa} of cluster ${c}: the API server accepts it as that service account${clue.expiresAt ? ` until ${clue.expiresAt}` : ''}`,
    detail: legacy ? `legacy token (issuer ${clue.issuer})` : `issuer ${clue.issuer} = cluster ${c}'s`,
    ...(legacy && found.length > 1 ? { conditions: `a legacy token does not name its cluster: ${found.length} clusters have ${ns}/${sa}; it is one of them` } : {}),
    assumptions: [
      'the token still verifies: its service account (and, for a bound token, its pod or secret) still exists',
      'holding the token gives the service account\'s RBAC rights; a token of another audience needs a pod of it or TokenRequest',
    ],
  }));
}

export const stubId = (type: string, f: SecretFinding) =>
  `secret:${type}:${f.valueHash ? f.valueHash.slice(0, 24) : `${f.scanner}:${f.fingerprint}`}`;

const accessKeyNodeId = (id: string) => `aws:access-key:${id}`;
const oidcId = (issuer: string, subject: string) => `oidc:${issuer}|${subject}`;

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export function tokenSubjectNode(issuer: string, subject: string, claims: Record<string, string>): GraphNode {
  const provider: Provider = issuer === GITHUB_ISSUER ? 'github' : subject.startsWith('system:serviceaccount:') ? 'kubernetes' : 'external';
  const props: GraphNode['props'] = { issuer, subject };
  for (const [k, v] of Object.entries(claims)) props[`claim:${k}`] = v;
  return { id: oidcId(issuer, subject), kind: 'Identity', provider, type: 'oidc:subject', name: subject, tags: {}, props };
}

/** What the scanner says of the secret's state, as a credential status. */
function statusOf(f: SecretFinding): string | null {
  return f.validity === 'revoked' ? 'revoked' : f.validity === 'inactive' ? 'inactive' : null;
}

function stub(id: string, type: string, provider: Provider, name: string, f: SecretFinding, props: GraphNode['props'], extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind: 'Credential',
    provider,
    type,
    name,
    tags: {},
    ...extra,
    props: { ...props, status: statusOf(f), inInventory: false, foundBy: f.scanner },
  };
}

/** Inventoried access key ids by their salted hash, so a detect-secrets entry finds its key. */
export function accessKeysByHash(salt: string, nodes: ReadonlyMap<string, GraphNode>): Map<string, string> {
  const out = new Map<string, string>();
  if (!salt) return out;
  for (const n of nodes.values()) {
    if (n.type !== 'aws:iam:access-key' || typeof n.props.accessKeyId !== 'string') continue;
    const sha1 = createHash('sha1').update(n.props.accessKeyId).digest('hex');
    out.set(hashOfSha1(salt, sha1), n.props.accessKeyId);
  }
  return out;
}

export function matchClue(clue: SecretClue, f: SecretFinding, nodes: ReadonlyMap<string, GraphNode>, now: Date, salt: string): Match {
  switch (clue.type) {
    case 'aws-access-key': {
      const id = accessKeyNodeId(clue.accessKeyId);
      const conditions = clue.part === 'id' ? `the finding shows only the access key id ${clue.accessKeyId}; the secret access key is assumed to be stored beside it` : undefined;
      if (nodes.has(id)) return { targets: [id], stubs: [], conditions };
      const account = clue.account ?? accountFromAccessKeyId(clue.accessKeyId);
      const s = stub(id, 'aws:iam:access-key', 'aws', clue.accessKeyId, f, { accessKeyId: clue.accessKeyId, account: account ?? null, owner: clue.arn ?? null }, { aliases: [clue.accessKeyId], ...(account ? { scope: account } : {}) });
      const owner =
        clue.arn && f.verified && nodes.has(clue.arn)
          ? { identity: clue.arn, technique: 'secrets:scanner:VerifiedOwner', summary: `${f.scanner} verified access key ${clue.accessKeyId} as ${clue.arn}`, detail: `verified: caller ${clue.arn}` }
          : undefined;
      return { targets: [id], stubs: [s], conditions, ...(owner ? { owner } : {}) };
    }
    case 'azure-client-secret': {
      const candidates = [...nodes.values()].filter(
        (n) => n.type === 'azure:client-secret' && n.props.hint === clue.hint && (clue.appId === undefined || n.props.appId === clue.appId),
      );
      if (candidates.length > 0) {
        const conditions = candidates.length > 1 ? `the hint "${clue.hint}"${clue.appId ? ` of app ${clue.appId}` : ''} matches ${candidates.length} client secrets; the leaked one is one of them` : undefined;
        return { targets: candidates.map((c) => c.id), stubs: [], conditions };
      }
      const id = stubId('azure-client-secret', f);
      return { targets: [id], stubs: [stub(id, 'azure:client-secret', 'azure', `client secret (hint ${clue.hint})${clue.appId ? ` of app ${clue.appId}` : ''}`, f, { hint: clue.hint, appId: clue.appId ?? null }, { aliases: [clue.hint] })] };
    }
    case 'gcp-sa-key': {
      const id = clue.privateKeyId ? `gcp:sa-key:${clue.privateKeyId}` : stubId('gcp-sa-key', f);
      if (nodes.has(id)) return { targets: [id], stubs: [] };
      const name = `key ${clue.privateKeyId ?? '(no private_key_id)'} of ${clue.clientEmail ?? 'an unknown service account'}`;
      return { targets: [id], stubs: [stub(id, 'gcp:sa-key', 'gcp', name, f, { privateKeyId: clue.privateKeyId ?? null, serviceAccount: clue.clientEmail ?? null, owner: clue.clientEmail ?? null, projectId: clue.projectId ?? null }, { aliases: clue.privateKeyId ? [clue.privateKeyId] : [], ...(clue.projectId ? { scope: clue.projectId } : {}) })] };
    }
    case 'oidc-token': {
      const id = stubId('oidc-token', f);
      const expired = clue.expiresAt !== undefined && Date.parse(clue.expiresAt) <= now.getTime();
      const subject = tokenSubjectNode(clue.issuer, clue.subject, clue.claims);
      const s = stub(id, 'oidc:token', subject.provider, `token of ${clue.subject} (${clue.issuer})`, f, { issuer: clue.issuer, subject: clue.subject, audiences: clue.audiences, expiresAt: clue.expiresAt ?? null });
      if (expired) s.props.status = 'expired';
      const owner = expired || statusOf(f)
        ? undefined
        : { identity: subject.id, technique: 'secrets:oidc:LeakedToken', summary: `a leaked token of ${clue.subject} issued by ${clue.issuer}${clue.expiresAt ? `, valid until ${clue.expiresAt}` : ', without expiry'}`, detail: `aud ${clue.audiences.join(', ') || '(none)'}` };
      const alsoOwners = owner ? k8sServiceAccounts(clue, nodes) : [];
      return { targets: [id], stubs: nodes.has(subject.id) ? [s] : [s, subject], ...(owner ? { owner } : {}), ...(alsoOwners.length ? { alsoOwners } : {}) };
    }
    case 'github-token': {
      const candidates = [...nodes.values()].filter((n) => n.provider === 'github' && n.kind === 'Credential' && typeof n.props.hint === 'string' && saltedValueHash(salt, n.props.hint) === clue.lastEightHash);
      if (candidates.length > 0) return { targets: candidates.map((c) => c.id), stubs: [] };
      const id = stubId('github-token', f);
      const user = clue.username ? `github:user:${clue.username.toLowerCase()}` : undefined;
      const owner = user && f.verified && nodes.has(user) ? { identity: user, technique: 'secrets:scanner:VerifiedOwner', summary: `${f.scanner} verified the token as GitHub user ${clue.username}`, detail: `scopes ${clue.scopes?.join(', ') ?? 'unknown'}` } : undefined;
      const s = stub(id, 'github:token', 'github', `GitHub ${clue.tokenKind} token${clue.username ? ` of ${clue.username}` : ''}`, f, { tokenKind: clue.tokenKind, owner: clue.username ?? null, scopes: clue.scopes ?? [] });
      return { targets: [id], stubs: [s], ...(owner ? { owner } : {}) };
    }
    case 'other': {
      const id = stubId(clue.label.toLowerCase().replace(/[^a-z0-9]+/g, '-'), f);
      return { targets: [id], stubs: [stub(id, 'secrets:unrecognised', 'secrets', `${clue.label} found by ${f.scanner}`, f, { label: clue.label })] };
    }
  }
}
