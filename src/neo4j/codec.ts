import neo4j from 'neo4j-driver';
import { edgeKindSpec } from '../model/catalogue/index.js';
import { edgeId, type GraphEdge, type GraphNode, type PropertyValue } from '../model/graph.js';
import { fixUnitsOf } from '../query/chokepoints/fix-units.js';
import { toNumber } from './connection.js';

/**
 * GraphNode / GraphEdge ↔ Neo4j properties, lossless both ways: what comes back from the server
 * deep-equals what was pushed, so both engines see the same graph.
 *
 * Scalars are native properties (a Browser user filters on `n.status`, `n.createDate`); values
 * Neo4j cannot hold as a property (maps, lists of maps, nulls) are JSON strings, and their keys are
 * listed so they are parsed back. Whole numbers are written as Neo4j Integers, not Floats, so
 * counts and epoch timestamps read as `42`, not `42.0`. ISO timestamps stay strings exactly as the
 * source wrote them (`datetime(n.createDate)` works in Cypher); reformatting them would lose the
 * source's precision and offset.
 */

/** Node properties leakpath owns; a source prop with one of these names is stored as `prop_<name>`. */
const NODE_FIELDS = new Set([
  'graph',
  'id',
  'idLower',
  'name',
  'kind',
  'provider',
  'type',
  'scope',
  'aliases',
  'aliasesLower',
  'tags',
  'tierZero',
  'tierZeroReason',
  'tierZeroTechnique',
  'tierZeroConditional',
  'tierZeroEvidence',
  'tierZeroConditions',
  'propKeys',
  'propJsonKeys',
  'seq',
  'firstseen',
  'lastupdated',
]);

const propName = (key: string) => (NODE_FIELDS.has(key) || key.startsWith('prop_') ? `prop_${key}` : key);

/** A value Neo4j stores natively and gives back unchanged. */
function native(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function encodeNumber(n: number): unknown {
  return Number.isSafeInteger(n) && !Object.is(n, -0) ? neo4j.int(n) : n;
}

export type NodeRow = Record<string, unknown>;

export function encodeNode(n: GraphNode, seq: number): NodeRow {
  const row: NodeRow = {
    id: n.id,
    idLower: n.id.toLowerCase(),
    name: n.name,
    kind: n.kind,
    provider: n.provider,
    type: n.type,
    tags: JSON.stringify(n.tags),
    tierZero: n.tierZero !== undefined,
    seq: neo4j.int(seq),
  };
  if (n.scope !== undefined) row.scope = n.scope;
  if (n.aliases !== undefined) {
    row.aliases = n.aliases;
    row.aliasesLower = n.aliases.map((a) => a.toLowerCase());
  }
  if (n.tierZero) {
    row.tierZeroReason = n.tierZero.reason;
    row.tierZeroTechnique = n.tierZero.technique;
    row.tierZeroConditional = n.tierZero.conditional;
    row.tierZeroEvidence = JSON.stringify(n.tierZero.evidence);
    if (n.tierZero.conditions !== undefined) row.tierZeroConditions = n.tierZero.conditions;
  }
  const keys = Object.keys(n.props);
  const jsonKeys: string[] = [];
  for (const key of keys) {
    const value = n.props[key];
    if (value === null || value === undefined) continue;
    if (native(value)) row[propName(key)] = typeof value === 'number' ? encodeNumber(value) : value;
    else {
      row[propName(key)] = JSON.stringify(value);
      jsonKeys.push(key);
    }
  }
  row.propKeys = keys;
  if (jsonKeys.length) row.propJsonKeys = jsonKeys;
  return row;
}

export function decodeNode(p: Record<string, unknown>): GraphNode {
  const props: Record<string, PropertyValue> = {};
  const jsonKeys = new Set((p.propJsonKeys as string[] | undefined) ?? []);
  for (const key of (p.propKeys as string[] | undefined) ?? []) {
    const value = p[propName(key)];
    if (value === undefined || value === null) props[key] = null;
    else if (jsonKeys.has(key)) props[key] = JSON.parse(value as string) as PropertyValue;
    else props[key] = neo4j.isInt(value) ? toNumber(value) : (value as PropertyValue);
  }
  const node: GraphNode = {
    id: p.id as string,
    kind: p.kind as GraphNode['kind'],
    provider: p.provider as GraphNode['provider'],
    type: p.type as string,
    name: p.name as string,
    tags: JSON.parse(p.tags as string) as Record<string, string>,
    props,
  };
  if (p.scope !== undefined && p.scope !== null) node.scope = p.scope as string;
  if (p.aliases !== undefined && p.aliases !== null) node.aliases = p.aliases as string[];
  if (p.tierZero === true) {
    node.tierZero = {
      reason: p.tierZeroReason as string,
      technique: p.tierZeroTechnique as string,
      evidence: JSON.parse(p.tierZeroEvidence as string) as NonNullable<GraphNode['tierZero']>['evidence'],
      conditional: p.tierZeroConditional as boolean,
      ...(typeof p.tierZeroConditions === 'string' ? { conditions: p.tierZeroConditions } : {}),
    };
  }
  return node;
}

/**
 * What every relationship of one load statement shares: the edge kind is its type, and the
 * technique, `traversable` and `layer` are query parameters instead of being repeated on each row
 * (the server unpacks every byte of every row).
 */
export interface EdgeGroup {
  kind: string;
  technique: string;
  traversable: boolean;
  layer: string;
  /** `kind|technique|`: the server rebuilds a standard edge id from it and both ends' ids. */
  prefix: string;
}

export function edgeGroup(e: GraphEdge): EdgeGroup {
  const spec = edgeKindSpec(e.kind);
  return {
    kind: e.kind,
    technique: e.technique,
    // From the catalogue at push time, so Browser queries can walk `[r WHERE r.traversable]`
    // without a hand-kept list of relationship types.
    traversable: spec?.traversable ?? false,
    layer: spec?.layer ?? 'unknown',
    prefix: `${e.kind}|${e.technique}|`,
  };
}

/**
 * One relationship as a load row, as small as it can be: its ends as the server's internal node
 * ids (returned when the nodes were written: a lookup by id instead of an index seek on a long
 * string), and only what varies per edge under one-letter keys. The relationship still gets every
 * property by its full name (`id`, `evidence`, `fixUnits`…): see edgeCreate in schema.ts.
 */
export interface EdgeRow {
  s: unknown;
  t: unknown;
  /** evidence, as JSON */
  e: string;
  /** fixUnits: the fix ids (docs/reports.md) the edge cites, so `--without` and choke points find every edge a fix removes on the server; derived from the evidence, never read back. */
  f: string[];
  /** conditional */
  c: boolean;
  /** conditions, when there are some */
  x?: string;
  /** The edge id, only when it is not the standard `kind|technique|source|target`. */
  i?: string;
}

export function encodeEdge(e: GraphEdge, source: unknown, target: unknown): EdgeRow {
  const row: EdgeRow = {
    s: source,
    t: target,
    e: JSON.stringify(e.evidence),
    f: fixUnitsOf(e).map((u) => u.id),
    c: e.conditional,
  };
  if (e.conditions !== undefined) row.x = e.conditions;
  if (e.id !== edgeId(e.kind, e.technique, e.source, e.target)) row.i = e.id;
  return row;
}

export function decodeEdge(
  kind: string,
  source: string,
  target: string,
  p: Record<string, unknown>,
): GraphEdge {
  return {
    id: p.id as string,
    source,
    target,
    kind,
    technique: p.technique as string,
    evidence: JSON.parse(p.evidence as string) as GraphEdge['evidence'],
    conditional: p.conditional as boolean,
    ...(p.conditions !== undefined && p.conditions !== null ? { conditions: p.conditions as string } : {}),
  };
}
