import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estate, links } from './azure/fixtures/estate.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

describe('bundled examples', () => {
  it('examples/azure is the Azure test tenant (regenerate: node --import tsx scripts/make-azure-example.ts)', () => {
    expect(read('examples/azure/azurehound.json')).toEqual(JSON.parse(JSON.stringify(estate())));
    expect(read('examples/azure/secret-links.json')).toEqual(JSON.parse(JSON.stringify(links())));
  });
});
