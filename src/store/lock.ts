import { randomBytes } from 'node:crypto';
import { link, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/**
 * One writer at a time per store: a lock file holding the writer's pid and a nonce, put in place
 * whole (written to a private file, then hard-linked to the lock name: the link fails if a lock
 * exists, and nobody ever reads a half-written lock).
 *
 * A lock whose pid is dead is taken over by whoever first links it to `<lock>.stale-<nonce>`:
 * that name exists once per stale lock, so of several processes that found the same dead lock
 * exactly one wins; the others start over and find the winner's live lock. The winner checks that
 * the linked file is still the dead lock (a slow process could otherwise claim a newer lock that
 * reused nothing but the path) before it removes the lock path.
 */
export async function acquireLock(file: string, describe: string): Promise<() => Promise<void>> {
  const nonce = randomBytes(8).toString('hex');
  const content = `${process.pid}\n${nonce}\n`;
  const mine = `${file}.${nonce}.tmp`;
  await writeFile(mine, content, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(mine, file);
        return async () => {
          // Only our own lock: a lock we no longer hold (taken over as stale) is left alone.
          if ((await readFile(file, 'utf8').catch(() => '')) === content) await rm(file, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = await readFile(file, 'utf8').catch(() => undefined);
      if (held === undefined) continue; // released meanwhile: try again
      const [pidText = '', heldNonce = ''] = held.split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new UsageError(`${describe} is being written by process ${pid}; wait for it to finish (or remove ${file} if it is gone)`);
      }
      await takeOver(file, held, heldNonce);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
    throw new UsageError(`could not lock ${describe}: ${file} keeps changing hands`);
  } finally {
    await rm(mine, { force: true });
  }
}

async function takeOver(file: string, held: string, heldNonce: string): Promise<void> {
  // Locks written before nonces (a bare pid) are named by their inode instead.
  const id = /^[0-9a-f]{16}$/.test(heldNonce) ? heldNonce : `ino-${(await stat(file).catch(() => undefined))?.ino ?? 'gone'}`;
  const claim = `${file}.stale-${id}`;
  try {
    await link(file, claim);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return; // someone else claimed it, or it is gone
    throw e;
  }
  try {
    // The claim can vanish under us: when `file` was already a newer, live lock, its holder clears
    // `lock.stale-*` leftovers. Then there is nothing of ours to remove.
    if ((await readFile(claim, 'utf8').catch(() => undefined)) === held) await unlink(file).catch(() => {});
  } finally {
    await rm(claim, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, owned by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
