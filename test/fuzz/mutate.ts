import fc from 'fast-check';

/**
 * Hostile variations of a valid export, for the parser fuzz tests (and `npm run bench -- --fuzz`):
 * type swaps, missing keys, huge strings, deep nesting, odd unicode, duplicate records,
 * `__proto__` / `constructor` keys, documents URL-encoded (validly or not), truncated strings.
 */
export type Mutation =
  | { op: 'delete' | 'duplicate' | 'encode' | 'bad-encoding' | 'deep-array' | 'deep-object' | 'huge'; at: number }
  | { op: 'swap'; at: number; value: unknown }
  | { op: 'unicode'; at: number; text: string }
  | { op: 'proto'; at: number; key: string; value: unknown }
  | { op: 'truncate'; at: number; keep: number };

const scalar = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant(''), fc.constant('*'), fc.constant(-1));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'encode', 'bad-encoding', 'deep-array', 'deep-object', 'huge'), at: fc.nat() }),
  fc.record({ op: fc.constant('swap'), at: fc.nat(), value: scalar }),
  fc.record({ op: fc.constant('unicode'), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\uD800', '\uDFFF\uD800', '\u0000', '\u202E', '\x1b[31m', 'ﬀ', 'İ', '\u212A')) }),
  fc.record({ op: fc.constant('proto'), at: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), value: scalar }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat(), keep: fc.nat({ max: 40 }) }),
) as fc.Arbitrary<Mutation>;

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/**
 * Every value in the tree with its parent, in a fixed order (so a seed picks the same slot), down
 * to a depth that stays clear of the structures 'deep-*' builds (walking those would overflow).
 */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: { v: unknown; depth: number }[] = [{ v: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > 40 || typeof v !== 'object' || v === null) continue;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const key of keys.reverse()) {
      out.push({ parent: v as Record<string, unknown>, key });
      stack.push({ v: (v as Record<string | number, unknown>)[key], depth: depth + 1 });
    }
  }
  return out;
}

const nest = (depth: number, leaf: unknown, wrap: (x: unknown) => unknown) => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};

/** Applies mutations to a deep copy of `json` (a plain JSON value). */
export function applyMutations(json: unknown, mutations: readonly Mutation[]): unknown {
  const root = { doc: structuredClone(json) } as Record<string, unknown>;
  for (const m of mutations) {
    const all = slots(root);
    // Earlier deletions can leave nothing to mutate.
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length]!;
    const get = () => (parent as Record<string | number, unknown>)[key];
    const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
    switch (m.op) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'duplicate':
        // The same object twice (as a parser sees a repeated record), not a deep copy.
        if (Array.isArray(parent)) parent.push(get());
        else set([get(), get()]);
        break;
      case 'encode':
        set(encodeURIComponent(safeStringify(get())));
        break;
      case 'bad-encoding':
        set(`%7B%22Statement%22%3A%5B%E0%A4%A${typeof get() === 'string' ? (get() as string).slice(0, 5) : ''}`);
        break;
      case 'deep-array':
        set(nest(20_000, get(), (x) => [x]));
        break;
      case 'deep-object':
        set(nest(20_000, get(), (x) => ({ Statement: x })));
        break;
      case 'huge':
        set(`${typeof get() === 'string' ? get() : ''}${'A'.repeat(2_000_000)}`);
        break;
      case 'swap':
        set(m.value);
        break;
      case 'unicode':
        set(typeof get() === 'string' ? `${get() as string}${m.text}` : m.text);
        break;
      case 'proto':
        if (typeof parent === 'object' && !Array.isArray(parent)) {
          // An own property, as JSON.parse makes it: '{"__proto__": …}' does not touch the prototype.
          Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        }
        break;
      case 'truncate':
        if (typeof get() === 'string') set((get() as string).slice(0, m.keep));
        break;
    }
  }
  return root.doc;
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '[]';
  }
}
