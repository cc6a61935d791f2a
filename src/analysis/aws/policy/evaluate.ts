import type { EvidenceRef } from '../../../model/graph.js';
import { matchResource } from './match.js';
import type { ConditionContext } from './conditions.js';
import { actionMatches, indexOf } from './statement-index.js';
import { asList, conditionText, truthOf, type SourcedStatement } from './statements.js';
import { substituteVariables, type RequestContext } from './variables.js';

export interface Request {
  action: string;
  resource: string;
  /** Values for policy variables in Resource. */
  context: RequestContext;
  /** What the request's condition keys can be. */
  conditions: ConditionContext;
}

/**
 * The verdict of one set of statements on one request. `conditional` means a Condition the
 * data cannot settle decides it; `conditions` holds the text of those conditions.
 */
export interface Decision {
  effect: 'allow' | 'deny' | 'none';
  conditional: boolean;
  conditions: string[];
  /** Statements that grant (when allowed) or deny (when denied). */
  refs: EvidenceRef[];
}

export const NO_DECISION: Decision = { effect: 'none', conditional: false, conditions: [], refs: [] };

/**
 * Resource/NotResource with policy variables substituted. A value naming a variable the request
 * lacks matches nothing under Resource. Under NotResource it leaves the statement unable to say
 * what it excludes, and AWS documents that an unresolvable variable can invalidate the whole
 * statement: the statement does not apply, whatever its effect.
 */
function resourceMatches(s: SourcedStatement['statement'], resource: string, context: RequestContext): boolean {
  if (s.Resource !== undefined) {
    return asList(s.Resource).some((p) => {
      const value = substituteVariables(p, context);
      return value !== undefined && matchResource(value, resource);
    });
  }
  if (s.NotResource !== undefined) {
    return asList(s.NotResource).every((p) => {
      const value = substituteVariables(p, context);
      return value !== undefined && !matchResource(value, resource);
    });
  }
  // Trust and other resource policies have no Resource element: they apply to their resource.
  return true;
}

export function statementApplies(s: SourcedStatement, request: Request): boolean {
  return actionMatches(s, request.action) && resourceMatches(s.statement, request.resource, request.context);
}

/** A statement that applies to a request: `sure` when its Condition holds, else it is unknown. */
export interface Hit {
  s: SourcedStatement;
  sure: boolean;
}

export interface Hits {
  allows: Hit[];
  denies: Hit[];
}

/**
 * The statements of one policy layer that apply to a request, each with whether its Condition
 * surely holds. Conditions that are false drop their statement. Candidate statements come from
 * the action index, so only Resource and Condition are checked here.
 */
export function matchStatements(statements: readonly SourcedStatement[], request: Request): Hits {
  const hits: Hits = { allows: [], denies: [] };
  for (const s of indexOf(statements).forAction(request.action)) {
    if (!resourceMatches(s.statement, request.resource, request.context)) continue;
    const truth = truthOf(s.statement, request.conditions);
    if (truth === 'false') continue;
    (s.statement.Effect === 'Deny' ? hits.denies : hits.allows).push({ s, sure: truth === 'true' });
  }
  return hits;
}

/** `not (…)` text for a Deny whose condition the data cannot settle: the grant holds only if it is false. */
export const denyText = (h: Hit, text = conditionText(h.s.statement)) =>
  `not (${text}) [deny ${h.s.ref.source} ${h.s.ref.statement}]`;

/**
 * Explicit deny wins; otherwise any Allow allows. Conditions are evaluated three-valued: a false
 * one drops its statement, an unknown one keeps it and marks the decision conditional. An
 * unconditional Deny beats everything; a conditional one leaves an Allow standing but conditional.
 */
export function evaluateStatements(statements: readonly SourcedStatement[], request: Request): Decision {
  return decisionOf(matchStatements(statements, request));
}

export function decisionOf({ allows, denies }: Hits): Decision {
  const hardDeny = denies.filter((d) => d.sure);
  if (hardDeny.length > 0) return { effect: 'deny', conditional: false, conditions: [], refs: hardDeny.map((d) => d.s.ref) };
  if (allows.length === 0) return NO_DECISION;

  const sure = allows.filter((a) => a.sure);
  const grant = sure.length > 0 ? sure : allows;
  const conditions = [
    ...(sure.length > 0 ? [] : allows.map((a) => conditionText(a.s.statement))),
    ...denies.map((d) => denyText(d)),
  ].filter((c): c is string => c !== undefined);
  return {
    effect: 'allow',
    conditional: conditions.length > 0,
    conditions,
    refs: grant.map((a) => a.s.ref),
  };
}
