import type { EvidenceRef } from '../../../model/graph.js';
import type { PolicyDocument, PolicyStatement } from '../../../model/inventory/index.js';
import { evaluateCondition, type ConditionContext, type Truth } from './conditions.js';

/** A statement together with where it came from, ready to cite as evidence. */
export interface SourcedStatement {
  statement: PolicyStatement;
  ref: EvidenceRef;
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function sourced(document: PolicyDocument, ref: Omit<EvidenceRef, 'statement'>): SourcedStatement[] {
  return document.Statement.map((statement, i) => ({
    statement,
    ref: { ...ref, statement: statement.Sid ? `${statement.Sid} (#${i})` : `#${i}` },
  }));
}

export function conditionText(statement: PolicyStatement): string | undefined {
  return statement.Condition ? JSON.stringify(statement.Condition) : undefined;
}

/** Whether a statement's Condition holds: 'true' when it has none. */
export function truthOf(statement: PolicyStatement, context: ConditionContext): Truth {
  return statement.Condition ? evaluateCondition(statement.Condition, context) : 'true';
}
