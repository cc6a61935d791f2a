import type { EvidenceRef } from '../../../model/graph.js';
import { matchAction, matchResource } from './match.js';
import type { ConditionContext } from './conditions.js';
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

function actionMatches(s: SourcedStatement['statement'], action: string): boolean {
  if (s.Action !== undefined) return asList(s.Action).some((p) => matchAction(p, action));
  return !asList(s.NotAction).some((p) => matchAction(p, action));
}

function resourceMatches(s: SourcedStatement['statement'], resource: string, context: RequestContext): boolean {
  const matchesAny = (patterns: string[]) =>
    patterns.some((p) => {
      const value = substituteVariables(p, context);
      return value !== undefined && matchResource(value, resource);
    });
  if (s.Resource !== undefined) return matchesAny(asList(s.Resource));
  if (s.NotResource !== undefined) return !matchesAny(asList(s.NotResource));
  // Trust and other resource policies have no Resource element: they apply to their resource.
  return true;
}

export function statementApplies(s: SourcedStatement, request: Request): boolean {
  return actionMatches(s.statement, request.action) && resourceMatches(s.statement, request.resource, request.context);
}

/**
 * Explicit deny wins; otherwise any Allow allows. Conditions are evaluated three-valued: a false
 * one drops its statement, an unknown one keeps it and marks the decision conditional. An
 * unconditional Deny beats everything; a conditional one leaves an Allow standing but conditional.
 */
export function evaluateStatements(statements: readonly SourcedStatement[], request: Request): Decision {
  const allows: { s: SourcedStatement; sure: boolean }[] = [];
  const denies: { s: SourcedStatement; sure: boolean }[] = [];
  for (const s of statements) {
    if (!statementApplies(s, request)) continue;
    const truth = truthOf(s.statement, request.conditions);
    if (truth === 'false') continue;
    (s.statement.Effect === 'Deny' ? denies : allows).push({ s, sure: truth === 'true' });
  }
  const hardDeny = denies.filter((d) => d.sure);
  if (hardDeny.length > 0) return { effect: 'deny', conditional: false, conditions: [], refs: hardDeny.map((d) => d.s.ref) };
  if (allows.length === 0) return NO_DECISION;

  const sure = allows.filter((a) => a.sure);
  const grant = sure.length > 0 ? sure : allows;
  const conditions = [
    ...(sure.length > 0 ? [] : allows.map((a) => conditionText(a.s.statement))),
    ...denies.map((d) => `not (${conditionText(d.s.statement)}) [deny ${d.s.ref.source} ${d.s.ref.statement}]`),
  ].filter((c): c is string => c !== undefined);
  return {
    effect: 'allow',
    conditional: conditions.length > 0,
    conditions,
    refs: grant.map((a) => a.s.ref),
  };
}
