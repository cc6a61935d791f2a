import { edgeId, type GraphEdge, type GraphNode } from '../model/graph.js';
import type { SecretClue, SecretFinding, SecretsInventory } from '../model/inventory/index.js';
import { accessKeysByHash, matchClue } from './secrets-match.js';

export const findingNodeId = (f: Pick<SecretFinding, 'scanner' | 'fingerprint'>) => `secret-finding:${f.scanner}:${f.fingerprint}`;

/** How much a clue says, to pick the best one when several findings are the same value. */
const RANK: Record<SecretClue['type'], number> = { other: 0, 'github-token': 1, 'azure-client-secret': 1, 'oidc-token': 1, 'gcp-sa-key': 1, 'aws-access-key': 1 };

/**
 * Findings with the same value hash are one secret: the most telling clue any of them gives is
 * the clue of all (a detect-secrets entry only has a hash; gitleaks may have seen the key id).
 * A hash equal to that of an inventoried access key id names that key.
 */
function unifiedClues(inv: SecretsInventory, nodes: ReadonlyMap<string, GraphNode>): Map<SecretFinding, SecretClue> {
  const keyByHash = accessKeysByHash(inv.salt, nodes);
  const best = new Map<string, SecretClue>();
  for (const f of inv.findings) {
    if (!f.valueHash) continue;
    const known = best.get(f.valueHash);
    if (!known || RANK[f.clue.type] > RANK[known.type]) best.set(f.valueHash, f.clue);
  }
  const out = new Map<SecretFinding, SecretClue>();
  for (const f of inv.findings) {
    let clue = f.valueHash ? (best.get(f.valueHash) ?? f.clue) : f.clue;
    const key = f.valueHash ? keyByHash.get(f.valueHash) : undefined;
    if (clue.type === 'other' && key) clue = { type: 'aws-access-key', accessKeyId: key, part: 'id' };
    out.set(f, clue);
  }
  return out;
}

function locationName(f: SecretFinding): string {
  const where = `${f.repo ? `${f.repo}/` : ''}${f.file ?? f.fingerprint}${f.line !== undefined ? `:${f.line}` : ''}`;
  return `${where} (${f.scanner} ${f.rule})`;
}

function locationNode(f: SecretFinding, clue: SecretClue): GraphNode {
  const aliases = [f.fingerprint];
  if (f.file !== undefined && f.line !== undefined) {
    aliases.push(`${f.file}:${f.line}`);
    if (f.repo) aliases.push(`${f.repo}/${f.file}:${f.line}`);
  }
  return {
    id: findingNodeId(f),
    kind: 'SecretLocation',
    provider: 'secrets',
    type: 'secrets:finding',
    name: locationName(f),
    ...(f.repo ? { scope: f.repo } : {}),
    tags: {},
    aliases,
    props: {
      scanner: f.scanner,
      fingerprint: f.fingerprint,
      rule: f.rule,
      repo: f.repo ?? null,
      file: f.file ?? null,
      commit: f.commit ?? null,
      line: f.line ?? null,
      link: f.link ?? null,
      report: f.report,
      verified: f.verified,
      validity: f.validity,
      credentialType: clue.type === 'other' ? clue.label : clue.type,
    },
  };
}

/**
 * Findings → a SecretLocation per finding, linked to the credential it holds (STORED_IN as the
 * fact, EXPOSES walkable). Built after every other source, because it joins on their nodes.
 */
export function buildSecrets(inv: SecretsInventory, nodes: ReadonlyMap<string, GraphNode>, now: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const out = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  const clues = unifiedClues(inv, nodes);
  for (const f of inv.findings) {
    const clue = clues.get(f)!;
    const location = locationNode(f, clue);
    out.set(location.id, location);
    const match = matchClue(clue, f, nodes, now, inv.salt);
    for (const s of match.stubs) if (!nodes.has(s.id) && !out.has(s.id)) out.set(s.id, s);
    const refs = [{ type: 'inventory' as const, source: f.report, detail: `${f.scanner} ${f.rule} at ${location.name.replace(/ \(.*\)$/, '')}${f.commit ? ` commit ${f.commit}` : ''}` }];
    for (const target of match.targets) {
      const summary = `${f.scanner} found ${nodes.get(target)?.name ?? out.get(target)?.name ?? target} in ${location.name}`;
      const conditional = match.conditions !== undefined;
      edges.push(
        { id: edgeId('STORED_IN', 'secrets:scanner:Finding', target, location.id), source: target, target: location.id, kind: 'STORED_IN', technique: 'secrets:scanner:Finding', evidence: { summary, refs }, conditional, ...(match.conditions ? { conditions: match.conditions } : {}) },
        { id: edgeId('EXPOSES', 'secrets:scanner:Finding', location.id, target), source: location.id, target, kind: 'EXPOSES', technique: 'secrets:scanner:Finding', evidence: { summary, refs }, conditional, ...(match.conditions ? { conditions: match.conditions } : {}) },
      );
      for (const o of [...(match.owner ? [match.owner] : []), ...(match.alsoOwners ?? [])]) {
        edges.push({
          id: edgeId('AUTHENTICATES_AS', o.technique, target, o.identity),
          source: target,
          target: o.identity,
          kind: 'AUTHENTICATES_AS',
          technique: o.technique,
          evidence: { summary: o.summary, refs: [{ ...refs[0]!, detail: o.detail }], ...(o.assumptions ? { assumptions: o.assumptions } : {}) },
          conditional: o.conditions !== undefined,
          ...(o.conditions ? { conditions: o.conditions } : {}),
        });
      }
    }
    if (match.stubs.some((s) => s.kind === 'Credential' && s.type !== 'secrets:unrecognised')) {
      warnings.push(`secrets: ${f.scanner} finding ${f.fingerprint} (${clue.type}) matches no inventoried credential; reported as exposure only`);
    }
  }
  return { nodes: [...out.values()], edges, warnings };
}
