import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OFFLINE_SOURCES } from '../../collectors/index.js';
import type { ParseContext } from '../../collectors/types.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../model/inventory/index.js';
import { isNdjson, readNdjson } from './ndjson.js';
import { newSalt } from '../model/secret-hash.js';

export interface IngestResult {
  inventories: Inventory[];
  sources: { file: string; format: string }[];
  warnings: string[];
}

export async function expand(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      throw new InputError(input, '', 'expected an existing file or directory');
    }
    if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      const jsons = entries
        .filter((e) => e.isFile() && (e.name.endsWith('.json') || isNdjson(e.name)))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      if (jsons.length === 0) throw new InputError(input, '', 'expected a directory containing .json, .jsonl or .ndjson exports');
      files.push(...jsons);
    } else {
      files.push(input);
    }
  }
  return files;
}

/**
 * JSON.parse messages quote the text around the error, and scanner reports hold secrets: only
 * the position is kept.
 */
function safeMessage(e: unknown): string {
  const m = /position (\d+)/.exec((e as Error).message);
  return m ? `invalid JSON at position ${m[1]}` : 'invalid JSON';
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

const KNOWN_FORMATS = () => OFFLINE_SOURCES.flatMap((s) => s.formats.map((f) => f.name)).join('; ');

/**
 * Recognises each document's format by its shape and merges what they say per provider.
 * Pure: the caller has read the files.
 */
export function parseDocuments(documents: readonly { file: string; json: unknown }[], context: ParseContext = { salt: newSalt() }): IngestResult {
  const partsBySource = new Map<(typeof OFFLINE_SOURCES)[number], { file: string; part: unknown }[]>();
  const sources: IngestResult['sources'] = [];

  for (const { file, json } of documents) {
    const match = OFFLINE_SOURCES.flatMap((source) => {
      const format = source.formats.find((f) => f.detect(json));
      return format ? [{ source, format }] : [];
    })[0];
    if (!match) throw new InputError(file, '', `expected a known export format (${KNOWN_FORMATS()})`);
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
  return { inventories, sources, warnings };
}

/** Reads offline exports (files, or directories of .json files) and parses them. Writes nothing. */
export async function readInputs(inputs: readonly string[], context?: ParseContext): Promise<IngestResult> {
  return parseDocuments(await readDocuments(inputs), context);
}

/**
 * Reads offline exports as JSON documents, not yet recognised or parsed. NDJSON (Cloud Asset
 * exports, .jsonl/.ndjson) is streamed line by line into an array of records.
 */
export async function readDocuments(inputs: readonly string[]): Promise<{ file: string; json: unknown }[]> {
  const documents = [];
  for (const file of await expand(inputs)) documents.push({ file, json: isNdjson(file) ? await readNdjson(file) : parseJson(await readFile(file, 'utf8'), file) });
  return documents;
}
