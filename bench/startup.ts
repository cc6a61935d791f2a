/**
 * Start-up of the built CLI as a user runs it (`node bin/leakpath.js …`, whole process): what a
 * query command costs before it does any work. Each command runs several times; the median and
 * the fastest are printed, since a shared machine adds noise to single runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/leakpath.js');
const RUNS = 7;

function run(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`leakpath ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

function measure(args: string[]): { median: number; min: number } {
  const times = Array.from({ length: RUNS }, () => run(args)).sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)]!, min: times[0]! };
}

export function benchStartup(): void {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
    console.log('start-up: skipped, run `npm run build` first (the bench runs the built CLI)');
    return;
  }
  const store = mkdtempSync(path.join(tmpdir(), 'leakpath-bench-startup-'));
  try {
    run(['--store', store, '--quiet', 'ingest', path.join(ROOT, 'examples/demo-estate')]);
    const key = 'AKIABTXV5AHDZRR7VQ35';
    const node = measure(['--version']);
    const bare = (() => {
      const times = Array.from({ length: RUNS }, () => {
        const t = performance.now();
        spawnSync(process.execPath, ['-e', '0']);
        return performance.now() - t;
      }).sort((a, b) => a - b);
      return { median: times[Math.floor(RUNS / 2)]!, min: times[0]! };
    })();
    const blast = measure(['--store', store, 'blast', key]);
    const f = (x: { median: number; min: number }) => `${(x.median / 1000).toFixed(2)} s (fastest ${(x.min / 1000).toFixed(2)} s)`;
    console.log(`start-up (whole process, median of ${RUNS}) | node -e 0 ${f(bare)} | leakpath --version ${f(node)} | leakpath blast (demo estate) ${f(blast)}`);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}
