import { mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startProgress } from '../../src/cli/progress.js';
import { ingest } from '../../src/ingest/ingest.js';
import { tempDir } from '../helpers/cli.js';
import { ROOT } from './estates.js';
import { Capture } from '../helpers/capture.js';

const CONFIG = path.join(ROOT, 'examples/demo-config.yaml');
const DEMO = path.join(ROOT, 'examples/demo-estate');

/** Runs the CLI in this process (spawning is slow on a shared machine), capturing stdout and stderr. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  try {
    const code = await main(['node', 'leakpath', ...args]);
    return { code, stdout: out.join('\n'), stderr: err.join('') };
  } finally {
    log.mockRestore();
    write.mockRestore();
    process.exitCode = undefined;
  }
}

describe('leakpath check (CI gate)', () => {
  let store: string;
  let baseline: string;
  let current: string;
  beforeAll(async () => {
    store = tempDir();
    // Baseline: the demo estate before the chatops-bot key existed.
    const before = tempDir();
    for (const f of readdirSync(DEMO)) if (!f.includes('chatops-bot')) copyFileSync(path.join(DEMO, f), path.join(before, f));
    mkdirSync(before, { recursive: true });
    baseline = (await ingest([before], store)).summary.id;
    current = (await ingest([DEMO], store)).summary.id;
  });
  afterEach(() => vi.restoreAllMocks());

  it('fails (exit 1) with the reason on stderr when too many credentials reach tier zero', async () => {
    const r = await run(['--store', store, '--config', CONFIG, 'check', '--max-tier-zero-credentials', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`check of snapshot ${current}`);
    expect(r.stderr).toContain('leakpath check failed: 2 credential(s) reach tier zero, more than --max-tier-zero-credentials 1');
    expect(r.stderr).toContain('AKIABTXV5AHDZRR7VQ35');
  });

  it('passes (exit 0) when within the threshold (negative)', async () => {
    const r = await run(['--store', store, '--config', CONFIG, 'check', '--max-tier-zero-credentials', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--fail-on-new-paths names the paths the baseline did not have', async () => {
    const r = await run(['--store', store, '--config', CONFIG, 'check', '--fail-on-new-paths', baseline]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`1 credential → crown-jewel path(s) not in baseline ${baseline}`);
    expect(r.stderr).toContain('AKIABTXV5AHDTLCZEAWX → chatops-bot');
    const same = await run(['--store', store, '--config', CONFIG, '--snapshot', baseline, 'check', '--fail-on-new-paths', baseline]);
    expect(same.code).toBe(0);
  });

  it('needs a threshold, and an existing baseline (exit 2)', async () => {
    expect((await run(['--store', store, 'check'])).code).toBe(2);
    const r = await run(['--store', store, 'check', '--fail-on-new-paths', 'no-such-snapshot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no snapshot "no-such-snapshot"');
  });
});


describe('progress on stderr', () => {
  const drive = (stream: Capture, quiet = false, total = 200) => {
    const p = startProgress('blast radius', { quiet, stream: stream as unknown as NodeJS.WriteStream });
    for (let i = 1; i <= total; i++) p.update(i, total);
    p.stop();
    return stream.text;
  };

  it('not a terminal: one plain line per tenth of the way', () => {
    const lines = drive(new Capture(false)).trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('blast radius: 20/200');
    expect(lines[9]).toBe('blast radius: 200/200');
  });

  it('a terminal: a bar with counts', () => {
    expect(drive(new Capture(true))).toMatch(/blast radius \[.*\] \d+\/200/);
  });

  it('quiet, or short work: nothing', () => {
    expect(drive(new Capture(false), true)).toBe('');
    expect(drive(new Capture(true), true)).toBe('');
    expect(drive(new Capture(false), false, 10)).toBe('');
  });
});
