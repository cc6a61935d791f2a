import type { z } from 'zod';
import { InputError } from '../errors.js';

/** Formats a zod issue path the way the record appears in the file: `RoleDetailList[3].Arn`. */
export function recordPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Parses `value` with `schema`, or throws an InputError naming the file, record and expectation. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, file: string, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const record = recordPath(issue.path);
  throw new InputError(file, record, `expected ${what}: ${issue.message}`);
}
