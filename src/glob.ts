/**
 * `*` and `?` wildcards without a regex, for every pattern that comes from input (IAM policies and
 * conditions, ARM role definitions, crown-jewel selectors): a backtracking regex of a dozen `*`
 * does not finish.
 */

const STAR = 42;
const ONE = 63;
/** An ASCII letter's code with bit 5 set: `A` and `a` alike. */
const lowerAscii = (c: number) => (c >= 65 && c <= 90 ? c | 32 : c);

export interface GlobOptions {
  /** False makes `?` a plain character (ARM action patterns have only `*`). */
  anyOne?: boolean;
  /** ASCII letters compare case-insensitively (exact for an ASCII pattern, as the regex `i` flag). */
  ignoreAsciiCase?: boolean;
}

const PLAIN: GlobOptions = {};

/**
 * `*` and `?` wildcard matching in time linear in the text for each pattern position (no regex
 * backtracking): a policy of 5,000 `*`, or a pattern too long for a regex, is still decided.
 * Matches `text` from `from` to `to` (an ARN's field) without cutting it out.
 */
export function globMatch(pattern: string, text: string, options: GlobOptions = PLAIN, from = 0, to = text.length): boolean {
  const anyOne = options.anyOne ?? true;
  const fold = options.ignoreAsciiCase ?? false;
  let p = 0;
  let t = from;
  let star = -1;
  let mark = 0;
  while (t < to) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === STAR) {
      star = p++;
      mark = t;
    } else if (pc !== -1 && ((anyOne && pc === ONE) || pc === text.charCodeAt(t) || (fold && lowerAscii(pc) === lowerAscii(text.charCodeAt(t))))) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

/**
 * Case folding as a JavaScript regex's `i` flag does it (each UTF-16 unit upper-cased unless that
 * takes it to several units, or from non-ASCII to ASCII), so a folded glob answers as the `i`
 * regex did: toLowerCase differs on a few letters (the Kelvin sign, the long s).
 */
export function foldCase(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text.toUpperCase();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const u = c.toUpperCase();
    out += u.length !== 1 || (c.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) ? c : u;
  }
  return out;
}

/** One compiled test per Action pattern, keyed by the pattern alone (no key built per call). */
