/**
 * Wildcard matching as IAM does it: `*` any run of characters, `?` one character. Actions are
 * case-insensitive; ARNs are matched case-sensitively, segment by segment for the first five
 * ARN fields, so `arn:aws:iam::*:role/x` cannot let `*` swallow the account's colon. No regex:
 * a backtracking regex of a dozen `*` (policies, conditions, config and workflow globs are input)
 * does not finish.
 */

/**
 * `*` and `?` wildcard matching in time linear in the text for each pattern position (no regex
 * backtracking): a policy of 5,000 `*`, or a pattern too long for a regex, is still decided.
 * `anyOne` false makes `?` a plain character (ARM action patterns have only `*`).
 */
export function globMatch(pattern: string, text: string, anyOne = true): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && ((anyOne && pattern[p] === '?') || (pattern[p] === text[t] && pattern[p] !== '*'))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
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
  if (/[*?]/.test(pattern)) return (action) => globMatch(lower, action.toLowerCase());
  return (action) => action.length === lower.length && action.toLowerCase() === lower;
}

export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  let test = actionTests.get(pattern);
  if (!test) actionTests.set(pattern, (test = compileAction(pattern)));
  return test(action);
}

const ARN_SHAPED = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;

/** Where the resource part of an ARN-shaped text starts: after its fifth colon. */
function resourceStart(text: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) at = text.indexOf(':', at + 1);
  return at + 1;
}

/**
 * One compiled test per Resource pattern: rules ask the same patterns of thousands of ARNs. For an
 * ARN-shaped pattern and ARN, a wildcard in the first five fields stays within its field; in the
 * resource part it may span colons. Anything else is matched as a plain wildcard string.
 */
const compiled = new Map<string, (resource: string) => boolean>();

function compile(pattern: string): (resource: string) => boolean {
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) return (r) => r === pattern;
  const plainTest = (r: string) => globMatch(pattern, r);
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return plainTest;
  const head = parts.slice(0, 5);
  const rest = pattern.slice(resourceStart(pattern));
  const arnTest = (r: string) => {
    const fields = r.split(':', 5);
    return head.every((seg, i) => globMatch(seg, fields[i]!)) && globMatch(rest, r.slice(resourceStart(r)));
  };
  return (r) => (ARN_SHAPED.test(r) ? arnTest(r) : plainTest(r));
}

export function matchResource(pattern: string, resource: string): boolean {
  let test = compiled.get(pattern);
  if (!test) compiled.set(pattern, (test = compile(pattern)));
  return test(resource);
}
