import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../src/errors.js';
import type { SavedFile } from './collect.js';

/** `--save-raw DIR` must be new or empty: `ingest DIR` reads every .json below it. */
export async function prepareRawDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw new UsageError(`--save-raw ${dir}: ${e.message}`);
  });
  if (entries.length > 0) throw new UsageError(`--save-raw ${dir}: the directory is not empty; give a new or empty directory`);
  await mkdir(dir, { recursive: true });
}

/** The name each saved file gets, numbered in collection order: `0007-service-accounts.json`. */
export const savedName = (f: SavedFile, i: number) => `${String(i + 1).padStart(4, '0')}-${f.name}.json`;

/** One file per response listing under `DIR/<source>/`, exactly as the live run parsed them. */
export async function saveRawFiles(dir: string, source: string, files: readonly SavedFile[]): Promise<void> {
  const into = path.join(dir, source);
  await mkdir(into, { recursive: true });
  for (const [i, f] of files.entries()) await writeFile(path.join(into, savedName(f, i)), `${JSON.stringify(f.json, null, 1)}\n`, { flag: 'wx' });
}
