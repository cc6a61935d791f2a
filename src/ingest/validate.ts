import type { z } from 'zod';
import { InputError } from '../errors.js';

/** Formats a zod issue path the way the record appears in the file: `RoleDetailList[3].Arn`. */
export function recordPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

type Issue = z.core.$ZodIssue;

/**
 * A union failure (e.g. "one statement or a list of statements") says only "invalid input" at the
 * union's path; the branch that got furthest says what is actually wrong, and where.
 */
function deepest(issue: Issue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: [...issue.path], message: issue.message };
  let best = { path: [...issue.path], message: issue.message };
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const d = deepest(inner);
      if (d.path.length + issue.path.length > best.path.length) best = { path: [...issue.path, ...d.path], message: d.message };
    }
  }
  return best;
}

/** Parses `value` with `schema`, or throws an InputError naming the file, record and expectation. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, file: string, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0]!);
  throw new InputError(file, recordPath(issue.path), `expected ${what}: ${issue.message}`);
}
