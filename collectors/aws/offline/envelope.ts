import { parseOrThrow } from '../../../src/ingest/validate.js';
import { envelopeSchema, type Envelope } from './schema.js';

/**
 * The public offline format: any AWS CLI output wrapped with the request that produced it and the
 * account/region it came from — needed for outputs that do not name their own subject.
 */
export function looksLikeEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { leakpath?: unknown }).leakpath === 'aws-cli/1';
}

export function parseEnvelope(json: unknown, file: string): Envelope {
  return parseOrThrow(envelopeSchema, json, file, 'a leakpath aws-cli/1 envelope');
}
