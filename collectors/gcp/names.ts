/** Name forms GCP uses, parsed once here. */

const CRM = '//cloudresourcemanager.googleapis.com/';

/** `//cloudresourcemanager.googleapis.com/projects/123` → `projects/123`; other names unchanged. */
export function containerName(name: string): string | undefined {
  const rel = name.startsWith(CRM) ? name.slice(CRM.length) : name;
  return /^(organizations|folders|projects)\/[^/]+$/.test(rel) ? rel : undefined;
}

/** A service-account reference in a name: `…/serviceAccounts/<email or unique id>`. */
export function serviceAccountRef(name: string): { project: string; ref: string } | undefined {
  const m = /(?:^|\/)projects\/([^/]+)\/serviceAccounts\/([^/]+)$/.exec(name);
  return m ? { project: m[1]!, ref: decodeURIComponent(m[2]!) } : undefined;
}

/** `projects/P/serviceAccounts/EMAIL/keys/KEYID` (relative or full name). */
export function keyRef(name: string): { project: string; sa: string; keyId: string } | undefined {
  const m = /(?:^|\/)projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/]+)$/.exec(name);
  return m ? { project: m[1]!, sa: decodeURIComponent(m[2]!), keyId: m[3]!.toLowerCase() } : undefined;
}

/** The project a resource name names (`…/projects/P/…`), as written: a number or an id. */
export function projectOf(name: string): string | undefined {
  const m = /(?:^|\/)projects\/([^/]+)/.exec(name);
  return m ? m[1] : undefined;
}

export const isEmail = (s: unknown): s is string => typeof s === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);

/**
 * Emails of service accounts a resource's REST object names (`serviceAccount`,
 * `serviceAccountEmail`, `serviceAccountName`, `serviceAccounts[].email`), wherever they sit:
 * Compute, Functions (1st and 2nd gen), Cloud Run (v1 and v2), GKE node pools, Composer,
 * Dataproc and Vertex all nest them differently.
 */
export function runsAs(data: unknown, depth = 0): string[] {
  if (depth > 8 || data === null || typeof data !== 'object') return [];
  const out = new Set<string>();
  if (Array.isArray(data)) {
    for (const x of data) for (const e of runsAs(x, depth + 1)) out.add(e);
    return [...out];
  }
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (/^serviceAccount(Email|Name)?$/.test(k) && isEmail(v)) out.add(v.toLowerCase());
    // `serviceAccounts` (REST) or `serviceAccount` (older Cloud Asset exports): a list of {email, scopes}.
    else if ((k === 'serviceAccounts' || k === 'serviceAccount') && Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object' && isEmail((x as { email?: unknown }).email)) out.add((x as { email: string }).email.toLowerCase());
    } else if (typeof v === 'object') for (const e of runsAs(v, depth + 1)) out.add(e);
  }
  return [...out];
}
