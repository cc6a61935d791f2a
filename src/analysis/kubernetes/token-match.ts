import { UsageError } from '../../errors.js';
import type { Inventory, K8sCluster, KubernetesInventory } from '../../model/inventory/index.js';
import * as ID from './ids.js';
import { decodeJwtClaims, serviceAccountClaims, type ServiceAccountClaims } from './jwt.js';

export interface TokenMatch {
  /** The service account node the token authenticates as. */
  nodeId: string;
  cluster: string;
  claims: Omit<ServiceAccountClaims, 'audiences'> & { audiences: string[] };
  /** Facts the snapshot cannot confirm (the pod a bound token belongs to is gone…). */
  warnings: string[];
}

const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/**
 * Which service account a leaked token is, by its claims (the signature is not checked: leakpath
 * asks what the token would give, not whether it is genuine). The cluster is found by issuer — a
 * bound token's `iss` is the cluster's OIDC issuer; legacy tokens all share one issuer, so the
 * cluster is the one holding that service account (and the token's secret). Messages name only
 * claims, never the token.
 */
export function matchServiceAccountToken(tokenText: string, inventories: readonly Inventory[], at: Date): TokenMatch {
  const raw = decodeJwtClaims(tokenText);
  if (!raw) throw new UsageError('the token is not a JWT (three base64url parts separated by dots)');
  const claims = serviceAccountClaims(raw);
  if (!claims) throw new UsageError('the JWT is not a Kubernetes service-account token: it names no namespace and service account (kubernetes.io claims or a system:serviceaccount:<ns>:<sa> subject)');
  const who = `system:serviceaccount:${claims.namespace}:${claims.serviceAccount}`;
  if (claims.expiresAt && Date.parse(claims.expiresAt) <= at.getTime()) {
    throw new UsageError(`the token of ${who} expired at ${claims.expiresAt} (analysis time ${at.toISOString()}): it authenticates as nothing`);
  }
  const clusters = inventories.filter((i): i is KubernetesInventory => i.provider === 'kubernetes').flatMap((i) => i.clusters);
  const hasSa = (c: K8sCluster) =>
    c.serviceAccounts.some((s) => s.namespace === claims.namespace && s.name === claims.serviceAccount) ||
    c.workloads.some((w) => w.namespace === claims.namespace && w.serviceAccount === claims.serviceAccount);
  let candidates: K8sCluster[];
  if (claims.legacy) {
    candidates = clusters.filter(hasSa);
    const withSecret = candidates.filter((c) => c.secrets.some((s) => s.namespace === claims.namespace && s.name === claims.secretName));
    if (withSecret.length) candidates = withSecret;
  } else {
    const byIssuer = clusters.filter((c) => c.oidcIssuer === claims.issuer);
    if (byIssuer.length === 0) {
      const known = clusters.map((c) => `${c.name} (${c.oidcIssuer ?? 'no issuer known'})`).join(', ') || 'none';
      throw new UsageError(`the token's issuer ${claims.issuer} is not the issuer of any cluster in the snapshot (clusters: ${known}); ingest the cluster's envelope with its oidcIssuer, or its cloud description`);
    }
    candidates = byIssuer.filter(hasSa);
    if (candidates.length === 0) throw new UsageError(`cluster ${byIssuer[0]!.name} has no service account ${claims.namespace}/${claims.serviceAccount} in the snapshot`);
  }
  if (candidates.length === 0) throw new UsageError(`no cluster in the snapshot has service account ${claims.namespace}/${claims.serviceAccount} (legacy token, issuer ${LEGACY_ISSUER})`);
  if (candidates.length > 1) throw new UsageError(`the legacy token of ${who} matches service accounts in several clusters (${candidates.map((c) => c.name).join(', ')}); legacy tokens do not name their cluster`);
  const cluster = candidates[0]!;
  const warnings: string[] = [];
  if (claims.legacy && claims.secretName && cluster.secrets.length > 0 && !cluster.secrets.some((s) => s.namespace === claims.namespace && s.name === claims.secretName)) {
    warnings.push(`the token's secret ${claims.namespace}/${claims.secretName} is not in the export: if it was deleted, the token no longer works`);
  }
  if (claims.pod && !cluster.workloads.some((w) => w.kind === 'Pod' && w.namespace === claims.namespace && w.name === claims.pod)) {
    warnings.push(`the token is bound to pod ${claims.namespace}/${claims.pod}, which is not in the export: if the pod is gone, the token no longer works`);
  }
  return { nodeId: ID.saId(cluster.name, claims.namespace!, claims.serviceAccount!), cluster: cluster.name, claims, warnings };
}
