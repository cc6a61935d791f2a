/**
 * Wildcard matching as IAM does it: `*` any run of characters, `?` one character. Actions are
 * case-insensitive; ARNs are matched case-sensitively, segment by segment for the first five
 * ARN fields, so `arn:aws:iam::*:role/x` cannot let `*` swallow the account's colon. No regex:
 * a backtracking regex of a dozen `*` (policies, conditions, config and workflow globs are input)
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
const ANY_CASE: GlobOptions = { ignoreAsciiCase: true };

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
const actionTests = new Map<string, (action: string) => boolean>();

function compileAction(pattern: string): (action: string) => boolean {
  if (!/^[\x20-\x7e]*$/.test(pattern)) {
    const folded = foldCase(pattern);
    return (action) => globMatch(folded, foldCase(action));
  }
  const lower = pattern.toLowerCase();
  if (/[*?]/.test(pattern)) return (action) => globMatch(pattern, action, ANY_CASE);
  return (action) => action.length === lower.length && action.toLowerCase() === lower;
}

export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  let test = actionTests.get(pattern);
  if (!test) actionTests.set(pattern, (test = compileAction(pattern)));
  return test(action);
}

const ARN_SHAPED = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;

/**
 * One compiled test per Resource pattern: rules ask the same patterns of thousands of ARNs. For an
 * ARN-shaped pattern and ARN, a wildcard in the first five fields stays within its field; in the
 * resource part it may span colons. Anything else is matched as a plain wildcard string.
 */
const compiled = new Map<string, (resource: string) => boolean>();

/** A test of one ARN field, `text` from `from` to `to`; a field without wildcards is compared. */
function fieldTest(seg: string): (text: string, from: number, to: number) => boolean {
  if (/[*?]/.test(seg)) return (text, from, to) => globMatch(seg, text, PLAIN, from, to);
  return (text, from, to) => to - from === seg.length && text.startsWith(seg, from);
}

function compile(pattern: string): (resource: string) => boolean {
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) return (r) => r === pattern;
  const plainTest = (r: string) => globMatch(pattern, r);
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return plainTest;
  const rest = parts.slice(5).join(':');
  // Mostly the first five fields hold no wildcard: one prefix to compare.
  if (!/[*?]/.test(parts.slice(0, 5).join(':'))) {
    const prefix = `${parts.slice(0, 5).join(':')}:`;
    return (r) => (ARN_SHAPED.test(r) ? r.startsWith(prefix) && globMatch(rest, r, PLAIN, prefix.length) : plainTest(r));
  }
  const head = parts.slice(0, 5).map(fieldTest);
  const arnTest = (r: string) => {
    let from = 0;
    for (const test of head) {
      const to = r.indexOf(':', from);
      if (!test(r, from, to)) return false;
      from = to + 1;
    }
    return globMatch(rest, r, PLAIN, from);
  };
  return (r) => (ARN_SHAPED.test(r) ? arnTest(r) : plainTest(r));
}

export function matchResource(pattern: string, resource: string): boolean {
  let test = compiled.get(pattern);
  if (!test) compiled.set(pattern, (test = compile(pattern)));
  return test(resource);
}
