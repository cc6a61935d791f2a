/**
 * What may be repeated back to the user. People paste leaked secrets into leakpath — that is the
 * point of `blast` — and into the wrong argument too, so messages quote a value only when it has
 * the shape of an identifier: an ARN, a node id, a GUID, an access key id, an email, a short
 * word. Anything else (a session token, an old-format Entra secret, a URL with a password, any
 * long random string) is described by its length, never shown. When unsure, it is not shown: a
 * missing echo costs a user a moment, a printed secret ends in CI logs.
 */

/** A URL carrying a user name or password (`https://user:pass@host`). */
const URL_CREDENTIALS = /:\/\/[^/?#\s]*@/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AWS_ID = /^(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|APKA|ABIA|ACCA|AIPA)[A-Z0-9]{12,20}$/;
const EMAIL = /^[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+$/;
/** What an identifier is made of; secrets add `+`, `~`, `?`, `[`, `!`, quotes, spaces… */
const ID_CHARS = /^[\w.@:/|,=*#[\]()'" -]+$/;

const charClass = (c: string) => (c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : 3);

/**
 * A random string switches between lower case, upper case and digits at most characters (base64:
 * about three in five); words, camel case and kebab-case names switch every few letters.
 * Separators are left out of the count.
 */
export function looksRandom(part: string): boolean {
  const s = part.replace(/[^A-Za-z0-9]/g, '');
  // Lower-case hex (key ids, commit shas, fingerprints) names things: it is an identifier.
  if (s.length < 12 || /^[0-9a-f]+$/.test(s)) return false;
  let switches = 0;
  for (let i = 1; i < s.length; i++) if (charClass(s[i]!) !== charClass(s[i - 1]!)) switches++;
  return new Set([...s].map(charClass)).size === 3 && switches / (s.length - 1) > 0.4;
}

/** Vendors' token prefixes (GitHub, Slack, GitLab, Stripe, Google API keys and OAuth, JWTs, PEM). */
const TOKEN_PREFIX = /^(?:gh[pousr]_|github_pat_|xox[a-z]-|glpat-|sk_(?:live|test)_|AIza|ya29\.|eyJ|-----BEGIN)/;
/** Base64 with no separator an id would have (an AWS secret access key is 40 of these). */
const BASE64_BLOB = /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9+/=]{32,}$/;

/** True unless `value` has the shape of an identifier safe to print. */
export function mayBeSecret(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  if (v.length > 200 || URL_CREDENTIALS.test(v)) return true;
  if (GUID.test(v) || AWS_ID.test(v)) return false;
  if (TOKEN_PREFIX.test(v) || BASE64_BLOB.test(v)) return true;
  // 40 hex is a GCP key id or a commit; other long hex runs are API keys as often as not.
  if (/^[0-9a-fA-F]{32,}$/.test(v) && v.length !== 40) return true;
  if (EMAIL.test(v)) return looksRandom(v.split('@')[0]!);
  if (!ID_CHARS.test(v)) return true;
  const parts = v.split(/[\s:/|@,=#]+/);
  return parts.some(looksRandom);
}

/** `"value"` when it is safe to print; otherwise what it is, without it. */
export function quoted(value: string): string {
  return mayBeSecret(value) ? `a value of ${value.length} characters (not repeated in case it is a secret)` : `"${value}"`;
}

/** Option names, commands and placeholders commander quotes in its messages. */
const OPTION = '(?:--[a-z][a-z0-9-]{0,30}|-[A-Za-z])';
const COMMANDER_WORD = new RegExp(`^(?:${OPTION}(?:, ${OPTION})?(?: [<[][\\w.-]+[>\\]])?|[a-z][a-z0-9-]{0,30})$`);

/**
 * A command-line parser's message with every quoted argument that may be a secret replaced:
 * commander quotes what it refuses (`unknown option '-Xk9…'`), and a secret that starts with `-`
 * is refused as an option.
 */
export function redactQuoted(message: string): string {
  return message.replace(/'([^'\n]*)'/g, (whole, inner: string) => {
    if (COMMANDER_WORD.test(inner) || !(inner.startsWith('-') || mayBeSecret(inner))) return whole;
    return `(${inner.length} characters, not repeated in case it is a secret)`;
  });
}
