import { InputError } from '../../src/errors.js';
import { parseDocuments } from '../../src/ingest/read-inputs.js';

/** The ingest parser on in-memory documents: `{ 'name.json': json }`. */
export function readInputsFromJson(files: Record<string, unknown>) {
  return parseDocuments(Object.entries(files).map(([file, json]) => ({ file, json })));
}

/** The InputError that parsing these documents must raise. */
export function inputError(files: Record<string, unknown>): InputError {
  try {
    readInputsFromJson(files);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
