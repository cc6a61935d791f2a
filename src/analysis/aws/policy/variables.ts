/**
 * Policy variables in Resource values (`${aws:username}`, `${aws:PrincipalTag/team}`). A variable
 * the request context does not define makes the value match nothing, as in AWS.
 * The escapes `${*}`, `${?}`, `${$}` become the bare character; that `*` then acts as a wildcard,
 * a deliberate over-approximation (a literal asterisk in a resource name is vanishingly rare).
 */
export type RequestContext = Record<string, string | undefined>;

const VARIABLE = /\$\{([^}]+)\}/g;

export function substituteVariables(value: string, context: RequestContext): string | undefined {
  if (!value.includes('${')) return value;
  let unresolved = false;
  const out = value.replace(VARIABLE, (_m, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const [key, fallback] = name.split(/,\s*/);
    const found = context[key!];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback.replace(/^'|'$/g, '');
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}
