import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const SETUP = path.resolve(import.meta.dirname, '../../scripts/test-servers/chromium/setup.sh');

/**
 * Debian's chromium, installed by the setup script when missing. Never skipped: when it cannot be
 * had, the test fails with the script's own message.
 */
export function chromiumPath(): string {
  const setup = spawnSync('bash', [SETUP], { encoding: 'utf8', timeout: 1_000_000 });
  if (setup.status !== 0) throw new Error(`chromium unavailable: ${setup.stderr || setup.stdout || `setup exited ${setup.status}`}`);
  for (const bin of [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser']) {
    if (!bin) continue;
    try {
      return execFileSync('bash', ['-c', `command -v "${bin}"`], { encoding: 'utf8' }).trim();
    } catch {
      // next candidate
    }
  }
  throw new Error('chromium unavailable: the setup script succeeded but no chromium is on PATH (set CHROMIUM_PATH)');
}

export async function launchChromium(): Promise<Browser> {
  // Root in CI containers cannot use the setuid sandbox.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [], timeout: 60_000 });
}
