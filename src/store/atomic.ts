import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Whether a process of that id runs (EPERM: it does, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Temporary files of `file` left by writers killed mid-write (kill -9 runs no cleanup; an export
 * of a large snapshot leaves one as large as the snapshot). Each names its writer's pid: one whose
 * writer still runs is another writer's, in progress, and is kept.
 */
async function removeDeadWritersTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const mine = new RegExp(`^\\.${escapeRegex(path.basename(file))}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(mine.exec(name)?.[1] ?? 0);
    if (pid > 0 && !processAlive(pid)) await rm(path.join(dir, name), { force: true });
  }
}

/**
 * Writes a file so that readers see either the old content or the new, never half of it: write a
 * temporary file in the same directory, flush it to disk, then rename over the target. `data` is
 * the whole text, or a function that writes the content piece by piece to the temporary file (a
 * snapshot too large for one string). Temporary files of the same target whose writer was killed
 * are removed first.
 */
export async function writeFileAtomic(file: string, data: string | ((handle: FileHandle) => Promise<void>)): Promise<void> {
  await removeDeadWritersTemps(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx');
  try {
    if (typeof data === 'string') await handle.writeFile(data, 'utf8');
    else await data(handle);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
