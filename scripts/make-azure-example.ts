/**
 * Writes examples/azure/: the Entra ID / Azure estate the Azure tests use, as AzureHound JSON plus
 * a secret-link file, so a newcomer can try the Azure side without a tenant:
 *   npx leakpath ingest examples/azure && npx leakpath report
 * Regenerate with: node --import tsx scripts/make-azure-example.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APPS, KEYS, estate, links } from '../test/azure/fixtures/estate.js';

const OUT = path.resolve(import.meta.dirname, '../examples/azure');
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'azurehound.json'), `${JSON.stringify(estate(), null, 2)}\n`);
writeFileSync(path.join(OUT, 'secret-links.json'), `${JSON.stringify(links(), null, 2)}\n`);
console.log(`wrote ${OUT}; try: leakpath blast ${APPS.ci.app}:${KEYS.ciActive}`);
