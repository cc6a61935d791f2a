import { open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { OFFLINE_SOURCES } from '../../collectors/index.js';
import { readJsonGzFile, STREAM_THRESHOLD_BYTES, streamJson } from '../../collectors/stream/read-json.js';
import type { ParseContext } from '../../collectors/types.js';
import { InputError } from '../errors.js';
import { appendAll } from '../model/append.js';
import type { Inventory } from '../model/inventory/index.js';
import { newSalt } from '../model/secret-hash.js';
import { safeJsonMessage as safeMessage } from './json-error.js';
import { isNdjson, readNdjson } from './ndjson.js';

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
  /** Files larger than this many bytes are parsed as a stream (default 64 MiB; tests lower it). */
  streamThreshold?: number;
  /** Progress display: a phase (`files read`, `sources merged`) of `total` steps, `done` of them done. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** Where the formats are listed, for errors that must stay short. */
export const FORMATS_DOC = 'docs/aws-offline-format.md, docs/azure.md, docs/gcp.md, docs/kubernetes.md, docs/github.md, docs/secrets.md, docs/unused.md';

/** Files whose name says they are not JSON exports; content of any other file decides. */
const NOT_JSON = /\.(md|txt|csv|tsv|ya?ml|xml|html?|log|gz|zip|tar|png|jpe?g|gif|pdf)$/i;

/** Gzip-compressed JSON (CloudTrail log files as delivered to S3). */
const isJsonGz = (file: string) => /\.json\.gz$/i.test(file);

interface Found {
  file: string;
  /** Named on the command line: its content must be JSON. In a directory, non-JSON is skipped. */
  named: boolean;
  /** Not read, and why (a symbolic link leaving the input directory, the same file twice). */
  skip?: string;
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
      const found = await walk(input);
      if (!found.some((f) => !f.skip)) throw new InputError(input, '', 'expected a directory containing JSON exports');
      appendAll(files, found);
    } else {
      files.push({ file: input, named: true });
    }
  }
  return files;
}

const inside = (root: string, target: string) => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The files of an input directory, in name order. Symbolic links are followed while they stay
 * inside the directory (an export tree assembled with links); one that leads out of it, or
 * nowhere, is listed as skipped with the reason, never silently dropped. A file or directory
 * reached twice (through a link) is read once.
 */
async function walk(root: string): Promise<Found[]> {
  const realRoot = await realpath(root);
  const seen = new Map<string, string>([[realRoot, root]]);
  const out: Found[] = [];
  const visit = async (dir: string, realDir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const file = path.join(dir, e.name);
      let real = path.join(realDir, e.name);
      let isDirectory = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          real = await realpath(file);
        } catch {
          out.push({ file, named: false, skip: 'symbolic link to nothing (broken link)' });
          continue;
        }
        if (!inside(realRoot, real)) {
          out.push({ file, named: false, skip: `symbolic link to ${real}, outside the input directory ${root}; not followed (name that path as an input to read it)` });
          continue;
        }
        const info = await stat(real);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
      }
      if (!isDirectory && !(isFile && (isJsonGz(e.name) || !NOT_JSON.test(e.name)))) continue;
      const first = seen.get(real);
      if (first !== undefined) {
        out.push({ file, named: false, skip: `the same ${isFile ? 'file' : 'directory'} as ${first}, read once` });
        continue;
      }
      seen.set(real, file);
      if (isDirectory) await visit(file, real);
      else out.push({ file, named: false });
    }
  };
  await visit(root, realRoot);
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
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
 * Recognises each document's format by its shape and merges what they say per provider, one
 * document at a time: a caller that adds documents as it reads them holds one document's JSON at
 * a time, next to the parsed parts (memory bounded by the inventory, not by the input).
 */
export class DocumentParser {
  private readonly partsBySource = new Map<(typeof OFFLINE_SOURCES)[number], { file: string; part: unknown }[]>();
  private readonly sources: IngestResult['sources'] = [];
  private readonly skipped: IngestResult['skipped'] = [];

  constructor(private readonly context: ParseContext = { salt: newSalt() }) {}

  /** A document no source recognises is refused, unless `skippable`: then it is listed in `skipped`. */
  add({ file, json, skippable, skip }: InputDocument): void {
    if (skip) {
      this.skipped.push({ file, reason: skip });
      return;
    }
    const match = OFFLINE_SOURCES.flatMap((source) => {
      const format = source.formats.find((f) => f.detect(json));
      return format ? [{ source, format }] : [];
    })[0];
    if (!match) {
      if (!skippable) throw new InputError(file, '', `expected a known export format (listed in ${FORMATS_DOC}); \`leakpath ingest\` skips such files in a directory unless --strict`);
      this.skipped.push({ file, reason: 'not a known export format' });
      return;
    }
    const list = this.partsBySource.get(match.source) ?? [];
    list.push({ file, part: match.format.parse(json, file, this.context) });
    this.partsBySource.set(match.source, list);
    this.sources.push({ file, format: `${match.source.provider}: ${match.format.name}` });
  }

  /**
   * Takes in what another parser has parsed, as if its documents had been added here (they are
   * not parsed again). Merging never changes a parsed part, so both parsers can still be finished.
   */
  addParsed(other: DocumentParser): void {
    for (const [source, parts] of other.partsBySource) {
      const list = this.partsBySource.get(source) ?? [];
      appendAll(list, parts);
      this.partsBySource.set(source, list);
    }
    appendAll(this.sources, other.sources);
    appendAll(this.skipped, other.skipped);
  }

  finish(onProgress?: ReadOptions['onProgress']): IngestResult {
    const inventories: Inventory[] = [];
    const warnings: string[] = [];
    for (const [source, parts] of this.partsBySource) {
      onProgress?.('sources merged', inventories.length, this.partsBySource.size);
      const merged = source.merge(parts);
      inventories.push(merged.inventory);
      appendAll(warnings, merged.warnings);
    }
    onProgress?.('sources merged', inventories.length, this.partsBySource.size);
    // Usage speaks about the other inventories; it comes after them, whichever file came first.
    inventories.sort((a, b) => Number(a.provider === 'usage') - Number(b.provider === 'usage'));
    return { inventories, sources: this.sources, warnings, skipped: this.skipped };
  }
}

/** Pure: the caller has read the files (see DocumentParser). */
export function parseDocuments(documents: readonly InputDocument[], context: ParseContext = { salt: newSalt() }): IngestResult {
  const parser = new DocumentParser(context);
  for (const document of documents) parser.add(document);
  return parser.finish();
}

/**
 * Reads offline exports (files, or directories of them) and parses them. Writes nothing. A file
 * named on the command line must be a known export; in a directory, files that are not JSON or of
 * no known format are skipped (`skipped`) unless `strict`.
 */
export async function readInputs(inputs: readonly string[], options: ReadOptions = {}, context?: ParseContext): Promise<IngestResult> {
  const parser = new DocumentParser(context);
  let read = 0;
  const found = await expand(inputs);
  // Each file is read and recognised before the next is opened, so one phase counts both.
  for (const [i, one] of found.entries()) {
    options.onProgress?.('files read', i, found.length);
    const document = await readDocument(one, options);
    if (!document.skip) read++;
    parser.add(document);
  }
  options.onProgress?.('files read', found.length, found.length);
  if (read === 0) throw new InputError(inputs.join(', '), '', `expected JSON exports (formats listed in ${FORMATS_DOC})`);
  const result = parser.finish(options.onProgress);
  if (result.sources.length === 0) {
    throw new InputError(inputs.join(', '), '', `expected at least one file of a known export format (listed in ${FORMATS_DOC}); none of ${read} is`);
  }
  return result;
}

/**
 * Reads offline exports as JSON documents, not yet recognised or parsed. NDJSON (`.jsonl`,
 * `.ndjson`: Cloud Asset exports) is streamed line by line into an array of records.
 */
export async function readDocuments(inputs: readonly string[], options: ReadOptions = {}): Promise<InputDocument[]> {
  const documents: InputDocument[] = [];
  for (const found of await expand(inputs)) documents.push(await readDocument(found, options));
  return documents;
}

/** The first bytes of a file, to tell JSON from other text without reading it all. */
async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * One file as JSON. Above the streaming threshold (AzureHound, Cloud Asset, GAAD exports of large
 * estates) it is tokenised from the disk: V8 cannot hold a string past ~512 MB ("Invalid string
 * length"), and the text would double the memory the parsed value needs.
 */
async function readDocument({ file, named, skip }: Found, options: ReadOptions): Promise<InputDocument> {
  if (skip) return { file, json: undefined, skip };
  // Files named one by one are meant: an unknown one is an error, as with --strict.
  const skippable = !named && !options.strict;
  if (isJsonGz(file)) return { file, json: await readJsonGzFile(file), skippable };
  if (isNdjson(file)) return { file, json: await readNdjson(file), skippable };
  const threshold = options.streamThreshold ?? STREAM_THRESHOLD_BYTES;
  if ((await stat(file)).size > threshold) {
    if (skippable && !looksLikeJson(file, await head(file))) return { file, json: undefined, skip: 'not JSON' };
    return { file, json: await streamJson(file, { lines: true }), skippable };
  }
  const text = await readFile(file, 'utf8');
  if (skippable && !looksLikeJson(file, text)) return { file, json: undefined, skip: 'not JSON' };
  return { file, json: parseJson(text, file), skippable };
}
