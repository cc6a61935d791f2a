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

/** One compiled test per Action pattern, keyed by the pattern alone (no key built per call). */
const actionTests = new Map<string, (action: string) => boolean>();

function compileAction(pattern: string): (action: string) => boolean {
  // Non-ASCII patterns keep the regex: its case folding differs from toLowerCase (e.g. the Kelvin sign).
  if (/[*?]/.test(pattern) || !/^[\x20-\x7e]*$/.test(pattern)) {
    const re = wildcardRegex(pattern, 'i');
    return (action) => re.test(action);
  }
  const lower = pattern.toLowerCase();
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
  const plain = /[*?]/.test(pattern) ? wildcardRegex(pattern, '') : undefined;
  const plainTest = plain ? (r: string) => plain.test(r) : (r: string) => r === pattern;
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return plainTest;
  if (!plain) return (r) => r === pattern;
  const field = (seg: string, any: string, one: string) => escape(seg).replace(/\*/g, any).replace(/\?/g, one);
  const head = parts.slice(0, 5).map((seg) => field(seg, '[^:]*', '[^:]'));
  const re = new RegExp(`^${head.join(':')}:${field(parts.slice(5).join(':'), '.*', '.')}$`);
  return (r) => (ARN_SHAPED.test(r) ? re.test(r) : plainTest(r));
}

export function matchResource(pattern: string, resource: string): boolean {
  let test = compiled.get(pattern);
  if (!test) compiled.set(pattern, (test = compile(pattern)));
  return test(resource);
}
