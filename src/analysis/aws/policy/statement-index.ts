import { matchAction } from './match.js';
import { asList, type SourcedStatement } from './statements.js';

/**
 * Statements indexed by the service prefix of their actions, so that a request only looks at the
 * statements that can name its action. Statements whose action patterns have a wildcard in the
 * service part (`*`, `s3*:Get*`) or that use NotAction may match any service and are checked for
 * every request. The verdict of the action test is memoised per action: evaluating thousands of
 * resources for one action scans each principal's statements once.
 */
export class StatementIndex {
  private readonly byService = new Map<string, number[]>();
  private readonly anyService: number[] = [];
  private readonly memo = new Map<string, readonly SourcedStatement[]>();

  constructor(private readonly statements: readonly SourcedStatement[]) {
    statements.forEach((s, i) => {
      const services = serviceKeys(s);
      if (services === 'any') this.anyService.push(i);
      else
        for (const svc of services) {
          const list = this.byService.get(svc);
          if (list) list.push(i);
          else this.byService.set(svc, [i]);
        }
    });
  }

  /** The statements whose Action/NotAction matches the action, in document order. */
  forAction(action: string): readonly SourcedStatement[] {
    const key = action.toLowerCase();
    let hit = this.memo.get(key);
    if (!hit) {
      const service = key.slice(0, key.indexOf(':'));
      const candidates = [...(this.byService.get(service) ?? []), ...this.anyService].sort((a, b) => a - b);
      hit = candidates.map((i) => this.statements[i]!).filter((s) => actionMatches(s, action));
      this.memo.set(key, hit);
    }
    return hit;
  }
}

function serviceKeys(s: SourcedStatement): Set<string> | 'any' {
  if (s.statement.Action === undefined) return 'any';
  const out = new Set<string>();
  for (const pattern of asList(s.statement.Action)) {
    const colon = pattern.indexOf(':');
    const service = colon < 0 ? pattern : pattern.slice(0, colon);
    if (colon < 0 || /[*?]/.test(service)) return 'any';
    out.add(service.toLowerCase());
  }
  return out;
}

/** Action or NotAction; a statement with neither (trust policies written loosely) names every action. */
export function actionMatches(s: SourcedStatement, action: string): boolean {
  const st = s.statement;
  if (st.Action !== undefined) return asList(st.Action).some((p) => matchAction(p, action));
  return !asList(st.NotAction).some((p) => matchAction(p, action));
}

const indexes = new WeakMap<readonly SourcedStatement[], StatementIndex>();

/** The index of a statement list, built once per list (principals keep their lists for life). */
export function indexOf(statements: readonly SourcedStatement[]): StatementIndex {
  let index = indexes.get(statements);
  if (!index) {
    index = new StatementIndex(statements);
    indexes.set(statements, index);
  }
  return index;
}
