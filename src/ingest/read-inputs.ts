import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OFFLINE_SOURCES } from '../../collectors/index.js';
import type { ParseContext } from '../../collectors/types.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../model/inventory/index.js';
import { newSalt } from '../model/secret-hash.js';
import { safeJsonMessage as safeMessage } from './json-error.js';
import { isNdjson, readNdjson } from './ndjson.js';
import { readJsonGzFile } from '../../collectors/stream/read-json.js';

export interface IngestResult {
  inventories: Inventory[];
  sources: { file: string; format: string }[];
  warnings: string[];
  /** Files left out because no source recognised them (a directory ingest that is not --strict). */
  skipped: { file: string; reason: string }[];
}

export interface ReadOptions {
  /** Refuse a file of unknown format instead of skipping it with a warning. */
  strict?: boolean;
}

/** Where the formats are listed, for errors that must stay short. */
export const FORMATS_DOC = 'docs/aws-offline-format.md, docs/azure.md, docs/unused.md';

/** Files whose name says they are not JSON exports; content of any other file decides. */
const NOT_JSON = /\.(md|txt|csv|tsv|ya?ml|xml|html?|log|gz|zip|tar|png|jpe?g|gif|pdf)$/i;

/** Gzip-compressed JSON (CloudTrail log files as delivered to S3). */
const isJsonGz = (file: string) => /\.json\.gz$/i.test(file);

interface Found {
  file: string;
  /** Named on the command line: its content must be JSON. In a directory, non-JSON is skipped. */
  named: boolean;
}

export async function expand(inputs: readonly string[]): Promise<Found[]> {
  const files: Found[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      throw new InputError(input, '', 'expected an existing file or directory');
    }
    if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && (isJsonGz(e.name) || !NOT_JSON.test(e.name)))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      if (found.length === 0) throw new InputError(input, '', 'expected a directory containing JSON exports');
      files.push(...found.map((file) => ({ file, named: false })));
    } else {
      files.push({ file: input, named: true });
    }
  }
  return files;
}


/** A JSON document, or JSON lines (TruffleHog `--json`), which become an array of the lines. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const lines = text.split(/\r?\n/);
    if (lines.filter((l) => l.trim()).length < 2 || !lines.find((l) => l.trim())!.trim().startsWith('{')) {
      throw new InputError(file, '', `expected JSON: ${safeMessage(e)}`);
    }
    const values: unknown[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        values.push(JSON.parse(line));
      } catch (err) {
        throw new InputError(file, `line ${i + 1}`, `expected JSON (one JSON value per line): ${safeMessage(err)}`);
      }
    });
    return values;
  }
}

/** A file that is JSON by name, or by content when its name does not say. */
const looksLikeJson = (file: string, text: string) => /\.json$/i.test(file) || /^\s*[[{]/.test(text);

/** One input file: its JSON, or why it is left out (a directory's file that is not JSON). */
export interface InputDocument {
  file: string;
  json: unknown;
  /** Found in a directory, not --strict: of no known format, it is skipped rather than refused. */
  skippable?: boolean;
  /** Left out before parsing, with this reason. */
  skip?: string;
}

/**
 * Recognises each document's format by its shape and merges what they say per provider.
 * Pure: the caller has read the files. A document no source recognises is refused, unless it is
 * `skippable` (found in a directory, not --strict): then it is listed in `skipped`.
 */
export function parseDocuments(documents: readonly InputDocument[], context: ParseContext = { salt: newSalt() }): IngestResult {
  const partsBySource = new Map<(typeof OFFLINE_SOURCES)[number], { file: string; part: unknown }[]>();
  const sources: IngestResult['sources'] = [];
  const skipped: IngestResult['skipped'] = [];

  for (const { file, json, skippable, skip } of documents) {
    if (skip) {
      skipped.push({ file, reason: skip });
      continue;
    }
    const match = OFFLINE_SOURCES.flatMap((source) => {
      const format = source.formats.find((f) => f.detect(json));
      return format ? [{ source, format }] : [];
    })[0];
    if (!match) {
      if (!skippable) throw new InputError(file, '', `expected a known export format (listed in ${FORMATS_DOC}); \`leakpath ingest\` skips such files in a directory unless --strict`);
      skipped.push({ file, reason: 'not a known export format' });
      continue;
    }
    const list = partsBySource.get(match.source) ?? [];
    list.push({ file, part: match.format.parse(json, file, context) });
    partsBySource.set(match.source, list);
    sources.push({ file, format: `${match.source.provider}: ${match.format.name}` });
  }

  const inventories: Inventory[] = [];
  const warnings: string[] = [];
  for (const [source, parts] of partsBySource) {
    const merged = source.merge(parts);
    inventories.push(merged.inventory);
    warnings.push(...merged.warnings);
  }
  // Usage speaks about the other inventories; it comes after them, whichever file came first.
  inventories.sort((a, b) => Number(a.provider === 'usage') - Number(b.provider === 'usage'));
  return { inventories, sources, warnings, skipped };
}

/**
 * Reads offline exports (files, or directories of them) and parses them. Writes nothing. A file
 * named on the command line must be a known export; in a directory, files that are not JSON or of
 * no known format are skipped (`skipped`) unless `strict`.
 */
export async function readInputs(inputs: readonly string[], options: ReadOptions = {}, context?: ParseContext): Promise<IngestResult> {
  const documents = await readDocuments(inputs, options);
  const read = documents.filter((d) => !d.skip);
  if (read.length === 0) throw new InputError(inputs.join(', '), '', `expected JSON exports (formats listed in ${FORMATS_DOC})`);
  const result = parseDocuments(documents, context);
  if (result.sources.length === 0) {
    throw new InputError(inputs.join(', '), '', `expected at least one file of a known export format (listed in ${FORMATS_DOC}); none of ${read.length} is`);
  }
  return result;
}

/**
 * Reads offline exports as JSON documents, not yet recognised or parsed. NDJSON (`.jsonl`,
 * `.ndjson`: Cloud Asset exports) is streamed line by line into an array of records.
 */
export async function readDocuments(inputs: readonly string[], options: ReadOptions = {}): Promise<InputDocument[]> {
  const documents: InputDocument[] = [];
  for (const { file, named } of await expand(inputs)) {
    // Files named one by one are meant: an unknown one is an error, as with --strict.
    const skippable = !named && !options.strict;
    if (isJsonGz(file)) {
      documents.push({ file, json: await readJsonGzFile(file), skippable });
      continue;
    }
    if (isNdjson(file)) {
      documents.push({ file, json: await readNdjson(file), skippable });
      continue;
    }
    const text = await readFile(file, 'utf8');
    if (skippable && !looksLikeJson(file, text)) documents.push({ file, json: undefined, skip: 'not JSON' });
    else documents.push({ file, json: parseJson(text, file), skippable });
  }
  return documents;
}
