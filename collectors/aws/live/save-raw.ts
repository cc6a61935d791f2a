import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../src/errors.js';
import type { CollectedFile } from './recorder.js';

/**
 * `--save-raw DIR` must start empty: `leakpath ingest DIR` reads every .json below it, and files of
 * an older run would be merged into this one.
 */
export async function prepareRawDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw new UsageError(`--save-raw ${dir}: ${e.message}`);
  });
  if (entries.length > 0)
    throw new UsageError(`--save-raw ${dir}: the directory is not empty; give a new or empty directory`);
  await mkdir(dir, { recursive: true });
}

/** Writes each envelope as `DIR/<account>/<region|global>/<command>[--<subject>].json`. */
export async function saveRaw(dir: string, files: readonly CollectedFile[]): Promise<void> {
  for (const f of files) {
    const file = path.join(dir, f.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(f.envelope, null, 2)}\n`, { flag: 'wx' });
  }
}
