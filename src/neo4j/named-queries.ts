import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import { UsageError } from '../errors.js';
import { quoted } from '../echo.js';

/**
 * The named queries of `queries/*.cypher`: each file is Cypher a user can paste into Neo4j
 * Browser, headed by `//` comment lines that name it, say what it answers and declare its
 * parameters (`//   name: type [= default] — description`).
 */

export type ParamType = 'string' | 'integer' | 'float' | 'boolean';

export interface QueryParam {
  name: string;
  type: ParamType;
  default?: string;
  description: string;
}

export interface NamedQuery {
  name: string;
  answers: string;
  params: QueryParam[];
  cypher: string;
  file: string;
}

/** Found from the installed package, whether run from sources (tsx) or from dist/. */
export function queriesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const marker = `${path.sep}dist${path.sep}`;
  const root = here.includes(marker) ? here.slice(0, here.lastIndexOf(marker)) : path.resolve(here, '../..');
  return path.join(root, 'queries');
}

const PARAM_LINE = /^\/\/\s+(\w+):\s*(string|integer|float|boolean)(?:\s*=\s*(\S+))?\s*(?:—\s*(.*))?$/;

export function parseNamedQuery(file: string, text: string): NamedQuery {
  const lines = text.split('\n');
  let name: string | undefined;
  let answers = '';
  const params: QueryParam[] = [];
  // The header field a continuation line belongs to.
  let field = '';
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('//'); i++) {
    const line = lines[i]!;
    const head = /^\/\/\s?(\w[\w ]*):\s*(.*)$/.exec(line);
    if (head) {
      field = head[1]!;
      if (field === 'name') name = head[2]!.trim();
      if (field === 'answers') answers = head[2]!.trim();
      continue;
    }
    if (field === 'parameters') {
      const param = PARAM_LINE.exec(line);
      if (param)
        params.push({
          name: param[1]!,
          type: param[2] as ParamType,
          ...(param[3] !== undefined ? { default: param[3] } : {}),
          description: param[4] ?? '',
        });
    } else if (field === 'answers') {
      answers += ` ${line.replace(/^\/\/\s*/, '')}`.trimEnd();
    }
  }
  if (!name) throw new Error(`${file}: expected a "// name:" header line`);
  return { name, answers, params, cypher: lines.slice(i).join('\n').trim(), file };
}

// The engine looks queries up on every question; the files do not change while a command runs.
const loaded = new Map<string, NamedQuery[]>();

export function loadNamedQueries(dir = queriesDir()): NamedQuery[] {
  let queries = loaded.get(dir);
  if (!queries) {
    queries = readdirSync(dir)
      .filter((f) => f.endsWith('.cypher'))
      .sort()
      .map((f) => parseNamedQuery(path.join(dir, f), readFileSync(path.join(dir, f), 'utf8')));
    loaded.set(dir, queries);
  }
  return queries;
}

export function namedQuery(name: string, dir = queriesDir()): NamedQuery {
  const all = loadNamedQueries(dir);
  const q = all.find((x) => x.name === name);
  if (!q) throw new UsageError(`no named query "${name}"; known: ${all.map((x) => x.name).join(', ')}`);
  return q;
}

function convert(q: NamedQuery, p: QueryParam, raw: string): unknown {
  switch (p.type) {
    case 'string':
      return raw;
    case 'integer': {
      if (!/^-?\d+$/.test(raw))
        throw new UsageError(`${q.name}: parameter ${p.name} must be a whole number, got ${quoted(raw)}`);
      return neo4j.int(raw);
    }
    case 'float': {
      const n = Number(raw);
      if (!Number.isFinite(n))
        throw new UsageError(`${q.name}: parameter ${p.name} must be a number, got ${quoted(raw)}`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new UsageError(`${q.name}: parameter ${p.name} must be true or false, got ${quoted(raw)}`);
      return raw === 'true';
  }
}

/** `k=v` pairs from the command line → typed Cypher parameters, defaults filled in. */
export function bindParams(q: NamedQuery, given: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('graph' in given)
    throw new UsageError('choose the graph with --neo4j-graph (or LEAKPATH_NEO4J_GRAPH), not --param graph');
  for (const name of Object.keys(given)) {
    if (!q.params.some((p) => p.name === name)) {
      throw new UsageError(
        `${q.name} has no parameter "${name}"; it takes ${q.params.map((p) => p.name).join(', ') || 'none'}`,
      );
    }
  }
  // `graph` is declared in the headers for Browser users; here the connection supplies it.
  for (const p of q.params.filter((x) => x.name !== 'graph')) {
    const raw = given[p.name] ?? (p.default !== undefined ? p.default.replace(/^"(.*)"$/, '$1') : undefined);
    if (raw === undefined)
      throw new UsageError(`${q.name} needs --param ${p.name}=<${p.type}> (${p.description})`);
    out[p.name] = convert(q, p, raw);
  }
  return out;
}
