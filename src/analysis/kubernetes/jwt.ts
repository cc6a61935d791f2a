/**
 * A JWT's claims, decoded without verifying the signature: leakpath only needs to know which
 * identity a token names, never whether a server would accept it. The token itself is never
 * returned, logged or kept.
 */
export type JwtClaims = Record<string, unknown>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(text: string): boolean {
  return JWT_SHAPE.test(text.trim());
}

/** Claims of a compact JWS, or undefined when the text is not one. */
export function decodeJwtClaims(text: string): JwtClaims | undefined {
  const t = text.trim();
  if (!looksLikeJwt(t)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString('utf8')) as unknown;
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** What a Kubernetes service-account token says about its subject. */
export interface ServiceAccountClaims {
  issuer: string;
  subject?: string;
  namespace?: string;
  serviceAccount?: string;
  /** Bound tokens: the pod the token was issued for. */
  pod?: string;
  audiences: string[];
  expiresAt?: string;
  /** Legacy secret-based tokens name their secret and never expire. */
  secretName?: string;
  legacy: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads both token forms: legacy (`kubernetes/serviceaccount` issuer, flat claims) and bound (`kubernetes.io` object). */
export function serviceAccountClaims(claims: JwtClaims): ServiceAccountClaims | undefined {
  const issuer = str(claims.iss);
  if (!issuer) return undefined;
  const sub = str(claims.sub);
  const bound = typeof claims['kubernetes.io'] === 'object' && claims['kubernetes.io'] !== null ? (claims['kubernetes.io'] as Record<string, unknown>) : undefined;
  const fromSub = sub?.startsWith('system:serviceaccount:') ? sub.split(':') : undefined;
  const namespace = str(claims['kubernetes.io/serviceaccount/namespace']) ?? str(bound?.namespace) ?? fromSub?.[2];
  const sa = bound?.serviceaccount as Record<string, unknown> | undefined;
  const serviceAccount = str(claims['kubernetes.io/serviceaccount/service-account.name']) ?? str(sa?.name) ?? fromSub?.[3];
  if (!namespace || !serviceAccount) return undefined;
  const aud = claims.aud;
  const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
  const pod = bound?.pod as Record<string, unknown> | undefined;
  const secretName = str(claims['kubernetes.io/serviceaccount/secret.name']);
  return {
    issuer,
    subject: sub,
    namespace,
    serviceAccount,
    ...(str(pod?.name) ? { pod: str(pod?.name) } : {}),
    audiences: Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : typeof aud === 'string' ? [aud] : [],
    ...(exp ? { expiresAt: exp } : {}),
    ...(secretName ? { secretName } : {}),
    legacy: issuer === 'kubernetes/serviceaccount',
  };
}
