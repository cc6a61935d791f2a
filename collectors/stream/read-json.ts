import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../src/errors.js';
import { JsonStreamError, splitJson } from './split-json.js';

/** Above this size a file is parsed as a stream: never one string of the whole file. */
export const STREAM_THRESHOLD_BYTES = 64 * 2 ** 20;

/**
 * A JSON export as a value, like `JSON.parse(readFileSync(file))`, but files above the threshold
 * are tokenised from the disk in chunks and assembled value by value: no string of the whole file
 * (V8 refuses strings past ~512 MB: "Invalid string length"), and the file's bytes are never held
 * next to the parsed value. Errors name the file and where, never the text (it could be a secret).
 */
export async function readJsonFile(file: string, threshold = STREAM_THRESHOLD_BYTES): Promise<unknown> {
  const size = (await stat(file)).size;
  if (size <= threshold) {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message)?.[1];
      throw new InputError(file, '', `expected JSON: ${at !== undefined ? `invalid at character ${at} of ${text.length}` : 'invalid or truncated'}`);
    }
  }
  return streamJson(file);
}

export interface StreamOptions {
  /**
   * Several top-level objects (JSON lines without the .jsonl name: TruffleHog `--json`) become an
   * array of them, as the whole-text reader does for such files.
   */
  lines?: boolean;
  /** The file is gzip-compressed (`.json.gz`, as CloudTrail delivers its logs to S3). */
  gzip?: boolean;
}

/**
 * A gzip-compressed JSON file (`.json.gz`, as CloudTrail delivers its logs to S3), decompressed
 * and tokenised as a stream whatever its size.
 */
export async function readJsonGzFile(file: string): Promise<unknown> {
  return streamJson(file, { gzip: true });
}

/**
 * Reads `file` from the disk in chunks and assembles its value: never one string of the whole file.
 * Records are cut out and parsed natively (./split-json.ts); a token-by-token parser took 570 s on
 * a 1M-record AzureHound file.
 */
export async function streamJson(file: string, options: StreamOptions = {}): Promise<unknown> {
  let values: unknown[];
  try {
    const bytes = createReadStream(file, { highWaterMark: 2 ** 20 });
    // pipeline() passes a decompression error on to the reader (pipe() would leave it hanging).
    const source = options.gzip ? pipeline(bytes, createGunzip(), () => {}) : bytes;
    values = await splitJson(source, { lines: options.lines === true, maxDepth: 512 });
  } catch (e) {
    if ((e as { code?: string }).code === 'Z_DATA_ERROR' || (e as { code?: string }).code === 'Z_BUF_ERROR') throw new InputError(file, '', 'expected gzip-compressed JSON: not gzip data, or truncated');
    const what = e instanceof JsonStreamError && e.kind === 'depth' ? 'nesting deeper than 512 levels or a value too long' : e instanceof RangeError ? 'nesting deeper than 512 levels or a value too long' : 'invalid or truncated';
    throw new InputError(file, '', `expected JSON: ${what}`);
  }
  if (values.length === 0) throw new InputError(file, '', 'expected JSON: the file is empty');
  if (values.length === 1) return values[0];
  if (!options.lines || !values.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    throw new InputError(file, '', 'expected one JSON document');
  }
  return values;
}
