import { EDGE_KINDS, TRAVERSABLE_EDGE_KINDS } from '../model/catalogue/index.js';
import { NODE_KINDS, type NodeKind } from '../model/graph.js';
import { InputError } from '../errors.js';

/**
 * Every Cypher statement that writes the graph is generated here from the catalogue (node kinds,
 * edge kinds): constraints and indexes, the per-kind UNWIND/MERGE loads, and the stale cleanup.
 * A new edge kind in the catalogue needs no change in this module.
 */

/** On every leakpath node, whatever its kind: the label the constraints hang on. */
export const NODE_LABEL = 'LeakpathNode';
export const SYNC_RUN_LABEL = 'LeakpathSyncRun';
export const SYNC_LOCK_LABEL = 'LeakpathSyncLock';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Relationship types are part of the Cypher text, never parameters: only plain identifiers get in. */
export function relType(kind: string): string {
  if (!IDENTIFIER.test(kind))
    throw new InputError(
      'graph',
      `edge kind "${kind}"`,
      'expected an edge kind made of letters, digits and _',
    );
  return kind;
}

/**
 * Uniqueness constraints (what Community edition offers) before anything is loaded: MERGE then
 * seeks instead of scanning. On nodes only: a relationship index costs every relationship written
 * an index update (a per-type (graph, id) constraint and a lastupdated index cost a warm server
 * about a quarter of its CPU for a relationship load), and nothing reads relationships through one. A
 * relationship id stays unique without: the push refuses a graph with two edges of one id, a
 * first push CREATEs into a graph with no node, a re-push MERGEs each relationship between its two
 * ends (the pattern carries the id), and the sync lease keeps a second push of the graph out.
 */
export function schemaStatements(): string[] {
  return [
    `CREATE CONSTRAINT leakpath_node_key IF NOT EXISTS FOR (n:${NODE_LABEL}) REQUIRE (n.graph, n.id) IS UNIQUE`,
    `CREATE INDEX leakpath_node_id_lower IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.graph, n.idLower)`,
    `CREATE INDEX leakpath_node_name IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.graph, n.name)`,
    `CREATE INDEX leakpath_node_lastupdated IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.graph, n.lastupdated)`,
    `CREATE CONSTRAINT leakpath_sync_run_key IF NOT EXISTS FOR (s:${SYNC_RUN_LABEL}) REQUIRE (s.graph, s.tag) IS UNIQUE`,
    `CREATE CONSTRAINT leakpath_sync_lock_key IF NOT EXISTS FOR (l:${SYNC_LOCK_LABEL}) REQUIRE l.graph IS UNIQUE`,
  ];
}

/**
 * The per-relationship-type constraints (`leakpath_rel_<type>_key`) and indexes
 * (`leakpath_rel_<type>_lastupdated`) earlier leakpath versions created: a push drops them, or
 * every relationship it writes would still pay their updates.
 */
export const isObsoleteSchema = (name: string): boolean => /^leakpath_rel_[a-z0-9_]+_(key|lastupdated)$/.test(name);

export const catalogueEdgeKinds = (): string[] => EDGE_KINDS.map((e) => e.kind);

/**
 * What a node load returns: each row's `seq` beside the node's internal id (two lists in the same
 * order), so the relationship loads find their ends by id.
 */
const NODE_IDS = 'RETURN collect(row.seq) AS seqs, collect(id(n)) AS ids';

/**
 * One statement per node kind: the kind is a label, and a node whose kind changed between pushes
 * loses its old label. `SET n = row` drops properties the source no longer reports.
 */
export function nodeUpsert(kind: NodeKind): string {
  const others = NODE_KINDS.filter((k) => k !== kind);
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${NODE_LABEL} {graph: $graph, id: row.id})`,
    'WITH n, row, coalesce(n.firstseen, $tag) AS firstseen',
    'SET n = row',
    'SET n.graph = $graph, n.firstseen = firstseen, n.lastupdated = $tag',
    `SET n:${kind}`,
    `REMOVE n:${others.join(':')}`,
    NODE_IDS,
  ].join('\n');
}

/** A first push of a graph (no node of it on the server): CREATE, no lookup before each write. */
export function nodeCreate(kind: NodeKind): string {
  return [
    'UNWIND $rows AS row',
    `CREATE (n:${NODE_LABEL}:${kind})`,
    'SET n = row',
    'SET n.graph = $graph, n.firstseen = $tag, n.lastupdated = $tag',
    NODE_IDS,
  ].join('\n');
}

/**
 * Both ends by internal id (written by this push, which holds the graph's sync lease), and the id
 * of a standard edge rebuilt from them: `coalesce(row.i, …)`. `id()` is deprecated in Cypher 5 but
 * works in 5.26 (should a later Cypher drop it, `elementId()` does the same with a string to parse,
 * about a fifth more server CPU per relationship in a micro-benchmark).
 */
const EDGE_ENDS = [
  'UNWIND $rows AS row',
  'MATCH (a) WHERE id(a) = row.s',
  'MATCH (b) WHERE id(b) = row.t',
];
/** Inline, not in a WITH: a projected id makes the planner add an Eager before the write. */
const RID = "coalesce(row.i, $prefix + a.id + '|' + b.id)";

/** The relationship's properties, by name, from the row (see EdgeRow) and the group's parameters. */
const EDGE_PROPS: [string, string][] = [
  ['technique', '$technique'],
  ['evidence', 'row.e'],
  ['conditional', 'row.c'],
  ['conditions', 'row.x'],
  ['traversable', '$traversable'],
  ['layer', '$layer'],
  ['fixUnits', 'row.f'],
];

/**
 * A first push: the relationship cannot exist yet, so CREATE it without MERGE's existence check.
 * Every property is named in the pattern: `SET r = map` would make the planner put an Eager (a
 * copy of the whole batch) between the end-node lookups and the writes.
 */
export function edgeCreate(kind: string): string {
  const t = relType(kind);
  const props = [`id: ${RID}`, ...EDGE_PROPS.map(([k, v]) => `${k}: ${v}`), 'graph: $graph', 'firstseen: $tag', 'lastupdated: $tag'];
  return [...EDGE_ENDS, `CREATE (a)-[r:${t} {${props.join(', ')}}]->(b)`, 'RETURN count(*) AS written'].join('\n');
}

/**
 * One statement per edge kind (the relationship type); both ends were loaded first. Every property
 * is set by name (a null `conditions` removes one the source stopped reporting), never `graph` or
 * `id`, which the MERGE reads: that too would put an Eager between them.
 */
export function edgeUpsert(kind: string): string {
  const t = relType(kind);
  return [
    ...EDGE_ENDS,
    `MERGE (a)-[r:${t} {graph: $graph, id: ${RID}}]->(b)`,
    `SET ${EDGE_PROPS.map(([k, v]) => `r.${k} = ${v}`).join(', ')}, r.firstseen = coalesce(r.firstseen, $tag), r.lastupdated = $tag`,
    'RETURN count(*) AS written',
  ].join('\n');
}

/**
 * Relationships left by earlier pushes of the graph, a batch at a time, whatever their type. Every
 * relationship of a graph starts at one of its nodes, found by the node index on (graph,
 * lastupdated) (every node of the graph has a tag at most this push's), so the walk costs the
 * graph's size, not the database's, with no relationship index.
 */
export const STALE_EDGE_CLEANUP = `MATCH (a:${NODE_LABEL}) WHERE a.graph = $graph AND a.lastupdated <= $tag
MATCH (a)-[r]->() WHERE r.graph = $graph AND r.lastupdated < $tag
WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted`;

export const STALE_NODE_CLEANUP = `MATCH (n:${NODE_LABEL}) WHERE n.graph = $graph AND n.lastupdated < $tag WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted`;

/** The relationship pattern path queries walk: only traversable kinds, never base facts. */
export function traversableTypes(): string {
  return [...TRAVERSABLE_EDGE_KINDS].map(relType).join('|');
}
