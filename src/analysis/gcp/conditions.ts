import { parse, serialize, type ASTNode } from '@marcbachmann/cel-js';

/** What the data says about a request: the time, and the resource when its name form is known. */
export interface ConditionContext {
  now: Date;
  resource?: { name?: string; type: string; service: string };
}

/** true / false when the data settles the condition, undefined when it cannot. */
export type Verdict = boolean | undefined;

const parsed = new Map<string, ASTNode | null>();

function astOf(expression: string): ASTNode | null {
  let ast = parsed.get(expression);
  if (ast === undefined) {
    try {
      ast = parse(expression).ast;
    } catch {
      ast = null;
    }
    parsed.set(expression, ast);
  }
  return ast;
}

function leaf(node: ASTNode, vars: Record<string, unknown>): Verdict {
  try {
    const v = parse(serialize(node))(vars);
    return typeof v === 'boolean' ? v : undefined;
  } catch {
    // An attribute the data does not hold (api.getAttribute, resource.matchTag, request.host…).
    return undefined;
  }
}

/**
 * Three-valued CEL: `&&`, `||` and `!` are decided part by part, so a false time clause settles
 * `request.time < X && resource.matchTag(…)` even though the tag is unknown. Every other
 * sub-expression is evaluated by the CEL library with what is known, or left undecided.
 */
function decide(node: ASTNode, vars: Record<string, unknown>): Verdict {
  const args = node.args as unknown as ASTNode[];
  switch (node.op) {
    case '&&': {
      const a = decide(args[0]!, vars);
      if (a === false) return false;
      const b = decide(args[1]!, vars);
      if (b === false) return false;
      return a === true && b === true ? true : undefined;
    }
    case '||': {
      const a = decide(args[0]!, vars);
      if (a === true) return true;
      const b = decide(args[1]!, vars);
      if (b === true) return true;
      return a === false && b === false ? false : undefined;
    }
    case '!_': {
      const v = decide(node.args as unknown as ASTNode, vars);
      return v === undefined ? undefined : !v;
    }
    default:
      return leaf(node, vars);
  }
}

/** An IAM Condition as of `ctx`: request.time is always known, resource.* only for known name forms. */
const verdicts = new Map<string, Verdict>();

export function evaluateCondition(expression: string, ctx: ConditionContext): Verdict {
  // The same binding is judged for every target below it: one verdict per distinct request.
  const cacheKey = `${expression}\u0000${ctx.now.getTime()}\u0000${ctx.resource ? `${ctx.resource.type}\u0000${ctx.resource.name ?? ''}` : ''}`;
  if (verdicts.has(cacheKey)) return verdicts.get(cacheKey);
  const v = evaluateUncached(expression, ctx);
  if (verdicts.size > 100_000) verdicts.clear();
  verdicts.set(cacheKey, v);
  return v;
}

function evaluateUncached(expression: string, ctx: ConditionContext): Verdict {
  const ast = astOf(expression);
  if (!ast) return undefined;
  const vars: Record<string, unknown> = { request: { time: ctx.now } };
  if (ctx.resource) vars.resource = ctx.resource;
  return decide(ast, vars);
}

/** A workload identity attribute condition against a token's claims: `assertion.*`, `attribute.*`. */
export function evaluateCel(expression: string, vars: Record<string, unknown>): Verdict {
  const ast = astOf(expression);
  return ast ? decide(ast, vars) : undefined;
}
