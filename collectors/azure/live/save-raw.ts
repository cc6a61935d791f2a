import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../src/errors.js';
import type { RawFile } from '../offline/raw.js';
import type { UsageReport } from './collect.js';

/** `--save-raw DIR` must be new or empty: `ingest DIR` reads every .json below it. */
export async function prepareAzureRawDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw new UsageError(`--save-raw ${dir}: ${e.message}`);
  });
  if (entries.length > 0) throw new UsageError(`--save-raw ${dir}: the directory is not empty; give a new or empty directory`);
  await mkdir(dir, { recursive: true });
}

/** One file per listing, numbered in collection order: `DIR/azure/<tenant>/0007-applications.json`. */
export async function saveAzureRaw(dir: string, files: readonly RawFile[], usage: readonly UsageReport[] = []): Promise<void> {
  const tenantDir = path.join(dir, 'azure', files[0]?.tenantId || 'unknown');
  await mkdir(tenantDir, { recursive: true });
  let n = 0;
  for (const f of files) {
    const name = `${String(++n).padStart(4, '0')}-${f.kind}.json`;
    await writeFile(path.join(tenantDir, name), `${JSON.stringify(f, null, 2)}\n`, { flag: 'wx' });
  }
  // Usage reports stay Graph pages, the shape `ingest` reads from an export.
  for (const u of usage) await writeFile(path.join(tenantDir, `usage-${u.report}.json`), `${JSON.stringify(u.json, null, 2)}\n`, { flag: 'wx' });
}
