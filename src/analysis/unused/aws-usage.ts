import { allActions, expandAction } from '../aws/policy/iam-data.js';
import { matchAction } from '../aws/policy/match.js';
import { asList, type SourcedStatement } from '../aws/policy/statements.js';
import type { AwsPrincipal } from '../aws/principals.js';
import type { NodeUsage } from './facts.js';
import type { UsageWindow } from './types.js';
import { inWindow } from './window.js';

/**
 * What an AWS principal is granted, action by action, and whether each granted action was used in
 * the window. "Granted" is what some Allow of its identity policies names, expanded over the action
 * catalogue (resources and conditions aside): the privilege a leaked credential carries.
 */

export type Verdict = 'used' | 'unused' | 'unknown';

const expansions = new Map<string, string[]>();

/** A pattern's catalogued actions (`service:Action`); an exact name the catalogue lacks stands for itself. */
function expand(pattern: string): string[] {
  let hit = expansions.get(pattern);
  if (!hit) {
    hit = expandAction(pattern);
    if (hit.length === 0 && !/[*?]/.test(pattern) && pattern.includes(':')) hit = [`${pattern.slice(0, pattern.indexOf(':')).toLowerCase()}${pattern.slice(pattern.indexOf(':'))}`];
    expansions.set(pattern, hit);
  }
  return hit;
}

/** The actions one Allow statement names. */
export function statementActions(s: SourcedStatement): string[] {
  const st = s.statement;
  if (st.Action !== undefined) return [...new Set(asList(st.Action).flatMap(expand))];
  const spared = asList(st.NotAction);
  return allActions().filter((a) => !spared.some((p) => matchAction(p, a)));
}

export const allowStatements = (p: AwsPrincipal) => p.identity.filter((s) => s.statement.Effect === 'Allow');

/** Every granted action (lower case → catalogue spelling). */
export function grantedActions(p: AwsPrincipal): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of allowStatements(p)) for (const a of statementActions(s)) out.set(a.toLowerCase(), a);
  return out;
}

/**
 * Calls CloudTrail logs only as data events, which a trail records only when configured to (and
 * CloudWatch Logs ingestion, never): unseen in a trail without them is not unused.
 */
const DATA_EVENT = [/^s3:(get|put|delete|restore|abort|list)(object|multipart)/i, /^s3:listbucket/i, /^lambda:invoke/i, /^dynamodb:(getitem|putitem|updateitem|deleteitem|batch|query|scan|transact)/i, /^sqs:(send|receive|delete)message/i, /^sns:publish/i, /^logs:(putlogevents|createlogstream)$/i, /^kinesis:(putrecord|getrecords)/i, /^s3-object-lambda:/i];
export const isDataEvent = (action: string) => DATA_EVENT.some((r) => r.test(action));

export const serviceOf = (action: string) => action.slice(0, action.indexOf(':')).toLowerCase();

/**
 * Whether a granted action was used in the window, as finely as the data sees it. Conservative:
 * what the data cannot settle is `unknown`, and unknown is kept by proposals.
 */
export function verdictOf(u: NodeUsage | undefined, action: string, w: UsageWindow): Verdict {
  if (!u) return 'unknown';
  const key = action.toLowerCase();
  const service = u.services.get(serviceOf(key));
  const seen = service?.actions.get(key);
  if (seen && inWindow(w, seen.lastUsed)) return 'used';
  // CloudTrail logs every call: an action it never shows was not called.
  if (u.callsLogged && (!isDataEvent(key) || u.dataEvents.has(serviceOf(key)))) return 'unused';
  if (seen?.tracked) return 'unused';
  if (service) return inWindow(w, service.lastUsed) ? 'unknown' : 'unused';
  // A last-accessed report lists every service the policies allow.
  if (u.servicesListed) return 'unused';
  if (u.identityReported || u.lastUsed) return inWindow(w, u.lastUsed) ? 'unknown' : 'unused';
  return 'unknown';
}

/** Resources an action was used on in the window (CloudTrail), ARNs. */
export function usedResources(u: NodeUsage | undefined, action: string, w: UsageWindow): string[] {
  const seen = u?.services.get(serviceOf(action))?.actions.get(action.toLowerCase());
  return seen ? [...seen.resources].filter(([, t]) => inWindow(w, t)).map(([arn]) => arn).sort() : [];
}
