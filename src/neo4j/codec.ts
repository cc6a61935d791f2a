import neo4j from 'neo4j-driver';
import { edgeKindSpec } from '../model/catalogue/index.js';
import type { GraphEdge, GraphNode, PropertyValue } from '../model/graph.js';
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

export interface EdgeRow {
  source: string;
  target: string;
  props: Record<string, unknown>;
}

export function encodeEdge(e: GraphEdge): EdgeRow {
  const spec = edgeKindSpec(e.kind);
  return {
    source: e.source,
    target: e.target,
    props: {
      id: e.id,
      technique: e.technique,
      evidence: JSON.stringify(e.evidence),
      conditional: e.conditional,
      ...(e.conditions !== undefined ? { conditions: e.conditions } : {}),
      // From the catalogue at push time, so Browser queries can walk `[r WHERE r.traversable]`
      // without a hand-kept list of relationship types.
      traversable: spec?.traversable ?? false,
      layer: spec?.layer ?? 'unknown',
      // The fix ids (docs/reports.md) the edge cites, so `--without` and choke points find every
      // edge a fix removes on the server; derived from the evidence, never read back.
      fixUnits: fixUnitsOf(e).map((u) => u.id),
    },
  };
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
