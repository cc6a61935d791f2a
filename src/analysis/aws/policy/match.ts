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

export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return wildcardRegex(pattern, 'i').test(action);
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export function matchResource(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const r = splitArn(resource);
  if (!p || !r) return wildcardRegex(pattern, '').test(resource);
  return p.every((seg, i) => wildcardRegex(seg, '').test(r[i]!));
}
