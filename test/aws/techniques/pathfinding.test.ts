import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';
import type { BlastResult } from '../../../src/query/types.js';

/**
 * Every pathfinding.cloud AWS path (scripts/make-pathfinding-estate.ts), read from the CLI's own
 * output shapes: blast <key> reaches tier zero by the path's technique, conditionally exactly
 * where the input leaves something to assume; the look-alikes reach nothing; the paths leakpath
 * does not model are listed, skipped, with the reason.
 */
const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/pathfinding');
const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
const documents = files.map((file) => ({ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown }));

interface Case {
  id: string;
  user: string;
  key: string;
  expect: 'tier-zero' | 'not-tier-zero';
  technique?: string;
  conditional?: boolean;
  note: string;
}
const cases = JSON.parse(readFileSync(path.join(DIR, 'cases.expected'), 'utf8')) as Case[];
const paths = cases.filter((c) => !c.id.startsWith('la-'));

const { inventories, warnings } = parseDocuments(documents);
const { graph } = analyse(inventories);
const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
const marks = new Map(graph.nodes.filter((n) => n.tierZero).map((n) => [n.id, n.tierZero!]));

/** Whether each tier-zero node the blast reaches got there by the technique, and how conditionally. */
function byTechnique(blast: BlastResult, technique: string): boolean[] {
  return blast.crownJewels.flatMap((j) => {
    const mark = marks.get(j.id);
    const via = j.path.some((s) => s.technique === technique) || mark?.technique === technique;
    return via ? [j.conditional || (mark?.technique === technique && mark.conditional)] : [];
  });
}

describe('pathfinding.cloud estate: blast <key> is tier zero exactly where a catalogued path exists', () => {
  it('parses without warnings and accounts for all 86 paths', () => {
    expect(warnings).toEqual([]);
    expect(new Set(paths.map((c) => c.id)).size).toBe(86);
    const tally = (e: Case['expect'], conditional?: boolean) => paths.filter((c) => c.expect === e && (conditional === undefined || c.conditional === conditional)).length;
    // A change that drops or gains coverage must update these numbers on purpose.
    expect({
      unconditional: tally('tier-zero', false),
      conditional: tally('tier-zero', true),
      lookAlikes: cases.filter((c) => c.expect === 'not-tier-zero').length,
    }).toEqual({ unconditional: 78, conditional: 8, lookAlikes: 31 });
    // Every path is modelled and checked: none may be parked as skipped or as a known bug.
    expect(paths.every((c) => c.expect === 'tier-zero')).toBe(true);
  });

  for (const c of cases) {
    const title = `${c.id}: ${c.expect} (${c.note})`;
    it(title, async () => {
      const blast = await engine.blast(c.key);
      if (c.expect === 'not-tier-zero') {
        expect(blast.tierZero).toBe(false);
        return;
      }
      expect(blast.tierZero).toBe(true);
      const found = byTechnique(blast, c.technique!);
      expect(found.length, `a tier-zero node reached by ${c.technique}`).toBeGreaterThan(0);
      // Unconditional when any way in by the technique is; conditional only when every one is.
      expect(found.every(Boolean)).toBe(c.conditional);
    });
  }
});
