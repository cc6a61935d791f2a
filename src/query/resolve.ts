import { mayBeSecret } from '../echo.js';
import { UsageError } from '../errors.js';
import type { GraphNode } from '../model/graph.js';

/**
 * What the user typed, made safe to look up and to print. Users paste leaked secrets here — that
 * is the point of `blast` — so a secret is never echoed, and is turned into the identifier it
 * implies where one exists.
 */
export interface Lookup {
  /** The text to match against ids, aliases and names. */
  key: string;
  /** Only credentials may match (the key was derived from a secret). */
  onlyCredentials: boolean;
  /** How to refer to the query in messages. */
  shown: string;
}

/** An AWS secret access key: 40 base64 characters. It names nothing leakpath stores. */
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;
const GCP_KEY_ID = /^[0-9a-f]{40}$/;
/**
 * An Entra ID client secret (2021+ format): a 3-character hint, a digit, `Q~`, then ~34 more.
 * Entra itself shows the first three characters as the secret's `hint`.
 */
const ENTRA_SECRET = /^([A-Za-z0-9_.-]{3})\dQ~[A-Za-z0-9_~.-]{30,40}$/;

export function parseLookup(query: string): Lookup {
  const q = query.trim();
  // 40 lower-case hex characters is a GCP service-account key id (private_key_id), not an AWS secret.
  if (AWS_SECRET.test(q) && !/^A[KS]IA/.test(q) && !GCP_KEY_ID.test(q)) {
    throw new UsageError(
      'that looks like an AWS secret access key; leakpath never stores secret values and cannot look one up. Pass the access key id (AKIA…) that goes with it, or the credential node id.',
    );
  }
  const entra = ENTRA_SECRET.exec(q);
  if (entra) return { key: entra[1]!, onlyCredentials: true, shown: `the pasted Entra ID client secret (hint "${entra[1]}")` };
  return { key: q, onlyCredentials: false, shown: mayBeSecret(q) ? `the given value (${q.length} characters; not repeated in case it is a secret)` : `"${q}"` };
}

/** Nodes a lookup may mean, best match class first: id, then id in any case, alias, name. */
export function candidatesFor(lookup: Lookup, nodes: Iterable<GraphNode>): GraphNode[] {
  const q = lookup.key;
  const lower = q.toLowerCase();
  const byId: GraphNode[] = [];
  const byIdCi: GraphNode[] = [];
  const byAlias: GraphNode[] = [];
  const byName: GraphNode[] = [];
  for (const n of nodes) {
    if (lookup.onlyCredentials && n.kind !== 'Credential') continue;
    if (n.id === q) byId.push(n);
    else if (n.id.toLowerCase() === lower) byIdCi.push(n);
    else if (n.aliases?.some((a) => a.toLowerCase() === lower)) byAlias.push(n);
    else if (n.name === q) byName.push(n);
  }
  return [byId, byIdCi, byAlias, byName].find((list) => list.length > 0) ?? [];
}

/**
 * candidatesFor over a graph's nodes through indexes built once (id, id in any case, alias, name),
 * for an engine that answers many lookups: a scan of every node per query showed in blast's
 * profile on large estates. Same classes, same order, same answers.
 */
export class NodeIndex {
  private readonly id = new Map<string, GraphNode>();
  private readonly idCi = new Map<string, GraphNode[]>();
  private readonly alias = new Map<string, GraphNode[]>();
  private readonly name = new Map<string, GraphNode[]>();

  constructor(nodes: Iterable<GraphNode>) {
    const add = (m: Map<string, GraphNode[]>, k: string, n: GraphNode) => {
      const list = m.get(k);
      if (!list) m.set(k, [n]);
      else if (list[list.length - 1] !== n) list.push(n);
    };
    for (const n of nodes) {
      this.id.set(n.id, n);
      add(this.idCi, n.id.toLowerCase(), n);
      for (const a of n.aliases ?? []) add(this.alias, a.toLowerCase(), n);
      add(this.name, n.name, n);
    }
  }

  candidates(lookup: Lookup): GraphNode[] {
    const q = lookup.key;
    const lower = q.toLowerCase();
    const keep = (list: readonly GraphNode[] | undefined) => (list ?? []).filter((n) => !lookup.onlyCredentials || n.kind === 'Credential');
    const exact = this.id.get(q);
    for (const list of [keep(exact ? [exact] : []), keep(this.idCi.get(lower)), keep(this.alias.get(lower)), keep(this.name.get(q))]) if (list.length > 0) return list;
    return [];
  }
}

/**
 * Picks exactly one node or explains why it cannot (not found, ambiguous). Asked for a credential,
 * it prefers credentials but accepts an identity: "what if this identity is compromised?".
 * Hub nodes are not places (see model/hubs.ts) and never match.
 */
export function pickNode(lookup: Lookup, found: GraphNode[], what: 'credential' | 'node'): GraphNode {
  // A hub stands for many edges and is never a place on a path: nothing starts or ends at one.
  const candidates = found.filter((c) => c.kind !== 'Hub');
  const credentials = candidates.filter((c) => c.kind === 'Credential');
  const identities = candidates.filter((c) => c.kind === 'Identity');
  const list = what === 'node' ? candidates : credentials.length > 0 ? credentials : identities;
  if (list.length === 0) {
    const hint = what === 'credential' ? 'give an access key id, appId:keyId, a key id, a unique secret hint, or a node id' : 'give a node id (e.g. an ARN), an alias or a unique name';
    throw new UsageError(`no ${what} matches ${lookup.shown}: ${hint}`);
  }
  if (list.length > 1) {
    const shown = list.slice(0, 10).map((c) => `  ${c.id} (${c.type})`).join('\n');
    throw new UsageError(`${lookup.shown} is ambiguous, it matches ${list.length} nodes:\n${shown}\nuse a node id`);
  }
  return list[0]!;
}
