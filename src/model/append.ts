/**
 * `target.push(...items)` without the spread: a spread passes every item as an argument, and past
 * about 120,000 of them V8 throws "Maximum call stack size exceeded" (one principal's edges on a
 * large estate, one AzureHound record's assignments, one file's warnings).
 */
export function appendAll<T>(target: T[], ...lists: readonly (readonly T[])[]): T[] {
  for (const items of lists) for (const item of items) target.push(item);
  return target;
}
