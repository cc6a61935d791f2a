/**
 * `target.push(...items)` without the spread: a spread passes every item as an argument, and past
 * about 120,000 of them V8 throws "Maximum call stack size exceeded" (one principal's edges on a
 * large estate, one AzureHound record's assignments, one file's warnings).
 */
export function appendAll<T>(target: T[], ...lists: readonly (readonly T[])[]): T[] {
  for (const items of lists) for (const item of items) target.push(item);
  return target;
}

/** Appends to the list a map holds for `key` (a new list when none): a spread copy per item would be quadratic. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
