import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OFFLINE_SOURCES } from '../../collectors/index.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../model/inventory/index.js';

export interface IngestResult {
  inventories: Inventory[];
  sources: { file: string; format: string }[];
  warnings: string[];
}

async function expand(inputs: readonly string[]): Promise<string[]> {
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
        .filter((e) => e.isFile() && e.name.endsWith('.json'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      if (jsons.length === 0) throw new InputError(input, '', 'expected a directory containing .json exports');
      files.push(...jsons);
    } else {
      files.push(input);
    }
  }
  return files;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, '', `expected JSON: ${(e as Error).message}`);
  }
}

const KNOWN_FORMATS = () => OFFLINE_SOURCES.flatMap((s) => s.formats.map((f) => f.name)).join('; ');

/**
 * Reads offline exports (files or directories), recognising each file's format by its shape, and
 * merges what they say per provider. Pure with respect to the store: it writes nothing.
 */
export async function readInputs(inputs: readonly string[]): Promise<IngestResult> {
  const files = await expand(inputs);
  const partsBySource = new Map<(typeof OFFLINE_SOURCES)[number], { file: string; part: unknown }[]>();
  const sources: IngestResult['sources'] = [];

  for (const file of files) {
    const json = parseJson(await readFile(file, 'utf8'), file);
    let matched = false;
    for (const source of OFFLINE_SOURCES) {
      const format = source.formats.find((f) => f.detect(json));
      if (!format) continue;
      const part = format.parse(json, file);
      const list = partsBySource.get(source) ?? [];
      list.push({ file, part });
      partsBySource.set(source, list);
      sources.push({ file, format: `${source.provider}: ${format.name}` });
      matched = true;
      break;
    }
    if (!matched) throw new InputError(file, '', `expected a known export format (${KNOWN_FORMATS()})`);
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
