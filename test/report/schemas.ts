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
