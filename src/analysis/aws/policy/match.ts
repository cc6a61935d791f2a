/**
 * Wildcard matching as IAM does it: `*` any run of characters, `?` one character. Actions are
 * case-insensitive; ARNs are matched case-sensitively, segment by segment for the first five
 * ARN fields, so `arn:aws:iam::*:role/x` cannot let `*` swallow the account's colon.
 */
const cache = new Map<string, RegExp>();

function wildcardRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, flags);
    cache.set(key, re);
  }
  return re;
}

/**
 * `*` and `?` wildcard matching in time linear in the text for each pattern position (no regex
 * backtracking): a policy of 5,000 `*`, or a pattern too long for a regex, is still decided.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
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

/** A regex for the pattern, or the linear matcher when the engine refuses it (too large). */
function regexOrGlob(build: () => RegExp, pattern: string, fold: boolean): (text: string) => boolean {
  try {
    const re = build();
    // V8 compiles lazily: a regex too large fails on its first test, not when built.
    re.test('');
    return (text) => re.test(text);
  } catch {
    const p = fold ? pattern.toLowerCase() : pattern;
    return (text) => globMatch(p, fold ? text.toLowerCase() : text);
  }
}

/** One compiled test per Action pattern, keyed by the pattern alone (no key built per call). */
const actionTests = new Map<string, (action: string) => boolean>();

function compileAction(pattern: string): (action: string) => boolean {
  // Non-ASCII patterns keep the regex: its case folding differs from toLowerCase (e.g. the Kelvin sign).
  if (!/^[\x20-\x7e]*$/.test(pattern)) return regexOrGlob(() => wildcardRegex(pattern, 'i'), pattern, true);
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
const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/**
 * One compiled test per Resource pattern: rules ask the same patterns of thousands of ARNs. For an
 * ARN-shaped pattern and ARN, a wildcard in the first five fields stays within its field; in the
 * resource part it may span colons. Anything else is matched as a plain wildcard string.
 */
const compiled = new Map<string, (resource: string) => boolean>();

function compile(pattern: string): (resource: string) => boolean {
  if (pattern === '*') return () => true;
  const plain = /[*?]/.test(pattern) ? (r: string) => globMatch(pattern, r) : undefined;
  const plainTest = plain ?? ((r: string) => r === pattern);
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return plainTest;
  if (!plain) return (r) => r === pattern;
  const field = (seg: string, any: string, one: string) => escape(seg).replace(/\*/g, any).replace(/\?/g, one);
  const head = parts.slice(0, 5).map((seg) => field(seg, '[^:]*', '[^:]'));
  const arnTest = regexOrGlob(() => new RegExp(`^${head.join(':')}:${field(parts.slice(5).join(':'), '.*', '.')}$`), pattern, false);
  return (r) => (ARN_SHAPED.test(r) ? arnTest(r) : plainTest(r));
}

export function matchResource(pattern: string, resource: string): boolean {
  let test = compiled.get(pattern);
  if (!test) compiled.set(pattern, (test = compile(pattern)));
  return test(resource);
}
