/**
 * Atomic writes of any file (store, `--output`): a writer killed with -9 leaves its temporary file;
 * the next write of the same file removes it, and keeps the temporary file of a writer still
 * running, and those of other files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/store/atomic.js';
import { tempDir } from '../helpers/cli.js';

const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp')).sort();

describe('writeFileAtomic: leftovers of killed writers', () => {
  it('removes the dead writers\' temporary files of the target only; a live writer\'s and other files\' are kept', async () => {
    const dir = tempDir('leakpath-atomic-');
    const dead = `.out.json.${deadPid()}.0123456789ab.tmp`;
    const live = `.out.json.${process.pid}.ba9876543210.tmp`;
    const other = `.other.json.${deadPid()}.0123456789ab.tmp`;
    const noPid = '.out.json.0123456789ab.tmp';
    for (const n of [dead, live, other, noPid]) writeFileSync(path.join(dir, n), 'partial');
    await writeFileAtomic(path.join(dir, 'out.json'), '{}\n');
    expect(readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{}\n');
    expect(temps(dir)).toEqual([live, other, noPid].sort());
  });

  it('kill -9 mid-write: the temporary file is left, the target untouched; the next write removes it', { timeout: 60_000 }, async () => {
    const dir = tempDir('leakpath-atomic-kill-');
    const target = path.join(dir, 'export.json');
    writeFileSync(target, 'previous\n');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'atomic-child.ts'), target], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(temps(dir)).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
    await writeFileAtomic(target, 'next\n');
    expect(temps(dir)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('next\n');
    expect(existsSync(target)).toBe(true);
  });
});
