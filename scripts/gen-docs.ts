/** Regenerates docs/edges.md from the catalogue: `npm run docs`. A test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEdgeDocs } from '../src/model/catalogue/render-docs.js';

writeFileSync(path.resolve(import.meta.dirname, '../docs/edges.md'), renderEdgeDocs());
console.log('docs/edges.md regenerated');
