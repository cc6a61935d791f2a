import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';

/** Files read as one JSON value per line (Cloud Asset Inventory exports to Cloud Storage). */
export const NDJSON_EXTENSIONS = ['.jsonl', '.ndjson'] as const;

export const isNdjson = (file: string) => NDJSON_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));

/** Line numbers of the records of an NDJSON document, so a parser can name `line N` in errors. */
const LINES = new WeakMap<readonly unknown[], number[]>();

/** How to name record `index` of a document: `line N` for NDJSON, `[i]` for a JSON array. */
export function recordName(records: readonly unknown[], index: number): string {
  const lines = LINES.get(records);
  return lines ? `line ${lines[index]}` : `[${index}]`;
}

/**
 * Reads a newline-delimited JSON file line by line (exports of large organisations are
 * gigabytes: the file is never held as one string). Blank lines are skipped; a line that is not
 * JSON — a truncated export — is an error naming the file and the line.
 */
export async function readNdjson(file: string): Promise<unknown[]> {
  const records: unknown[] = [];
  const lines: number[] = [];
  const input = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of input) {
    n++;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      input.close();
      throw new InputError(file, `line ${n}`, `expected one JSON value per line (is the file truncated?): ${(e as Error).message}`);
    }
    lines.push(n);
  }
  LINES.set(records, lines);
  return records;
}
