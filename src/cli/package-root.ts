import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root, whether run from sources (tsx) or from dist/. */
export function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const marker = `${path.sep}dist${path.sep}`;
  return here.includes(marker) ? here.slice(0, here.lastIndexOf(marker)) : path.resolve(here, '../..');
}

/** The version users installed: package.json is the one place it is written. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
