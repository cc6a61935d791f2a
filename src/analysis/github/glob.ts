/**
 * GitHub's branch filter patterns (workflow `branches:`, deployment branch policies): `*` within a
 * path segment, `**` across segments, `?` one character, `!` negation in a list.
 */
type Token = { kind: 'star' | 'globstar' | 'one' } | { kind: 'char'; char: string };

/** A run of stars is one token: `*` + `**` spans segments as `**` alone does. */
function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      const globstar = pattern[i + 1] === '*';
      if (globstar) i++;
      const last = out[out.length - 1];
      if (last?.kind === 'star' || last?.kind === 'globstar') {
        if (globstar) last.kind = 'globstar';
      } else out.push({ kind: globstar ? 'globstar' : 'star' });
    } else if (c === '?') out.push({ kind: 'one' });
    else out.push({ kind: 'char', char: c });
  }
  return out;
}

/**
 * The pattern run as a set of positions over the name (an NFA), in time pattern × name: the
 * backtracking regex it replaces did not finish on a workflow's pattern of a dozen `*`.
 */
export function globMatch(pattern: string, name: string): boolean {
  const toks = tokens(pattern);
  let at = new Uint8Array(toks.length + 1);
  const close = (set: Uint8Array<ArrayBuffer>) => {
    for (let i = 0; i < toks.length; i++) if (set[i] && toks[i]!.kind !== 'char' && toks[i]!.kind !== 'one') set[i + 1] = 1;
    return set;
  };
  at[0] = 1;
  close(at);
  // By UTF-16 unit, as the regex read it: `?` is one unit.
  for (let k = 0; k < name.length; k++) {
    const c = name[k]!;
    const next = new Uint8Array(toks.length + 1);
    for (let i = 0; i < toks.length; i++) {
      if (!at[i]) continue;
      const t = toks[i]!;
      if (t.kind === 'globstar' || (t.kind === 'star' && c !== '/')) next[i] = 1;
      else if (t.kind === 'one' || (t.kind === 'char' && t.char === c)) next[i + 1] = 1;
    }
    at = close(next);
  }
  return at[toks.length] === 1;
}

export const isGlob = (p: string) => /[*?[\]!+]/.test(p);

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
