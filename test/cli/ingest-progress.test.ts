import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPhasedBar, wantsBar } from '../../src/cli/progress.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { Capture } from '../helpers/capture.js';

const DEMO = path.resolve(import.meta.dirname, '../../examples/demo-estate');


describe('ingest progress', () => {
  it('forced on a stream that is no terminal: a bar per phase with counts (files read, sources merged, analysis steps, the write) on stderr, stdout untouched', () => {
    const r = leakpath(['--store', tempDir(), 'ingest', DEMO], { env: { LEAKPATH_PROGRESS: 'bar' } });
    expect(r.code, r.stderr).toBe(0);
    for (const phase of [/ingest \[.+\] \d+\/7 files read/, /ingest \[.+\] \d+\/\d+ sources merged/, /ingest \[.+\] \d+\/3 analysis steps/, /ingest \[.+\] 1\/1 snapshot written/]) {
      expect(r.stderr).toMatch(phase);
    }
    // The bar replaces the plain lines; the answer stays on stdout alone.
    expect(r.stderr).not.toContain('reading 1 input');
    expect(r.stdout).toMatch(/^snapshot \S+ written to/);
    expect(r.stdout).not.toContain('files read');
  });

  it('silent with --quiet and with --format json, even forced (negative)', () => {
    const quiet = leakpath(['--quiet', '--store', tempDir(), 'ingest', DEMO], { env: { LEAKPATH_PROGRESS: 'bar' } });
    expect([quiet.code, quiet.stderr]).toEqual([0, '']);
    const json = leakpath(['--store', tempDir(), 'ingest', '--format', 'json', DEMO], { env: { LEAKPATH_PROGRESS: 'bar' } });
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout)).toMatchObject({ credentials: 5 });
  });

  it('not a terminal and not forced: the plain lines, no bar (negative)', () => {
    const r = leakpath(['--store', tempDir(), 'ingest', DEMO], { env: { LEAKPATH_PROGRESS: '' } });
    expect(r.stderr).toContain('reading 1 input…');
    expect(r.stderr).not.toMatch(/\[.+\] \d+\/\d+/);
  });

  it('a bar on a terminal unless LEAKPATH_PROGRESS=lines; forced with LEAKPATH_PROGRESS=bar', () => {
    expect(wantsBar({ isTTY: true }, {})).toBe(true);
    expect(wantsBar({ isTTY: true }, { LEAKPATH_PROGRESS: 'lines' })).toBe(false);
    expect(wantsBar({ isTTY: false }, {})).toBe(false);
    expect(wantsBar({ isTTY: false }, { LEAKPATH_PROGRESS: 'bar' })).toBe(true);
    const tty = new Capture(true);
    const bar = startPhasedBar('ingest', { stream: tty as unknown as NodeJS.WriteStream, env: {} })!;
    bar.phase('files read', 4);
    bar.update(4);
    bar.stop();
    expect(tty.text).toMatch(/ingest \[.+\] 4\/4 files read/);
    expect(startPhasedBar('ingest', { quiet: true, stream: tty as unknown as NodeJS.WriteStream, env: {} })).toBeUndefined();
  });
});
