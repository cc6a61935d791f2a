import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './estates.js';

/**
 * The Chromium the browser tests drive: Debian's package, installed by the project's setup script
 * when missing. Never skipped: if it cannot be had, the test fails with the script's message.
 */
export function chromiumPath(): string {
  const setup = spawnSync('bash', [path.join(ROOT, 'scripts/test-servers/chromium/setup.sh')], { encoding: 'utf8', timeout: 20 * 60_000 });
  if (setup.status !== 0) throw new Error(`chromium is needed for the browser tests and could not be set up:\n${setup.stderr || setup.stdout}`);
  for (const candidate of [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser']) {
    if (!candidate) continue;
    const found = spawnSync('sh', ['-c', `command -v "${candidate}"`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  throw new Error('chromium setup reported success but no chromium binary is on PATH (set CHROMIUM_PATH)');
}

/** Where browser tests leave screenshots (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
