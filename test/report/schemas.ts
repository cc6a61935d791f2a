import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(import.meta.dirname, '../fixtures/schemas');

/** Formats the vendored schemas use, checked loosely (Ajv has no built-in formats and ajv-formats is not installed). */
function withFormats(ajv: Ajv): Ajv {
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  return ajv;
}

/** The SARIF 2.1.0 schema (draft-04: only its top-level `id` needs renaming for Ajv). */
export function sarifValidator() {
  const { id, $schema: _draft04, ...rest } = JSON.parse(readFileSync(path.join(DIR, 'sarif-schema-2.1.0.json'), 'utf8'));
  return withFormats(new Ajv({ allErrors: true, strict: false })).compile({ $id: id, ...rest });
}

/** BloodHound OpenGraph: chow's top-level schema over the docs' node, edge and metadata schemas. */
export function openGraphValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const base = 'https://leakpath.invalid/schemas/';
  for (const name of ['opengraph-node.json', 'opengraph-edge.json', 'opengraph-metadata.json']) {
    ajv.addSchema({ ...JSON.parse(readFileSync(path.join(DIR, name), 'utf8')), $id: `${base}${name}` });
  }
  return ajv.compile({ ...JSON.parse(readFileSync(path.join(DIR, 'opengraph.json'), 'utf8')), $id: `${base}opengraph.json` });
}
