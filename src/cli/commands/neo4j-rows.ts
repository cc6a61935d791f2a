import neo4j from 'neo4j-driver';

/** Driver values → plain JSON: nodes by id, paths as `a -[TYPE]-> b`, integers as numbers, temporals as ISO text. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isNode(value)) return (value.properties.id as string | undefined) ?? value.elementId;
  if (neo4j.isRelationship(value)) return value.type;
  if (neo4j.isPath(value)) {
    const id = (n: { properties: Record<string, unknown>; elementId: string }) =>
      (n.properties.id as string | undefined) ?? n.elementId;
    return [id(value.start), ...value.segments.map((s) => `-[${s.relationship.type}]-> ${id(s.end)}`)].join(
      ' ',
    );
  }
  if (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  )
    return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]),
    );
  return value;
}

export function table(keys: string[], rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const cell = (v: unknown) => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const cells = rows.map((r) => keys.map((k) => cell(r[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  return [line(keys), ...cells.map(line)].join('\n');
}
