/**
 * GitHub's branch filter patterns (workflow `branches:`, deployment branch policies): `*` within a
 * path segment, `**` across segments, `?` one character, `!` negation in a list.
 */
function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export const isGlob = (p: string) => /[*?[\]!+]/.test(p);

export function globMatch(pattern: string, name: string): boolean {
  return toRegExp(pattern).test(name);
}

/** A list with negations: the last matching pattern decides (GitHub's rule). */
export function filterMatch(patterns: readonly string[], name: string): boolean {
  let ok = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) ok = false;
    } else if (globMatch(p, name)) ok = true;
  }
  return ok;
}

/** A name a new branch could take to match the pattern (the attacker picks it). */
export function exampleName(pattern: string): string {
  return pattern.replace(/\*\*/g, 'leakpath').replace(/\*/g, 'leakpath').replace(/\?/g, 'x');
}
