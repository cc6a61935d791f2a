import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/iam-vulnerable');
const read = (file: string) => ({ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown });
const documents = [read('authorization-details.json'), ...readdirSync(path.join(DIR, 'access-keys')).sort().map((f) => read(`access-keys/${f}`))];
const cases = JSON.parse(readFileSync(path.join(DIR, 'cases.expected'), 'utf8')) as { user: string; key: string; expect: 'tier-zero' | 'not-tier-zero'; technique?: string; note: string }[];

const { inventories, warnings } = parseDocuments(documents);
const { graph } = analyse(inventories);
const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
const tierZeroOf = new Map(graph.nodes.filter((n) => n.tierZero).map((n) => [n.id, n.tierZero!.technique]));

describe('iam-vulnerable-style estate: blast <key> is tier zero exactly where an escalation exists', () => {
  it('parses without coverage gaps and covers the 31 paths, 4 fn and 5 fp cases', () => {
    expect(warnings).toEqual([]);
    expect(cases.filter((c) => /^privesc/.test(c.note))).toHaveLength(31);
    expect(cases.filter((c) => /^fn\d/.test(c.user))).toHaveLength(4);
    expect(cases.filter((c) => /^fp\d/.test(c.user))).toHaveLength(5);
  });

  for (const c of cases) {
    it(`${c.user}: ${c.expect} (${c.note})`, async () => {
      const blast = await engine.blast(c.key);
      expect(blast.tierZero).toBe(c.expect === 'tier-zero');
      if (c.expect !== 'tier-zero') return;
      // The technique shows in a path to a tier-zero node, or as that node's own tier-zero mark.
      const techniques = blast.crownJewels.flatMap((j) => [...j.path.map((s) => s.technique), tierZeroOf.get(j.id)]);
      expect(techniques).toContain(c.technique);
    });
  }
});
