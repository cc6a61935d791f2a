import { matchResource } from './match.js';

/**
 * Three-valued evaluation of IAM Condition blocks against what the attacker's request would carry.
 *
 * A context key is either known (one or more possible worlds, each "absent" or a list of values) or
 * unknown (the data cannot say: source IP, time, request tags…). A condition is `true` or `false`
 * only when every possible world agrees; otherwise `unknown`, and the edge becomes conditional.
 */
export type Truth = 'true' | 'false' | 'unknown';

/** One possible world for a key: `null` = the key is absent from the request. */
export type KeyValue = string[] | null;

/** The possible worlds of a key (matched case-insensitively), or undefined when the data cannot say. */
export type ConditionContext = (key: string) => readonly KeyValue[] | undefined;

type Comparator = (actual: string, expected: string) => boolean;

const likeRegex = (pattern: string, flags = '') =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);

const COMPARATORS: Record<string, { cmp: Comparator; negated: boolean }> = {
  stringequals: { cmp: (a, e) => a === e, negated: false },
  stringnotequals: { cmp: (a, e) => a === e, negated: true },
  stringequalsignorecase: { cmp: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  stringnotequalsignorecase: { cmp: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  stringlike: { cmp: (a, e) => likeRegex(e).test(a), negated: false },
  stringnotlike: { cmp: (a, e) => likeRegex(e).test(a), negated: true },
  arnequals: { cmp: (a, e) => matchResource(e, a), negated: false },
  arnlike: { cmp: (a, e) => matchResource(e, a), negated: false },
  arnnotequals: { cmp: (a, e) => matchResource(e, a), negated: true },
  arnnotlike: { cmp: (a, e) => matchResource(e, a), negated: true },
  bool: { cmp: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
};

function worldTruth(op: string, values: string[], world: KeyValue): boolean | undefined {
  let set: 'forall' | 'forany' | undefined;
  let name = op.toLowerCase();
  if (name.startsWith('forallvalues:')) (set = 'forall'), (name = name.slice(13));
  else if (name.startsWith('foranyvalue:')) (set = 'forany'), (name = name.slice(12));
  const ifExists = name.endsWith('ifexists');
  if (ifExists) name = name.slice(0, -8);

  if (name === 'null') {
    // Null:true means "the key is absent".
    const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
    return (world === null || world.length === 0) === wantsAbsent;
  }
  const spec = COMPARATORS[name];
  if (!spec) return undefined;
  if (world === null || world.length === 0) {
    if (ifExists) return true;
    if (set === 'forall') return true;
    if (set === 'forany') return false;
    return spec.negated;
  }
  const one = (actual: string) => {
    const hit = values.some((e) => spec.cmp(actual, e));
    return spec.negated ? !hit : hit;
  };
  if (set === 'forall') return world.every(one);
  return world.some(one);
}

/** Evaluates one `Condition` block: every operator and key must hold. */
export function evaluateCondition(
  condition: Record<string, Record<string, unknown>>,
  context: ConditionContext,
): Truth {
  let result: Truth = 'true';
  for (const [op, keys] of Object.entries(condition)) {
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const worlds = context(key);
      if (!worlds) {
        result = 'unknown';
        continue;
      }
      const truths = worlds.map((w) => worldTruth(op, values, w));
      if (truths.some((t) => t === undefined)) {
        result = 'unknown';
        continue;
      }
      if (truths.every((t) => t === false)) return 'false';
      if (!truths.every((t) => t === true)) result = 'unknown';
    }
  }
  return result;
}
