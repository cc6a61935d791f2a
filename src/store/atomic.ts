import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new, never half of it: write a
 * temporary file in the same directory, flush it to disk, then rename over the target. `data` is
 * the whole text, or a function that writes the content piece by piece to the temporary file (a
 * snapshot too large for one string).
 */
export async function writeFileAtomic(file: string, data: string | ((handle: FileHandle) => Promise<void>)): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
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
