/** Regenerates docs/edges.md from the catalogue: `npm run docs`. A test fails when it is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEdgeDocs } from '../src/model/catalogue/render-docs.js';
import { withMetricsDocs } from '../src/snapshot/render-docs.js';

writeFileSync(path.resolve(import.meta.dirname, '../docs/edges.md'), renderEdgeDocs());
console.log('docs/edges.md regenerated');

// The metric reference in docs/snapshots.md (between its markers) from src/snapshot/definitions.ts.
const snapshotsDoc = path.resolve(import.meta.dirname, '../docs/snapshots.md');
writeFileSync(snapshotsDoc, withMetricsDocs(readFileSync(snapshotsDoc, 'utf8')));
console.log('docs/snapshots.md metrics regenerated');
