import { globMatch } from '../../../glob.js';
import { matchResource } from './match.js';
import { compareDates, compareNumbers, ipInCidr } from './operands.js';

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

interface OperatorSpec {
  cmp: Comparator;
  /** A negated operator matches when no policy value matches, and a missing key satisfies it. */
  negated: boolean;
  /** Policy variables are substituted in the values of string and ARN operators only. */
  variables: boolean;
}

const isArn = (v: string) => v.startsWith('arn:') && v.split(':').length >= 6;
/** ARN operators compare each of the six ARN fields with wildcards; a value that is no ARN never matches. */
const arnCmp: Comparator = (a, e) => isArn(a) && isArn(e) && matchResource(e, a);

const op = (cmp: Comparator, negated = false, variables = false): OperatorSpec => ({ cmp, negated, variables });

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: op((a, e) => a === e, false, true),
  stringnotequals: op((a, e) => a === e, true, true),
  stringequalsignorecase: op((a, e) => a.toLowerCase() === e.toLowerCase(), false, true),
  stringnotequalsignorecase: op((a, e) => a.toLowerCase() === e.toLowerCase(), true, true),
  stringlike: op((a, e) => globMatch(e, a), false, true),
  stringnotlike: op((a, e) => globMatch(e, a), true, true),
  numericequals: op((a, e) => compareNumbers(a, e) === 0),
  numericnotequals: op((a, e) => compareNumbers(a, e) === 0, true),
  numericlessthan: op((a, e) => compareNumbers(a, e)! < 0),
  numericlessthanequals: op((a, e) => compareNumbers(a, e)! <= 0),
  numericgreaterthan: op((a, e) => compareNumbers(a, e)! > 0),
  numericgreaterthanequals: op((a, e) => compareNumbers(a, e)! >= 0),
  dateequals: op((a, e) => compareDates(a, e) === 0),
  datenotequals: op((a, e) => compareDates(a, e) === 0, true),
  datelessthan: op((a, e) => compareDates(a, e)! < 0),
  datelessthanequals: op((a, e) => compareDates(a, e)! <= 0),
  dategreaterthan: op((a, e) => compareDates(a, e)! > 0),
  dategreaterthanequals: op((a, e) => compareDates(a, e)! >= 0),
  bool: op((a, e) => a.toLowerCase() === e.toLowerCase()),
  binaryequals: op((a, e) => a === e),
  ipaddress: op((a, e) => ipInCidr(a, e)),
  notipaddress: op((a, e) => ipInCidr(a, e), true),
  arnequals: op(arnCmp, false, true),
  arnlike: op(arnCmp, false, true),
  arnnotequals: op(arnCmp, true, true),
  arnnotlike: op(arnCmp, true, true),
};

interface ParsedOperator {
  set?: 'forall' | 'forany';
  ifExists: boolean;
  /** `null` for the Null operator. */
  spec: OperatorSpec | null;
}

function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name.toLowerCase();
  let set: ParsedOperator['set'];
  for (const [prefix, kind] of [['forallvalues:', 'forall'], ['foranyvalue:', 'forany']] as const) {
    if (rest.startsWith(prefix)) {
      set = kind;
      rest = rest.slice(prefix.length);
    }
  }
  if (rest === 'null') return { set, ifExists: false, spec: null };
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -8);
  const spec = OPERATORS[rest];
  return spec ? { set, ifExists, spec } : undefined;
}

const absent = (world: KeyValue) => world === null || world.length === 0;

/**
 * Truth of one operator on one key in one possible world, with the policy values resolved.
 * `unresolved`: some value named a policy variable the request lacks. Such a value matches nothing,
 * and a negated operator cannot show the key differs from it, so it fails (as in iam-simulate).
 */
function worldTruth(parsed: ParsedOperator, values: string[], world: KeyValue, unresolved = false): boolean {
  if (parsed.spec === null) {
    // Null:true means "the key is absent"; Null:false "present".
    const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
    return absent(world) === wantsAbsent;
  }
  const { spec, set } = parsed;
  if (absent(world)) {
    if (parsed.ifExists) return true;
    if (set === 'forall') return true;
    if (set === 'forany') return false;
    return spec.negated;
  }
  const one = (actual: string) => {
    const hit = values.some((e) => spec.cmp(actual, e));
    return spec.negated ? !(hit || unresolved) : hit;
  };
  return set === 'forall' ? world!.every(one) : world!.some(one);
}

const VARIABLE = /\$\{([^}]+)\}/g;

interface Resolved {
  values: string[];
  /** Some value named a variable the request does not have (and no default). */
  unresolved: boolean;
}

/**
 * Substitutes policy variables in condition values. A variable whose key has one known single value
 * resolves; one whose key is absent resolves to its default or leaves the value unresolved; one the
 * data cannot settle makes the whole condition unknown.
 */
function resolveValues(values: string[], context: ConditionContext): Resolved | 'unknown' {
  const out: string[] = [];
  let unresolved = false;
  for (const value of values) {
    if (!value.includes('${')) {
      out.push(value);
      continue;
    }
    const state = { v: 'ok' as 'ok' | 'dropped' | 'unknown' };
    const resolved = value.replace(VARIABLE, (_m, inner: string) => {
      if (inner === '*' || inner === '?' || inner === '$') return inner;
      const [key, fallback] = inner.split(/,\s*/);
      const worlds = context(key!.trim());
      if (!worlds || worlds.length !== 1) {
        if (state.v === 'ok') state.v = 'unknown';
        return '';
      }
      const world = worlds[0]!;
      if (world !== null && world.length === 1) return world[0]!;
      if (absent(world) && fallback !== undefined) return fallback.trim().replace(/^'|'$/g, '');
      if (absent(world)) state.v = 'dropped';
      else if (state.v === 'ok') state.v = 'unknown';
      return '';
    });
    if (state.v === 'unknown') return 'unknown';
    if (state.v === 'ok') out.push(resolved);
    else unresolved = true;
  }
  return { values: out, unresolved };
}

/** Evaluates one `Condition` block: every operator and key must hold. */
export function evaluateCondition(
  condition: Record<string, Record<string, unknown>>,
  context: ConditionContext,
): Truth {
  let result: Truth = 'true';
  for (const [opName, keys] of Object.entries(condition)) {
    const parsed = parseOperator(opName);
    for (const [key, raw] of Object.entries(keys)) {
      const worlds = context(key);
      if (!parsed || !worlds) {
        result = 'unknown';
        continue;
      }
      const literal = (Array.isArray(raw) ? raw : [raw]).map(String);
      const resolved = parsed.spec?.variables ? resolveValues(literal, context) : { values: literal, unresolved: false };
      if (resolved === 'unknown') {
        result = 'unknown';
        continue;
      }
      const truths = worlds.map((w) => worldTruth(parsed, resolved.values, w, resolved.unresolved));
      if (truths.every((t) => !t)) return 'false';
      if (!truths.every((t) => t)) result = 'unknown';
    }
  }
  return result;
}
