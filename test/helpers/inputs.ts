import { parseDocuments } from '../../src/ingest/read-inputs.js';

/** The ingest parser on in-memory documents: `{ 'name.json': json }`. */
export function readInputsFromJson(files: Record<string, unknown>) {
  return parseDocuments(Object.entries(files).map(([file, json]) => ({ file, json })));
}
