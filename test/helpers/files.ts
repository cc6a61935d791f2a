import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under a directory, as one text: what secret checks grep (the store must never hold a seeded value). */
export function treeText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}
