/**
 * Wildcard matching as IAM does it: `*` any run of characters, `?` one character. Actions are
 * case-insensitive; ARNs are matched case-sensitively, segment by segment for the first five
 * ARN fields, so `arn:aws:iam::*:role/x` cannot let `*` swallow the account's colon. No regex:
 * a backtracking regex of a dozen `*` (policies, conditions, config and workflow globs are input)
 * does not finish.
 */

import { foldCase, globMatch, type GlobOptions } from '../../../glob.js';

const PLAIN: GlobOptions = {};
const ANY_CASE: GlobOptions = { ignoreAsciiCase: true };

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
