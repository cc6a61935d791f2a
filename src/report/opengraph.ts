import type { Config } from '../config/config.js';
import { EDGE_KINDS, techniqueSpec } from '../model/catalogue/index.js';
import { expandHubs } from '../model/hubs.js';
import { NODE_KINDS, type AttackGraph, type GraphEdge, type GraphNode } from '../model/graph.js';
import { crownJewelReason } from '../query/crown-jewels.js';

/**
 * BloodHound OpenGraph export: the attack graph as an OpenGraph payload, plus the extension
 * definition schema that declares leakpath's kinds and marks its attack edges traversable, both
 * generated from the catalogue. Entra objects and ARM resources keep AzureHound's object ids so
 * they land on AzureHound's nodes; other ids are made colon-free.
 */
export const OPENGRAPH_NAMESPACE = 'LP';
export const OPENGRAPH_SOURCE_KIND = 'leakpath';

type Primitive = string | number | boolean;
type Properties = Record<string, Primitive | string[] | number[] | boolean[]>;

export interface OpenGraphNode {
  id: string;
  kinds: string[];
  properties: Properties;
}

export interface OpenGraphEdge {
  start: { match_by: 'id'; value: string };
  end: { match_by: 'id'; value: string };
  kind: string;
  properties: Properties;
}

export interface OpenGraphPayload {
  metadata: { source_kind: string };
  graph: { nodes: OpenGraphNode[]; edges: OpenGraphEdge[] };
}

const kind = (name: string) => `${OPENGRAPH_NAMESPACE}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
/** lowercase_with_underscores, as BloodHound property names are. */
const propName = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();

/** AzureHound's object id of an Entra object or ARM resource; undefined for everything else. */
export function azureHoundId(node: GraphNode): string | undefined {
  if (node.provider !== 'azure') return undefined;
  if (node.id.startsWith('/')) return node.id.toUpperCase();
  const objectId = node.props.objectId;
  if (typeof objectId === 'string' && /^azure:(sp|user|group|app):/.test(node.id)) return objectId.toUpperCase();
  const role = /^azure:role:(.+)$/.exec(node.id);
  if (role) return role[1]!.toUpperCase();
  return undefined;
}

/** OpenGraph ids must not contain colons (ARNs do): colons and percent signs are percent-encoded. */
export function openGraphId(node: GraphNode): string {
  return azureHoundId(node) ?? node.id.replace(/%/g, '%25').replace(/:/g, '%3A');
}

function primitives(props: GraphNode['props']): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(props)) {
    const name = propName(key);
    if (name === 'objectid' || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[name] = value;
  }
  return out;
}

function nodeOf(n: GraphNode, config: Config): OpenGraphNode {
  const jewel = crownJewelReason(n, config);
  const kinds = [kind(n.kind)];
  if (n.tierZero) kinds.push(kind('TierZero'));
  if (jewel) kinds.push(kind('CrownJewel'));
  const tags: Properties = {};
  for (const [k, v] of Object.entries(n.tags)) tags[`tag_${propName(k)}`] = v;
  return {
    id: openGraphId(n),
    kinds,
    properties: {
      ...primitives(n.props),
      ...tags,
      name: n.name,
      leakpath_id: n.id,
      leakpath_type: n.type,
      provider: n.provider,
      ...(n.scope ? { scope: n.scope } : {}),
      tier_zero: n.tierZero !== undefined,
      ...(n.tierZero ? { tier_zero_reason: n.tierZero.reason, tier_zero_conditional: n.tierZero.conditional } : {}),
      ...(jewel ? { crown_jewel: jewel } : {}),
    },
  };
}

const refText = (e: GraphEdge) => e.evidence.refs.map((r) => `${r.type} ${r.source}${r.statement ? ` statement ${r.statement}` : ''}${r.detail ? ` — ${r.detail}` : ''}`);

/** One OpenGraph edge per (start, end, kind): BloodHound keeps one; every technique is listed on it. */
function edgesOf(graph: AttackGraph, ids: Map<string, string>): OpenGraphEdge[] {
  const groups = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    const key = `${e.source}\n${e.target}\n${e.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const specs = list.map((e) => techniqueSpec(e.technique)).filter((s) => s !== undefined);
    const conditions = list.map((e) => e.conditions).filter((c): c is string => c !== undefined);
    return {
      start: { match_by: 'id', value: ids.get(first.source)! },
      end: { match_by: 'id', value: ids.get(first.target)! },
      kind: kind(first.kind),
      properties: {
        technique: first.technique,
        techniques: list.map((e) => e.technique),
        summary: first.evidence.summary,
        evidence: list.flatMap(refText),
        // An edge is conditional only when every way it holds is.
        conditional: list.every((e) => e.conditional),
        ...(conditions.length ? { conditions } : {}),
        leakpath_edge_ids: list.map((e) => e.id),
        owasp_nhi: [...new Set(specs.flatMap((s) => s.tags.owaspNhi))],
        mitre: [...new Set(specs.flatMap((s) => s.tags.mitre))],
      },
    };
  });
}

export function toOpenGraph(folded: AttackGraph, config: Config): OpenGraphPayload {
  // BloodHound walks what it is given: hubs would count as a hop there, so it gets the edges they stand for.
  const graph = expandHubs(folded);
  const nodes = graph.nodes.map((n) => nodeOf(n, config));
  const ids = new Map(graph.nodes.map((n, i) => [n.id, nodes[i]!.id]));
  return { metadata: { source_kind: OPENGRAPH_SOURCE_KIND }, graph: { nodes, edges: edgesOf(graph, ids) } };
}

const NODE_STYLE: Record<string, { icon: string; color: string; description: string }> = {
  Credential: { icon: 'key', color: '#2F6FB5', description: 'A non-human credential: access key, client secret, certificate, SA key, token. Never the secret value.' },
  Identity: { icon: 'user-gear', color: '#6B7A90', description: 'A user, role, group, service principal, managed identity, service account or workload identity.' },
  Resource: { icon: 'server', color: '#5B8C5A', description: 'A data or control-plane object: bucket, vault, function, VM, subscription, account.' },
  SecretLocation: { icon: 'file-shield', color: '#A07A2C', description: 'Where a credential is stored: repository file, CI secret, secret manager entry, key vault secret, environment variable.' },
  Hub: { icon: 'circle-nodes', color: '#999999', description: 'A set of targets one wildcard grant reaches (leakpath folds such grants); exports list the edges it stands for instead.' },
};

const section = (title: string, position: number, content: string) => ({ title, position, markdown: { content } });

/** The extension definition schema, generated from the catalogue's edge kinds and node kinds. */
export function openGraphExtension(version: string) {
  return {
    schema: { name: 'leakpath', display_name: 'leakpath (non-human identity attack paths)', version: `v${version.replace(/^v/, '')}`, namespace: OPENGRAPH_NAMESPACE },
    node_kinds: [
      ...NODE_KINDS.map((k) => ({ name: kind(k), display_name: `leakpath ${k}`, description: NODE_STYLE[k]!.description, is_display_kind: true, icon: NODE_STYLE[k]!.icon, color: NODE_STYLE[k]!.color })),
      { name: kind('TierZero'), display_name: 'leakpath tier zero', description: 'Admin-equivalent within its account, tenant or project.', is_display_kind: false },
      { name: kind('CrownJewel'), display_name: 'leakpath crown jewel', description: 'Tier zero, or selected by the leakpath config.', is_display_kind: false },
    ],
    relationship_kinds: EDGE_KINDS.map((e) => ({
      name: kind(e.kind),
      description: e.docs.general,
      is_traversable: e.traversable,
      info: {
        abuse: section('Abuse', 1, e.docs.abuse),
        precondition: section('Precondition', 2, e.docs.precondition),
        ...(e.docs.opsec ? { opsec: section('OPSEC', 3, e.docs.opsec) } : {}),
        remediation: section('Remediation', 4, e.docs.fix),
        references: section('References', 5, e.docs.references.map((r) => `- ${r}`).join('\n') || '-'),
      },
    })),
  };
}
