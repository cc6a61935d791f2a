import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/index.js';
import { readInputs } from '../src/ingest/read-inputs.js';
import { EDGE_KINDS, TECHNIQUES, edgeKindSpec, techniqueSpec } from '../src/model/catalogue/index.js';
import { renderEdgeDocs } from '../src/model/catalogue/render-docs.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('edge and technique catalogue', () => {
  it('docs/edges.md is generated from the catalogue and up to date (run `npm run docs`)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/edges.md'), 'utf8')).toBe(renderEdgeDocs());
  });

  it('ids are unique and every technique names a known edge kind (or marks tier zero, or is a prerequisite)', () => {
    expect(new Set(EDGE_KINDS.map((e) => e.kind)).size).toBe(EDGE_KINDS.length);
    expect(new Set(TECHNIQUES.map((t) => t.id)).size).toBe(TECHNIQUES.length);
    for (const t of TECHNIQUES) {
      expect(t.edgeKind === 'tier-zero' || t.edgeKind === 'prerequisite' || edgeKindSpec(t.edgeKind) !== undefined, t.id).toBe(true);
      expect(t.docs.references.length, t.id).toBeGreaterThan(0);
    }
  });

  it('every edge and tier-zero mark in the demo graph is in the catalogue, with evidence', async () => {
    const { inventories } = await readInputs([path.join(ROOT, 'examples/demo-estate')]);
    const { graph } = analyse(inventories);
    for (const e of graph.edges) {
      expect(edgeKindSpec(e.kind), e.kind).toBeDefined();
      expect(techniqueSpec(e.technique), e.technique).toBeDefined();
      expect(e.evidence.refs.length, e.id).toBeGreaterThan(0);
    }
    for (const n of graph.nodes.filter((x) => x.tierZero)) expect(techniqueSpec(n.tierZero!.technique)).toBeDefined();
  });
});
