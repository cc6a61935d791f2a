import type { PolicyDocument, PolicyStatement } from '../../model/inventory/index.js';
import { expandAction } from '../aws/policy/iam-data.js';
import { matchResource } from '../aws/policy/match.js';
import { asList, type SourcedStatement } from '../aws/policy/statements.js';
import type { AwsPrincipal } from '../aws/principals.js';
import { allowStatements, serviceOf, statementActions, usedResources, verdictOf } from './aws-usage.js';
import type { NodeUsage } from './facts.js';
import type { UsageWindow } from './types.js';

/**
 * The least-privilege policy for one AWS principal: each Allow statement of its current policies,
 * narrowed to the actions used in the window (or that the data cannot rule out), with resources
 * narrowed to those the usage shows when every one of them falls under the statement's own. Each
 * kept statement is a narrowing of one current statement, so the proposal never grants more.
 * Deny statements are kept as they are.
 */

/**
 * A used resource as the proposal names it: S3 object keys change with every write, so an object
 * stands for its bucket's objects (`bucket/*`); other ARNs are kept exactly.
 */
export const generalised = (arn: string) => arn.replace(/^(arn:aws[a-z-]*:s3:::[^/]+)\/.+$/, '$1/*');

const sidPart = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase());

/** The statement's own patterns of one service, when they name nothing but what is kept. */
function ownPatterns(s: SourcedStatement, service: string, kept: ReadonlySet<string>): string[] | undefined {
  const patterns = asList(s.statement.Action);
  const mine = patterns.filter((p) => p.toLowerCase().startsWith(`${service}:`));
  if (mine.length === 0 || s.statement.Action === undefined) return undefined;
  const named = new Set(mine.flatMap((p) => expandAction(p).map((a) => a.toLowerCase())));
  return named.size > 0 && [...named].every((a) => kept.has(a)) ? mine : undefined;
}

interface Grouped {
  service: string;
  actions: string[];
  resource?: string[];
  notResource?: string[];
  condition?: PolicyStatement['Condition'];
}

/** One narrowed statement per (service, resources, condition) of one current statement. */
function narrow(s: SourcedStatement, u: NodeUsage | undefined, w: UsageWindow): Grouped[] {
  const st = s.statement;
  const kept = statementActions(s).filter((a) => verdictOf(u, a, w) !== 'unused');
  const byService = new Map<string, string[]>();
  for (const a of kept) byService.set(serviceOf(a), [...(byService.get(serviceOf(a)) ?? []), a]);
  const out: Grouped[] = [];
  const patterns = asList(st.Resource);
  for (const [service, actions] of byService) {
    const keptSet = new Set(actions.map((a) => a.toLowerCase()));
    // Resources as narrow as usage shows, per action; actions with the same resources share a statement.
    const byResources = new Map<string, { actions: string[]; resources?: string[] }>();
    for (const a of actions) {
      const used = st.Resource !== undefined ? [...new Set(usedResources(u, a, w).map(generalised))].sort() : [];
      const narrowed = used.length > 0 && used.every((r) => patterns.some((p) => !p.includes('${') && matchResource(p, r))) ? used : undefined;
      const key = narrowed ? narrowed.join('\n') : '';
      const g = byResources.get(key) ?? { actions: [], ...(narrowed ? { resources: narrowed } : {}) };
      g.actions.push(a);
      byResources.set(key, g);
    }
    for (const g of byResources.values()) {
      // The statement's own patterns read better than a list, when they name exactly what is kept.
      const own = byResources.size === 1 ? ownPatterns(s, service, keptSet) : undefined;
      out.push({
        service,
        actions: own ?? [...g.actions].sort(),
        ...(g.resources ? { resource: g.resources } : st.Resource !== undefined ? { resource: asList(st.Resource) } : {}),
        ...(st.NotResource !== undefined ? { notResource: asList(st.NotResource) } : {}),
        ...(st.Condition ? { condition: st.Condition } : {}),
      });
    }
  }
  return out;
}

const one = (xs: string[]) => (xs.length === 1 ? xs[0]! : xs);

export function proposePolicy(p: AwsPrincipal, u: NodeUsage | undefined, w: UsageWindow): PolicyDocument {
  const groups = allowStatements(p).flatMap((s) => narrow(s, u, w));
  // Statements of several current statements that coincide (same service, resources, condition) merge.
  const merged = new Map<string, Grouped>();
  for (const g of groups) {
    const key = JSON.stringify([g.service, g.resource ?? null, g.notResource ?? null, g.condition ?? null]);
    const m = merged.get(key);
    if (m) m.actions = [...new Set([...m.actions, ...g.actions])].sort();
    else merged.set(key, { ...g });
  }
  const counts = new Map<string, number>();
  const statements: PolicyStatement[] = [...merged.values()]
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
    .map((g) => {
      const n = (counts.get(g.service) ?? 0) + 1;
      counts.set(g.service, n);
      return {
        Sid: `Used${sidPart(g.service)}${n > 1 ? n : ''}`,
        Effect: 'Allow' as const,
        Action: one(g.actions),
        ...(g.resource ? { Resource: one(g.resource) } : {}),
        ...(g.notResource ? { NotResource: one(g.notResource) } : {}),
        ...(g.condition ? { Condition: g.condition } : {}),
      };
    });
  const denies = p.identity.filter((s) => s.statement.Effect === 'Deny').map((s) => s.statement);
  return { Version: '2012-10-17', Statement: [...statements, ...denies] };
}
