/**
 * Secret-scanner findings (gitleaks, TruffleHog, detect-secrets, GitHub secret scanning), produced
 * by collectors/secrets and consumed by the secrets builder.
 *
 * A finding never carries the secret: only identifiers the secret implies (an access key id, a
 * client-secret hint, a key id, a token's claims) and `valueHash`, a salted hash that lets the same
 * secret found twice (by two scanners, in two files) be one credential without being stored.
 */

export type SecretScanner = 'gitleaks' | 'trufflehog' | 'detect-secrets' | 'github-secret-scanning';

export type GithubTokenKind = 'classic-pat' | 'fine-grained-pat' | 'oauth' | 'app-user' | 'app-installation' | 'refresh';

/** What a finding says about the credential it found, as identifiers only. */
export type SecretClue =
  /**
   * An AWS access key. `part` says which half the scanner saw: the key id alone is not enough to
   * sign requests, so a finding of only the id assumes the secret key lies nearby.
   */
  | { type: 'aws-access-key'; accessKeyId: string; part: 'id' | 'id+secret' | 'secret'; account?: string; arn?: string }
  /** An Entra ID client secret: Entra shows the first three characters as its hint. */
  | { type: 'azure-client-secret'; hint: string; appId?: string; tenantId?: string }
  | { type: 'gcp-sa-key'; privateKeyId?: string; clientEmail?: string; projectId?: string }
  /** A JWT with an issuer and subject (a Kubernetes service-account token, a CI OIDC token). */
  | { type: 'oidc-token'; issuer: string; subject: string; audiences: string[]; expiresAt?: string; claims: Record<string, string> }
  /** `lastEight` is what GitHub itself shows of a token (credential authorisations' token_last_eight). */
  | { type: 'github-token'; tokenKind: GithubTokenKind; lastEight?: string; username?: string; scopes?: string[] }
  /** Anything else (Slack token, private key, high-entropy string…), labelled as the scanner named it. */
  | { type: 'other'; label: string };

export interface SecretFinding {
  scanner: SecretScanner;
  /** The scanner's fingerprint, or one derived from the location when the scanner has none. */
  fingerprint: string;
  /** The report file the finding came from. */
  report: string;
  repo?: string;
  /** Path of the file within the repo or scanned directory. */
  file?: string;
  commit?: string;
  line?: number;
  /** Link to the finding (gitleaks Link, GitHub alert html_url). */
  link?: string;
  /** Rule id, detector name, detect-secrets type or GitHub secret_type. */
  rule: string;
  /** The scanner verified the secret works (true), or says it does not (false), or did not try (null). */
  verified: boolean | null;
  /** The scanner's word on the secret's state; `revoked`/`inactive` make the finding hygiene. */
  validity: 'active' | 'inactive' | 'revoked' | 'unknown';
  clue: SecretClue;
  /** HMAC-SHA256(store salt, sha1 hex of the secret), hex; absent when the report hides the value. */
  valueHash?: string;
}

export interface SecretsInventory {
  provider: 'secrets';
  /**
   * The store's random salt (hex) the value hashes were made with. Kept with them so a snapshot
   * can be re-analysed, and so inventoried identifiers can be hashed the same way.
   */
  salt: string;
  findings: SecretFinding[];
}
